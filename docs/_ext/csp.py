"""The site's Content-Security-Policy in every page, and the script it needs.

The policy itself, with its reasons, is one of the site's shared facts
(``tools/site_facts.py``, which the local server and the tests read too).  This
extension

* writes it into every page as a ``<meta http-equiv>`` element
  (:func:`tools.site_facts.meta_tag`), so a host that sends no header, such as
  Read the Docs, still enforces it;
* adds ``docs/_static/csp-plural.js`` to the pages of every language but English,
  with priority :data:`PLURAL_PRIORITY`: Sphinx compiles a catalog's plural rule
  with ``new Function()``, which needs ``'unsafe-eval'``; the script sets the rule
  as code.  Upstream report: ``docs/_ext/UPSTREAM.md``, 5, "Sphinx: the JavaScript
  catalog's plural rule needs 'unsafe-eval'".
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from tools.site_facts import SOURCE_LANGUAGE, meta_tag

#: The plural-rule script, in ``docs/_static`` (html_static_path copies it).
PLURAL_JS = "csp-plural.js"
#: After Sphinx's ``doctools.js`` (priority 200), which defines ``Documentation``, and
#: before its ``translations.js`` (500), which calls ``Documentation.addTranslations``.
PLURAL_PRIORITY = 300


def _add_meta_tag(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format == "html":
        context["metatags"] = context.get("metatags", "") + "\n" + meta_tag()


def _add_plural_script(app: Sphinx) -> None:
    # Sphinx loads a catalog for its scripts (translations.js) for every language but
    # English, the language its scripts are written in; only then is the fix needed.
    if app.builder.format == "html" and app.config.language != SOURCE_LANGUAGE:
        app.add_js_file(PLURAL_JS, priority=PLURAL_PRIORITY)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _add_plural_script)
    app.connect("html-page-context", _add_meta_tag)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
