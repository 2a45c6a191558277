"""The example in three languages: one edition per language (its `lang`, labels, SDG titles,
country names, feeds, sitemap and search index), translated entries and their status, the
root page that chooses a language, and the switcher that keeps the reader on the same entry,
online and from `file://`. Also translation files checked with file and line, and the
`translate` command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import REPO, Project, copy_example, need, new_project, serve
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.cli.main import main
from lessons_kb.translations.fields import source_hash

LANGUAGES = ("en", "es", "fr")
LESSON = "lessons/plan-dissemination-from-the-start/"
FINDING = "findings/lca-year-of-infrastructure/"
MISSION = "missions/lca-2024-changing-mindsets/"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def lessons_kb(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "lessons_kb.cli.main", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _page(site: Path, language: str, url: str) -> str:
    return (site / language / url / "index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, built as `make site` builds it (strict, three languages)."""
    root = copy_example(tmp_path_factory.mktemp("languages") / "kb")
    result = lessons_kb(root, "build", "--strict", "-d", "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in 3 languages (en, es, fr)" in result.stdout
    return root


@pytest.fixture(scope="module")
def site(example: Path) -> Path:
    return example / "site"


# --- every edition -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "label", "sdg", "country"),
    [
        ("en", "Lessons", "Partnerships for the goals", "Saint Lucia"),
        ("es", "Lecciones", "Alianzas para Lograr los Objetivos", "Santa Lucía"),
        ("fr", "Leçons", "Partenariats pour la réalisation des objectifs", "Sainte-Lucie"),
    ],
)
def test_each_language_is_a_site_of_its_own(
    site: Path, language: str, label: str, sdg: str, country: str
) -> None:
    page = _page(site, language, LESSON)
    assert f'<html lang="{language}"' in page
    assert re.search(rf">\s*{label}\s*<", page)  # the navigation
    assert sdg in page and country in page
    for code in LANGUAGES:
        href = f"https://un-desa.github.io/lessons-kb/{code}/{LESSON}"
        assert f'<link rel="alternate" hreflang="{code}" href="{href}">' in page
    assert 'hreflang="x-default" href="https://un-desa.github.io/lessons-kb/"' in page
    # Its own feeds, sitemap and search index, at its own address.
    feed = (site / language / "feeds" / "lessons.xml").read_text("utf-8")
    assert f"<language>{language}</language>" in feed
    assert f"https://un-desa.github.io/lessons-kb/{language}/{LESSON}" in feed
    sitemap = (site / language / "sitemap.xml").read_text("utf-8")
    assert f"https://un-desa.github.io/lessons-kb/{language}/{FINDING}" in sitemap
    index = json.loads((site / language / "pagefind" / "pagefind-entry.json").read_text())
    assert list(index["languages"]) == [language]


@pytest.mark.slow
def test_translated_entries_carry_their_translation_and_say_it_is_unreviewed(site: Path) -> None:
    spanish = _page(site, "es", LESSON)
    assert "Prever quién publica las constataciones y lecciones de una misión" in spanish
    assert "Publicar las constataciones y lecciones de Santa Lucía" in spanish  # recommendation
    assert "Esta es una traducción sin revisar" in spanish
    assert "lkb-notice--unreviewed" in spanish
    french = _page(site, "fr", MISSION)
    assert '<h2 id="objectifs">Objectifs' in french or 'id="objectifs"' in french
    assert "Débattre du projet de Stratégie de transformation numérique" in french  # objective
    assert "Cette traduction n’a pas été relue" in french or "relue" in french
    # The English edition has no notice: its entries are the originals.
    assert "lkb-notice--translation" not in _page(site, "en", LESSON)


@pytest.mark.slow
def test_an_untranslated_entry_shows_its_original_marked_with_its_language(site: Path) -> None:
    page = _page(site, "es", FINDING)
    assert "lkb-notice--missing" in page
    assert "Esta entrada aún no se ha traducido" in page
    assert re.search(r'<h1 lang="en"[^>]*>Saint Lucia', page)
    assert '<div class="lkb-body" lang="en">' in page
    # Listings stay complete: the untranslated findings listed in English, marked so.
    listing = (site / "fr" / "findings" / "index.html").read_text("utf-8")
    assert listing.count('lang="en">') >= 10


@pytest.mark.slow
def test_each_edition_publishes_its_translation_status(site: Path) -> None:
    status = json.loads((site / "es" / "translation-status.json").read_text("utf-8"))
    assert status["language"] == "es"
    assert status["counts"] == {"source": 0, "current": 8, "outdated": 0, "missing": 10}
    by_id = {e["id"]: e for e in status["entries"]}
    assert by_id["plan-dissemination-from-the-start"]["status"] == "current"
    assert by_id["plan-dissemination-from-the-start"]["reviewed"] is False
    assert by_id["lca-year-of-infrastructure"]["status"] == "missing"
    page = (site / "fr" / "translations" / "index.html").read_text("utf-8")
    assert "Les fiches et leurs traductions" in page and "non traduite" in page


@pytest.mark.slow
def test_the_root_page_offers_every_language_and_a_sitemap_index(site: Path) -> None:
    root = (site / "index.html").read_text("utf-8")
    for code, name in (("en", "English"), ("es", "Español"), ("fr", "Français")):
        assert f'<a href="{code}/" hreflang="{code}" lang="{code}"><strong>{name}</strong>' in root
    assert "navigator.languages" in root
    sitemaps = (site / "sitemap.xml").read_text("utf-8")
    assert sitemaps.count("<sitemap>") == 3
    assert (site / "404.html").is_file()


def test_the_editor_is_at_the_root_once_for_every_language(site: Path) -> None:
    assert (site / "admin" / "index.html").is_file()
    config = (site / "admin" / "config.yml").read_text("utf-8")
    assert "content/lessons" in config
    assert not [language for language in ("en", "es", "fr") if (site / language / "admin").exists()]


# --- the reader's way between languages ----------------------------------------------------


@pytest.mark.slow
@pytest.mark.browser
def test_the_switcher_keeps_the_entry_and_the_root_sends_to_the_preferred_language(
    browser, site: Path
) -> None:
    with serve(site) as base:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        try:
            page.goto(f"{base}/")
            page.wait_for_url(f"{base}/fr/")
            assert page.locator("html").get_attribute("lang") == "fr"
            page.goto(f"{base}/es/{LESSON}")
            page.locator(".lkb-languages").get_by_role("link", name="Français").click()
            page.wait_for_url(f"{base}/fr/{LESSON}")
            assert "Prévoir qui publie" in page.locator("h1").inner_text()
            page.locator(".lkb-languages").get_by_role("link", name="English").click()
            page.wait_for_url(f"{base}/en/{LESSON}")
        finally:
            context.close()


@pytest.fixture(scope="module")
def offline(example: Path) -> Path:
    """The offline edition in three languages, as `make offline` builds it."""
    result = lessons_kb(example, "offline")
    assert result.returncode == 0, result.stdout + result.stderr
    return example / "site-offline"


@pytest.mark.slow
@pytest.mark.browser
def test_the_switcher_works_from_disk(browser, offline: Path) -> None:
    page = browser.new_page()
    try:
        page.goto((offline / "index.html").as_uri())  # the chooser: links work from disk
        page.get_by_role("link", name=re.compile("Español")).click()
        page.wait_for_url(re.compile(r"/es/index\.html$"))
        page.goto((offline / "es" / "lessons" / "plan-dissemination-from-the-start.html").as_uri())
        page.locator(".lkb-languages").get_by_role("link", name="Français").click()
        target = (offline / "fr" / "lessons" / "plan-dissemination-from-the-start.html").as_uri()
        page.wait_for_url(target)
        assert page.locator("html").get_attribute("lang") == "fr"
        assert "Prévoir qui publie" in page.locator("h1").inner_text()
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("path", ["es/" + LESSON, "fr/" + FINDING, "es/translations/", ""])
def test_axe_finds_nothing_serious_in_spanish_and_french(browser, site: Path, path: str) -> None:
    need(AXE.exists(), "axe-core", "run `npm ci` (make test does)")
    with serve(site) as base:
        # A browser preferring none of the site's languages stays on the chooser ("").
        context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 900})
        page = context.new_page()
        try:
            page.goto(f"{base}/{path}", wait_until="load")
            assert page.url == f"{base}/{path}"
            page.add_script_tag(path=str(AXE))
            only = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
            result = page.evaluate("only => axe.run(document, {runOnly: only})", only)
        finally:
            context.close()
    blocking = [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert blocking == [], "\n".join(blocking)
    assert len(result["passes"]) > 10


# --- a source that changes -------------------------------------------------------------------


@pytest.mark.slow
def test_a_changed_summary_makes_its_translations_outdated(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "kb")  # strict, as published
    source = root / "content" / "lessons" / "plan-dissemination-from-the-start.md"
    text = source.read_text("utf-8")
    source.write_text(text.replace("so that the commitment is", "so that the promise is", 1))
    check = lessons_kb(root, "check", "--strict")  # reported, but no reason to stop publishing
    assert check.returncode == 0, check.stdout + check.stderr
    es = "content/lessons/plan-dissemination-from-the-start.es.md"
    outdated = f"{es}\n  line 4: warning: translation, source_hash: the translation is outdated"
    assert outdated in check.stdout
    assert "--lang es --mark-current" in check.stdout
    result = lessons_kb(root, "build", "--languages", "en,es", "-d", "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = _page(root / "site", "es", LESSON)
    assert "lkb-notice--outdated" in page and "ha cambiado desde" in page
    status = json.loads((root / "site" / "es" / "translation-status.json").read_text())
    entry = next(e for e in status["entries"] if e["id"] == "plan-dissemination-from-the-start")
    assert entry["status"] == "outdated" and entry["source_hash"] != entry["current_hash"]
    # Marked current again once updated: the warning is gone.
    marked = lessons_kb(root, "translate", str(source), "--lang", "es", "--mark-current")
    assert marked.returncode == 0, marked.stderr
    again = lessons_kb(root, "check")
    assert f"{es}\n" not in again.stdout
    assert "plan-dissemination-from-the-start.fr.md\n  line 4: warning" in again.stdout


# --- translation files, checked -----------------------------------------------------------


def _multilingual(project: Project) -> Project:
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  - lessons-kb:\n", "  - lessons-kb:\n      languages: [en, es]\n"
    )
    config.write_text(text)
    return project


def test_translation_files_are_not_entries_and_their_problems_name_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _multilingual(new_project(tmp_path / "kb"))
    project.write(
        "content/lessons/pair-assessments.es.md",
        textwrap.dedent(
            """\
            ---
            translation:
              of: pair-assessments
              source_hash: "sha256:0000"
              reviewed_by: ""
            title: Combinar las evaluaciones con el trabajo sobre mentalidades
            countries: [LCA]
            recommendations:
              - text: Planificar un programa.
                owner: un-desa
            ---

            ## Contexto

            Véase [[skills-gap]].
            """
        ),
    )
    project.write("content/lessons/pair-assessments.de.md", "---\ntitle: Paar\n---\n")
    project.write(
        "content/lessons/nowhere.es.md",
        '---\ntranslation: {of: nowhere, source_hash: "", reviewed_by: ""}\ntitle: Nada\n---\n',
    )
    os.chdir(project.root)
    assert main(["check", "--format", "json"]) == 1
    found = {
        (p["file"].rsplit("/", 1)[1], p["line"], p["field"], p["severity"]): p
        for p in json.loads(capsys.readouterr().out)["problems"]
    }
    es, de = "pair-assessments.es.md", "pair-assessments.de.md"
    repeated = found[(es, 7, "countries", "error")]
    assert (
        repeated["message"]
        == "`countries` is the source's metadata, which a translation does not repeat"
    )
    assert (
        repeated["hint"]
        == "delete this field: content/lessons/pair-assessments.md keeps it for every language"
    )
    assert "source's metadata" in found[(es, 10, "recommendations[0].owner", "error")]["message"]
    assert "--mark-current" in found[(es, 4, "translation.source_hash", "error")]["hint"]
    assert "headings" in found[(es, 12, None, "warning")]["message"]
    unsupported = found[(de, 1, None, "error")]
    assert (
        unsupported["message"] == "this is a translation into `de`, which the site does not publish"
    )
    assert "Lessons KB speaks en, es, fr" in unsupported["hint"]
    assert (
        found[("nowhere.es.md", 2, "translation.of", "error")]["message"]
        == "`of: nowhere` names no entry"
    )
    # None of them is taken for an entry (`pair-assessments.es` would be a malformed id).
    result = load_knowledge_base(project.content)
    assert sorted(result.kb.entries) == ["lca-2024", "pair-assessments", "skills-gap"]
    assert len(result.translations) == 3


def test_translate_writes_the_sibling_with_the_current_hash_and_marks_it_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _multilingual(new_project(tmp_path / "kb"))
    os.chdir(project.root)
    lesson = "content/lessons/pair-assessments.md"
    assert main(["translate", lesson, "--lang", "es"]) == 0
    sibling = project.root / "content/lessons/pair-assessments.es.md"
    text = sibling.read_text("utf-8")
    entry = load_knowledge_base(project.content).kb.entries["pair-assessments"]
    assert f"source_hash: {source_hash(entry)}" in text
    assert "title: Pair assessments with mindset work" in text
    assert "- text: Plan a mindset programme." in text and "owner" not in text
    assert "## Context" in text and "[[skills-gap]]" in text
    assert main(["translate", lesson, "--lang", "es"]) == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err
    assert main(["translate", lesson, "--lang", "fr"]) == 2  # not a language of the site
    assert "add it to `languages`" in capsys.readouterr().err
    assert main(["check"]) == 0
    source = project.root / lesson
    source.write_text(source.read_text("utf-8").replace("Pair them.", "Pair them early."))
    assert main(["check"]) == 0
    assert "the translation is outdated" in capsys.readouterr().out
    assert main(["translate", lesson, "--lang", "es", "--mark-current"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0
    assert "outdated" not in capsys.readouterr().out


def test_stats_gives_a_translation_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _multilingual(new_project(tmp_path / "kb"))
    os.chdir(project.root)
    assert main(["translate", "content/lessons/pair-assessments.md", "--lang", "es"]) == 0
    capsys.readouterr()
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "Translations" in out
    assert re.search(r"  es\s+0\s+1\s+0\s+2\n", out), out
    assert main(["stats", "--format", "json"]) == 0
    table = json.loads(capsys.readouterr().out)["translations"]
    assert table[1] == {
        "language": "es",
        "source": 0,
        "current": 1,
        "outdated": 0,
        "missing": 2,
        "outdated_files": [],
    }


def test_a_site_of_one_language_keeps_its_layout_and_rejects_translations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(tmp_path / "kb")
    os.chdir(project.root)
    assert main(["translate", "content/lessons/pair-assessments.md", "--lang", "es"]) == 2
    assert "the site publishes en, not `es`" in capsys.readouterr().err
    shutil.copy(
        REPO / "content" / "lessons" / "plan-dissemination-from-the-start.es.md",
        project.content / "lessons" / "pair-assessments.es.md",
    )
    assert main(["check"]) == 1
    assert "add `es` to `languages` of the lessons-kb plugin" in capsys.readouterr().out
