"""The combined site: twin pages, working links, language switch and hosting files."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup

from messaging_rules.vocabulary import LANGUAGES
from tools import catalogs
from tools import site as site_tool

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
pytestmark = pytest.mark.build


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def html_pages(site: Path, language: str) -> set[str]:
    tree = site / language
    return {
        p.relative_to(tree).as_posix()
        for p in tree.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    }


def source_pages() -> set[str]:
    return {
        p.relative_to(DOCS).with_suffix("").as_posix()
        for p in DOCS.rglob("*.md")
        if not any(part.startswith("_") for part in p.relative_to(DOCS).parts)
    }


def test_every_english_page_has_a_german_twin_and_catalog(site: Path) -> None:
    assert html_pages(site, "en") == html_pages(site, "de")
    catalogs = ROOT / "locale" / "de" / "LC_MESSAGES"
    missing = sorted(p for p in source_pages() if not (catalogs / f"{p}.po").exists())
    assert not missing, f"pages without a German catalog (run make update-po): {missing}"


def _local_targets(site: Path, page: Path):
    for tag in soup(page).find_all(["a", "link", "script", "img"]):
        url = tag.get("href") or tag.get("src")
        if not url or tag.name == "link" and tag.get("rel") == ["alternate"]:
            continue
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("mailto:"):
            continue
        if parts.path.startswith("/"):
            target = site / unquote(parts.path).lstrip("/")
        elif parts.path:
            target = (page.parent / unquote(parts.path)).resolve()
        else:
            target = page
        yield url, target, parts.fragment


def test_every_internal_link_resolves_to_a_file_and_anchor(site: Path) -> None:
    broken = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.parts:
            continue
        for url, target, fragment in _local_targets(site, page):
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {url} (no file)")
            elif fragment and target.suffix == ".html":
                if not soup(target).find(id=fragment) and not soup(target).find(
                    attrs={"name": fragment}
                ):
                    broken.append(f"{page.relative_to(site)}: {url} (no anchor)")
    assert not broken, "\n".join(broken[:50])


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_links_the_same_page(site: Path, language: str) -> None:
    other = "de" if language == "en" else "en"
    wrong = []
    for name in sorted(html_pages(site, language) - {"genindex.html"}):
        page = site / language / name
        switch = soup(page).select("nav.language-switch a[hreflang]")
        hrefs = {
            (
                a["hreflang"],
                (
                    site / a["href"].lstrip("/")
                    if a["href"].startswith("/")
                    else page.parent / a["href"]
                ).resolve(),
            )
            for a in switch
        }
        if hrefs != {(other, (site / other / name).resolve())}:
            wrong.append(name)
    assert not wrong, f"pages whose language switch misses its twin: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_head_names_both_languages_and_a_default(site: Path, language: str) -> None:
    page = soup(site / language / "index.html")
    assert page.html["lang"] == language
    alternates = {
        link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')
    }
    assert set(alternates) == {"en", "de", "x-default"}
    assert alternates["de"].endswith("/de/index.html")
    assert alternates["x-default"] == alternates["en"]
    assert page.select_one('link[rel="canonical"]')["href"].endswith(f"/{language}/index.html")


def test_root_page_offers_both_languages_without_javascript(site: Path) -> None:
    page = soup(site / "index.html")
    links = {a["href"] for a in page.select("main a")}
    assert links == {"de/index.html", "en/index.html"}
    script = page.select_one("script[src]")["src"]
    assert "navigator.languages" in (site / script).read_text("utf-8")


def test_sitemap_lists_every_page_with_alternates(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for language in LANGUAGES:
        for name in html_pages(site, language) - {"404.html", "search.html", "genindex.html"}:
            assert f"/{language}/{name}</loc>" in sitemap, name
    assert sitemap.count('hreflang="x-default"') == sitemap.count("<url>")
    assert "Sitemap: " in (site / "robots.txt").read_text("utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_404_page_works_at_any_depth(site: Path, language: str) -> None:
    page = soup(site / language / "404.html")
    assert page.html["lang"] == language
    for tag in page.select("[href], [src]"):
        url = tag.get("href") or tag.get("src")
        assert url.startswith(("/", "#", "http", "data:")), url


def _search_index(site: Path, language: str) -> dict:
    text = (site / language / "searchindex.js").read_text("utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.parametrize(
    ("language", "query", "text"),
    [("de", "Verschlüsselung", "verschlüsselt"), ("en", "encryption", "encrypted")],
)
def test_search_uses_the_language_stemmer(site: Path, language: str, query: str, text: str) -> None:
    """The query's stem (as the page's search code computes it) finds a page with *text*."""
    if language == "de":
        from search_de import GuideGerman

        stem = GuideGerman({}).stem(query)
        assert "German participle stemming" in (
            site / language / "_static" / "language_data.js"
        ).read_text("utf-8")
    else:
        import snowballstemmer

        stem = snowballstemmer.stemmer("porter").stemWord(query.lower())
    index = _search_index(site, language)
    docs = index["terms"].get(stem)
    assert docs is not None, f"{stem!r} not in the {language} search index"
    pages = [index["docnames"][d] for d in (docs if isinstance(docs, list) else [docs])]
    containing = [
        p for p in pages
        if re.search(text, (site / language / f"{p}.html").read_text("utf-8"), re.I)
    ]  # fmt: skip
    assert containing, f"no page found by {query!r} says {text!r}"


def test_root_page_speaks_each_language_from_the_catalog(site: Path) -> None:
    page = soup(site / "index.html")
    links = {a["lang"]: a.get_text() for a in page.select("main a")}
    assert links == {"de": "Den Leitfaden auf Deutsch lesen", "en": "Read the guide in English"}
    assert page.title.get_text() == (
        "Messenger im Unternehmen und die DSGVO · Business messaging and the GDPR"
    )


@pytest.mark.parametrize(("language", "locale"), [("en", "en_GB"), ("de", "de")])
def test_facts_date_on_every_page_comes_from_conf_through_babel(
    site: Path, language: str, locale: str
) -> None:
    checked = site_tool.project_config().facts_checked
    expected = format_date(date.fromisoformat(checked), "long", locale=locale)
    footer = soup(site / language / "index.html").select_one(f'time[datetime="{checked}"]')
    assert footer is not None and footer.get_text() == expected
    sources = (site / language / "reference" / "sources.html").read_text("utf-8")
    uses = (DOCS / "reference" / "sources.md").read_text("utf-8").count("{facts-date}")
    assert uses > 10 and sources.count(f"<span>{expected}</span>") == uses


def _date_spellings(iso: str) -> set[str]:
    day = date.fromisoformat(iso)
    return {iso, format_date(day, "long", locale="en_GB"), format_date(day, "long", locale="de")}


def test_facts_date_is_written_once() -> None:
    """Only conf.py holds the facts date; pages and catalogs use {facts-date} (the
    changelog, a record of past editions, keeps its dates)."""
    spellings = _date_spellings(site_tool.project_config().facts_checked)
    found = []
    texts = [*DOCS.rglob("*.md"), *(ROOT / "tests").rglob("*.py"), *(ROOT / "tools").rglob("*.py")]
    for path in texts:
        if path.name != "changelog.md":
            text = path.read_text("utf-8")
            found += [f"{path.relative_to(ROOT)}: {d}" for d in spellings if d in text]
    for path in (ROOT / "locale").rglob("*.po"):
        if path.name != "changelog.po":
            for message in catalogs.entries(catalogs.read(path)):
                text = "\n".join([catalogs.msgid(message), *catalogs.strings(message)])
                found += [f"{path.relative_to(ROOT)}: {d}" for d in spellings if d in text]
    assert not found, found


def test_site_url_with_a_path_prefix_reaches_links_sitemap_and_print(tmp_path: Path) -> None:
    """One setting, SITE_URL, moves canonical links, hreflang, the sitemap and the
    addresses printed in the handout under a prefix such as /guide/."""
    base = "https://example.org/guide/"
    out = tmp_path / "site"
    command = site_tool.sphinx_command(
        "en", out=out / "en", doctrees=tmp_path / "doctrees", print_dir=tmp_path / "print"
    )
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "SITE_URL": base, "SPHINXOPTS": site_tool.DEFAULT_SPHINXOPTS},
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    page = soup(out / "en" / "rules" / "index.html")
    assert page.select_one('link[rel="canonical"]')["href"] == f"{base}en/rules/index.html"
    alternates = {a["hreflang"]: a["href"] for a in page.select('link[rel="alternate"]')}
    assert alternates == {"en": f"{base}en/rules/index.html", "de": f"{base}de/rules/index.html",
                          "x-default": f"{base}en/rules/index.html"}  # fmt: skip
    sitemap = site_tool.sitemap(base, out)
    assert f"<loc>{base}en/rules/index.html</loc>" in sitemap
    assert "127.0.0.1" not in sitemap
    handout = BeautifulSoup((tmp_path / "print" / "handout-en.html").read_text("utf-8"),
                            "html.parser")  # fmt: skip
    printed = [(a["href"], a.get_text()) for a in handout.select("a.page-address")]
    assert (f"{base}en/sectors/craft-business.html",) * 2 in printed, printed
    assert f'href="{base}en/"' in (out / "en" / "handout.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("language", "pages", "size", "note"),
    [("de", 2, 57_000, " (PDF, 2 Seiten, 56 kB)"), ("de", 1, 1_450_000, " (PDF, 1 Seite, 1,4 MB)"),
     ("en", 174, 700_000, " (PDF, 174 pages, 684 kB)"), ("en", None, None, " (PDF)")],
)  # fmt: skip
def test_pdf_notes_are_worded_by_the_catalog(
    language: str, pages: int | None, size: int | None, note: str
) -> None:
    assert site_tool.pdf_details(pages, size, language) == note


def test_german_tables_use_the_sites_own_headings(site: Path) -> None:
    """Generated headings come from sphinx.po, not from the command line's catalog."""
    matrix = soup(site / "de" / "reference" / "channel-comparison.html")
    heads = {th.get_text(" ", strip=True) for th in matrix.select("table.decision-matrix thead th")}
    assert "Kanal" in heads and "Channel" not in heads
    handout = soup(site / "de" / "handout.html").select("table.rule-summaries thead th")
    assert [th.get_text(" ", strip=True) for th in handout][:2] == ["Regel", "Kurz gesagt"]


def test_no_english_theme_label_is_left_on_a_german_page(site: Path) -> None:
    from bilingual import FURO_ARIA_LABELS, FURO_TITLES

    left = []
    for page in sorted((site / "de").rglob("*.html")):
        text = page.read_text("utf-8")
        left += [
            f"{page.relative_to(site)}: {label}"
            for label in [
                *(f"<title>{t}</title>" for t in FURO_TITLES),
                *(f'aria-label="{a}"' for a in FURO_ARIA_LABELS),
                'aria-label="Toggle navigation of',
            ]  # fmt: skip
            if label in text
        ]
    assert not left, left[:20]
    assert "<title>Menü</title>" in (site / "de" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_printed_handout_names_no_local_address(site: Path, language: str) -> None:
    """The session's build runs at the local default address: the handout's guide links
    are their text alone, never a loopback address a reader could not open."""
    printed = ROOT / "_build" / "print" / f"handout-{language}.html"
    page = BeautifulSoup(printed.read_text("utf-8"), "html.parser")
    assert not page.select("a.page-address")
    assert "127.0.0.1" not in page.get_text() and len(page.select("em")) >= 3
