"""Open data under api/v1/: JSON that validates, CSV that round-trips, a valid data package,
the same bytes from the same input, and nothing of an internal entry anywhere in the site."""

from __future__ import annotations

import copy
import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import frictionless
import pytest
from helpers import REPO, Project, new_project, read_export
from jsonschema import Draft202012Validator
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.cli.config import UsageError
from lessons_kb.finish.csvout import FORMULA_STARTS, cell_text, neutralise
from lessons_kb.finish.license import License, LicenseError, license_from
from lessons_kb.finish.publish import Publisher
from lessons_kb.finish.siteinfo import SiteInfo
from referencing import Registry, Resource

pytestmark = pytest.mark.slow

SITE_URL = "https://example.org/kb/"
API = "api/v1/"
EVIL_TITLE = '<script>alert(1)</script> "Quoted" & \'single\' =HYPERLINK("https://evil.example")'
EVIL_SUMMARY = '=HYPERLINK("https://evil.example/?a=1&b=2","Click") <script>alert(1)</script> "q"'
PUBLIC = ["lca-2024", "sids-risk", "skills-gap", "evil-lesson", "pair-assessments"]
#: Words of the internal entries that must appear in no file of the built site.
SECRETS = [
    "hush-mission",
    "hush-finding",
    "hush-lesson",
    "Quixotic walrus mission",
    "Quixotic walrus finding",
    "Quixotic walrus lesson",
    "zanzibar-quartz",
    "Zanzibar quartz",
]


def write_site(root: Path) -> Project:
    """A public mission, two findings, two lessons; an internal mission, finding and lesson."""
    project = new_project(root, with_entries=False)
    project.mission("lca-2024", date="2024-08-06", organisers=["un-desa", "eclac"])
    project.finding("skills-gap", "lca-2024", date="2024-08-06", sdgs=[16], title="Côte gap")
    project.finding(
        "sids-risk",
        "lca-2024",
        date="2024-08-07",
        kind="risk",
        status="verified",
        evidence=[{"kind": "workshop", "source": "Day 1; session 2"}],
    )
    project.lesson(
        "pair-assessments",
        findings=["skills-gap", "sids-risk"],
        date="2024-08-08",
        audience=["Planners", "Ministries; their staff"],
    )
    project.lesson(
        "evil-lesson",
        title=EVIL_TITLE,
        summary=EVIL_SUMMARY,
        date="2024-08-09",
        related=["pair-assessments"],
    )
    project.mission(
        "hush-mission",
        title="Quixotic walrus mission",
        summary="Zanzibar quartz: an internal mission nobody outside may read about.",
        sensitivity="internal",
        countries=["BHS"],
        sdgs=["5.1"],
    )
    project.finding(
        "hush-finding",
        "hush-mission",
        title="Quixotic walrus finding",
        summary="Zanzibar quartz: what the internal mission found.",
        sensitivity="internal",
        themes=["leadership"],
    )
    project.lesson(
        "hush-lesson",
        findings=["skills-gap"],
        title="Quixotic walrus lesson",
        summary="Zanzibar quartz: an internal lesson drawn from a public finding.",
        sensitivity="internal",
        related=["pair-assessments"],
        applies_to=["sids"],
    )
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = write_site(tmp_path_factory.mktemp("export") / "kb")
    project.build("--strict", check=True)
    return project


def load(site: Project, name: str) -> Any:
    if name == "entries.json":  # the whole export, read back from its JSON Lines
        return read_export(site.site(API))
    return json.loads(site.site(API + name).read_text("utf-8"))


def registry(site: Project) -> Registry:
    """The published schemas, found by their `$id` as a re-user's validator would."""
    resources = []
    for path in sorted(site.site(API + "schemas").glob("*.json")):
        schema = json.loads(path.read_text("utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def validator(site: Project, name: str) -> Draft202012Validator:
    schema = load(site, f"schemas/{name}")
    return Draft202012Validator(
        schema, registry=registry(site), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


# --- the files -----------------------------------------------------------------------


def test_every_export_file_is_written(site: Project) -> None:
    found = sorted(
        p.relative_to(site.site(API)).as_posix() for p in site.site(API).rglob("*") if p.is_file()
    )
    expected = sorted(
        [
            "entries.jsonl.gz",
            "missions.csv",
            "findings.csv",
            "lessons.csv",
            "datapackage.json",
            *(f"schemas/{n}.json" for n in ("mission", "finding", "lesson", "entry", "entries")),
            *(f"entries/{i}.json" for i in PUBLIC),
        ]
    )
    assert found == expected


def test_schemas_are_published_at_their_own_address(site: Project) -> None:
    for name in ("mission", "finding", "lesson", "entry", "entries"):
        schema = load(site, f"schemas/{name}.json")
        assert schema["$id"] == f"{SITE_URL}{API}schemas/{name}.json"
        Draft202012Validator.check_schema(schema)
    lesson = load(site, "schemas/lesson.json")
    assert "polarity" in lesson["properties"] and lesson["additionalProperties"] is False


# --- JSON ----------------------------------------------------------------------------


def test_json_exports_validate_against_the_published_schemas(site: Project) -> None:
    document = load(site, "entries.json")
    errors = list(validator(site, "entries.json").iter_errors(document))
    assert not errors, [e.message for e in errors]
    assert document["count"] == len(PUBLIC) == len(document["entries"])
    assert document["updated"] == "2024-08-09"
    one = validator(site, "entry.json")
    for entry_id in PUBLIC:
        single = load(site, f"entries/{entry_id}.json")
        errors = list(one.iter_errors(single))
        assert not errors, (entry_id, [e.message for e in errors])
        record = next(e for e in document["entries"] if e["id"] == entry_id)
        assert {k: v for k, v in single.items() if k != "$schema"} == record


def test_the_schemas_reject_what_they_should(site: Project) -> None:
    """Validation is not vacuous: a wrong record or wrong metadata fails."""
    one = validator(site, "entry.json")
    good = load(site, "entries/pair-assessments.json")
    assert one.is_valid(good)
    for change in (
        lambda r: r.pop("url"),
        lambda r: r["metadata"].update(polarity="sideways"),
        lambda r: r["metadata"].update(countires=["LCA"]),
        lambda r: r["references"].append({"id": "x"}),
        lambda r: r.update(kind="memo"),
    ):
        bad = copy.deepcopy(good)
        change(bad)
        assert not one.is_valid(bad)


def test_records_carry_metadata_references_and_backlinks(site: Project) -> None:
    records = {e["id"]: e for e in load(site, "entries.json")["entries"]}
    assert list(records) == PUBLIC, "missions, findings, lessons; each newest first"
    lesson = records["pair-assessments"]
    assert lesson["url"] == SITE_URL + "lessons/pair-assessments/"
    assert lesson["data_url"] == SITE_URL + API + "entries/pair-assessments.json"
    assert lesson["metadata"]["findings"] == ["skills-gap", "sids-risk"]
    assert lesson["metadata"]["recommendations"][0]["owner"] == "un-desa"
    assert [(r["field"], r["id"], r["url"]) for r in lesson["references"]] == [
        ("findings", "skills-gap", SITE_URL + "findings/skills-gap/"),
        ("findings", "sids-risk", SITE_URL + "findings/sids-risk/"),
    ]
    assert lesson["references"][0]["title"] == "Côte gap"
    assert [(b["field"], b["id"]) for b in lesson["backlinks"]] == [("related", "evil-lesson")]
    assert "[Côte gap](https://example.org/kb/findings/skills-gap/)" in lesson["body"]
    finding = records["skills-gap"]
    assert finding["metadata"]["sdgs"] == ["16"], "SDG codes are strings"
    assert [(r["field"], r["id"]) for r in finding["references"]] == [("mission", "lca-2024")]
    assert [(b["field"], b["id"]) for b in finding["backlinks"]] == [
        ("findings", "evil-lesson"),
        ("findings", "pair-assessments"),
    ]
    countries = finding["terms"]["countries"]
    assert countries == [{"id": "LCA", "label": "Saint Lucia", "url": SITE_URL + "countries/lca/"}]
    mission = records["lca-2024"]
    assert mission["metadata"]["organisers"] == ["un-desa", "eclac"]
    assert {b["id"] for b in mission["backlinks"]} == {"skills-gap", "sids-risk"}


def test_user_text_comes_out_escaped_and_intact_in_json(site: Project) -> None:
    for name in ("entries.jsonl.gz", "entries/evil-lesson.json", "entries/pair-assessments.json"):
        path = site.site(API + name)
        raw = (
            gzip.decompress(path.read_bytes()).decode("utf-8")
            if name.endswith(".gz")
            else path.read_text("utf-8")
        )
        assert "<" not in raw and ">" not in raw and "&" not in raw, "HTML-safe JSON"
        assert "\\u003cscript\\u003ealert(1)" in raw
    record = load(site, "entries/evil-lesson.json")
    assert record["title"] == EVIL_TITLE and record["metadata"]["title"] == EVIL_TITLE
    assert record["summary"] == EVIL_SUMMARY


# --- CSV -----------------------------------------------------------------------------


def read_csv(site: Project, name: str) -> tuple[bytes, list[dict[str, str]]]:
    raw = site.site(API + name).read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    return raw, rows


@pytest.mark.parametrize(
    ("name", "kind"),
    [("missions.csv", "mission"), ("findings.csv", "finding"), ("lessons.csv", "lesson")],
)
def test_csv_round_trips_with_the_json_values(site: Project, name: str, kind: str) -> None:
    raw, rows = read_csv(site, name)
    assert raw.count(b"\r\n") >= len(rows) + 1, "RFC 4180 line ends"
    records = [e for e in load(site, "entries.json")["entries"] if e["kind"] == kind]
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    package = load(site, "datapackage.json")
    resource = next(r for r in package["resources"] if r["path"] == name)
    assert list(rows[0]) == [f["name"] for f in resource["schema"]["fields"]]
    for row, record in zip(rows, records, strict=True):
        meta = record["metadata"]
        assert row["url"] == record["url"]
        assert row["title"] == neutralise(record["title"])
        assert row["summary"] == neutralise(record["summary"])
        assert row["date"] == record["date"]
        assert row["countries"] == "; ".join(meta.get("countries", []))
        assert row["sdgs"] == "; ".join(meta.get("sdgs", []))
        assert row["themes"] == "; ".join(meta.get("themes", []))
        for field in ("evidence", "recommendations", "documents"):
            if field in row:
                value = json.loads(row[field]) if row[field] else []
                assert value == meta.get(field, [])
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [list(rows[0]), *[list(r.values()) for r in rows]]
    )
    assert buffer.getvalue().encode("utf-8") == raw, "the file is what csv writes back"


def test_csv_list_fields_are_joined_with_semicolons(site: Project) -> None:
    _, lessons = read_csv(site, "lessons.csv")
    pair = next(r for r in lessons if r["id"] == "pair-assessments")
    assert pair["findings"] == "skills-gap; sids-risk"
    assert pair["audience"] == "Planners; Ministries; their staff"
    assert pair["open_recommendations"] == "1"
    _, findings = read_csv(site, "findings.csv")
    risk = next(r for r in findings if r["id"] == "sids-risk")
    assert risk["mission"] == "lca-2024"
    assert json.loads(risk["evidence"]) == [{"kind": "workshop", "source": "Day 1; session 2"}]
    assert risk["lessons"] == "pair-assessments"


def test_formulas_are_neutralised_in_csv(site: Project) -> None:
    _, lessons = read_csv(site, "lessons.csv")
    evil = next(r for r in lessons if r["id"] == "evil-lesson")
    assert evil["summary"] == "'" + EVIL_SUMMARY
    assert evil["title"] == EVIL_TITLE, "a title not starting like a formula is left as it is"
    for row in lessons:
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), value


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert cell_text([start + "x", "y"]) == "'" + start + "x; y"
    assert neutralise("a=1") == "a=1"


# --- the data package ----------------------------------------------------------------


def test_datapackage_is_valid(site: Project) -> None:
    package = load(site, "datapackage.json")
    assert package["name"] == "test-kb"
    assert {r["name"] for r in package["resources"]} == {
        "missions",
        "findings",
        "lessons",
        "entries",
    }
    for resource in package["resources"]:
        assert site.site(API + resource["path"]).is_file()
        assert resource["encoding"] == "utf-8"
    report = frictionless.validate(str(site.site(API + "datapackage.json")))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_check_catches_a_broken_table(site: Project, tmp_path: Path) -> None:
    """The validator reads the data: a date that is no date fails."""
    copy_dir = tmp_path / "api"
    for path in site.site(API).glob("*.*"):
        (copy_dir / path.name).parent.mkdir(parents=True, exist_ok=True)
        (copy_dir / path.name).write_bytes(path.read_bytes())
    text = (copy_dir / "missions.csv").read_text("utf-8").replace("2024-08-06", "2024-13-45")
    (copy_dir / "missions.csv").write_text(text, "utf-8", newline="")
    assert not frictionless.validate(str(copy_dir / "datapackage.json")).valid


def test_the_licence_reaches_the_data_package_and_the_json(tmp_path: Path) -> None:
    """A site's licence setting names the licence in `datapackage.json` and `entries.json`,
    and both still validate (the data package with frictionless, the JSON against the
    published schema)."""
    project = write_site(tmp_path / "kb")
    kb = load_knowledge_base(project.content).kb
    licence = license_from(
        {"id": "CC-BY-3.0-IGO", "url": "https://creativecommons.org/licenses/by/3.0/igo/"},
        "mkdocs.yml",
    )
    site = SiteInfo(name="Test KB", url=SITE_URL, license=licence)
    built = Project(tmp_path / "out")
    Publisher(kb, site).write(built.site())
    package = load(built, "datapackage.json")
    assert package["licenses"] == [
        {
            "name": "CC-BY-3.0-IGO",
            "title": "CC-BY-3.0-IGO",
            "path": "https://creativecommons.org/licenses/by/3.0/igo/",
        }
    ]
    report = frictionless.validate(str(built.site(API + "datapackage.json")))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    document = load(built, "entries.json")
    assert document["license"]["id"] == "CC-BY-3.0-IGO"
    assert document["license"]["url"].startswith("https://creativecommons.org/")
    errors = list(validator(built, "entries.json").iter_errors(document))
    assert not errors, [e.message for e in errors]
    # Without the setting, nothing claims a licence.
    Publisher(kb, SiteInfo(name="Test KB", url=SITE_URL)).write(tmp_path / "bare")
    assert "licenses" not in json.loads((tmp_path / "bare" / API / "datapackage.json").read_text())


@pytest.mark.parametrize(
    "value",
    [
        ["CC-BY-4.0"],
        {"url": "https://example.org/"},
        {"id": "CC BY"},
        {"id": "MIT", "url": "x"},
        {"id": "MIT", "version": 2},
    ],
)
def test_a_malformed_licence_setting_says_what_it_needs(value: object) -> None:
    with pytest.raises(LicenseError, match=r"mkdocs.yml: .*license"):
        license_from(value, "mkdocs.yml")
    assert license_from("CC0-1.0", "mkdocs.yml") == License("CC0-1.0")


def test_the_example_names_one_licence_in_its_setting_and_on_its_open_data_page(
    tmp_path: Path,
) -> None:
    """The setting the footer, feeds and exports read, and the page that tells re-users."""
    from lessons_kb.engines.site import Site

    site = Site.load(str(REPO / "mkdocs.yml"))
    licence = site.license
    assert licence is not None and licence.id == "CC-BY-3.0-IGO"
    page = (REPO / "docs" / "open-data.md").read_text("utf-8")
    assert f"`{licence.id}`" in page and licence.url in page
    # A malformed setting stops the build with the file, the setting and what it needs.
    project = new_project(tmp_path / "kb")
    text = project.root.joinpath("mkdocs.yml").read_text("utf-8")
    project.write("mkdocs.yml", text + "extra:\n  license: [CC-BY-4.0]\n")
    with pytest.raises(UsageError, match=r"mkdocs.yml, `extra`: `license` must be an SPDX id"):
        _ = Site.load(str(project.root / "mkdocs.yml")).license


# --- determinism and privacy ---------------------------------------------------------


def test_the_same_input_gives_the_same_files(site: Project) -> None:
    site.build("--strict", site_dir="site-again", check=True)
    for folder in ("feeds", "api"):
        first = {
            p.relative_to(site.site()): p.read_bytes()
            for p in site.site(folder).rglob("*")
            if p.is_file()
        }
        again_root = site.site(site_dir="site-again")
        second = {
            p.relative_to(again_root): p.read_bytes()
            for p in (again_root / folder).rglob("*")
            if p.is_file()
        }
        assert first == second


@pytest.mark.parametrize("search", ["theme", "pagefind"])
def test_no_file_of_the_site_mentions_an_internal_entry(site: Project, search: str) -> None:
    root = site.site()
    if search == "pagefind":
        config = site.root / "mkdocs.yml"
        text = config.read_text("utf-8")
        site.write("mkdocs-pagefind.yml", text.replace("  - search\n", ""))
        site.build("--strict", "-f", "mkdocs-pagefind.yml", site_dir="site-pagefind", check=True)
        root = site.site(site_dir="site-pagefind")
        assert (root / "pagefind").is_dir(), "the site's own search index is checked too"
    checked = searchable = 0
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # compressed (a sitemap, a search bundle): read inside
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace").casefold()
        for secret in SECRETS:
            assert secret.casefold() not in text, f"{secret!r} leaks into {path}"
        checked += 1
        if path.relative_to(root).parts[0] in ("search", "pagefind"):
            searchable += "pair every capability assessment" in text
    assert searchable, "the scan reads inside the search index (a public summary is found)"
    assert checked > 50
    assert not (root / "feeds/countries/bhs.xml").exists()
    assert not (root / "feeds/sdgs/5.xml").exists()
