"""One truth: no reader page states a channel's verdict by hand.

A verdict a reader sees comes from the rules package: a generated table
(``{decision-matrix}``, ``{team-policy}``), the ``{verdict}`` role, which asks the
engine for a named situation, or a ``{doctest}`` beside the sentence.
A sentence that names a channel and a verdict word in its own words could say the
opposite of the engine after the next rule change, as edition 2's pages did; this
test finds every such sentence in the English pages (the German ones are their
translations, and the roles and tables carry over unchanged).

Exempt are code, doctest and literal blocks, the text of roles, rule headings (the
titles come from the package and are compared with it in ``test_titles.py``) and
the changelog, which records what earlier editions said.
Prose inside directives (notes, warnings, list tables, the rows of a
``{decision-matrix}``) is checked like any other line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: Pages that may name verdicts of the past.
EXEMPT = {"changelog.md"}

CHANNEL = re.compile(
    r"\b(whatsapp|sms|e-mails?|email|messengers?|platform|business app|phone calls?|fax)\b",
    re.IGNORECASE,
)
VERDICT = re.compile(
    r"\b(not allowed|allowed|discouraged|recommended|forbidden|prohibited|permitted)\b",
    re.IGNORECASE,
)
ROLE = re.compile(r"\{[a-z-]+\}`[^`]*`")
CODE = re.compile(r"``?[^`]+``?")
FENCE = re.compile(r"^\s*(```+|:::+)\s*(\{[a-z-]+\}|[a-z]*)")
#: Fences whose content is not prose: code, doctests, files shown as they are.
CODE_FENCES = {"", "{doctest}", "{code-block}", "{code}", "{literalinclude}", "{testcode}",
               "{testoutput}", "console", "python", "pycon", "toml", "text", "json", "bash",
               "shell", "html", "nginx", "po"}  # fmt: skip
RULE_HEADING = re.compile(r"^# R\d+: ")


def hand_written_verdicts(text: str) -> list[tuple[int, str]]:
    """The lines of *text* that pair a channel with a verdict word in prose.

    >>> hand_written_verdicts("SMS is not allowed for health data.\\n")
    [(1, 'SMS is not allowed for health data.')]
    >>> hand_written_verdicts("SMS is {verdict}`sms consumer special-category`.\\n")
    []
    >>> hand_written_verdicts("```{doctest}\\n>>> 'sms', 'not allowed'\\n```\\n")
    []
    >>> hand_written_verdicts("```{note}\\nSMS is allowed here.\\n```\\n")
    [(2, 'SMS is allowed here.')]
    """
    found = []
    fences: list[tuple[str, bool]] = []  # (marker, is code) of the open fences
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if match:
            marker, info = match.group(1), match.group(2)
            closes = fences and marker.startswith(fences[-1][0][0]) and not info
            if closes and len(marker) >= len(fences[-1][0]):
                fences.pop()
            else:
                fences.append((marker, info in CODE_FENCES))
            continue
        if any(code for _, code in fences) or RULE_HEADING.match(line):
            continue
        prose = CODE.sub("", ROLE.sub("", line))
        if CHANNEL.search(prose) and VERDICT.search(prose):
            found.append((number, line.strip()))
    return found


PAGES = sorted(p for p in DOCS.rglob("*.md") if p.name not in EXEMPT and "_" not in p.parts[-2])


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page_states_no_verdict_by_hand(page: Path) -> None:
    found = hand_written_verdicts(page.read_text(encoding="utf-8"))
    assert not found, "\n".join(
        f"{page.relative_to(DOCS)}:{number}: use the {{verdict}} role or a table: {line}"
        for number, line in found
    )
