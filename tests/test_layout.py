"""Every page type read on a phone, a tablet and a desktop, in light and dark, in Chromium.

On each: nothing is wider than the screen (the page never scrolls sideways, and no element
reaches past its edge unless it sits in a box that scrolls on its own), no table cell is
narrower than its longest word (so no word is cut mid-syllable), the text of charts is at
least 12 px, and the header keeps the site's name and a search field wide enough to use.
The example is read with one more lesson of the kind imported from other systems: a
300-character title, a 30,000-character body, recommendations of several paragraphs and a
120-character address without a space.

Screenshots of every page at every width and scheme are kept as artefacts, in the folder
the test prints (`LESSONS_KB_SCREENSHOTS` names another); look at them.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import Project, copy_example, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (320, 390, 1280)
SCHEMES = ("light", "dark")
LONG_LESSON = "lessons/records-of-an-imported-programme/"
#: One page of every page type, and the long imported lesson.
PAGES: dict[str, str] = {
    "home": "",
    "collection": "lessons/",
    "taxonomy index": "countries/",
    "statuses": "statuses/",
    "lesson status": "statuses/identified/",
    "theme": "themes/digital-government/",
    "organisation": "organisations/un-desa-dpidg/",
    "year": "years/2024/",
    "SDG goal": "sdgs/16/",
    "country briefing": "countries/lca/",
    "catalog": "browse/",
    "mission": "missions/lca-2024-changing-mindsets/",
    "finding": "findings/lca-year-of-infrastructure/",
    "lesson": "lessons/agree-focal-points-during-scoping/",
    "long lesson": LONG_LESSON,
    "long finding": "findings/an-address-too-long-for-a-phone/",
    "field reference": "reference/fields/",
    "search": "search/?q=focal",
    "about": "about/",
    "open data": "open-data/",
    "not found": "404.html",
}
ADDRESS = (
    "https://www.govt.lc/publicservice/egovernmenttaskforce/digitaltransformationstrategy"
    "2024-2030/annexB-roadmap-final-v3.pdf"
)
assert len(ADDRESS) >= 120 and " " not in ADDRESS

_SENTENCES = [
    "The ministry's permanent secretary asked that each target office name one person who "
    "would answer for the follow-up, and that the names reach the project team before the "
    "next visit.",
    "Officials described how forms are still printed, signed and scanned, so that a service "
    "which looks digital to the citizen is paper inside the administration.",
    "Several departments keep their own registers of the same people and businesses, and "
    "none of them is the reference the others trust.",
    "Staff who had taken part in earlier trainings said that what they learned was rarely "
    "used, because their managers had not been part of the same conversation.",
    "The workshop spent most of its second afternoon on who would do what, by when, and how "
    "progress would be reported to the ministers who had opened it.",
    "Connectivity outside the capital remains uneven; offices in the south rely on a single "
    "link that fails in heavy rain.",
    "Partners agreed to share their work plans so that two missions would not ask the same "
    "officials the same questions in the same month.",
]


def _paragraphs(count: int, offset: int = 0) -> str:
    chunks = []
    for index in range(count):
        words = [_SENTENCES[(index + offset + k) % len(_SENTENCES)] for k in range(4)]
        chunks.append(textwrap.fill(" ".join(words), 100))
    return "\n\n".join(chunks)


def _long_lesson() -> str:
    title = (
        "Records of an imported programme: when a capacity-development programme's lessons "
        "come from another system, keep each one whole, name who owns every recommendation, "
        "say where it applies, and check that the titles, addresses and long tables it "
        "brings still read on phones of the officials who use them"
    )
    assert 290 <= len(title) <= 300, len(title)
    recommendation = "\n\n".join(
        [
            "Name in each target ministry one focal point who answers for the follow-up, and "
            f"publish the road map where every office can find it ({ADDRESS}).",
            _paragraphs(1, 2).replace("\n", " "),
            _paragraphs(1, 4).replace("\n", " "),
        ]
    )
    table = "\n".join(
        [
            "| Office | Focal point | Register kept | Link | Next step |",
            "| --- | --- | --- | --- | --- |",
            f"| Ministry of the Public Service | Deputy permanent secretary | Staff records "
            f"| {ADDRESS} | Agree the reference register |",
            "| Department of Economic Development, Transport and Civil Aviation | Director "
            "| Business licences | none | Join the pilot |",
        ]
    )
    body = (
        "## Context\n\n"
        + _paragraphs(40)
        + f"\n\nThe road map lives at {ADDRESS}, which officials open on their phones.\n\n"
        + table
        + "\n\n## Lesson\n\n"
        + _paragraphs(40, 3)
        + "\n"
    )
    assert len(body) >= 30_000, len(body)
    lines = [
        "---",
        f'title: "{title}"',
        "summary: >-",
        "  Keep each imported lesson whole, with the owner of every recommendation and the",
        "  places it applies to, and check that it reads on a phone.",
        "date: 2024-08-07",
        "published: 2026-11-02",
        "status: identified",
        "polarity: improve",
        "findings: [lca-year-of-infrastructure, an-address-too-long-for-a-phone]",
        "recommendations:",
    ]
    for owner in ("un-desa-dpidg", "caricad", "eclac"):
        lines += ["  - text: |-"]
        lines += [f"      {line}" if line else "" for line in recommendation.split("\n")]
        lines += [f"    owner: {owner}", "    due: 2027-03-31", "    status: in-progress"]
    lines += [
        "applies_to: [LCA, BHS, GUY, BRB, JAM, TTO, caribbean, sids]",
        "countries: [LCA, BHS, GUY]",
        'sdgs: ["16.6", "16.7", "16.10", "17.9", "17.17", "9.c", "5.5"]',
        "themes: [digital-government, institutional-arrangements, leadership, partnerships,",
        "  skills-and-capacity, changing-mindsets, public-sector-innovation]",
        "organisations: [un-desa, un-desa-dpidg, eclac, caricad, undp, itu, lca-government]",
        "---",
        "",
    ]
    return "\n".join(lines) + body


def _long_finding() -> str:
    return textwrap.dedent(
        f"""\
        ---
        title: An address too long for a phone
        summary: The road map is published at one long address that officials type by hand.
        date: 2024-08-07
        status: verified
        kind: gap
        evidence:
          - kind: document
            source: {ADDRESS}
        countries: [LCA]
        ---

        ## Observation

        The road map is at {ADDRESS}.

        ## Discussion

        A shorter address would be read out in meetings.
        """
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = Project(copy_example(tmp_path_factory.mktemp("layout") / "kb"))
    project.write("content/lessons/records-of-an-imported-programme.md", _long_lesson())
    project.write(
        "content/missions/lca-2024-changing-mindsets/findings/an-address-too-long-for-a-phone.md",
        _long_finding(),
    )
    # Not strict: the quality hints rightly find this lesson far too long; it is read anyway.
    project.build("--no-strict", check=True)
    with serve(project.site()) as base:
        yield base + "/"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """Where the screenshots go; the folder is printed, so that they can be looked at."""
    chosen = os.environ.get("LESSONS_KB_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("layout-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nLayout screenshots: {folder}")
    return folder


MEASURE = (Path(__file__).parent / "layout.js").read_text("utf-8")
"""Measures a page as a reader's screen shows it."""


def _look(browser, base: str, path: str, width: int, scheme: str, shots: Path, kind: str):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 1000 else 900}, color_scheme=scheme
    )
    page = context.new_page()
    try:
        page.goto(base + path, wait_until="load")
        if kind == "catalog":
            page.wait_for_selector("form.lkb-facets")
        if kind == "search":
            page.wait_for_selector(".pagefind-ui__result", timeout=15000)
        measured = page.evaluate(MEASURE)
        stem = f"{kind.replace(' ', '-')}-{width}-{scheme}"
        page.screenshot(path=str(shots / f"{stem}.png"))
        if scheme == "light" and width == 390:
            page.screenshot(path=str(shots / f"{stem}-full.png"), full_page=True)
        return measured
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_fits_the_screen(browser, site, shots, kind: str, width: int, scheme: str):
    measured = _look(browser, site, PAGES[kind], width, scheme, shots, kind)
    assert measured["problems"] == [], "\n".join(measured["problems"])
    assert measured["siteName"] == "Lessons KB", measured
    if kind != "search":  # the search page has its own box, and the header none
        assert measured["searchWidth"] is not None and measured["searchWidth"] >= 100, measured


@pytest.mark.parametrize("kind", ["home", "country briefing", "catalog", "long lesson"])
def test_a_tablet_never_scrolls_sideways(browser, site, shots, kind: str) -> None:
    measured = _look(browser, site, PAGES[kind], 768, "light", shots, kind)
    assert measured["problems"] == [], "\n".join(measured["problems"])


def test_a_lesson_says_what_to_do_within_two_screens_of_a_phone(browser, site) -> None:
    """What the lesson says and what to do about it come first, even after a long title."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in (PAGES["lesson"], LONG_LESSON):
            page.goto(site + path, wait_until="load")
            tops = page.evaluate(
                """() => {
                  const top = el => el.getBoundingClientRect().top + scrollY;
                  const heading = [...document.querySelectorAll('article h2')]
                    .find(h => h.textContent.startsWith('Recommendations'));
                  return {summary: top(document.querySelector('.lkb-summary')),
                          actions: top(document.querySelector('.lkb-action')),
                          heading: heading ? top(heading) : null,
                          body: top(document.querySelector('.lkb-body'))};
                }"""
            )
            assert tops["summary"] < 844, (path, tops)
            assert tops["actions"] < 2 * 844, (path, tops)
            assert tops["heading"] is not None and tops["heading"] < tops["body"], (path, tops)
    finally:
        context.close()


def test_a_mission_lists_its_findings_and_lessons_first_and_in_its_contents(browser, site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site + PAGES["mission"], wait_until="load")
        toc = page.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
        assert [t for t in toc if t.startswith(("Findings", "Lessons"))][:2] == [
            "Findings of this mission",
            "Lessons drawn from this mission",
        ], toc
        order = page.evaluate(
            """() => [...document.querySelectorAll('article h2')]
                  .map(h => h.textContent.replace('\u00b6', '').trim())"""
        )
        assert order.index("Findings of this mission") < order.index("Objectives"), order
        # Its objectives are listed once, under the body's own heading.
        objectives = page.locator("h2#objectives + ol > li")
        assert objectives.count() == 6
        assert objectives.first.inner_text().startswith("Discuss key issues")
        assert page.locator(".lkb-panel").get_by_text("Discuss key issues").count() == 0
    finally:
        context.close()


def test_long_lists_are_folded(browser, site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + PAGES["mission"], wait_until="load")
        more = page.locator("details.lkb-more")
        assert more.count() == 1 and more.get_attribute("open") is None
        for folded in (".lkb-participants", ".lkb-organisations"):
            assert not page.locator(folded).is_visible(), f"{folded} is folded"
        more.locator("summary").click()
        assert page.locator(".lkb-participants").is_visible()
        themes = page.locator(".lkb-panel .lkb-themes details.lkb-fold")
        assert themes.locator("summary").inner_text() == "8 themes"
    finally:
        context.close()
