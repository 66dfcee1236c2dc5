"""The policy builder on ``how-to/build-your-policy``: the rules' own policy, in a browser.

Every comparison goes through the command line a firm would use:
``python -m messaging_rules policy render`` for the rows of a sector's ready policy
and ``python -m messaging_rules audit`` for the file the page downloads.  The page
must show the same rows (channel and verdict, and the words of every cell) and the
same findings, in both languages; it must print within two A4 pages with the firm's
name on them, and nothing the reader types may reach the address bar, the network
or the browser's storage.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from policy_builder import CSS_FILE, DATA_FILE, MAX_STAFF, SCRIPT_FILE

from messaging_rules import check
from messaging_rules.policy import load_policy
from tests.test_browser import LANGUAGES, _new_context, _open
from tools.pdf import POLICIES

ROOT = Path(__file__).resolve().parent.parent
PAGE = "how-to/build-your-policy.html"
BUDGET = 25 * 1024  # gzip bytes the builder may add to its page
#: What a row of the sheet says: its channels and verdict, and the text of each cell.
ROWS = """els => els.map(row => [row.dataset.channel, row.dataset.verdict,
    ...Array.from(row.cells, cell => cell.textContent.replace(/\\s+/g, " ").trim())])"""
PROBLEMS = """els => els.map(li => [li.dataset.problemChannel, li.dataset.problemVerdict,
    li.dataset.rules])"""
FIRM = "Tischlerei Müller & Söhne <Nord>"

pytestmark = pytest.mark.browser


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "messaging_rules", *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def rendered_rows(path: Path, language: str) -> list[list[str]]:
    """The rows of ``policy render``: channels and worst verdict (from the engine, for
    the same entries), then the text of each cell."""
    result = _cli("policy", "render", str(path), "--lang", language)
    assert result.returncode in (0, 1), result.stderr
    soup = BeautifulSoup(result.stdout, "html.parser")
    policy = load_policy(path)
    rows = []
    for entry, row in zip(policy.entries, soup.select("table.channels tbody tr"), strict=True):
        verdict = min(check(c, s).verdict for c, s in entry.combinations())
        cells = [re.sub(r"\s+", " ", td.get_text()).strip() for td in row.find_all("td")]
        rows.append([" ".join(str(c) for c in entry.channels), str(verdict), *cells])
    return rows


def _sheet_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all("#policy-output [data-channel][data-verdict]", ROWS)


def _address_is_clean(page, url: str) -> None:
    assert page.url == url, f"the address changed: {page.url}"


@pytest.fixture(scope="module")
def builder(browser, base_url: str):
    """Open the builder in a language; yields (page, recorder, url); closes its context."""
    opened = []

    def open_page(language: str, **options):
        context = _new_context(browser, language, accept_downloads=True, **options)
        url = f"{base_url}/{language}/{PAGE}"
        page, response, recorder = _open(context, base_url, url)
        assert response is not None and response.status == 200
        opened.append(context)
        return page, recorder, url

    yield open_page
    for context in opened:
        context.close()


@pytest.mark.parametrize("sector", POLICIES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_builder_preset_matches_policy_render(builder, language: str, sector: str) -> None:
    """Each sector's preset, left unchanged, has the rows ``policy render`` prints."""
    page, recorder, url = builder(language)
    page.check(f"#builder-sector-{sector}")
    path = ROOT / "examples" / f"policy-{sector}.toml"
    assert _sheet_rows(page) == rendered_rows(path, language)
    soup = BeautifulSoup(_cli("policy", "render", str(path), "--lang", language).stdout,
                         "html.parser")  # fmt: skip
    assert page.inner_text("#policy-output h3") == soup.h1.get_text()
    assert page.locator("#policy-output .policy-problems").count() == 0
    assert not recorder.console, recorder.console
    _address_is_clean(page, url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_builder_edit_updates_the_policy(builder, language: str) -> None:
    page, recorder, url = builder(language)
    page.check("#builder-sector-craft-business")
    before = _sheet_rows(page)
    page.fill("#builder-name", FIRM)
    assert page.inner_text("#policy-output h3") == FIRM
    page.fill("#builder-product", "Threema Work")
    messenger = page.locator('#policy-output tr[data-channel="business-messenger"]')
    assert "Threema Work" in messenger.inner_text()
    page.fill("#builder-contact", "Anna Müller, 0123 45678")
    assert "Anna Müller, 0123 45678" in page.inner_text("#policy-output")
    page.fill("#builder-staff", "12")
    assert page.locator("#policy-output .policy-signature tbody tr").count() == 1 + 12
    page.uncheck("#builder-line-3")  # the SMS line of the craft business
    rows = _sheet_rows(page)
    assert len(rows) == len(before) - 1
    assert "sms" not in [row[0] for row in rows]
    page.check("#builder-marketing")
    assert _sheet_rows(page)[-1][:2] == ["email", "allowed-with-conditions"]
    page.uncheck("#builder-whatsapp")
    assert "whatsapp-business-app" not in [row[0] for row in _sheet_rows(page)]
    assert page.inner_text("#builder-status")
    assert not recorder.console, recorder.console
    _address_is_clean(page, url)


def _pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


@pytest.mark.parametrize("sector", POLICIES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_builder_prints_within_two_a4_pages(builder, tmp_path: Path, language: str,
                                            sector: str) -> None:  # fmt: skip
    """The policy alone, on A4, within two pages, the firm's name on the first: with
    every field filled, advertising on, and the most signature lines the form allows."""
    page, _, _ = builder(language)
    page.check(f"#builder-sector-{sector}")
    page.fill("#builder-name", FIRM)
    page.fill("#builder-product", "Threema Work")
    page.fill("#builder-contact", "Anna Müller, 0123 45678")
    page.fill("#builder-staff", str(MAX_STAFF))
    page.check("#builder-marketing")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.emulate_media(media="screen")
    target = tmp_path / f"{sector}-{language}.pdf"
    target.write_bytes(pdf)
    pages = _pdf_pages(target)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    print(f"{sector} {language}: {pages} pages")
    assert 1 <= pages <= 2, f"{sector} ({language}) prints on {pages} pages"
    first = text.split("\f")[0]
    assert FIRM in first
    # Only the policy is printed: no navigation, no form.
    form_words = page.inner_text("#policy-builder legend >> nth=0")
    assert form_words not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_builder_keeps_entries_private(builder, language: str) -> None:
    """No entry reaches the address bar, the network or the browser's storage."""
    page, recorder, url = builder(language)
    loaded = len(recorder.requests)
    history = page.evaluate("history.length")
    page.fill("#builder-name", FIRM)
    page.press("#builder-name", "Enter")
    page.fill("#builder-contact", "Anna Müller, 0123 45678")
    page.press("#builder-contact", "Enter")
    page.check("#builder-sector-office")
    page.check("#builder-marketing")
    with page.expect_download():
        page.click("#builder-download")
    page.wait_for_timeout(300)
    _address_is_clean(page, url)
    after = [u for u in recorder.requests[loaded:] if u.startswith(("http:", "https:"))]
    assert after == [], f"requests after the page loaded: {after}"
    assert recorder.foreign == [], recorder.foreign
    assert not recorder.failed, recorder.failed
    assert not recorder.console, recorder.console
    assert page.evaluate("window.__csp") == []
    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]
    assert page.evaluate("history.length") == history, "the form added history entries"


def _download(page, target: Path) -> Path:
    with page.expect_download() as info:
        page.click("#builder-download")
    info.value.save_as(target)
    return target


@pytest.mark.parametrize("language", LANGUAGES)
def test_builder_policy_file_round_trip(builder, tmp_path: Path, language: str) -> None:
    """The downloaded file audits as the page says: clean, or with the same findings."""
    page, recorder, _ = builder(language)
    page.check("#builder-sector-health-practice")
    page.fill("#builder-name", FIRM)
    page.fill("#builder-product", "Threema Work")
    clean = _download(page, tmp_path / "clean.toml")
    result = _cli("audit", str(clean), "--lang", language)
    assert result.returncode == 0, result.stdout + result.stderr
    assert page.locator("#policy-output .policy-problems").count() == 0
    assert rendered_rows(clean, language) == _sheet_rows(page)

    # WhatsApp for health data, in a practice bound by professional secrecy.
    page.check("#builder-whatsapp")
    page.check("#builder-for-special-category")
    shown = page.eval_on_selector_all("#policy-output .policy-problems li", PROBLEMS)
    assert shown, "the page shows no finding for WhatsApp with health data"
    broken = _download(page, tmp_path / "broken.toml")
    result = _cli("audit", str(broken), "--lang", language)
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(_cli("audit", str(broken), "--format", "json").stdout)
    found = {(f["channel"], f["verdict"], " ".join(f["rules"])) for f in report["results"]}
    assert {tuple(item) for item in shown} == found
    assert ("whatsapp-business-app", "not-allowed") in {(c, v) for c, v, _ in found}
    assert rendered_rows(broken, language) == _sheet_rows(page)
    assert FIRM in broken.read_text("utf-8")
    assert not recorder.console, recorder.console


@pytest.mark.parametrize("language", LANGUAGES)
def test_builder_without_javascript_links_the_ready_policies(builder, language: str) -> None:
    page, _, _ = builder(language, java_script_enabled=False)
    assert not page.is_visible("#policy-builder")
    assert page.is_visible(".builder-noscript")
    links = page.eval_on_selector_all('a[href$=".pdf"]', "els => els.map(a => a.href)")
    for sector in POLICIES:
        assert any(link.endswith(f"/policy-{sector}-{language}.pdf") for link in links), links


@pytest.mark.parametrize("language", LANGUAGES)
def test_builder_adds_at_most_25_kb(site: Path, language: str) -> None:
    """The builder's script, data and style, gzipped, stay within the page budget."""
    static = site / language / "_static"
    sizes = {name: len(gzip.compress((static / name).read_bytes(), 9))
             for name in (CSS_FILE, DATA_FILE, SCRIPT_FILE)}  # fmt: skip
    html = (site / language / PAGE).read_text("utf-8")
    form = html[html.index('<div class="policy-builder">') : html.index('id="policy-output"')]
    sizes["form"] = len(gzip.compress(form.encode("utf-8"), 9))
    print(language, sizes, sum(sizes.values()))
    assert sum(sizes.values()) <= BUDGET, sizes
