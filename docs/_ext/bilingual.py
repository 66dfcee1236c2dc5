"""Tie the English and German builds into one site.

Each language is built on its own into ``_build/site/<language>/``.  This extension
gives every page what it needs to know about its twin in the other language:

* ``html_baseurl`` per language, so Sphinx writes the right canonical link;
* ``language_links`` for the visible language switch (same page, other language);
* ``hreflang_links`` for ``<link rel="alternate" hreflang=…>`` in the head, with
  English as ``x-default``.

The templates in ``docs/_templates`` render them.

>>> relative_root("rules/r1-consumer-app-private-only")
'../'
>>> relative_root("index")
''
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config


def relative_root(pagename: str) -> str:
    """Return the path from a page back to its language's root, e.g. ``../``."""
    return "../" * pagename.count("/")


def _set_baseurl(app: Sphinx, config: Config) -> None:
    # The language is only known after -D overrides are applied, hence the event.
    base = config.site_url.rstrip("/") + "/"
    config.html_baseurl = f"{base}{config.language}/"


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_url", "http://127.0.0.1:8000/", "html", str)
    app.add_config_value("facts_checked", "", "html", str)
    app.add_config_value("bilingual_languages", {"en": "English"}, "html", dict)
    app.connect("config-inited", _set_baseurl)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
