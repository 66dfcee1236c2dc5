"""One title per rule and language, the same in every output.

A rule's short title is written once per language: in English in the rule's module
(``messaging_rules/rules_*.py``), in German in the package catalog.  The page heading
(``R5: <title>``, English source and German page catalog), the command line, the
handout and the traceability page must all show exactly that title.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from messaging_rules import RULES
from messaging_rules.cli import main
from messaging_rules.i18n import translate
from tools import catalogs

ROOT = Path(__file__).resolve().parent.parent
RULE_PAGES = sorted((ROOT / "docs" / "rules").glob("r[0-9]*.md"))
PAGE_CATALOGS = ROOT / "locale" / "de" / "LC_MESSAGES" / "rules"
IDS = [r.id for r in RULES]
_H1 = re.compile(r"^# (R\d+): (.+)$", re.MULTILINE)


def heading(page: Path) -> tuple[str, str]:
    """Return (rule id, title) from a rule page's H1, such as ``# R5: Use …``."""
    match = _H1.search(page.read_text("utf-8"))
    assert match, f"{page.name}: no heading of the form '# Rn: title'"
    return match[1], match[2]


def results(data: object) -> list[dict[str, object]]:
    """The list of items in the CLI's JSON output, whether bare or wrapped.

    The command line prints either a list or an object whose "results" holds it.

    >>> results([{"id": "R1"}]), results({"schema": 1, "results": [{"id": "R1"}]})
    ([{'id': 'R1'}], [{'id': 'R1'}])
    """
    items = data.get("results") if isinstance(data, dict) else data
    assert isinstance(items, list), f"unexpected JSON output: {data!r:.200}"
    return items


def cli_titles(lang: str) -> dict[str, str]:
    """Run ``rules --lang <lang> --format json`` and return rule id → title."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["rules", "--lang", lang, "--format", "json"]) == 0
    return {str(item["id"]): str(item["title"]) for item in results(json.loads(out.getvalue()))}


PAGES = {heading(page)[0]: page for page in RULE_PAGES}


def test_every_rule_has_one_page() -> None:
    assert sorted(PAGES, key=lambda i: int(i[1:])) == IDS


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_english_heading_is_the_package_title(rule) -> None:
    assert heading(PAGES[rule.id]) == (rule.id, rule.title)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_german_heading_is_the_package_title(rule) -> None:
    page = PAGES[rule.id]
    catalog = catalogs.read(PAGE_CATALOGS / page.with_suffix(".po").name)
    entry = catalog.get(f"{rule.id}: {rule.title}")
    assert entry is not None, f"{page.name}: the heading is not in the German catalog"
    assert entry.string == f"{rule.id}: {translate(rule.title, 'de')}"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_command_line_shows_the_page_headings(lang: str) -> None:
    titles = cli_titles(lang)
    for rule in RULES:
        english = heading(PAGES[rule.id])[1]
        expected = english if lang == "en" else translate(english, "de")
        assert titles[rule.id] == expected, rule.id


def test_german_titles_are_translated_and_distinct() -> None:
    german = {rule.id: translate(rule.title, "de") for rule in RULES}
    assert all(german[r.id] != r.title for r in RULES), "an untranslated rule title"
    assert len(set(german.values())) == len(german)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_german_titles_share_one_style(rule) -> None:
    # Statements, never instructions: no imperative („Nutzen Sie …“), no infinitive
    # ending („… nutzen“) as the two old sets of titles had.
    title = translate(rule.title, "de")
    assert not re.match(r"^\w+ Sie\b", title), title
    assert not re.search(r"\b(nutzen|senden|lesen lassen|festhalten|wählen)$", title), title


def _text(tag) -> str:
    """A tag's text as written in the source: no permalink, straight apostrophes."""
    for link in tag.select("a.headerlink"):
        link.decompose()
    return " ".join(tag.get_text(" ", strip=True).replace("\u2019", "'").split())


@pytest.mark.build
@pytest.mark.parametrize("lang", ["en", "de"])
def test_built_pages_handout_and_traceability_show_the_same_titles(site: Path, lang: str) -> None:
    handout = _text(BeautifulSoup((site / lang / "handout.html").read_text("utf-8"), "html.parser"))
    trace = (site / lang / "reference" / "traceability.html").read_text("utf-8")
    trace_text = _text(BeautifulSoup(trace, "html.parser"))
    for rule in RULES:
        title = translate(rule.title, lang)
        page = site / lang / "rules" / PAGES[rule.id].with_suffix(".html").name
        h1 = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article h1")
        assert h1 is not None and _text(h1) == f"{rule.id}: {title}", page.name
        assert title in handout, f"handout ({lang}) lacks the title of {rule.id}"
        assert title in trace_text, f"traceability page ({lang}) lacks the title of {rule.id}"
