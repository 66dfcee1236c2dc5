"""The templates to copy: what the forms offer comes from the rules, what each channel
means comes from the package's own table, in both languages, and each page links its PDF.

The pages are discovered from ``docs/templates/*.md``, so a template added there is
covered without a change here.  The PDFs themselves are checked in ``test_pdf.py``,
the pages on a phone and a desktop screen in ``test_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from decision_matrix import parse_situation
from template_forms import BOX, dropped_under_secrecy, offered, usable_channels

from messaging_rules import CHANNEL_ORDER, Channel, Verdict, check
from messaging_rules.i18n import label
from messaging_rules.notices import NOTICES, RECIPIENTS, notice, recipients
from messaging_rules.vocabulary import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "docs" / "templates"
#: Every template page (the index lists them; it is no template itself).
PAGES = sorted(p.stem for p in TEMPLATES.glob("*.md") if p.stem != "index")
#: The purposes of the consent form, as its page lists them.
FORM = ["consumer appointment no-access", "consumer general no-access"]
ADVERTISING = ["consumer marketing no-access"]


def _texts(channel: Channel, language: str) -> list[str]:
    return [notice(channel, language), *recipients(channel, language)]


@pytest.mark.parametrize("channel", list(Channel))
def test_every_channel_has_a_notice_and_recipients_in_each_language(channel: Channel) -> None:
    assert channel in NOTICES and channel in RECIPIENTS
    english, german = _texts(channel, "en"), _texts(channel, "de")
    assert all(text.strip() for text in english + german)
    for en, de in zip(english, german, strict=True):
        # Translated (a country name alone may stay as it is).
        assert de != en or re.fullmatch(r"USA \([^)]*\)", en), en


@pytest.mark.parametrize("channel", list(Channel))
def test_notices_state_facts_never_a_verdict(channel: Channel) -> None:
    """Which channel a form offers is the rules' verdict; the notices only explain."""
    for language in LANGUAGES:
        words = {label(v, language).lower() for v in Verdict} | {"allowed", "erlaubt"}
        for text in _texts(channel, language):
            assert not any(word in text.lower() for word in words), text


def test_the_form_offers_exactly_what_the_rules_allow() -> None:
    situations = [parse_situation(tokens) for tokens in FORM]
    expected = [
        c
        for c in CHANNEL_ORDER
        if any(check(c, s).verdict >= Verdict.ALLOWED_WITH_CONDITIONS for s in situations)
    ]
    assert offered(situations) == expected
    assert Channel.WHATSAPP not in expected and Channel.EMAIL in expected
    advertising = offered([parse_situation(t) for t in ADVERTISING])
    assert all(
        check(c, parse_situation(ADVERTISING[0])).verdict >= Verdict.ALLOWED_WITH_CONDITIONS
        for c in advertising
    )


def test_professional_secrecy_drops_only_what_the_rules_drop() -> None:
    situations = [parse_situation(tokens) for tokens in FORM]
    dropped = dict(dropped_under_secrecy(situations))
    secret = [parse_situation(tokens, "professional-secrecy") for tokens in FORM]
    assert dropped, "professional secrecy changes no box"
    for channel in offered(situations):
        kept = any(check(channel, s).verdict >= Verdict.ALLOWED_WITH_CONDITIONS for s in secret)
        if channel in dropped:
            assert dropped[channel].verdict < Verdict.ALLOWED_WITH_CONDITIONS
            assert "R12" in dropped[channel].rules
        else:
            assert kept, channel


def test_records_list_every_usable_channel() -> None:
    assert Channel.WHATSAPP not in usable_channels()
    assert set(usable_channels()) == set(Channel) - {Channel.WHATSAPP}


@pytest.mark.parametrize("name", PAGES)
def test_template_page_has_its_label_and_links_its_pdf(name: str) -> None:
    text = (TEMPLATES / f"{name}.md").read_text("utf-8")
    assert text.startswith(f"(template-{name})=\n# "), "the page's label comes first"
    assert re.search(rf"\{{pdf-download\}}`[^`<]+<template-{name}>`", text), "no PDF link"
    assert "not legal advice" in text


# -- the built pages ---------------------------------------------------------------


def _article(site: Path, language: str, name: str) -> BeautifulSoup:
    page = BeautifulSoup((site / language / "templates" / f"{name}.html").read_text("utf-8"),
                         "html.parser")  # fmt: skip
    article = page.select_one("article")
    assert article is not None
    return article


def _plain(text: str) -> str:
    """Text as the package writes it: straight apostrophes, plain spaces."""
    return text.replace("\u2019", "'").replace("\u00a0", " ")


def _rows(table) -> list[tuple[str, list[str]]]:
    """(channel label, the other cells' text) of each body row."""
    rows = []
    for row in table.select("tbody > tr"):
        channel = row.select_one("td.channel")
        others = [c for c in row.find_all("td") if c is not channel]
        rows.append((channel.find("strong").get_text(" ", strip=True),
                     [_plain(c.get_text(" ", strip=True)) for c in others]))  # fmt: skip
    return rows


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_consent_form_shows_the_rules_choices_and_notices(site: Path, language: str) -> None:
    article = _article(site, language, "contact-consent")
    form, advertising = article.select("table.contact-choices")
    situations = [parse_situation(tokens) for tokens in FORM]
    rows = _rows(form)
    assert [channel for channel, _ in rows] == [label(c, language) for c in offered(situations)]
    for (_, cells), channel in zip(rows, offered(situations), strict=True):
        boxes = [check(channel, s).verdict >= Verdict.ALLOWED_WITH_CONDITIONS for s in situations]
        assert [cell == BOX for cell in cells[: len(situations)]] == boxes
        assert cells[-1] == _plain(notice(channel, language))
    ads = [parse_situation(tokens) for tokens in ADVERTISING]
    assert [c for c, _ in _rows(advertising)] == [label(c, language) for c in offered(ads)]
    note = article.select_one("p.secrecy-note").get_text(" ", strip=True)
    for channel, finding in dropped_under_secrecy(situations):
        assert label(channel, language) in note and label(finding.verdict, language) in note
    link = article.select_one("a.pdf-download")
    assert link is not None and link["href"].endswith(f"template-contact-consent-{language}.pdf")


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_record_lists_recipients_per_channel(site: Path, language: str) -> None:
    article = _article(site, language, "record-of-processing")
    table = article.select_one("table.processing-recipients")
    rows = _rows(table)
    assert [c for c, _ in rows] == [label(c, language) for c in usable_channels()]
    for (_, cells), channel in zip(rows, usable_channels(), strict=True):
        who, where = recipients(channel, language)
        assert cells[1:] == [_plain(who), _plain(where)]
    assert article.select_one('a[href*="records-and-dpia"]') is not None
