"""The German terminology gate: no avoided variant in any German message.

``locale/de/terminology.md`` ends with a table of variants to avoid (a regular
expression per row) and the term to use instead.  Every msgstr of every German
catalog (the page catalogs and the package catalog) is checked against it, outside
quotations: a source quoted verbatim in „…“ keeps its own words, and so do URLs and
cross-reference targets.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
TERMINOLOGY = ROOT / "locale" / "de" / "terminology.md"
CATALOGS = sorted((ROOT / "locale" / "de" / "LC_MESSAGES").rglob("*.po")) + [
    ROOT / "messaging_rules" / "locale" / "de" / "LC_MESSAGES" / "messaging_rules.po"
]
HEADING = "## Variants to avoid (checked)"
_CELL = re.compile(r"(?:\\\||[^|])+")
# What the gate does not read: verbatim quotes, URLs, role targets and inline code.
_EXEMPT = re.compile(r"„[^“]*“|<https?://[^>]*>|https?://\S+|<[^<>`]+>(?=`)|(?<!\})`[^`]*`")


def avoided_variants(text: str) -> list[tuple[re.Pattern[str], str]]:
    """Read the table of avoided variants: (pattern, term to use instead) per row.

    >>> table = "## Variants to avoid (checked)\\n\\n| avoid | use | why |\\n| --- | --- | --- |\\n"
    >>> [(p.pattern, use) for p, use in avoided_variants(table + "| `a\\\\|b` | c | d |\\n")]
    [('a|b', 'c')]
    """
    rows = []
    section = text.split(HEADING, 1)[1] if HEADING in text else ""
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in _CELL.findall(line.strip().strip("|"))]
        pattern = cells[0].strip("`").replace("\\|", "|")
        rows.append((re.compile(pattern), cells[1]))
    return rows


def checked_text(msgstr: str) -> str:
    """The part of a message the gate reads: no quotes, URLs, role targets or code.

    >>> checked_text('Er schrieb: „die Privat-App“ ({ref}`S1 <source-s1>`), <https://x.de/zustimmung>')
    'Er schrieb:  ({ref}`S1 `), '
    """
    return _EXEMPT.sub("", msgstr)


VARIANTS = avoided_variants(TERMINOLOGY.read_text("utf-8"))


def test_the_gate_has_rows() -> None:
    # A renamed heading or a broken table would silently turn the gate off.
    assert len(VARIANTS) >= 10, f"{TERMINOLOGY.name}: the table under {HEADING!r} is missing"


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Die Kontakte haben nicht zugestimmt.", True),
        ("Die Kontakte haben nicht eingewilligt.", False),
        ("mit der Privat-App", True),
        ("über einen Dienstleister", True),
        ("über einen Anbieter", False),
        ("ein Messenger, der dafür gebaut ist", True),
        ("Jede Regelseite ist gleich aufgebaut", False),
        ("sechs Jahre", False),
        ("6 Jahre", True),
        ("seit 2026 Jahre", False),
        ("Rücksprache, um das abzustimmen", False),
        ("Der Artikel schrieb: „die firmenmässige [sic] Nutzung … zugestimmt“", False),
    ],
)
def test_the_gate_catches_what_the_review_found(text: str, hit: bool) -> None:
    assert any(p.search(checked_text(text)) for p, _ in VARIANTS) is hit


@pytest.mark.parametrize("path", CATALOGS, ids=[p.relative_to(ROOT).as_posix() for p in CATALOGS])
def test_no_avoided_variant_in_german_messages(path: Path) -> None:
    found = []
    for entry in polib.pofile(str(path)):
        strings = [entry.msgstr, *entry.msgstr_plural.values()]
        for text in strings:
            for pattern, use in VARIANTS:
                match = pattern.search(checked_text(text))
                if match:
                    found.append(f"{entry.msgid[:70]!r}: „{match[0]}“ → {use}")
    assert not found, f"{path.relative_to(ROOT)}:\n" + "\n".join(found)
