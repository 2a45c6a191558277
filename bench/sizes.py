"""What a built site weighs: in all, by part, its largest page and its entry pages."""

from __future__ import annotations

from pathlib import Path

ENTRY_FOLDERS = ("missions", "findings", "lessons")
GENERATED_FOLDERS = ("countries", "sdgs", "themes", "organisations", "years", "statuses")


def _size(paths: list[Path]) -> int:
    return sum(path.stat().st_size for path in paths)


def site_sizes(site: Path) -> dict[str, object]:
    """Bytes on disk of the whole site and of its parts, as GitHub Pages counts them."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    entries = [
        p
        for p in pages
        if p.relative_to(site).parts[0] in ENTRY_FOLDERS and len(p.relative_to(site).parts) == 3
    ]
    largest = max(pages, key=lambda p: p.stat().st_size)
    generated = [p for p in pages if p.relative_to(site).parts[0] in GENERATED_FOLDERS]
    largest_generated = max(generated, key=lambda p: p.stat().st_size) if generated else largest
    return {
        "site_bytes": _size(files),
        "site_files": len(files),
        "feeds_bytes": _size([p for p in files if p.relative_to(site).parts[0] == "feeds"]),
        "exports_bytes": _size([p for p in files if p.relative_to(site).parts[0] == "api"]),
        "search_bytes": _size([p for p in files if p.relative_to(site).parts[0] == "pagefind"]),
        "entry_pages": len(entries),
        "entry_page_mean": _size(entries) / max(1, len(entries)),
        "largest_page": largest.relative_to(site).as_posix(),
        "largest_page_bytes": largest.stat().st_size,
        "largest_listing": largest_generated.relative_to(site).as_posix(),
        "largest_listing_bytes": largest_generated.stat().st_size,
    }


def projected(small: dict[str, object], large: dict[str, object], entries: int) -> float:
    """The whole site's bytes at `entries`, on the line through two measured sizes."""
    n1, b1 = float(small["size"]), float(small["site_bytes"])  # type: ignore[arg-type]
    n2, b2 = float(large["size"]), float(large["site_bytes"])  # type: ignore[arg-type]
    slope = (b2 - b1) / (n2 - n1)
    return b2 + slope * (entries - n2)
