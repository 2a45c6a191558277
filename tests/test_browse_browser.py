"""What a reader sees and clicks, in a real headless Chromium, on the built example site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import build_strict, copy_example, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example knowledge base of the repository, built strictly into a temporary folder."""
    return build_strict(copy_example(tmp_path_factory.mktemp("example")))


@pytest.fixture(scope="module")
def base_url(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


class Watcher:
    """Collects console errors, page errors and requests to any other origin."""

    def __init__(self, page, origin: str) -> None:
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(str(e)))

        def check(request) -> None:
            parts = urlsplit(request.url)
            if parts.scheme in ("data", "blob"):
                return
            if f"{parts.scheme}://{parts.netloc}" != origin:
                self.problems.append(f"request to another origin: {request.url}")

        page.on("request", check)


@pytest.fixture
def page(browser, base_url: str):
    context = browser.new_context()
    page = context.new_page()
    watcher = Watcher(page, base_url)
    yield page
    context.close()
    assert watcher.problems == [], watcher.problems


def test_mission_to_finding_to_lesson_and_back(page, base_url: str) -> None:
    page.goto(f"{base_url}/missions/lca-2024-changing-mindsets/")
    assert page.locator("h1").first.inner_text().startswith("Saint Lucia")
    findings = page.locator("section.lkb-relations--findings a")
    assert findings.count() >= 6
    findings.filter(has_text="Year of Infrastructure").first.click()
    page.wait_for_url("**/findings/lca-year-of-infrastructure/")
    assert "Finding" in page.locator(".lkb-kind").inner_text()
    # The finding names its mission and the lessons drawn from it.
    assert page.locator(".lkb-mission a").inner_text().startswith("Saint Lucia")
    lessons = page.locator("section.lkb-relations--lessons a")
    lesson_title = lessons.first.inner_text()
    lessons.first.click()
    page.wait_for_url("**/lessons/**")
    assert page.locator("h1").first.inner_text() == lesson_title
    # The lesson links back to the finding it is drawn from.
    back = page.locator(".lkb-findings a", has_text="Year of Infrastructure")
    back.click()
    page.wait_for_url("**/findings/lca-year-of-infrastructure/")
    page.go_back()
    page.wait_for_url("**/lessons/**")
    assert page.locator("h1").first.inner_text() == lesson_title


def _expected(catalog: dict, facets: dict[str, set[str]], words: list[str]) -> set[str]:
    shown = set()
    for entry in catalog["entries"]:
        text = f"{entry['t']} {entry['s']} {entry['id']}".lower()
        if not all(w in text for w in words):
            continue
        if all(not wanted or wanted & set(entry["f"].get(f, [])) for f, wanted in facets.items()):
            shown.add(entry["id"])
    return shown


def _visible_rows(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".lkb-catalog-table tbody tr",
            "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)",
        )
    )


def test_catalog_facets_text_filter_counts_and_shareable_url(page, base_url, example_site) -> None:
    catalog = json.loads((example_site / "browse" / "catalog.json").read_text("utf-8"))
    page.goto(f"{base_url}/browse/")
    page.wait_for_selector("form.lkb-facets")
    assert _visible_rows(page) == {e["id"] for e in catalog["entries"]}

    page.get_by_label("Lesson (", exact=False).check()
    themes = page.locator("fieldset", has_text="Theme")
    partnerships = themes.get_by_label("Partnerships", exact=False)
    if not partnerships.is_visible():  # past the first few values, a facet folds the rest
        themes.locator("details.lkb-facet-more > summary").click()
    partnerships.check()
    page.get_by_label("Words").fill("mission")
    facets = {"kind": {"lesson"}, "theme": {"partnerships"}}
    expected = _expected(catalog, facets, ["mission"])
    assert expected, "the chosen filters should leave some entries"
    page.wait_for_function(
        "n => document.getElementById('lkb-catalog-status').textContent.startsWith(n + ' of')",
        arg=len(expected),
    )
    assert _visible_rows(page) == expected

    # A facet value's count is what ticking it (alongside the other facets) would show.
    label = page.locator("fieldset", has_text="Kind").get_by_label("Finding (", exact=False)
    count = page.locator("label", has=page.locator("xpath=.")).filter(has_text="Finding (")
    shown = label.evaluate("box => box.nextElementSibling.textContent")
    want = len(_expected(catalog, {"kind": {"finding"}, "theme": {"partnerships"}}, ["mission"]))
    assert shown.endswith(f"({want})"), (shown, want)
    assert count.count() >= 1

    # The state is in the URL: reloading it gives the same view.
    url = page.url
    assert "kind=lesson" in url and "theme=partnerships" in url and "q=mission" in url
    page.goto(url)
    page.wait_for_selector("form.lkb-facets")
    page.wait_for_function(
        "n => document.getElementById('lkb-catalog-status').textContent.startsWith(n + ' of')",
        arg=len(expected),
    )
    assert _visible_rows(page) == expected
    assert page.get_by_label("Words").input_value() == "mission"


def test_catalog_works_with_the_keyboard_alone(page, base_url, example_site) -> None:
    page.goto(f"{base_url}/browse/")
    page.wait_for_selector("form.lkb-facets")
    page.get_by_label("Words").focus()
    page.keyboard.press("Tab")  # to the filters' fold, open on a wide screen
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")  # to the first value of the first facet
    focused = page.evaluate("document.activeElement.name + '=' + document.activeElement.value")
    assert focused == "kind=mission"
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('kind=mission')")
    catalog = json.loads((example_site / "browse" / "catalog.json").read_text("utf-8"))
    assert _visible_rows(page) == _expected(catalog, {"kind": {"mission"}}, [])
    caption = page.locator(".lkb-catalog-table caption").inner_text()
    assert caption == "Entries with Kind: Mission (1), newest first"


def test_catalog_without_javascript_lists_every_entry(browser, base_url, example_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/browse/")
    catalog = json.loads((example_site / "browse" / "catalog.json").read_text("utf-8"))
    rows = page.locator(".lkb-catalog-table tbody tr")
    assert rows.count() == len(catalog["entries"])
    assert page.locator("form.lkb-facets").count() == 0  # no dead controls without scripts
    context.close()


SEARCHES = [
    ("Saint Lucia", "/missions/lca-2024-changing-mindsets/"),
    ("Saint Lucia", "/countries/lca/"),
    ("strong institutions", "/lessons/agree-focal-points-during-scoping/"),
    ("strong institutions", "/sdgs/16/"),
    ("focal", "/lessons/agree-focal-points-during-scoping/"),
]
ID_SEARCHES = [
    ("lca-year-of-infrastructure", "/findings/lca-year-of-infrastructure/"),
    ("agree-focal-points-during-scoping", "/lessons/agree-focal-points-during-scoping/"),
]
_ALL_RESULTS = """async q => {
  const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
  const found = await pagefind.search(q);
  const data = await Promise.all(found.results.map(r => r.data()));
  return data.map(d => new URL(d.url, location.href).pathname);
}"""


def test_header_search_form_leads_to_highlighted_results(page, base_url) -> None:
    page.goto(f"{base_url}/lessons/")
    page.get_by_label("Search the knowledge base").fill("focal points")
    page.get_by_label("Search the knowledge base").press("Enter")
    page.wait_for_url("**/search/?q=focal+points")
    page.wait_for_selector(".pagefind-ui__result-link")
    first = page.locator(".pagefind-ui__result-link").first
    assert "focal points" in first.inner_text().lower()
    assert page.locator(".pagefind-ui__result-excerpt mark").count() >= 1
    # Keyboard: from the search box, Tab reaches the results' links.
    page.locator(".pagefind-ui__search-input").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')")


@pytest.mark.parametrize(("query", "expected_path"), SEARCHES)
def test_search_finds_entries_by_words_and_by_names_behind_codes(
    page, base_url, query, expected_path
) -> None:
    page.goto(f"{base_url}/search/")
    assert expected_path in page.evaluate(_ALL_RESULTS, query)


@pytest.mark.parametrize(("query", "expected_path"), ID_SEARCHES)
def test_search_ranks_an_entry_first_by_its_id(page, base_url, query, expected_path) -> None:
    page.goto(f"{base_url}/search/")
    assert page.evaluate(_ALL_RESULTS, query)[0] == expected_path


def test_taxonomy_and_briefing_pages_render_without_errors(page, base_url) -> None:
    for path in (
        "/countries/",
        "/countries/lca/",
        "/countries/guy/",
        "/sdgs/16/",
        "/themes/",
        "/years/2024/",
        "/statuses/identified/",
        "/",
    ):
        page.goto(base_url + path)
        assert page.locator("h1").count() == 1, path
    page.goto(base_url + "/countries/guy/")
    assert page.locator("#lessons ~ ul li").count() >= 1  # lessons apply through the region
