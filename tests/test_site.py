"""The combined site: twin pages, working links, language switch and hosting files."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGUAGES = ("en", "de")
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
        assert "verschlüsselt" != text or stem == GuideGerman({}).stem(text)
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
