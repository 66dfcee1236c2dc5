"""Every rule is traceable: a page, executable examples, sources and a German title."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from traceability import count_examples, rule_pages

from messaging_rules import RULES
from tools import catalogs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SOURCES = (DOCS / "reference" / "sources.md").read_text("utf-8")
GERMAN = {
    catalogs.msgid(m): catalogs.strings(m)[0]
    for m in catalogs.entries(
        catalogs.read(
            ROOT / "messaging_rules" / "locale" / "de" / "LC_MESSAGES" / "messaging_rules.po"
        )
    )
}
PAGES = rule_pages(DOCS)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_page_examples_sources_and_german_title(rule) -> None:
    assert rule.label in PAGES, f"{rule.id} has no page with the label ({rule.label})="
    page = (DOCS / f"{PAGES[rule.label]}.md").read_text("utf-8")
    assert count_examples(page) >= 2, f"{rule.id}: fewer than two doctest examples"
    assert rule.sources, f"{rule.id} names no source"
    for source in rule.sources:
        assert f"({source.lower().replace('s', 'source-s', 1)})=" in SOURCES, source
        assert f"source-{source.lower()}>" in page, f"{rule.id}: page does not cite {source}"
    assert GERMAN.get(rule.title), f"{rule.id}: no German translation of its title"


def test_every_rule_page_belongs_to_a_rule() -> None:
    assert set(PAGES) == {r.label for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_page_has_the_six_sections_in_order(rule) -> None:
    page = (DOCS / f"{PAGES[rule.label]}.md").read_text("utf-8")
    labels = re.findall(r"^\((rule-r\d+(?:-[a-z-]+)?)\)=", page, re.M)
    suffixes = ["", "-article", "-now", "-what-to-do", "-sources", "-check"]
    assert [x for x in labels if x.startswith(rule.label)] == [rule.label + s for s in suffixes]
