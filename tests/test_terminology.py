"""The German terminology gate: no avoided variant in any German message.

``locale/de/terminology.md`` ends with a table of variants to avoid (a regular
expression per row) and the term to use instead.  Every msgstr of every German
catalog (the page catalogs and the package catalog) is checked against it, outside
quotations: a source quoted verbatim in „…“ keeps its own words, and so do URLs and
cross-reference targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools import catalogs

ROOT = Path(__file__).resolve().parent.parent
TERMINOLOGY = ROOT / "locale" / "de" / "terminology.md"
CATALOGS = sorted((ROOT / "locale" / "de" / "LC_MESSAGES").rglob("*.po")) + [
    ROOT / "messaging_rules" / "locale" / "de" / "LC_MESSAGES" / "messaging_rules.po"
]
HEADING = "## Variants to avoid (checked)"
_CELL = re.compile(r"(?:\\\||[^|])+")
# A sentence ends after a word and a full stop, before a capital: not after "22." or "Art.".
_SENTENCE = re.compile(r"(?<=[a-zäöüß)“][.!?])\s+(?=[A-ZÄÖÜ„])")
# What the gate does not read: verbatim quotes, URLs, role targets and inline code.
_EXEMPT = re.compile(r"„[^“]*“|<https?://[^>]*>|https?://\S+|<[^<>`]+>(?=`)|(?<!\})`[^`]*`")


@dataclass(frozen=True)
class Variant:
    """One row of the table: what to avoid, what to use, and where the word is right."""

    avoid: re.Pattern[str]
    use: str
    unless: re.Pattern[str] | None = None

    def find(self, text: str) -> str | None:
        """Return the first avoided variant in *text*, sentence by sentence.

        >>> v = Variant(re.compile("zugestimmt"), "eingewilligt", re.compile("Bundesrat"))
        >>> v.find("Der Bundesrat hat zugestimmt. Die Kunden haben zugestimmt.")
        'zugestimmt'
        >>> v.find("Der Bundesrat hat zugestimmt.") is None
        True
        """
        for sentence in _SENTENCE.split(checked_text(text)):
            match = self.avoid.search(sentence)
            if match and not (self.unless and self.unless.search(sentence)):
                return match[0]
        return None


def _pattern(cell: str) -> re.Pattern[str] | None:
    code = cell.strip().strip("`").replace("\\|", "|")
    return re.compile(code) if code else None


def avoided_variants(text: str) -> list[Variant]:
    """Read the table of avoided variants, one :class:`Variant` per row.

    >>> table = HEADING + "\\n\\n| avoid | use | why | unless |\\n| --- | --- | --- | --- |\\n"
    >>> rows = avoided_variants(table + "| `a\\\\|b` | c | d |  |\\n")
    >>> [(v.avoid.pattern, v.use, v.unless) for v in rows]
    [('a|b', 'c', None)]
    """
    rows = []
    section = text.split(HEADING, 1)[1] if HEADING in text else ""
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in _CELL.findall(line.strip().strip("|"))]
        unless = _pattern(cells[3]) if len(cells) > 3 else None
        avoid = _pattern(cells[0])
        assert avoid is not None, line
        rows.append(Variant(avoid, cells[1], unless))
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
        ("dem der Bundesrat am 22. September 2017 zugestimmt hat", False),
        ("ein IT-Dienstleister nach § 203 StGB", False),
        # the third review (issue 23): one term per concept, opt-in is no consent
        ("die normale WhatsApp-App", True),
        ("die private WhatsApp-App", False),
        ("per normaler E-Mail", True),
        ("per nur transportverschlüsselter E-Mail", False),
        ("nicht auf die Platform", True),
        ("Englisch: *WhatsApp Business Platform*", False),
        ("ihre Einwilligung (Opt-in)", True),
        ("den Opt-in nach den Vorgaben von WhatsApp", True),
        ("wenn sie dem Empfang zugestimmt haben (Opt-in)", False),
        ("Vertrauliche Inhalte sind nicht empfohlen", True),
        ("erlaubt unter Bedingungen", True),
        ("auf einem Firmenhandy", True),
        ("an die zuweisende Ärztin", True),
        ("kein Geschäftsbrief", True),
        ("Handels- oder Geschäftsbriefe (§ 147 AO)", False),
        ("die Bundeswehr verbietet es für die dienstliche Nutzung", False),
        ("für die dienstliche Nutzung im Betrieb", True),
        ("aus dem Regelpaket erzeugt", True),
        ("bei jedem Bau dieses Leitfadens", True),
        ("Ein Verbraucher: Es gilt dasselbe", True),
        ("gegenüber Verbrauchern (§ 7 Abs. 2 Nr. 1 UWG)", False),
    ],
)
def test_the_gate_catches_what_the_review_found(text: str, hit: bool) -> None:
    assert any(v.find(text) for v in VARIANTS) is hit


@pytest.mark.parametrize("path", CATALOGS, ids=[p.relative_to(ROOT).as_posix() for p in CATALOGS])
def test_no_avoided_variant_in_german_messages(path: Path) -> None:
    found = []
    for message in catalogs.entries(catalogs.read(path)):
        for text in catalogs.strings(message):
            for variant in VARIANTS:
                match = variant.find(text)
                if match:
                    found.append(f"{catalogs.msgid(message)[:70]!r}: „{match}“ → {variant.use}")
    assert not found, f"{path.relative_to(ROOT)}:\n" + "\n".join(found)
