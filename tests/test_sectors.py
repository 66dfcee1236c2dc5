"""The pages for your business: situation tables, the merged matrix, and printed addresses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from decision_matrix import merged_rows, parse_situation

from messaging_rules import Channel, Contacts, Content, Counterpart, Situation, check
from tools.pdf import POLICIES
from tools.site_url import is_local_url

ROOT = Path(__file__).resolve().parent.parent
SECTORS = ROOT / "docs" / "sectors"
#: The sector pages, one per example policy that tools/pdf.py prints.
SECTOR_PAGES = POLICIES


def situation_lines(page: str) -> list[str]:
    """The situation lines of the decision-matrix directives on a sector page."""
    text = (SECTORS / f"{page}.md").read_text("utf-8")
    blocks = re.findall(r"```\{decision-matrix\}\n(.*?)```", text, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if "|" in line]


@pytest.mark.parametrize("page", SECTOR_PAGES)
def test_each_sector_page_lists_situations_and_its_policy(page: str) -> None:
    lines = situation_lines(page)
    assert len(lines) >= 5, page
    for line in lines:
        parse_situation(line.partition("|")[0])  # every line is a valid situation
    text = (SECTORS / f"{page}.md").read_text("utf-8")
    assert f"```{{team-policy}} examples/policy-{page}.toml" in text
    assert f"<policy-{page}>`" in text  # the PDF download
    assert f"(sector-{page})=" in text


def test_sector_pages_never_state_a_verdict_in_a_table() -> None:
    """Verdicts come from the directive; no hand-written table row names one."""
    verdicts = ("recommended", "allowed with conditions", "discouraged", "not allowed")
    for page in SECTOR_PAGES:
        for line in (SECTORS / f"{page}.md").read_text("utf-8").splitlines():
            if line.startswith("|"):
                assert not any(v in line.lower() for v in verdicts), (page, line)


def test_parse_situation_reads_every_part() -> None:
    s = parse_situation("colleague special-category business-only ios urgent business-letter")
    assert s == Situation(
        "colleague", "special-category", "business-only", "ios", urgent=True, business_letter=True
    )
    assert parse_situation("consumer general recipient-request").recipient_request
    with pytest.raises(ValueError, match="counterpart and a content"):
        parse_situation("urgent")


def test_merged_matrix_merges_only_identical_rows() -> None:
    rows = merged_rows()
    covered = {(ch, co, cp) for ch, co, cps in rows for cp in cps}
    for channel, contacts, counterparts in rows:
        seen = contacts or Contacts.FULL_ADDRESS_BOOK
        verdicts = {
            tuple(check(channel, Situation(cp, content, seen)).verdict for content in Content)
            for cp in counterparts
        }
        assert len(verdicts) == 1, (channel, contacts, counterparts)
    # Every channel and counterpart appears exactly once per contacts setting.
    assert len(covered) == sum(len(cps) for _, _, cps in rows)
    for channel in Channel:
        assert any(ch is channel for ch, _, _ in rows)
    # The Business app has a full-address-book row and a row without contact access,
    # and the latter differs for colleagues.
    app = [(co, cps) for ch, co, cps in rows if ch is Channel.WHATSAPP_BUSINESS_APP]
    assert (Contacts.FULL_ADDRESS_BOOK, tuple(Counterpart)) in app
    assert any(co is Contacts.NO_ACCESS and Counterpart.COLLEAGUE not in cps for co, cps in app)
    assert len(rows) < 3 * len(Channel)  # one matrix, not three


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://127.5.5.5/de/", True),
        ("http://localhost:8000/en/", True),
        ("http://[::1]/", True),
        ("", True),
        ("https://messaging-guide.example.org/", False),
        ("https://192.0.2.10/", False),
    ],
)
def test_loopback_addresses_are_never_printed(url: str, local: bool) -> None:
    assert is_local_url(url) is local


def test_printed_links_use_the_address_the_site_serves() -> None:
    from handout import page_path

    assert page_path("sectors/index") == "sectors/"
    assert page_path("sectors/health-practice") == "sectors/health-practice.html"
    assert page_path("index") == ""


def test_start_page_and_handout_link_every_sector_page_in_one_line() -> None:
    start = (ROOT / "docs" / "index.md").read_text("utf-8").splitlines()
    handout = (ROOT / "docs" / "handout.md").read_text("utf-8").splitlines()
    for lines, pattern in ((start, "<sector-{}>`"), (handout, "<sectors/{}>`")):
        hits = [line for line in lines if all(pattern.format(p) in line for p in SECTOR_PAGES)]
        assert len(hits) == 1, hits
