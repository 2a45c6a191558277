"""The interface in Spanish and French: catalogs, plurals, country names, SDG titles, dates,
missing messages, and the example staged in Spanish."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from helpers import REPO, copy_example
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.engines.run import BuildFailed, interface_complete
from lessons_kb.i18n import Interface, UnsupportedLanguage, interface, primary_language
from lessons_kb.i18n.catalog import load_messages, read_catalog
from lessons_kb.i18n.countries import UN_NAMES_BY_LANGUAGE
from lessons_kb.i18n.messages import extracted, message_ids
from lessons_kb.site.stage import StagedSite, StageOptions, stage_site
from lessons_kb.vocab.countries import UN_NAMES

TODAY = dt.date(2026, 12, 1)
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def test_french_plurals_take_the_singular_for_zero_and_one() -> None:
    fr = interface("fr")
    said = [fr.ngettext("%(num)s lesson", "%(num)s lessons", n) % {"num": n} for n in (0, 1, 2)]
    assert said == ["0 leçon", "1 leçon", "2 leçons"]


def test_spanish_plurals_take_the_plural_for_zero() -> None:
    es = interface("es")
    said = [es.ngettext("%(num)s lesson", "%(num)s lessons", n) % {"num": n} for n in (0, 1, 2)]
    assert said == ["0 lecciones", "1 lección", "2 lecciones"]


def test_country_names_come_from_pycountry_translations() -> None:
    assert interface("es").country("LCA") == "Santa Lucía"
    assert interface("fr").country("LCA") == "Sainte-Lucie"
    assert interface("fr").country("HTI") == "Haïti"
    assert interface("en").country("BHS") == "The Bahamas"  # the UN's name, in English
    assert interface("es").country("XXX") == "XXX"


def test_countries_the_un_names_otherwise_than_iso_carry_its_names() -> None:
    assert interface("es").country("BOL") == "Bolivia (Estado Plurinacional de)"
    assert interface("fr").country("VEN") == "Venezuela (République bolivarienne du)"
    # Every country the UN names otherwise in English has its Spanish and French name.
    assert set(UN_NAMES_BY_LANGUAGE["es"]) == set(UN_NAMES) == set(UN_NAMES_BY_LANGUAGE["fr"])


def test_sdg_titles_are_the_official_ones_of_the_language() -> None:
    assert interface("es").sdg_short("16") == "Paz, justicia e instituciones fuertes"
    assert interface("fr").sdg_short("16") == "Paix, justice et institutions efficaces"
    assert interface("es").sdg_title("16.6").startswith("Crear a todos los niveles instituciones")
    assert interface("fr").sdg_title("16.6").startswith("Mettre en place des institutions")
    assert interface("en").sdg_title("16.6").startswith("Develop effective")


def test_dates_are_written_as_each_language_writes_them() -> None:
    day = dt.date(2024, 3, 5)
    assert interface("es").date(day) == "5 de marzo de 2024"
    assert interface("fr").date(day) == "5 mars 2024"
    assert interface("en").date(day) == "March 5, 2024"
    assert interface("fr").date(day, "short") == "05/03/2024"


def test_a_message_the_catalog_lacks_is_shown_in_english_and_remembered() -> None:
    fr = Interface("fr", load_messages("fr"))  # not the cached one: its own `missing`
    assert fr.gettext("Lessons") == "Leçons"
    assert fr.gettext("A message no catalog holds") == "A message no catalog holds"
    assert fr.ngettext("%(num)s thing", "%(num)s things", 2) == "%(num)s things"
    assert fr.missing == {"A message no catalog holds", "%(num)s thing"}


def test_languages_are_read_from_their_tags() -> None:
    assert primary_language("es-419") == "es"
    assert primary_language("fr_CA") == "fr"
    with pytest.raises(UnsupportedLanguage, match="en, es, fr"):
        primary_language("de")
    # A site whose theme speaks another language keeps Lessons KB's labels in English.
    assert interface("de").language == "en"
    assert interface("de").gettext("Lessons") == "Lessons"


@pytest.fixture(scope="module")
def messages() -> set[str]:
    """Every message of the templates, the code and the schema values."""
    return message_ids(extracted())


def test_extraction_finds_messages_of_templates_code_and_schemas(messages: set[str]) -> None:
    assert {"Keep or change", "Lessons", "Not started", "Caribbean", "Browse"} <= messages
    assert "%(num)s entry" in messages  # a plural, by its singular


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_message_is_translated(messages: set[str], language: str) -> None:
    translated = load_messages(language).translated
    assert sorted(messages - translated) == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_translations_keep_every_placeholder(language: str) -> None:
    wrong = []
    for message in read_catalog(language):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | {"%(num)s"}
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            if not found <= wanted or not set(PLACEHOLDER.findall(ids[0])) - {"%(num)s"} <= found:
                wrong.append((ids[0], text))
    assert wrong == []


def _stage(root: Path, language: str, templates: Path | None = None) -> StagedSite:
    result = load_knowledge_base(root / "content", root=root, today=TODAY)
    assert not result.errors
    options = StageOptions(
        docs_dir=root / "docs", today=TODAY, language=language, templates_dir=templates
    )
    return stage_site(result.kb, options)


@pytest.fixture(scope="module")
def spanish() -> StagedSite:
    return _stage(REPO, "es")


def _page(staged: StagedSite, src: str) -> str:
    return staged.files[src].decode("utf-8")


def _lesson_page(staged: StagedSite) -> str:
    lessons = sorted(src for src in staged.files if re.match(r"lessons/(?!index).+\.md$", src))
    return _page(staged, lessons[0])


def test_spanish_pages_carry_spanish_labels(spanish: StagedSite) -> None:
    lesson = _lesson_page(spanish)
    badge = '<span class="lkb-badge lkb-badge--lesson" data-pagefind-meta="kind">Lección</span>'
    assert badge in lesson
    assert '<span class="lkb-visually-hidden">Estado: </span>' in lesson
    assert "\n## Recomendaciones\n" in lesson
    assert 'aria-label="Acerca de esta lección"' in lesson
    assert "Recommendations" not in lesson and "About this lesson" not in lesson
    assert spanish.missing_messages == ()


def test_spanish_pages_name_countries_and_sdgs_in_spanish(spanish: StagedSite) -> None:
    lesson = _lesson_page(spanish)
    assert ">Santa Lucía</a>" in lesson
    assert '<span class="lkb-sdg-goal">Paz, justicia e instituciones fuertes</span>' in lesson
    country = _page(spanish, "countries/lca.md")
    assert 'title: "Santa Lucía"' in country
    assert '<h2 id="lessons">Lecciones que se aplican</h2>' in country
    goal = _page(spanish, "sdgs/16.md")
    assert "Promover sociedades pacíficas e inclusivas" in goal
    assert re.search(r'<h2 id="target-16-\d+">Meta 16\.\d+</h2>', goal)


def test_spanish_dates_navigation_and_catalog_data(spanish: StagedSite) -> None:
    lesson = _lesson_page(spanish)
    medium = r'<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [a-z]{3,4}\.? \d{4}</time>'
    assert re.search(medium, lesson)
    nav = json.dumps(spanish.nav, ensure_ascii=False)
    assert '"Inicio"' in nav and '"Lecciones"' in nav and '"Países"' in nav
    data = json.loads(spanish.files["browse/catalog.json"])
    assert data["facets"]["kind"]["label"] == "Tipo"
    assert data["facets"]["kind"]["values"]["lesson"] == "Lección"
    assert data["facets"]["country"]["values"]["LCA"] == "Santa Lucía"
    browse = _page(spanish, "browse/index.md")
    words = re.search(r'data-words="([^"]+)"', browse)
    assert words is not None and "Quitar los filtros" in words.group(1)


def test_english_pages_keep_their_words_and_no_script_texts() -> None:
    english = _stage(REPO, "en")
    assert "\n## Recommendations\n" in _lesson_page(english)
    assert "data-words" not in _page(english, "browse/index.md")
    assert english.missing_messages == ()


@pytest.fixture(scope="module")
def with_new_words(tmp_path_factory: pytest.TempPathFactory) -> StagedSite:
    """A site whose own template override says something no catalog translates."""
    root = copy_example(tmp_path_factory.mktemp("site"))
    templates = root / "templates"
    templates.mkdir()
    original = (REPO / "plugins/lessons_kb/site/templates/similar_lessons.html").read_text()
    (templates / "similar_lessons.html").write_text(
        original + '<p>{{ _("Read this before the next mission") }}</p>\n'
    )
    return _stage(root, "fr", templates)


def test_a_missing_translation_is_reported(with_new_words: StagedSite) -> None:
    assert with_new_words.missing_messages == ("Read this before the next mission",)
    said: list[str] = []
    interface_complete(with_new_words, "fr", said.append, strict=False)
    assert len(said) == 1
    assert "fr interface has no translation of 'Read this before the next mission'" in said[0]
    assert "locales/fr/LC_MESSAGES/messages.po" in said[0]


def test_a_strict_build_stops_at_a_missing_translation(with_new_words: StagedSite) -> None:
    with pytest.raises(BuildFailed, match="lacks 1 translation"):
        interface_complete(with_new_words, "fr", lambda line: None, strict=True)
