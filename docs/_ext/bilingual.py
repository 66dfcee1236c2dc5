"""Tie the English and German builds into one site.

Each language is built on its own into ``_build/site/<language>/``.  This extension
gives every page what it needs to know about its twin in the other language:

* ``html_baseurl`` per language, so Sphinx writes the right canonical link;
* ``language_links`` for the visible language switch (same page, other language);
* ``hreflang_links`` for ``<link rel="alternate" hreflang=…>`` in the head, with
  English as ``x-default``;
* the site title, author and copyright line in the page's language: ``project``,
  ``author`` and ``copyright`` in conf.py are English msgids of ``sphinx.po``;
* German wording for the few labels Furo writes in English without gettext
  (icon titles, the sidebar buttons' accessible names): the ``furo_labels`` Jinja
  filter, applied in ``docs/_templates/page.html`` to Furo's ``body`` block while
  the page is rendered, puts in the words of ``sphinx.po`` (no written page is
  rewritten).  If a Furo release no longer writes one of these labels, the filter
  leaves Furo's own wording and the build says so once (:func:`missing_labels`).
  Upstream report: ``docs/_ext/UPSTREAM.md``, 2, "Furo: labels not marked for
  translation".

Every word comes from ``locale/<language>/LC_MESSAGES/sphinx.po`` through
``sphinx.locale``; each language's own name and every date come from Babel.
The templates in ``docs/_templates`` render the links.

>>> relative_root("rules/r1-consumer-app-private-only")
'../'
>>> relative_root("index")
''
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import furo
from babel.dates import format_date
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from upstream import installed, note

from tools.site_facts import DEFAULT_SITE_URL, LANGUAGES, LOCALES, SOURCE_LANGUAGE, language_name

#: Labels Furo writes in English without ``_()`` (partials/icons.html, page.html):
#: each is a msgid of sphinx.po, put into the pages of other languages while they
#: are rendered (:func:`germanise`).
FURO_TITLES = (
    "Contents", "Menu", "Expand", "Light mode", "Dark mode",
    "Auto light/dark, in light mode", "Auto light/dark, in dark mode",
)  # fmt: skip
FURO_ARIA_LABELS = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
)
#: Furo's sidebar writes "Toggle navigation of <page title>" for each folder.
TOGGLE_OF = "Toggle navigation of %s"
_TOGGLE_OF = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')


def relative_root(pagename: str) -> str:
    """Return the path from a page back to its language's root, e.g. ``../``."""
    return "../" * pagename.count("/")


def long_date(iso: str, language: str) -> str:
    """Write an ISO date as readers of the language expect it (Babel's long format).

    >>> long_date("2026-11-28", "de"), long_date("2026-03-05", "en")
    ('28. November 2026', '5 March 2026')
    """
    facts = LOCALES.get(language)
    return format_date(date.fromisoformat(iso), "long", locale=facts.babel if facts else language)


def germanise(page: str, translate: Callable[[str], str]) -> str:
    """Replace Furo's fixed English labels in a written page with *translate*'s words.

    >>> words = {"Menu": "Menü",
    ...          "Toggle navigation of %s": "Navigation von „%s“ ein- oder ausblenden"}
    >>> germanise('<title>Menu</title><label aria-label="Toggle navigation of Regeln">',
    ...           lambda text: words.get(text, text))
    '<title>Menü</title><label aria-label="Navigation von „Regeln“ ein- oder ausblenden">'
    """
    for english in FURO_TITLES:
        page = page.replace(f"<title>{english}</title>", f"<title>{translate(english)}</title>")
    for english in FURO_ARIA_LABELS:
        page = page.replace(f'aria-label="{english}"', f'aria-label="{translate(english)}"')
    toggle = translate(TOGGLE_OF)
    return _TOGGLE_OF.sub(lambda match: f'aria-label="{toggle % match.group(1)}"', page)


def _set_language_config(app: Sphinx, config: Config) -> None:
    # The language is only known after -D overrides are applied, hence the event.
    base = config.site_url.rstrip("/") + "/"
    config.html_baseurl = f"{base}{config.language}/"
    # The translators are ready before this event (Sphinx loads sphinx.mo first).
    config.project = str(_(config.project))
    config.author = str(_(config.author))
    config.copyright = str(_(config.copyright))
    config.html_title = config.project


#: Where Furo writes the labels: its page and icon templates and its navigation code.
FURO_SOURCES = ("theme/furo/page.html", "theme/furo/partials/icons.html", "navigation.py")


def missing_labels(furo_dir: Path = Path(furo.__file__).parent) -> list[str]:
    """The labels :func:`germanise` expects that the installed Furo no longer writes.

    >>> missing_labels()
    []
    >>> missing_labels(Path("/nonexistent"))[:2]
    ['<title>Contents</title>', '<title>Menu</title>']
    """
    text = "".join(
        (furo_dir / name).read_text("utf-8") if (furo_dir / name).is_file() else ""
        for name in FURO_SOURCES
    )
    expected = [
        *(f"<title>{title}</title>" for title in FURO_TITLES),
        *(f'aria-label="{label}"' for label in FURO_ARIA_LABELS),
        TOGGLE_OF.replace("%s", ""),
    ]
    return [label for label in expected if label not in text]


def furo_labels(body: str) -> Markup:
    """The Jinja filter: Furo's rendered ``body`` block with its labels translated."""
    return Markup(germanise(str(body), lambda message: str(_(message))))


def _add_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "environment"):
        return
    templates.environment.filters["furo_labels"] = furo_labels
    missing = missing_labels()
    if missing and app.config.language != SOURCE_LANGUAGE:
        # A note, not a warning (docs/_ext/upstream.py): Furo's English label is a
        # working page; tests/test_site.py fails on it instead.
        note(
            "bilingual",
            f"furo {installed('furo')} no longer writes {', '.join(missing)}: those "
            "labels stay in Furo's English; update FURO_TITLES/FURO_ARIA_LABELS in "
            "docs/_ext/bilingual.py",
        )


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    languages: list[str] = config.bilingual_languages
    suffix = app.builder.out_suffix if hasattr(app.builder, "out_suffix") else ".html"
    page = f"{pagename}{suffix}"
    base = config.site_url.rstrip("/") + "/"
    up = relative_root(pagename)
    context["language_links"] = [
        {
            "code": code,
            "name": language_name(code),
            "href": f"{up}../{code}/{page}",
        }
        for code in languages
        if code != config.language
    ]
    context["hreflang_links"] = [
        {"hreflang": code, "href": f"{base}{code}/{page}"} for code in languages
    ] + [{"hreflang": "x-default", "href": f"{base}{SOURCE_LANGUAGE}/{page}"}]
    context["facts_checked"] = config.facts_checked
    # Furo's furo-extensions.css styles ads, Read the Docs menus and extensions this
    # site does not use; leaving it out saves a request on every page.
    context["css_files"] = [
        css for css in context.get("css_files", [])
        if "furo-extensions" not in str(getattr(css, "filename", css))
    ]  # fmt: skip
    context["facts_checked_text"] = long_date(config.facts_checked, config.language)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_url", DEFAULT_SITE_URL, "html", str)
    app.add_config_value("facts_checked", "", "html", str)
    app.add_config_value("bilingual_languages", list(LANGUAGES), "html", list)
    app.connect("config-inited", _set_language_config)
    app.connect("builder-inited", _add_filter)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
