"""Where each language of the site is published: the 404 page and Open Graph.

The site lives at ``SITE_URL`` (``site_url`` in ``conf.py``), each language in its
own folder below it.  A host may serve it under a path prefix
(``https://example.org/guide/de/…``, or Read the Docs' ``/en/latest/``), so the
address's path decides two things per language:

* sphinx-notfound-page's ``notfound_urls_prefix``: the 404 page is sent for any
  missing URL at any depth, so its styles, scripts and links must be absolute.
  The extension rewrites Sphinx's own links (assets, navigation, search form);
  this module also makes absolute what it does not reach: the links in the 404
  page's text and the language switch;
* sphinxext-opengraph's ``ogp_site_url`` and the page's ``og:locale``.

>>> language_root("https://example.org/guide/", "de")
'https://example.org/guide/de/'
>>> url_path("https://example.org/guide/de/")
'/guide/de/'
>>> absolute("rules/index.html#rules", "/guide/de/"), absolute("#top", "/guide/de/")
('/guide/de/rules/index.html#rules', '#top')
"""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from tools.site_facts import LOCALES

_NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


def language_root(site_url: str, language: str) -> str:
    """The published address of one language's tree."""
    return f"{site_url.rstrip('/')}/{language}/"


def url_path(url: str) -> str:
    """The path part of an address, ending in ``/``."""
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def absolute(uri: str, prefix: str) -> str:
    """Make a link relative to a language's root absolute; leave the others alone."""
    if not uri or _NOT_RELATIVE.match(uri):
        return uri
    return prefix + uri.removeprefix("./")


def _configure(app: Sphinx, config: Config) -> None:
    root = language_root(config.site_url, config.language)
    config.notfound_urls_prefix = url_path(root)
    config.ogp_site_url = root
    facts = LOCALES.get(config.language)
    locale = facts.open_graph if facts else config.language
    config.ogp_custom_meta_tags = [f'<meta property="og:locale" content="{locale}" />']


def _absolute_404_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname != app.config.notfound_pagename:
        return
    for reference in doctree.findall(nodes.reference):
        if "refuri" in reference:
            reference["refuri"] = absolute(reference["refuri"], app.config.notfound_urls_prefix)


def _absolute_404_switch(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename != app.config.notfound_pagename:
        return
    site_path = url_path(app.config.site_url)
    for link in context.get("language_links", []):
        link["href"] = f"{site_path}{link['code']}/{pagename}.html"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("notfound.extension")
    # Social-card images are off (ogp_social_cards in conf.py): on import the extension
    # prints that matplotlib, which only they need, is missing; keep the build quiet.
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
    # After bilingual.py (priority 500), which registers site_url and the switch.
    app.connect("config-inited", _configure, priority=600)
    app.connect("doctree-resolved", _absolute_404_text)
    app.connect("html-page-context", _absolute_404_switch, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
