"""Tie the English and German builds into one site.

Each language is built on its own into ``_build/site/<language>/``.  This extension
gives every page what it needs to know about its twin in the other language:

* ``html_baseurl`` per language, so Sphinx writes the right canonical link;
* ``language_links`` for the visible language switch (same page, other language);
* ``hreflang_links`` for ``<link rel="alternate" hreflang=…>`` in the head, with
  English as ``x-default``;
* the site title and copyright line in the page's language (``bilingual_titles``);
* German wording for the few labels Furo writes in English without gettext
  (icon titles, the sidebar buttons' accessible names), replaced in the written
  pages because no catalog can reach them.

The templates in ``docs/_templates`` render the links.

>>> relative_root("rules/r1-consumer-app-private-only")
'../'
>>> relative_root("index")
''
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

# Furo's hard-coded English labels and what German readers (and screen readers) get.
FURO_LABELS_DE = {
    "<title>Contents</title>": "<title>Inhalt</title>",
    "<title>Menu</title>": "<title>Menü</title>",
    "<title>Expand</title>": "<title>Aufklappen</title>",
    "<title>Light mode</title>": "<title>Helles Farbschema</title>",
    "<title>Dark mode</title>": "<title>Dunkles Farbschema</title>",
    "<title>Auto light/dark, in light mode</title>": "<title>Automatisch, derzeit hell</title>",
    "<title>Auto light/dark, in dark mode</title>": "<title>Automatisch, derzeit dunkel</title>",
    'aria-label="Toggle site navigation sidebar"': 'aria-label="Navigation ein- oder ausblenden"',
    'aria-label="Toggle table of contents sidebar"':
        'aria-label="Inhaltsverzeichnis ein- oder ausblenden"',
    'aria-label="Toggle Light / Dark / Auto color theme"':
        'aria-label="Farbschema wechseln (hell, dunkel, automatisch)"',
}
_TOGGLE_OF = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')


def relative_root(pagename: str) -> str:
    """Return the path from a page back to its language's root, e.g. ``../``."""
    return "../" * pagename.count("/")


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"],
}  # fmt: skip


def long_date(iso: str, language: str) -> str:
    """Write an ISO date as readers of the language expect it.

    >>> long_date("2026-11-28", "de"), long_date("2026-03-05", "en")
    ('28. November 2026', '5 March 2026')
    """
    year, month, day = (int(part) for part in iso.split("-"))
    name = MONTHS.get(language, MONTHS["en"])[month - 1]
    return f"{day}. {name} {year}" if language == "de" else f"{day} {name} {year}"


def germanise(page: str) -> str:
    """Replace Furo's fixed English labels in a German page.

    >>> germanise('<label aria-label="Toggle navigation of Regeln">')
    '<label aria-label="Navigation von „Regeln“ ein- oder ausblenden">'
    """
    for english, german in FURO_LABELS_DE.items():
        page = page.replace(english, german)
    return _TOGGLE_OF.sub(r'aria-label="Navigation von „\1“ ein- oder ausblenden"', page)


def _set_language_config(app: Sphinx, config: Config) -> None:
    # The language is only known after -D overrides are applied, hence the event.
    base = config.site_url.rstrip("/") + "/"
    config.html_baseurl = f"{base}{config.language}/"
    titles: dict[str, tuple[str, str]] = config.bilingual_titles
    if config.language in titles:
        config.project, config.copyright = titles[config.language]
        config.html_title = config.project


def _germanise_output(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or app.config.language != "de":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        new = germanise(text)
        if new != text:
            path.write_text(new, encoding="utf-8")


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    languages: dict[str, str] = config.bilingual_languages
    suffix = app.builder.out_suffix if hasattr(app.builder, "out_suffix") else ".html"
    page = f"{pagename}{suffix}"
    base = config.site_url.rstrip("/") + "/"
    up = relative_root(pagename)
    context["language_links"] = [
        {
            "code": code,
            "name": name,
            "href": f"{up}../{code}/{page}",
        }
        for code, name in languages.items()
        if code != config.language
    ]
    context["hreflang_links"] = [
        {"hreflang": code, "href": f"{base}{code}/{page}"} for code in languages
    ] + [{"hreflang": "x-default", "href": f"{base}en/{page}"}]
    context["facts_checked"] = config.facts_checked
    # Furo's furo-extensions.css styles ads, Read the Docs menus and extensions this
    # site does not use; leaving it out saves a request on every page.
    context["css_files"] = [
        css for css in context.get("css_files", [])
        if "furo-extensions" not in str(getattr(css, "filename", css))
    ]  # fmt: skip
    context["facts_checked_text"] = long_date(config.facts_checked, config.language)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_url", "http://127.0.0.1:8000/", "html", str)
    app.add_config_value("facts_checked", "", "html", str)
    app.add_config_value("bilingual_languages", {"en": "English"}, "html", dict)
    app.add_config_value("bilingual_titles", {}, "html", dict)
    app.connect("config-inited", _set_language_config)
    app.connect("build-finished", _germanise_output)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
