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
  (icon titles, the sidebar buttons' accessible names): Furo's templates hard-code
  them, so the written pages are post-processed, with the words from ``sphinx.po``.

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

from babel import Locale
from babel.dates import format_date
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _

from tools.site_url import DEFAULT as DEFAULT_SITE_URL

#: Labels Furo writes in English without ``_()`` (partials/icons.html, page.html):
#: each is a msgid of sphinx.po, replaced in the written pages of other languages.
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
#: The guide is written in British English: its dates read "1 December 2026".
DATE_LOCALES = {"en": "en_GB"}


def relative_root(pagename: str) -> str:
    """Return the path from a page back to its language's root, e.g. ``../``."""
    return "../" * pagename.count("/")


def long_date(iso: str, language: str) -> str:
    """Write an ISO date as readers of the language expect it (Babel's long format).

    >>> long_date("2026-11-28", "de"), long_date("2026-03-05", "en")
    ('28. November 2026', '5 March 2026')
    """
    return format_date(date.fromisoformat(iso), "long", locale=DATE_LOCALES.get(language, language))


def language_name(code: str) -> str:
    """The name a language calls itself, from Babel's locale data.

    >>> language_name("de"), language_name("en")
    ('Deutsch', 'English')
    """
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


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


def _germanise_output(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or app.config.language != "de":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        new = germanise(text, lambda message: str(_(message)))
        if new != text:
            path.write_text(new, encoding="utf-8")


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
    app.add_config_value("site_url", DEFAULT_SITE_URL, "html", str)
    app.add_config_value("facts_checked", "", "html", str)
    app.add_config_value("bilingual_languages", ["en"], "html", list)
    app.connect("config-inited", _set_language_config)
    app.connect("build-finished", _germanise_output)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
