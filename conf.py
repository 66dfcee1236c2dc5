"""Sphinx configuration for every build of the guide.

Every build runs as ``sphinx-build -c . docs OUT`` so that this one file serves the
English and the German site, the doctest builder, the gettext extraction and the PDFs.
The language is chosen on the command line (``-D language=de``), never here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# -- Project -----------------------------------------------------------------

# The rules package lives next to this file; import it from the checkout, not from
# whatever happens to be installed, so docs and code can never disagree.
sys.path.insert(0, str(ROOT))
# Local extensions (language switch, decision matrix, typography) live in docs/_ext.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from sphinx.errors import ConfigError  # noqa: E402

from tools.site_facts import LANGUAGES, SiteURLError  # noqa: E402
from tools.site_facts import site_url as checked_site_url  # noqa: E402

# The title, author and copyright line are English msgids: each language's build
# shows them from locale/<language>/LC_MESSAGES/sphinx.po (docs/_ext/bilingual.py),
# and so do the PDFs and the root language page (tools/site.py).
project = "Business messaging and the GDPR"
author = "The business-messaging guide team"
# The one place the facts date is written: the footer, the {facts-date} role on the
# pages and the sources, the PDFs and the tests read it from here.  Re-checking the
# facts changes this line and no catalog entry.
facts_checked = "2026-12-05"
copyright = "2026, the business-messaging guide team; text CC BY 4.0, code MIT"
# The guide has editions, not software releases: the date its facts were checked.
release = version = facts_checked

# -- General -----------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.doctest",
    "bilingual",
    "typography",
    "decision_matrix",
    "chooser",
    "policy_builder",
    "search_de",
    "traceability",
    "fast_i18n",
    "valid_html",
    "handout",
    "team_policy",
    # The templates' tick boxes and recipients per channel, from the rules.
    "template_forms",
    # Tables of three or more columns become stacked cards on a phone: each cell
    # carries its column's name (data-label), so no column is ever cut off.
    "table_cards",
    # Writes the HTML the PDFs are printed from, when tools/site.py asks for it
    # (-D print_html_dir=…): the site build has every page parsed already.
    "print_html",
    # Theme, CSP, search, 404 (settings in the last section of this file).
    "csp",
    "site_address",
]
# The oldest versions the project accepts: the floors of pyproject.toml's docs group,
# so an older Sphinx stops the build at once with a clear error instead of a strange
# one (tests/test_extensions.py checks that the two agree).  The lock pins what the
# tests run with; the patches for one version (fast_i18n, valid_html, the Furo
# labels) fall back to the library's own behaviour on any other (docs/_ext/README.md).
needs_sphinx = "8.2"
needs_extensions = {
    "myst_parser": "4.0",
    "notfound.extension": "1.1",
    "sphinxext.opengraph": "0.13",
}

# English is the source language; the German build overrides this with -D language=de.
language = "en"
root_doc = "index"
templates_path = ["docs/_templates"]  # paths here are relative to this file
# docs/_ext holds the extensions and their notes for maintainers (README.md,
# UPSTREAM.md), not pages.
exclude_patterns = ["_build", "_ext", "**/.*"]
# Pages reachable only by direct link (the printable handout, the 404 page).
# Nitpicky mode (-n) is on in every build; no reference may dangle.
nitpicky = True
# Stable output for reproducible builds and byte-identical PDFs.
today_fmt = "%Y-%m-%d"

# -- MyST --------------------------------------------------------------------

# Only what the pages use: colon fences for nested directives, definition lists for
# the glossary-like lists, field lists for page metadata.
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
# No automatic heading anchors: their slugs would come from the translated heading
# (see ARCHITECTURE.md). Every link target is an explicit label.
myst_heading_anchors = 0

# -- Doctest -----------------------------------------------------------------

# The {doctest} blocks on the rule pages import the package; nothing else is global.
doctest_global_setup = ""
# Run the blocks, not the plain ``>>>`` code in prose.
doctest_test_doctest_blocks = ""

# -- i18n --------------------------------------------------------------------

# German catalogs live in locale/de/LC_MESSAGES, one .po per page.
locale_dirs = [str(ROOT / "locale")]
# One catalog per page keeps translators' diffs small and maps errors to pages.
gettext_compact = False
# Leave empty: translating code breaks MyST (MyST-Parser #444), and doctests must run
# unchanged in both languages.
gettext_additional_targets: list[str] = []
# Line numbers in the .pot would churn the catalogs on every edit.
gettext_location = False
# Do not write the uuid of each message; it is noise in reviews.
gettext_uuid = False
# Compile .mo files from the .po files at build time (.mo is build output, not committed).
gettext_auto_build = True

# -- HTML --------------------------------------------------------------------

# Furo: accessible, responsive and loads nothing from other hosts.
html_theme = "furo"
html_title = project
html_static_path = ["docs/_static"]
html_css_files = ["guide.css"]
# The site is served at <SITE_URL>/<language>/; set per language by the bilingual
# extension so canonical links and the sitemap point at the right tree.  Checked in
# one place (tools/site_url.py): a wrong address is a clear error, not a broken page.
try:
    site_url = checked_site_url()
except SiteURLError as _error:
    raise ConfigError(str(_error)) from None
# No copied sources: readers want the page, not the Markdown behind it.
html_copy_source = False
html_show_sourcelink = False
# Reproducible output: no build date anywhere in the pages.
html_last_updated_fmt = None
html_theme_options = {
    # No "edit/view source" buttons: they would point at a forge readers do not need.
    "top_of_page_buttons": [],
}
# The search index uses the page language's stemmer (German for -D language=de).
html_search_language = None

# -- PDF ---------------------------------------------------------------------

# The handout is an orphan page built with the site and rendered by WeasyPrint
# (tools/pdf.py); it has no LaTeX configuration because no TeX is installed.

# -- Linkcheck ---------------------------------------------------------------

# `make linkcheck` (tools/linkcheck.py) checks every source URL.  Publishers and
# authorities answer slowly or drop a request now and then: one more try before a
# source is reported broken.
linkcheck_retries = 2
# A host that rate-limits (HTTP 429) is retried after its Retry-After, but a check
# should finish in minutes, not wait for one host for the default five.
linkcheck_rate_limit_timeout = 120.0
# The {pdf-download} links point at PDFs the site build writes next to the pages, not
# into docs/; test_site.py checks every internal link of the built site instead.
linkcheck_ignore = [r"^(\.\./)+[\w-]+\.pdf$"]

# -- Local extensions --------------------------------------------------------

# Read by docs/_ext/bilingual.py and tools/site.py: the languages the site is built
# in, the package's own list (messaging_rules/vocabulary.py), so the rules, the CLI and
# the site can never offer different languages; their locales are in tools/site_facts.py.
# The name each language calls itself (the language switch, the root page) comes from
# Babel's locale data.
bilingual_languages = list(LANGUAGES)

# -- Theme, CSP, search, 404 -------------------------------------------------

# The language switch is a sidebar section, after the search field: outside the
# page's main content, so search snippets never start with the other language's name.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "language-switch.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
# Sphinx opens this path from the working directory, hence absolute.  The German
# build appends its participle stemming to it (docs/_ext/search_de.py).
html_search_scorer = str(ROOT / "docs" / "_ext" / "search-scorer.js")
# sphinx-notfound-page renders docs/404.md with absolute links; the prefix per
# language (from site_url's path) is set by docs/_ext/site_address.py.
notfound_pagename = "404"
# Open Graph (sphinxext-opengraph): ogp_site_url and og:locale per language come
# from docs/_ext/site_address.py.  No social-card images: they would need matplotlib
# and add nothing a text guide needs.
ogp_social_cards = {"enable": False}
ogp_type = "website"
