"""Checks of translations against their sources: each problem names the file, the line
and a likely fix."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from lessons_kb.i18n.interface import SUPPORTED
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import Problem, Severity
from lessons_kb.source.body import outline
from lessons_kb.translations.fields import HASH_PREFIX, TEXT_FIELDS, TRANSLATION_FIELD, source_hash
from lessons_kb.translations.load import Translation
from lessons_kb.vocab import did_you_mean

_BLOCK_KEYS = ("of", "source_hash", "reviewed_by")
Problem_ = Callable[..., None]


def mark_current_hint(translation: Translation) -> str:
    """How to record that a translation follows the source again."""
    return (
        f"bring it up to date with the source, then run `lessons-kb translate "
        f"{translation.file.source_rel} --lang {translation.language} --mark-current`"
    )


def translation_problems(
    kb: KnowledgeBase, translations: Iterable[Translation], languages: tuple[str, ...]
) -> list[Problem]:
    """Every problem of every translation: where it points, what it repeats, whether it
    follows the current version of its source."""
    problems: list[Problem] = []
    for translation in translations:
        problems += _problems(kb, translation, languages)
    return problems


def _problems(
    kb: KnowledgeBase, translation: Translation, languages: tuple[str, ...]
) -> list[Problem]:
    rel = translation.rel_path
    found: list[Problem] = []

    def problem(
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        stops_strict: bool = True,
    ) -> None:
        found.append(
            Problem(rel, message, line, None, field, expected, hint, severity, None, stops_strict)
        )

    language = translation.language
    if language not in languages:
        spoken = language in SUPPORTED
        problem(
            f"this is a translation into `{language}`, which the site does not publish",
            line=1,
            expected="one of the site's languages: " + ", ".join(languages),
            hint=f"add `{language}` to `languages` of the lessons-kb plugin in mkdocs.yml"
            if spoken
            else "Lessons KB speaks " + ", ".join(SUPPORTED) + ": rename the file "
            "`<id>.<language>.md` for one of them",
        )
    block = translation.data.get(TRANSLATION_FIELD)
    if not isinstance(block, dict):
        problem(
            "the file does not say what it translates",
            line=translation.line(TRANSLATION_FIELD) or 2,
            field=TRANSLATION_FIELD,
            expected=f'`translation: {{of: {translation.file.entry_id}, source_hash: "sha256:…", '
            'reviewed_by: ""}`',
            hint=f"run `lessons-kb translate <entry file> --lang {language}` to start from "
            "the source",
        )
        return found
    for key in block:
        if key not in _BLOCK_KEYS:
            problem(
                f"`{key}` is not a field of `translation`",
                line=translation.line(TRANSLATION_FIELD, key),
                field=f"{TRANSLATION_FIELD}.{key}",
                expected="of, source_hash, reviewed_by",
                hint=did_you_mean(str(key), _BLOCK_KEYS),
            )
    entry = kb.get(translation.of)
    if entry is None:
        near = did_you_mean(translation.of, sorted(kb.entries)) if translation.of else None
        problem(
            f"`of: {translation.of}` names no entry" if translation.of else "`of` is missing",
            line=translation.line(TRANSLATION_FIELD, "of") or translation.line(TRANSLATION_FIELD),
            field=f"{TRANSLATION_FIELD}.of",
            expected="the id of the entry this file translates",
            hint=near
            or f"the file sits beside `{translation.file.entry_id}`: write "
            f"`of: {translation.file.entry_id}`",
        )
        return found
    if translation.of != translation.file.entry_id:
        problem(
            f"`of: {translation.of}` is not the entry this file sits beside "
            f"(`{translation.file.entry_id}`)",
            line=translation.line(TRANSLATION_FIELD, "of"),
            field=f"{TRANSLATION_FIELD}.of",
            expected="a translation saved beside its source, as `<id>.<language>.md`",
            hint=f"move it beside {entry.rel_path}, or write `of: {translation.file.entry_id}`",
        )
        return found
    if language == entry.language:
        problem(
            f"`{translation.of}` is itself written in `{language}`",
            line=1,
            expected="a translation into another of the site's languages",
            hint="delete this file, or rename it for the language it is in",
        )
    allowed = (TRANSLATION_FIELD, *TEXT_FIELDS[entry.kind])
    for key in translation.data:
        if key in allowed:
            continue
        repeated = key in entry.data or key in ("date", "countries", "sdgs", "status")
        problem(
            f"`{key}` is the source's metadata, which a translation does not repeat"
            if repeated
            else f"`{key}` is not a field of a translation",
            line=translation.line(key),
            field=str(key),
            expected="only " + ", ".join(allowed) + ", and the translated body",
            hint=f"delete this field: {entry.rel_path} keeps it for every language"
            if repeated
            else did_you_mean(str(key), allowed),
        )
    if not translation.title:
        problem(
            "the translation has no title",
            line=translation.line("title") or 2,
            field="title",
            expected="the entry's title in this language",
        )
    _lists(entry, translation, problem)
    _headings(entry, translation, problem)
    _hash(entry, translation, problem)
    return found


def _lists(entry: Entry, translation: Translation, problem: Problem_) -> None:
    for name in TEXT_FIELDS[entry.kind][2:]:
        texts = translation.texts(name)
        source = (
            [r.get("text") for r in entry.recommendations]
            if name == "recommendations"
            else entry.strings(name)
        )
        if texts is None:
            if name in translation.data or source:
                problem(
                    f"the {len(source)} {name} of the source are not translated",
                    line=translation.line(name) or 2,
                    field=name,
                    expected=f"a list of {len(source)} texts, in the source's order",
                    hint=f"copy the {name} from {entry.rel_path} and translate their text",
                )
            continue
        if len(texts) != len(source):
            problem(
                f"{len(texts)} {name} translated, but the source has {len(source)}",
                line=translation.line(name),
                field=name,
                expected=f"one translated text for each of the source's {len(source)}, "
                "in its order",
                hint=f"compare with {entry.rel_path}",
            )
        value = translation.data.get(name)
        for index, item in enumerate(value if isinstance(value, list) else []):
            extra = [k for k in item if k != "text"] if isinstance(item, dict) else []
            for key in extra:
                problem(
                    f"`{key}` of {name[:-1]} {index + 1} is the source's metadata",
                    line=translation.line(name, index, key),
                    field=f"{name}[{index}].{key}",
                    expected="only `text`",
                    hint=f"delete it: {entry.rel_path} keeps it for every language",
                )


def _headings(entry: Entry, translation: Translation, problem: Problem_) -> None:
    source = [level for level, _, _ in entry.outline().headings]
    translated = [level for level, _, _ in outline(translation.body).headings]
    if source != translated:
        problem(
            f"the body's headings ({len(translated)}) are not the source's ({len(source)}, "
            "at the same levels)",
            line=translation.body_line,
            expected="the source's sections, in its order, each heading translated",
            hint=f"compare the `##` headings with {entry.rel_path}",
            severity=Severity.WARNING,
        )


def _hash(entry: Entry, translation: Translation, problem: Problem_) -> None:
    recorded = translation.source_hash
    line = translation.line(TRANSLATION_FIELD, "source_hash") or translation.line(TRANSLATION_FIELD)
    if not recorded.startswith(HASH_PREFIX) or len(recorded) != len(HASH_PREFIX) + 64:
        problem(
            "`source_hash` does not say which version of the source this translates",
            line=line,
            field=f"{TRANSLATION_FIELD}.source_hash",
            expected='"sha256:" and 64 hexadecimal digits',
            hint=mark_current_hint(translation),
        )
    elif recorded != source_hash(entry):
        problem(
            f"the translation is outdated: {entry.rel_path} has changed since it was translated",
            line=line,
            field=f"{TRANSLATION_FIELD}.source_hash",
            expected="a translation of the source as it is now",
            hint=mark_current_hint(translation),
            severity=Severity.WARNING,
            stops_strict=False,
        )
