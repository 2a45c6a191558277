"""`lessons-kb import`: tables made into entries, checked before anything is written.

The tables are made here: a CSV with a BOM and `;` delimiters, an `.xlsx` with merged
header cells (written with openpyxl), JSON Lines; the round trip builds the example
with `lessons-kb build` and imports its own CSV exports into an empty base.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml
from helpers import REPO, Project, copy_example
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.cli.main import main
from lessons_kb.importer.mapping import MappingError, parse_mapping
from lessons_kb.importer.tables import read_table, sniff_delimiter
from lessons_kb.importer.text import clean, markdown_from_text
from lessons_kb.schema import schema_for

LESSON_MAP = """\
kind: lesson
fields:
  title: Title
  summary: Summary
  date: Date
  polarity: Polarity
  countries: Country
  organisations: {column: Organisation, split: ","}
  recommendations: {items: {text: Recommendation, owner: Owner}}
  findings: Finding
fixed:
  status: observed
sections:
  Context: Background
  Lesson: Lesson text
"""
HEADER = ["Title", "Summary", "Date", "Polarity", "Country", "Organisation", "Background"]
HEADER += ["Lesson text", "Recommendation", "Owner", "Finding", "Notes"]


def _row(title: str, **cells: str) -> list[str]:
    values = {
        "Title": title,
        "Summary": "Pair every capability assessment with a programme on changing mindsets.",
        "Date": "2024-08-07",
        "Polarity": "improve",
        "Country": "LCA",
        "Organisation": "un-desa",
        "Background": "The assessment came first.",
        "Lesson text": "Pair them.",
        "Recommendation": "Plan a mindset programme.",
        "Owner": "un-desa",
        "Finding": "skills-gap",
        "Notes": "",
        **cells,
    }
    return [values[h] for h in HEADER]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ";", bom: bool = True) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([HEADER, *rows])
    return path


def run(project: Project, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`lessons-kb ARGS` run in the project's folder: its exit status and all it printed."""
    cwd = Path.cwd()
    os.chdir(project.root)
    try:
        status = main(list(args))
    finally:
        os.chdir(cwd)
    out = capsys.readouterr()
    return status, out.out + out.err


def lessons(project: Project) -> set[str]:
    return {p.name for p in (project.content / "lessons").glob("*.md")}


@pytest.fixture
def kb(project: Project) -> Project:
    project.write("lessons.yml", LESSON_MAP)
    return project


# --- A CSV with a BOM and semicolons: every problem at once, all or nothing ------------


def test_every_problem_of_every_row_is_told_and_nothing_is_written(
    kb: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    write_csv(
        kb.root / "lessons.csv",
        [
            _row("Resolved names", Country="Guyana", Organisation="ECLAC, UN DESA"),
            _row("Broken row", Country="Guyanna", Date="06/08/2024", Polarity="Maybe"),
            _row("Empty body", Background="", Owner="Nobody", Finding="skills-gaps"),
        ],
    )
    before = lessons(kb)
    status, out = run(
        kb, "import", "lessons.csv", "--kind", "lesson", "--mapping", "lessons.yml", capsys=capsys
    )
    assert status == 1
    assert lessons(kb) == before, "a row has problems: nothing may be written"
    assert "read as UTF-8 with a BOM, cells separated by a semicolon" in out
    lines = out.splitlines()
    expected = [
        'lessons.csv:row 2, column "Country": "Guyana" → GUY (Guyana)',
        'lessons.csv:row 2, column "Organisation": "ECLAC" → eclac (ECLAC)',
        'lessons.csv:row 3, column "Country": "Guyanna" is not a country code'
        " — did you mean GUY (Guyana)?",
        'lessons.csv:row 3, column "Date": "06/08/2024" is not a valid date',
        'lessons.csv:row 3, column "Polarity": found "Maybe" (expected one of sustain, improve)',
        'lessons.csv:row 4, column "Background": is empty, so the body has no "## Context"'
        " section, which every lesson needs",
        'lessons.csv:row 4, column "Owner": "Nobody" is not in content/taxonomies/'
        "organisations.yml",
        'lessons.csv:row 4, column "Finding": "skills-gaps" is no entry — did you mean skills-gap?',
    ]
    for line in expected:
        assert any(shown.strip().startswith(line) for shown in lines), (line, out)
    assert "nothing was written" in out
    assert 'Not imported (in no field or section of the mapping): "Notes"' in out


def test_skip_invalid_writes_the_rows_that_pass_and_a_csv_of_the_others(
    kb: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    write_csv(
        kb.root / "lessons.csv",
        [_row("Good lesson one"), _row("Bad lesson", Country="Atlantis"), _row("Good two")],
    )
    args = ("import", "lessons.csv", "--kind", "lesson", "--mapping", "lessons.yml")
    status, out = run(kb, *args, "--skip-invalid", capsys=capsys)
    assert status == 1
    assert {"good-lesson-one.md", "good-two.md"} <= lessons(kb)
    assert "bad-lesson.md" not in lessons(kb)
    with open(kb.root / "lessons.rejected.csv", encoding="utf-8-sig", newline="") as handle:
        rejected = list(csv.DictReader(handle))
    assert [r["Title"] for r in rejected] == ["Bad lesson"]
    assert rejected[0]["source row"] == "row 3"
    assert '"Atlantis" is not a country code' in rejected[0]["import problems"]
    # The written entries pass `lessons-kb check`, as the site's build will see them.
    result = load_knowledge_base(kb.content)
    assert not result.errors, result.errors
    # Fixing the rejected file and importing it with the same mapping brings the row in.
    rejected[0]["Country"] = "Saint Lucia"
    with open(kb.root / "fixed.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rejected[0]))
        writer.writeheader()
        writer.writerows(rejected)
    status, out = run(kb, "import", "fixed.csv", *args[2:], capsys=capsys)
    assert status == 0, out
    assert "bad-lesson.md" in lessons(kb)
    assert '"source row"' not in out and '"import problems"' not in out, "never unused"
    # Running the first import again changes nothing: its two rows are in already.
    texts = {p: p.read_bytes() for p in (kb.content / "lessons").glob("*.md")}
    status, out = run(kb, *args, "--skip-invalid", capsys=capsys)
    assert "Already in the knowledge base, as they would be written: 2 rows." in out
    assert {p: p.read_bytes() for p in (kb.content / "lessons").glob("*.md")} == texts


def test_a_rerun_is_a_no_op_and_an_existing_entry_is_never_overwritten(
    kb: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    write_csv(kb.root / "lessons.csv", [_row("Pair assessments"), _row("Pair assessments")])
    args = ("import", "lessons.csv", "--kind", "lesson", "--mapping", "lessons.yml")
    status, out = run(kb, *args, capsys=capsys)
    assert status == 0, out
    # Ids come from titles, unique in the base (`pair-assessments` is taken) and the table.
    assert {"pair-assessments-2.md", "pair-assessments-3.md"} <= lessons(kb)
    original = (kb.content / "lessons" / "pair-assessments.md").read_bytes()
    snapshot = {p: p.read_bytes() for p in (kb.content / "lessons").glob("*.md")}
    status, out = run(kb, *args, capsys=capsys)
    assert status == 0, out
    assert "Nothing to write: every row is in the knowledge base already." in out
    assert {p: p.read_bytes() for p in (kb.content / "lessons").glob("*.md")} == snapshot
    # A row that names an id already taken by another entry is refused, not overwritten.
    kb.write("ids.yml", LESSON_MAP + "id: Ref\n")
    with open(kb.root / "ids.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*HEADER, "Ref"], [*_row("Another"), "pair-assessments"]])
    status, out = run(kb, "import", "ids.csv", "--kind", "lesson", "--mapping", "ids.yml",
                      capsys=capsys)  # fmt: skip
    assert status == 1
    assert 'column "Ref": the id "pair-assessments" is already used by' in out
    assert (kb.content / "lessons" / "pair-assessments.md").read_bytes() == original


def test_a_dry_run_lists_what_it_would_write_and_writes_nothing(
    kb: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    write_csv(kb.root / "lessons.csv", [_row("A dry lesson")])
    status, out = run(
        kb, "import", "lessons.csv", "--kind", "lesson", "--mapping", "lessons.yml", "--dry-run",
        capsys=capsys,
    )  # fmt: skip
    assert status == 0, out
    assert "Would write 1 entry:\n  content/lessons/a-dry-lesson.md  (row 2)" in out
    assert "a-dry-lesson.md" not in lessons(kb)


# --- Reading tables --------------------------------------------------------------------


def test_encodings_and_delimiters_are_found(tmp_path: Path) -> None:
    text = "Title\tSummary\n“Smart” quotes\tCafé, naïve\n"
    (tmp_path / "a.tsv").write_bytes(text.encode("cp1252"))
    table = read_table(tmp_path / "a.tsv", "a.tsv")
    assert table.rows[0].cells == {"Title": "“Smart” quotes", "Summary": "Café, naïve"}
    assert "Windows-1252" in table.notes[0] and "a tab" in table.notes[0]
    (tmp_path / "b.csv").write_bytes(text.replace("\t", ",").encode("utf-16"))
    table = read_table(tmp_path / "b.csv", "b.csv")
    assert table.columns == ["Title", "Summary"] and "UTF-16 with a BOM" in table.notes[0]
    assert sniff_delimiter('"a;b",c,d\n1,2,3\n') == ","
    assert sniff_delimiter("a|b|c\n") == "|"


def test_xlsx_with_merged_header_cells(kb: Project, capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Lessons"
    sheet.append(["Title", "Summary", "When", "Recommendation", None, "Country"])
    sheet.append([None, None, None, "Text", "Owner", None])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"):
        sheet.merge_cells(cells)
    summary = "Pair every capability assessment with a programme on changing mindsets."
    sheet.append(["From a sheet", summary, dt.datetime(2024, 8, 7), "Plan it.", "UN DESA", "LCA"])
    sheet.append(["Second from a sheet", summary, dt.date(2024, 8, 8), "Plan.", "un-desa", None])
    sheet.merge_cells("F3:F4")  # one country for both rows
    book.save(kb.root / "lessons.xlsx")
    table = read_table(kb.root / "lessons.xlsx", "lessons.xlsx")
    assert table.columns == [
        "Title",
        "Summary",
        "When",
        "Recommendation Text",
        "Recommendation Owner",
        "Country",
    ]
    assert [row.number for row in table.rows] == [3, 4]
    assert table.rows[1].cells["Country"] == "LCA"
    kb.write(
        "sheet.yml",
        "fields:\n  title: Title\n  summary: Summary\n  date: When\n  countries: Country\n"
        "  recommendations: {items: {text: Recommendation Text, owner: Recommendation Owner}}\n"
        "fixed: {status: observed, polarity: improve}\n"
        "sections: {Context: {text: From a workshop.}, Lesson: Summary}\n",
    )
    status, out = run(
        kb, "import", "lessons.xlsx", "--kind", "lesson", "--mapping", "sheet.yml", capsys=capsys
    )
    assert status == 0, out
    assert 'lessons.xlsx:row 3, column "Recommendation Owner": "UN DESA" → un-desa' in out
    entry = load_knowledge_base(kb.content).kb.entries["from-a-sheet"]
    assert entry.data["date"] == "2024-08-07"
    assert [(r["text"], r["owner"]) for r in entry.recommendations] == [("Plan it.", "un-desa")]
    assert load_knowledge_base(kb.content).kb.entries["second-from-a-sheet"].countries == ["LCA"]


def test_json_lines_with_lists_and_objects(kb: Project, capsys: pytest.CaptureFixture[str]) -> None:
    items = [
        {
            "name": "Skills for the digital age",
            "abstract": "Officials lack the skills digital transformation needs.",
            "day": "2024-08-06",
            "type": "Gap",
            "nations": ["Saint Lucia", "The Bahamas"],
            "sources": [{"kind": "document", "source": "Concept note"}],
            "mission": "Scoping mission to Saint Lucia",
            "seen": "Seen.",
            "discussed": "Discussed.",
        },
    ]
    lines = [json.dumps(i, ensure_ascii=False) for i in items] + ["", "not json"]
    kb.write("findings.jsonl", "\n".join(lines) + "\n")
    kb.write(
        "findings.yml",
        "kind: finding\nfields:\n  title: name\n  summary: abstract\n  date: day\n  kind: type\n"
        "  countries: nations\n  evidence: sources\n  mission: mission\n"
        "fixed: {status: verified}\nsections: {Observation: seen, Discussion: discussed}\n",
    )
    args = ("import", "findings.jsonl", "--kind", "finding", "--mapping", "findings.yml")
    status, out = run(kb, *args, capsys=capsys)
    assert status == 1
    assert "findings.jsonl:line 3: the line is not valid JSON" in out
    assert '"Gap" → gap' in out and '"The Bahamas" → BHS (' in out
    assert '"Scoping mission to Saint Lucia" → lca-2024' in out
    status, out = run(kb, *args, "--skip-invalid", "--rejected", "out.csv", capsys=capsys)
    path = kb.content / "missions" / "lca-2024" / "findings" / "skills-for-the-digital-age.md"
    assert path.is_file(), out
    entry = load_knowledge_base(kb.content).kb.entries["skills-for-the-digital-age"]
    assert entry.countries == ["LCA", "BHS"] and entry.mission_id == "lca-2024"


# --- Mappings --------------------------------------------------------------------------


def test_mapping_mistakes_are_told_with_their_line_and_a_likely_fix(
    kb: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping(
            "fields:\n  title: Title\n  countires: Country\nsection: {}\n", "m.yml", "lesson"
        )
    told = [p.location() + " " + p.sentence() for p in caught.value.problems]
    assert any("m.yml:3" in t and "did you mean `countries`?" in t for t in told), told
    assert any("m.yml:4" in t and "did you mean `sections`?" in t for t in told), told
    assert any("no value to `summary`" in t for t in told), told
    assert any("no `## Context` section" in t for t in told), told
    kb.write("typo.yml", LESSON_MAP.replace("Country", "Countries"))
    write_csv(kb.root / "lessons.csv", [_row("One")])
    status, out = run(
        kb, "import", "lessons.csv", "--kind", "lesson", "--mapping", "typo.yml", capsys=capsys
    )
    assert status == 2
    assert 'typo.yml:7: lessons.csv has no column "Countries"' in out
    assert "did you mean `Country`?" in out


def test_suggest_writes_a_first_mapping_that_imports(
    kb: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ["Lesson title", "Short description", "Date", "Countries", "Organization",
              "Background", "Lesson learned", "Recommendation", "Responsible unit",
              "Remarks"]  # fmt: skip
    row = ["Suggested lesson", "Pair every capability assessment with mindset work.",
           "2024-08-07", "Saint Lucia", "UN DESA", "Context text.", "Lesson text.",
           "Plan it.", "un-desa", "x"]  # fmt: skip
    with open(kb.root / "in.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, row])
    status, out = run(
        kb,
        "import",
        "--suggest",
        "in.csv",
        "--kind",
        "lesson",
        "--mapping",
        "in.yml",
        capsys=capsys,
    )
    assert status == 0, out
    text = (kb.root / "in.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["fields"] == {
        "title": "Lesson title",
        "summary": "Short description",
        "date": "Date",
        "countries": "Countries",
        "organisations": "Organization",
        "recommendations": {"items": {"text": "Recommendation", "owner": "Responsible unit"}},
    }
    assert data["sections"] == {"Context": "Background", "Lesson": "Lesson learned"} | (
        {"Recommendations": "Recommendation"} if "Recommendations" in _sections() else {}
    )
    assert data["ignore"] == ["Remarks"] and data["fixed"] == {"status": "observed"}
    assert "# polarity: …  # required: one of sustain, improve" in text
    kb.write("in.yml", text.replace("# polarity: …", "polarity: improve #"))
    status, out = run(kb, "import", "in.csv", "--kind", "lesson", "--mapping", "in.yml",
                      capsys=capsys)  # fmt: skip
    assert status == 0, out
    assert "suggested-lesson.md" in lessons(kb)
    # Never over an existing file.
    status, out = run(
        kb,
        "import",
        "--suggest",
        "in.csv",
        "--kind",
        "lesson",
        "--mapping",
        "in.yml",
        capsys=capsys,
    )
    assert status == 1 and "already exists" in out


def _sections() -> list[str]:
    return list(schema_for("lesson")["x-body-sections"])


# --- Long real text --------------------------------------------------------------------

LONG_TEXT = (
    "First paragraph, with an entity &amp; a “smart” quote, and a tab\there.\r\n"
    "A second line of the same paragraph.\r\n\r\n"
    "Tricky: Super*Zip, 8*) and +\\-, _under_ [link](x) <b>bold</b> `code` ~~gone~~ #tag | a.\n\n"
    "Steps:\n1. first step\n2. second step\n3. third step\n\n"
    "- a bullet\n• another bullet\n\n"
    "2024. was a year\n---\n===\n??? note\n    indented\x00\x07 line\u2028next\n"
)


def test_cell_text_becomes_markdown_that_shows_what_the_cell_held(tmp_path: Path) -> None:
    markdown = markdown_from_text(clean(LONG_TEXT))
    assert "1. first step\n2. second step\n3. third step" in markdown
    assert "- a bullet\n- another bullet" in markdown
    assert "Super\\*Zip, 8\\*\\) and \\+\\\\-" in markdown
    assert "\x00" not in markdown and "\x07" not in markdown
    assert "2024\\. was a year" in markdown and "\\---" in markdown and "&#61;==" in markdown
    assert clean("&amp;#39; &#39;") == "&#39; '", "entities are decoded once"
    assert clean("vis-a\u0300-vis") == "vis-\u00e0-vis"
    assert markdown_from_text("3. three\n4. four") == "3\\. three  \n4\\. four"


@pytest.mark.slow
def test_long_real_text_reaches_the_page_as_written(
    kb: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decomposed = unicodedata.normalize("NFD", "Vis-à-vis the ministries: what was learned")
    long_cell = "A sentence that goes on. " * 2000  # 50 KB in one cell: one long paragraph
    write_csv(
        kb.root / "lessons.csv",
        [
            _row(decomposed, Background=LONG_TEXT, **{"Lesson text": long_cell}),
            _row("A title that says &amp;#39; once", Background="Plain."),
            _row("Too long " * 40, Background="x" * 1_100_000),
        ],
    )
    args = ("import", "lessons.csv", "--kind", "lesson", "--mapping", "lessons.yml")
    _, out = run(kb, *args, "--skip-invalid", capsys=capsys)
    assert 'lessons.csv:row 4, column "Title": is too long (359 characters)' in out
    assert 'lessons.csv:row 4, column "Background": the entry would be 1,1' in out
    assert "more than the 1,000,000 an entry may have" in out
    path = kb.content / "lessons" / "vis-a-vis-the-ministries-what-was-learned.md"
    text = path.read_text("utf-8")
    assert "Vis-\u00e0-vis" in text and unicodedata.is_normalized("NFC", text)
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "lessons_kb.cli.main", "build", "-d", str(site)],
        cwd=kb.root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stdout + build.stderr
    page = (site / "lessons" / path.stem / "index.html").read_text("utf-8")
    shown = _visible_text(page)
    for held in (
        "Super*Zip, 8*) and +\\-, _under_ [link](x) <b>bold</b> `code` ~~gone~~ #tag | a.",
        "an entity & a “smart” quote, and a tab here.",
        "2024. was a year",
        "??? note",
        "Vis-à-vis the ministries",
    ):
        assert held in shown, held
    assert "<ol>\n<li>first step</li>" in page and "<li>another bullet</li>" in page
    assert page.count("<h1") == 1, "no line of a cell became a heading"
    other = (site / "lessons" / "a-title-that-says-39-once" / "index.html").read_text("utf-8")
    assert "says &amp;#39; once" in other, "the entity is decoded once: `&#39;` stays text"


def _visible_text(page: str) -> str:
    import html

    text = re.sub(r"<[^>]+>", "", page)
    return " ".join(html.unescape(text).split())


def test_hand_written_entries_are_read_as_nfc_too(project: Project) -> None:
    project.lesson(title=unicodedata.normalize("NFD", "Vis-à-vis ministries"))
    entry = load_knowledge_base(project.content).kb.entries["pair-assessments"]
    assert entry.title == "Vis-\u00e0-vis ministries"


# --- The round trip --------------------------------------------------------------------


def _comparable(data: dict[str, object], kind: str) -> dict[str, object]:
    """Front matter with the schema's defaults filled in and empty lists left out."""
    properties = schema_for(kind)["properties"]
    defaults = {k: v["default"] for k, v in properties.items() if "default" in v}
    return {k: v for k, v in {**defaults, **data}.items() if v not in ([], None, "")}


@pytest.mark.slow
def test_the_sites_own_csv_exports_import_back_into_the_same_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = copy_example(tmp_path / "example")
    # Only the exports are compared here: warnings of a strict build are other tests' work.
    config = example / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("strict: true", "strict: false"), "utf-8")
    site = tmp_path / "site"
    build = subprocess.run(
        # English only: the exports of one edition hold every entry.
        [sys.executable, "-m", "lessons_kb.cli.main", "build", "--languages=en", "-d", str(site)],
        cwd=example,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stdout + build.stderr
    empty = Project(tmp_path / "empty")
    empty.root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", empty.root / "mkdocs.yml")
    shutil.copytree(REPO / "content" / "taxonomies", empty.content / "taxonomies")
    for kind in ("mission", "finding", "lesson"):
        table = site / "api" / "v1" / f"{kind}s.csv"
        status, out = run(
            empty, "import", str(table), "--kind", kind, "--mapping", "export", capsys=capsys
        )
        assert status == 0, out
    original = load_knowledge_base(example / "content")
    imported = load_knowledge_base(empty.content)
    assert not imported.errors, imported.errors
    public = {i: e for i, e in original.kb.entries.items() if e.is_public}
    assert set(imported.kb.entries) == set(public)
    for entry_id, entry in public.items():
        back = imported.kb.entries[entry_id]
        assert back.kind == entry.kind and back.mission_id == entry.mission_id
        before, after = _comparable(entry.data, entry.kind), _comparable(back.data, back.kind)
        for name in sorted(set(before) | set(after)):
            assert after.get(name) == before.get(name), (entry_id, name)
    # The second import of the same exports writes nothing.
    status, out = run(
        empty, "import", str(site / "api" / "v1" / "lessons.csv"), "--kind", "lesson",
        "--mapping", "export", capsys=capsys,
    )  # fmt: skip
    assert status == 0 and "every row is in the knowledge base already" in out


def test_skip_invalid_never_writes_a_row_that_names_a_rejected_one(
    kb: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = LESSON_MAP.replace("fields:\n", "fields:\n  related: Related\n") + "id: Ref\n"
    kb.write("related.yml", mapping)
    with open(kb.root / "related.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER, "Ref", "Related"])
        writer.writerow([*_row("First", Country="Atlantis"), "first-lesson", ""])
        writer.writerow([*_row("Second"), "second-lesson", "first-lesson"])
        writer.writerow([*_row("Third"), "third-lesson", "second-lesson"])
        writer.writerow([*_row("Fourth"), "fourth-lesson", ""])
    args = ("import", "related.csv", "--kind", "lesson", "--mapping", "related.yml")
    status, out = run(kb, *args, "--dry-run", capsys=capsys)
    assert status == 1
    assert 'row 3, column "Related"' not in out, "row 2 is there to be named in the dry run"
    status, out = run(kb, *args, "--skip-invalid", capsys=capsys)
    assert status == 1
    assert 'related.csv:row 3, column "Related": "first-lesson" is no entry' in out
    assert 'related.csv:row 4, column "Related": "second-lesson" is no entry' in out
    assert {"fourth-lesson.md"} == lessons(kb) - {"pair-assessments.md"}
    assert not load_knowledge_base(kb.content).errors


def test_a_finding_needs_its_mission(kb: Project, capsys: pytest.CaptureFixture[str]) -> None:
    kb.write(
        "f.yml",
        "kind: finding\nfields: {title: T, summary: S, date: D, kind: K, mission: M}\n"
        "fixed: {status: draft}\nsections: {Observation: S, Discussion: S}\n",
    )
    kb.write(
        "f.csv",
        "T,S,D,K,M\nA finding here,Seen in the capital city.,2024-08-06,gap,lca-2O24\n"
        "Another finding,Seen in the capital city.,2024-08-06,gap,\n",
    )
    status, out = run(kb, "import", "f.csv", "--kind", "finding", "--mapping", "f.yml",
                      capsys=capsys)  # fmt: skip
    assert status == 1
    assert (
        'f.csv:row 2, column "M": there is no mission "lca-2O24" in the knowledge base'
        " — did you mean lca-2024?"
    ) in out
    assert 'f.csv:row 3, column "M": gives no mission' in out
    assert not (kb.content / "missions" / "lca-2O24").exists()
