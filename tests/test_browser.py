"""The built site in a real browser: private, accessible, CSP-clean and navigable.

Debian's Chromium (``/usr/bin/chromium``) is driven through Playwright against the
site served by ``tools.serve`` (the same Content-Security-Policy a host must send).
Without Chromium these tests skip with one line; under ``CI=true`` they fail.
One browser serves the session and one context per language serves every page of
that language, so the whole file stays well under a few minutes.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from pypdf import PdfReader

from tools.site_facts import LANGUAGES
from tools.site_facts import LOCALES as SITE_LOCALES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SITE = ROOT / "_build" / "site"
# The browser's locale per language: the site's BCP 47 tags.
LOCALES = {code: facts.bcp47 for code, facts in SITE_LOCALES.items()}
# WCAG 2.1 A and AA, and axe's best practices (landmarks, one h1 per page …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# How many files one page may load besides itself: Sphinx and Furo load each
# stylesheet and script as its own file (nothing is merged).  Measured: 9 on a German
# page, 12 on the German search page (its index, search and stemmer scripts).
MAX_FILES = 12
# Pages used by the journeys and the phone layout check.
RULE_PAGE = "rules/r3-address-book.html"
MATRIX_PAGE = "reference/channel-comparison.html"

pytestmark = pytest.mark.browser

# Collected at import time, from the sources, so every page gets its own test id.
# (The site fixture builds the HTML; a page missing there fails its test.)
SOURCE_PAGES = sorted(
    p.relative_to(DOCS).with_suffix(".html").as_posix()
    for p in DOCS.rglob("*.md")
    if not any(part.startswith("_") for part in p.relative_to(DOCS).parts) and p.name != "404.md"
)
PAGES = [*SOURCE_PAGES, "genindex.html", "search.html"]


# -- fixtures ---------------------------------------------------------------------


class Recorder:
    """Everything a page did that it should not have, filled by page events."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.foreign: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []

    def watch(self, page) -> None:
        page.on("request", self._request)
        page.on("console", lambda msg: msg.type == "error" and self.console.append(msg.text))
        page.on("pageerror", lambda error: self.console.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"),
        )

    def _request(self, request) -> None:
        if not request.url.startswith("data:"):
            self.requests.append(request.url)
        if not request.url.startswith((self.base_url + "/", "data:")):
            self.foreign.append(request.url)


# Collects CSP violations from the first script on; init scripts are exempt from CSP.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || ""}:${e.lineNumber}`);
});
"""


def _new_context(browser, language: str, **options):
    context = browser.new_context(locale=LOCALES[language], **options)
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(20_000)
    return context


def _open(context, base_url: str, url: str):
    recorder = Recorder(base_url)
    page = context.new_page()
    recorder.watch(page)
    response = page.goto(url, wait_until="load")
    return page, response, recorder


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
AXE_RUN = f"axe.run(document, {json.dumps(AXE_OPTIONS)})"
# Pages audited side by side: axe's colour-contrast rule is CPU-bound, loading is not.
BATCH = 3


def _audit_batch(context, base_url: str, language: str, names: list[str]) -> dict:
    opened = []
    for name in names:
        recorder = Recorder(base_url)
        page = context.new_page()
        recorder.watch(page)
        response = page.goto(f"{base_url}/{language}/{name}", wait_until="commit")
        opened.append((name, page, response, recorder))
    for name, page, _, _ in opened:
        page.wait_for_load_state("load")
        if name == "search.html":
            page.wait_for_selector("#search-results", state="attached")
        page.evaluate(f"() => {{ window.__axe = {AXE_RUN}; }}")
    results = {}
    for name, page, response, recorder in opened:
        violations = page.evaluate("window.__axe")["violations"]
        problems = [f"HTTP {response.status if response else None}"] * (
            response is None or response.status != 200
        )
        if page.evaluate("document.documentElement.lang") != language:
            problems.append("the page's lang attribute is not " + language)
        problems += [f"request to another host: {url}" for url in recorder.foreign]
        if len(recorder.requests) - 1 > MAX_FILES:  # the page itself is one request
            problems.append(f"{len(recorder.requests)} requests: {recorder.requests}")
        problems += [f"failed request: {text}" for text in recorder.failed]
        problems += [f"console error: {text}" for text in recorder.console]
        problems += [f"CSP violation: {text}" for text in page.evaluate("window.__csp")]
        problems += [
            f"axe {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            for v in violations
        ]
        results[name] = problems
        page.close()
    return results


@pytest.fixture(scope="session")
def audits(browser, base_url: str):
    """Audit every page of a language on first use, a few pages at a time."""
    from axe_playwright_python.base import AXE_SCRIPT

    done: dict[str, dict[str, list[str]]] = {}

    def audit(language: str) -> dict[str, list[str]]:
        if language not in done:
            context = _new_context(browser, language)
            context.add_init_script(AXE_SCRIPT)
            try:
                done[language] = {}
                for i in range(0, len(PAGES), BATCH):
                    batch = PAGES[i : i + BATCH]
                    done[language].update(_audit_batch(context, base_url, language, batch))
            finally:
                context.close()
        return done[language]

    return audit


@pytest.fixture(scope="session")
def contexts(browser):
    """One plain browser context per language for the journeys."""
    made = {language: _new_context(browser, language) for language in LANGUAGES}
    yield made
    for context in made.values():
        context.close()


# -- every page, both languages -----------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_is_private_clean_and_accessible(audits, language: str, name: str) -> None:
    """No other host, at most MAX_FILES files besides the page, no console error or failed request,
    no CSP violation, no axe finding (best practices included)."""
    problems = audits(language)[name]
    assert not problems, f"{language}/{name}:\n" + "\n".join(problems)


def test_every_inline_script_is_allowed_by_the_policy(site: Path) -> None:
    """The served CSP allows each inline script and style attribute the pages keep."""
    from tools.site_facts import DIRECTIVES, sha256_source

    inline = re.compile(r"<script>(.*?)</script>", re.S)
    styles = re.compile(r'\bstyle="([^"]*)"')
    scripts, attributes = set(), set()
    for page in site.rglob("*.html"):
        if "_static" not in page.parts:
            text = page.read_text("utf-8")
            scripts.update(inline.findall(text))
            attributes.update(styles.findall(text))
    assert scripts, "no page keeps Furo's theme script: is the hash still needed?"
    blocked = {s for s in scripts if sha256_source(s) not in DIRECTIVES["script-src"]}
    assert not blocked, f"inline scripts the CSP blocks: {blocked}"
    blocked = {s for s in attributes if sha256_source(s) not in DIRECTIVES["style-src"]}
    assert not blocked, f"style attributes the CSP blocks: {blocked}"


def test_every_page_carries_the_policy_for_hosts_without_headers(site: Path) -> None:
    """Each page of both languages has the policy as a <meta> element (Read the Docs)."""
    from tools.site_facts import meta_tag

    pages = [p for language in LANGUAGES for p in (site / language).rglob("*.html")]
    missing = [
        p.relative_to(site).as_posix()
        for p in pages
        if "_static" not in p.parts and meta_tag() not in p.read_text("utf-8")
    ]
    assert pages and not missing, f"pages without the CSP <meta> element: {missing}"


# -- journeys -----------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "language"), [("de-DE", "de"), ("en-US", "en")])
def test_root_page_follows_the_browser_language(
    browser, base_url: str, locale: str, language: str
) -> None:
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/")
        page.wait_for_url(f"{base_url}/{language}/index.html")
        assert page.evaluate("document.documentElement.lang") == language
    finally:
        context.close()


def test_language_switch_keeps_the_page(contexts, base_url: str) -> None:
    page, _, recorder = _open(contexts["en"], base_url, f"{base_url}/en/{RULE_PAGE}")
    try:
        page.click('nav.language-switch a[hreflang="de"]')
        page.wait_for_url(f"{base_url}/de/{RULE_PAGE}")
        assert page.evaluate("document.documentElement.lang") == "de"
        page.click('nav.language-switch a[hreflang="en"]')
        page.wait_for_url(f"{base_url}/en/{RULE_PAGE}")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert not recorder.failed and not recorder.console
    finally:
        page.close()


# Each query lists the pages that may come first or second: the page about the topic
# and its closest companions (rule page, how-to, background, glossary entry, or the FAQ
# answer that names it), so rewording cannot break the test while a wrong ranking does.
WHATSAPP_BUSINESS = {
    "reference/glossary",
    "rules/r2-business-app",
    "how-to/whatsapp-business-setup",
    "rules/r11-business-platform",
}
ENCRYPTION = {
    "reference/glossary",
    "how-to/encrypted-email",
    "explanation/encryption-and-metadata",
    "rules/r4-email-default",
}
APPOINTMENT = {"how-to/move-an-appointment", "rules/r5-sms-short-notices"}
HEALTH = {"rules/r9-special-categories"}
ADDRESS_BOOK = {"rules/r3-address-book", "explanation/address-book", "reference/glossary"}
ARCHIVE = {"rules/r7-archive-business-letters", "explanation/archiving", "reference/glossary"}
SMS = {"rules/r5-sms-short-notices", "how-to/move-an-appointment"}
MESSENGERS = {
    "faq",
    "reference/channel-comparison",
    "reference/business-messengers",
    "how-to/choose-a-channel",
}
PROCESSOR = {
    "rules/r11-business-platform",
    "reference/glossary",
    "how-to/team-messaging-policy",
    "how-to/whatsapp-business-setup",
    "reference/business-messengers",
}
PLATFORM = {"rules/r8-platform-no-difference"}
SEARCHES = [
    ("de", "WhatsApp Business", WHATSAPP_BUSINESS),
    ("de", "Verschlüsselung", ENCRYPTION),
    ("de", "Termin verschieben", APPOINTMENT),
    ("de", "Gesundheitsdaten", HEALTH),
    ("de", "Adressbuch", ADDRESS_BOOK),
    ("de", "Aufbewahrungspflicht", ARCHIVE),
    ("de", "SMS", SMS),
    ("de", "Signal Threema", MESSENGERS),
    ("de", "Auftragsverarbeitungsvertrag", PROCESSOR),
    ("de", "iPhone", PLATFORM),
    ("en", "WhatsApp Business", WHATSAPP_BUSINESS),
    ("en", "encryption", ENCRYPTION),
    ("en", "move an appointment", APPOINTMENT),
    ("en", "health data", HEALTH),
    ("en", "address book", ADDRESS_BOOK),
    ("en", "business letters", ARCHIVE),
    ("en", "SMS", SMS),
    ("en", "Signal Threema", MESSENGERS),
    ("en", "processor agreement", PROCESSOR),
    ("en", "iPhone", PLATFORM),
]  # fmt: skip
# Results appear in their final order; two of them (or the end of the search) suffice.
SEARCH_SETTLED = """() => {
  const items = document.querySelectorAll("#search-results ul.search li").length;
  const title = document.querySelector("#search-results h2");
  return items >= 2 || Boolean(title && !title.querySelector("span")
    && document.querySelector("#search-results ul.search"));
}"""


@pytest.mark.parametrize(("language", "query", "expected"), SEARCHES)
def test_search_lists_the_right_page_first_or_second(
    contexts, base_url: str, language: str, query: str, expected: set[str]
) -> None:
    page = contexts[language].new_page()
    try:
        page.goto(f"{base_url}/{language}/search.html?q={quote(query)}")
        page.wait_for_function(SEARCH_SETTLED, timeout=30_000)
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search li > a", "els => els.map(e => e.href)"
        )
        found: list[str] = []
        for href in hrefs:
            name = urlsplit(href).path.removeprefix(f"/{language}/").removesuffix(".html")
            if name not in found:
                found.append(name)
        assert expected & set(found[:2]), f"{query!r}: got {found[:4]}, want {sorted(expected)}"
    finally:
        page.close()


@pytest.mark.parametrize(("language", "query"), [("de", "Termin"), ("en", "appointment")])
def test_search_snippets_show_page_text_not_navigation(
    contexts, base_url: str, language: str, query: str
) -> None:
    """Snippets come from the page's text: never the language switch or other menus."""
    page = contexts[language].new_page()
    try:
        page.goto(f"{base_url}/{language}/search.html?q={quote(query)}")
        page.wait_for_function(
            "() => document.querySelectorAll('#search-results p.context').length >= 3",
            timeout=30_000,
        )
        snippets = page.eval_on_selector_all(
            "#search-results p.context", "els => els.map(e => e.textContent.trim())"
        )
        names = ("English", "Deutsch")
        assert not [s for s in snippets if s.lstrip(". ").startswith(names)], snippets[:5]
        assert any(query.lower() in s.lower() for s in snippets), snippets[:5]
    finally:
        page.close()


FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const rect = el.getBoundingClientRect();
  return {
    where: el.closest("nav.language-switch") ? "language"
      : el.closest("form[role=search]") ? "search"
      : el.closest("#furo-main-content") ? "main" : "other",
    visible: Boolean((outline || shadow) && rect.width > 0 && rect.height > 0),
    text: (el.textContent || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 40),
  };
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_reaches_search_language_switch_and_content(
    browser, base_url: str, language: str
) -> None:
    context = _new_context(browser, language, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{language}/{RULE_PAGE}")
        first: dict[str, int] = {}
        invisible = []
        for step in range(120):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if not state["visible"]:
                invisible.append(f"{state['where']}: {state['text']!r}")
            first.setdefault(state["where"], step)
            if "main" in first and first["main"] > first.get("language", 10**6):
                break
        assert {"search", "language", "main"} <= set(first), f"Tab never reached: {first}"
        assert first["search"] < first["language"] < first["main"], first
        assert not invisible, f"focused without a visible focus ring: {invisible}"
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_url_shows_the_404_page_of_its_language(
    contexts, base_url: str, language: str
) -> None:
    url = f"{base_url}/{language}/no/such/page.html"
    page, response, recorder = _open(contexts[language], base_url, url)
    try:
        assert response is not None and response.status == 404
        assert page.evaluate("document.documentElement.lang") == language
        expected = re.search(
            r"<h1>(.*?)<a", (SITE / language / "404.html").read_text("utf-8"), re.S
        )
        assert expected and page.text_content("h1").strip().startswith(expected.group(1).strip())
        # The page's own assets load at any depth: only the page itself is missing.
        assert [f for f in recorder.failed if "/no/such/" not in f] == []
        assert page.evaluate("window.__csp") == []
    finally:
        page.close()


def test_pdf_links_download_a_pdf(site: Path, browser, base_url: str) -> None:
    """Each language's start page links its handout, and every linked PDF downloads."""
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        for language in LANGUAGES:
            page.goto(f"{base_url}/{language}/index.html")
            linked = page.eval_on_selector_all('a[href$=".pdf"]', "els => els.map(e => e.href)")
            assert f"{base_url}/handout-{language}.pdf" in linked, (language, linked)
            for url in linked:
                response = context.request.get(url)
                assert response.status == 200, url
                assert response.body().startswith(b"%PDF-"), f"{url} is not a PDF"
    finally:
        context.close()


# -- the start page answers the four questions on the first screen -----------------

#: The four questions of the start page and where each answer's links lead (the team
#: answer has two: how to write a team policy, and the page that fills one in).
START_LINKS = (
    "sectors/index.html",
    "how-to/choose-a-channel.html",
    "how-to/team-messaging-policy.html",
    "how-to/build-your-policy.html",
    "how-to/whatsapp-business-setup.html",
)


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_start_page_answers_four_questions_above_the_fold(
    browser, base_url: str, language: str, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    context = _new_context(browser, language, viewport={"width": width, "height": height})
    try:
        page, _, _ = _open(context, base_url, f"{base_url}/{language}/index.html")
        links = page.eval_on_selector_all(
            "section#start > p a",
            """els => els.map(a => ({href: a.getAttribute("href"),
                                     top: a.getBoundingClientRect().top,
                                     bottom: a.getBoundingClientRect().bottom}))""",
        )
        assert [link["href"].split("#")[0] for link in links[:5]] == list(START_LINKS)
        for link in links[:5]:
            assert 0 <= link["top"] and link["bottom"] <= height, (language, viewport, link)
        # No rule number without words among the four answers.
        answers = page.eval_on_selector_all("section#start > p", "els => els.map(e => e.innerText)")
        assert not any(re.search(r"\bR\d+\b", text) for text in answers[:4]), answers
    finally:
        context.close()


# -- every page on a phone, and on paper ---------------------------------------------

#: A phone's screen (the reader test used 390×844).
PHONE = {"width": 390, "height": 844}
#: The pages whose tables become cards on a phone: the sector pages' situations and
#: team policies, and the decision matrix (its counterparts and its merged form).
CARD_PAGES = [
    *(p for p in SOURCE_PAGES if p.startswith("sectors/") and p != "sectors/index.html"),
    MATRIX_PAGE,
    "how-to/choose-a-channel.html",
]

# What sticks out to the right of a phone's screen.  Two things may, by design, and
# are left out: Furo's closed drawers (navigation and contents, fixed beside the
# screen until opened; they never widen the page) and the lines of a code block,
# which scroll inside the block's own box (code keeps its lines as written).
# Everything else, tables included, must fit.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const drawer = (el) => {
    const d = el.closest(".sidebar-drawer, .toc-drawer");
    return d && getComputedStyle(d).position === "fixed";
  };
  const name = (el) => {
    const classes = typeof el.className === "string" ? el.className.trim() : "";
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (classes ? "." + classes.split(/\\s+/).join(".") : "");
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (drawer(el) || (el.closest("pre") && el.tagName !== "PRE")) continue;
    const box = el.getBoundingClientRect();
    if ((box.width || box.height) && box.right > width + 1) {
      const text = el.textContent.trim().slice(0, 50);
      wide.push(`${name(el)} ends at ${Math.round(box.right)} px: ${text}`);
    }
  }
  const tables = [...document.querySelectorAll("table")]
    .filter((t) => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
    .map((t) => `${name(t)} is ${Math.round(t.getBoundingClientRect().width)} px`
      + ` in a box of ${t.parentElement.clientWidth} px`);
  const headings = [...document.querySelectorAll("h1, h2, h3, h4")]
    .filter((h) => getComputedStyle(h).hyphens !== "auto" || !h.closest("[lang]"))
    .map((h) => `heading does not hyphenate: ${h.textContent.trim().slice(0, 50)}`);
  return {scroll: document.documentElement.scrollWidth, width, wide, tables, headings,
          lang: document.documentElement.lang};
}"""


@pytest.fixture(scope="session")
def phones(browser):
    """One browser context per language with a phone's screen."""
    made = {language: _new_context(browser, language, viewport=PHONE) for language in LANGUAGES}
    yield made
    for context in made.values():
        context.close()


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_wider_than_a_phone(phones, base_url: str, language: str, name: str) -> None:
    """At 390 px no element sticks out, no table is wider than its box, and every
    heading hyphenates in the page's language (hyphens: auto under <html lang>)."""
    page, response, _ = _open(phones[language], base_url, f"{base_url}/{language}/{name}")
    try:
        assert response is not None and response.status == 200
        if name == "search.html":
            page.wait_for_selector("#search-results", state="attached")
        found = page.evaluate(OVERFLOW)
        assert found["lang"] == language
        problems = [*found["wide"][:8], *found["tables"], *found["headings"][:5]]
        if found["scroll"] > PHONE["width"]:
            problems.insert(0, f"the page scrolls sideways: {found['scroll']} px wide")
        assert not problems, f"{language}/{name} at {PHONE['width']} px:\n" + "\n".join(problems)
    finally:
        page.close()


# Each card of a table: its cells, how they are laid out, and the column name it shows.
CARDS = """() => [...document.querySelectorAll("table.cards")].map((table) => ({
  classes: table.className,
  heads: [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim()),
  rows: [...table.querySelectorAll("tbody > tr")].map((tr) => ({
    display: getComputedStyle(tr).display,
    right: tr.getBoundingClientRect().right,
    cells: [...tr.children].map((cell, column) => ({
      column,
      text: cell.textContent.trim(),
      shown: getComputedStyle(cell).display !== "none",
      label: getComputedStyle(cell, "::before").content,
    })),
  })),
}))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", CARD_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_tables_become_cards_on_a_phone(
    browser, base_url: str, language: str, name: str, scheme: str
) -> None:
    """Below 600 px each row of the situation, policy and matrix tables is a card:
    the first cell as its title, then every cell that says something under the name
    of its column, so no column (least of all "not allowed") is cut off or hidden;
    axe finds nothing on the page in either colour scheme.

    The matrix, too: as cards it is one channel per card with each kind of content
    and its verdict, which a phone shows whole; as a scrolling box it showed two of
    six columns and hid the rest behind a sideways swipe.
    """
    from axe_playwright_python.base import AXE_SCRIPT

    context = _new_context(browser, language, viewport=PHONE, color_scheme=scheme)
    context.add_init_script(AXE_SCRIPT)
    try:
        page, _, recorder = _open(context, base_url, f"{base_url}/{language}/{name}")
        tables = page.evaluate(CARDS)
        assert tables, f"{language}/{name}: no table is shown as cards"
        for table in tables:
            assert len(table["heads"]) >= 3, table["classes"]
            for row in table["rows"]:
                assert row["display"] == "block", f"{table['classes']}: a row is not a card"
                assert row["right"] <= PHONE["width"], f"{table['classes']}: a card is cut off"
                for cell in row["cells"][1:]:
                    if cell["text"]:
                        assert cell["shown"], f"{language}/{name}: a cell is hidden: {cell}"
                        # Chromium gives the ::before content as a quoted string.
                        label = json.dumps(table["heads"][cell["column"]], ensure_ascii=False)
                        assert cell["label"] == label, (
                            f"{language}/{name}: {cell['text'][:40]!r} shows {cell['label']}"
                        )
        if name.startswith("sectors/"):
            situations = next(t for t in tables if "situation-matrix" in t["classes"])
            not_allowed = [row["cells"][-1] for row in situations["rows"]]
            assert any(c["text"] and c["shown"] for c in not_allowed), "not allowed is hidden"
        assert page.evaluate("window.__csp") == [] and not recorder.console
        # The cards' own colours and structure pass axe too (the audit of every page
        # above sees the desktop layout, in the light scheme only).
        violations = page.evaluate(AXE_RUN)["violations"]
        assert not violations, [
            f"{v['id']}: " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            for v in violations
        ]
    finally:
        context.close()


#: The sheets a sector page may take when a reader prints it on A4 (measured with the
#: print styles of guide.css: 6 or 7 in English, 6 to 8 in German, the health practice
#: and the tax/law/insurance office being the longest; 7 to 9 before those styles, when
#: tables jumped to the next sheet).  A layout fault that leaves half-empty sheets
#: adds several sheets at once, which this bound still catches.
SECTOR_PRINT_SHEETS = 8
SECTOR_PAGES = [p for p in CARD_PAGES if p.startswith("sectors/")]
#: Site chrome that must not reach paper, in either language.
CHROME_WORDS = ("Skip to content", "Zum Inhalt springen")


@pytest.mark.parametrize("name", SECTOR_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_sector_page_prints_without_chrome(
    contexts, base_url: str, language: str, name: str
) -> None:
    """Chromium prints the page on A4 in a few sheets, without the skip link or the
    language switch, and no sheet ends with a heading whose text is on the next."""
    page, _, _ = _open(contexts[language], base_url, f"{base_url}/{language}/{name}")
    try:
        headings = page.eval_on_selector_all(
            "article h2, article h3, article p.rubric", "els => els.map(e => e.innerText.trim())"
        )
        switch = page.eval_on_selector_all(
            "nav.language-switch a", "els => els.map(e => e.textContent.trim())"
        )
        sheets = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    finally:
        page.close()
    # NFKC: the PDF's ligatures ("fi", "fl") are letters again.
    texts = [unicodedata.normalize("NFKC", sheet.extract_text() or "") for sheet in sheets]
    assert 2 <= len(sheets) <= SECTOR_PRINT_SHEETS, f"{language}/{name}: {len(sheets)} sheets"
    whole = " ".join(" ".join(texts).split())
    assert headings and headings[0] in whole, f"{language}/{name}: the page text is missing"
    for words in (*CHROME_WORDS, *switch):
        assert words not in whole, f"{language}/{name}: {words!r} is printed"
    for number, text in enumerate(texts[:-1], start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines and lines[-1] not in headings, (
            f"{language}/{name}: sheet {number} ends with the heading {lines[-1]!r}"
        )


def test_readme_nginx_snippet_sends_the_served_policy() -> None:
    """The README's nginx example sends exactly the headers of tools/site_facts.py."""
    from tools.site_facts import nginx_headers

    expected = "".join(f"    {line}\n" for line in nginx_headers().splitlines())
    assert expected in (ROOT / "README.md").read_text("utf-8")


# -- the 404 pages under a path prefix ---------------------------------------------

# Read the Docs' layout: the language trees below /en/latest/ (so "en" appears twice).
PREFIX = "en/latest"


@pytest.fixture(scope="session")
def prefixed_url(site: Path, tmp_path_factory) -> Iterator[str]:
    """Both languages built for ``SITE_URL=…/en/latest/`` and served below it."""
    import os
    import threading

    from tools import site as site_tool
    from tools.serve import make_server

    root = tmp_path_factory.mktemp("prefixed")
    old = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = f"http://127.0.0.1:8000/{PREFIX}/"
    try:
        built = site_tool.build(
            list(LANGUAGES), site_dir=root / PREFIX, doctrees=root / "doctrees", quiet=True
        )
    finally:
        if old is None:
            del os.environ["SITE_URL"]
        else:
            os.environ["SITE_URL"] = old
    assert built, "the build with a prefixed SITE_URL failed"
    server = make_server(root, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_404_page_keeps_styles_and_links_under_a_path_prefix(
    browser, prefixed_url: str, language: str
) -> None:
    context = _new_context(browser, language)
    try:
        url = f"{prefixed_url}/{PREFIX}/{language}/no/such/page.html"
        page, response, recorder = _open(context, prefixed_url, url)
        assert response is not None and response.status == 404
        assert page.evaluate("document.documentElement.lang") == language
        sheets = page.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
        assert any(f"/{PREFIX}/{language}/_static/" in href for href in sheets), sheets
        assert [f for f in recorder.failed if "/no/such/" not in f] == []
        assert page.evaluate("window.__csp") == []
        links = set(
            page.eval_on_selector_all(
                "a[href]:not([href^='#'])", "els => els.map(e => e.href.split('#')[0])"
            )
        )
        local = sorted(link for link in links if link.startswith(prefixed_url))
        assert len(local) >= 10, local
        broken = [link for link in local if context.request.get(link).status != 200]
        assert not broken, f"{language}: links of the 404 page that do not resolve: {broken}"
        other = "de" if language == "en" else "en"
        assert f"{prefixed_url}/{PREFIX}/{other}/404.html" in local, "no language switch"
    finally:
        context.close()


# -- the sector pages and the templates, on a phone and on a desktop screen ---------

#: The templates' index and every template page (discovered, so each new one is covered).
TEMPLATE_PAGES = [p for p in SOURCE_PAGES if p.startswith("templates/")]
#: What a firm acts on (issue 21): every sector page and every template page.
READER_PAGES = [*(p for p in SOURCE_PAGES if p.startswith("sectors/")), *TEMPLATE_PAGES]


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", READER_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_sector_and_template_page_fits_the_screen(
    browser, base_url: str, language: str, name: str, viewport: tuple[int, int]
) -> None:
    """Nothing is wider than the screen; on a phone each table of three or more
    columns is a stack of cards (tick boxes and blanks included), none cut off."""
    width, height = viewport
    context = _new_context(browser, language, viewport={"width": width, "height": height})
    try:
        page, response, recorder = _open(context, base_url, f"{base_url}/{language}/{name}")
        assert response is not None and response.status == 200
        found = page.evaluate(OVERFLOW)
        assert found["lang"] == language
        problems = [*found["wide"][:8], *found["tables"], *found["headings"][:5]]
        if found["scroll"] > width:
            problems.insert(0, f"the page scrolls sideways: {found['scroll']} px wide")
        assert not problems, f"{language}/{name} at {width} px:\n" + "\n".join(problems)
        for table in page.evaluate(CARDS):
            for row in table["rows"]:
                assert row["right"] <= width, f"{table['classes']}: a row is cut off"
                if width < 600:
                    assert row["display"] == "block", f"{table['classes']}: not a card"
        assert page.evaluate("window.__csp") == [] and not recorder.console
    finally:
        context.close()


@pytest.mark.parametrize("name", [p for p in TEMPLATE_PAGES if p != "templates/index.html"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_template_page_prints_without_chrome(
    contexts, base_url: str, language: str, name: str
) -> None:
    """A reader who prints the page itself (not its PDF) gets no skip link or language
    switch on paper, and its blanks are printed."""
    page, _, _ = _open(contexts[language], base_url, f"{base_url}/{language}/{name}")
    try:
        switch = page.eval_on_selector_all(
            "nav.language-switch a", "els => els.map(e => e.textContent.trim())"
        )
        sheets = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    finally:
        page.close()
    whole = " ".join(unicodedata.normalize("NFKC", sheet.extract_text() or "") for sheet in sheets)
    for words in (*CHROME_WORDS, *switch):
        assert words not in whole, f"{language}/{name}: {words!r} is printed"
    assert "______" in whole, f"{language}/{name}: the blanks are not printed"
