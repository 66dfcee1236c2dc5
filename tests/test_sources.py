"""The sources page lists every source the guide cites, and none it does not."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SOURCES = DOCS / "reference" / "sources.md"


def cited() -> dict[str, set[str]]:
    """Map each cited source label to the pages that cite it."""
    found: dict[str, set[str]] = {}
    for page in DOCS.rglob("*.md"):
        if page == SOURCES:
            continue
        for label in re.findall(r"<(source-s\d+)>`", page.read_text("utf-8")):
            found.setdefault(label, set()).add(page.relative_to(DOCS).as_posix())
    return found


def listed() -> dict[str, str]:
    """Map each source label on the sources page to its entry text."""
    text = SOURCES.read_text("utf-8")
    parts = re.split(r"^\((source-s\d+)\)=\n", text, flags=re.M)
    return {
        label: body.split("\n\n")[0] for label, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_every_cited_source_is_listed() -> None:
    missing = {label: pages for label, pages in cited().items() if label not in listed()}
    assert not missing, f"cited but not on the sources page: {missing}"


def test_every_listed_source_is_cited() -> None:
    unused = sorted(set(listed()) - set(cited()))
    assert not unused, f"on the sources page but cited nowhere: {unused}"


def test_every_entry_names_date_url_and_last_check() -> None:
    incomplete = [
        label
        for label, entry in listed().items()
        if not (re.search(r"<https?://", entry) or "no URL" in entry)
        or "Date" not in entry
        or not re.search(r"^Checked: \S", entry, flags=re.M)
    ]
    assert not incomplete, f"entries without date, URL or a 'Checked' line: {incomplete}"


#: What a "Checked" line must say: the date and what was read, or where the entry came from.
# A reading at the current facts check carries the facts date, written once in conf.py; an
# earlier reading that was not repeated keeps its own date, written out ("1 December 2026").
CHECKED = (
    r"^Checked: ((\{facts-date\}`checked`|\d{1,2} [A-Z][a-z]+ \d{4}); read: .+"
    r"|consulted for|taken from)"
)


def test_checked_lines_say_what_was_read_or_that_it_was_not() -> None:
    vague = [label for label, entry in listed().items() if not re.search(CHECKED, entry, re.M)]
    assert not vague, f"'Checked' lines that do not say what was read: {vague}"
