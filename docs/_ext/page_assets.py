"""What every page loads: at most ten requests, none to another host.

Sphinx and Furo give each page a stylesheet and a script per feature.  Two of them
only ever travel with another one, so the build puts them together:

* ``pygments.css`` (the code colours) goes at the end of ``guide.css``;
* the German ``translations.js`` (Sphinx's catalog for its own scripts) goes at the
  end of ``doctools.js``, which must run first anyway, behind the plural rule the
  Content-Security-Policy needs (``csp-plural.js``, see ``docs/_ext/csp.py``).

The pages then no longer name the two files.  The merge runs once per build,
before the first page is written, so the pages' ``?v=`` checksums are those of
the merged files (browsers never keep a stale copy).  Rerunning it is harmless:
each target keeps its own text up to :data:`MARKER` and gets the addition anew.
The browser tests count every request of every page in both languages.

>>> merged("a {}\\n", "b {}")
'a {}\\n/* guide: merged at build time (docs/_ext/page_assets.py) */\\nb {}\\n'
>>> merged(merged("a {}", "old"), "new").count("old"), merged(merged("a {}", "x"), "x")
(0, 'a {}\\n/* guide: merged at build time (docs/_ext/page_assets.py) */\\nx\\n')
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from csp import PLURAL_JS
from sphinx.application import Sphinx

MARKER = "/* guide: merged at build time (docs/_ext/page_assets.py) */"
#: Which file goes into which (in _static), and how to prepare it on the way.
MERGES = {
    "pygments.css": "guide.css",
    "translations.js": "doctools.js",
}


def merged(target: str, addition: str) -> str:
    """*target*'s own text (up to :data:`MARKER`), then the marker and *addition*."""
    own = target.split(MARKER, 1)[0].rstrip("\n")
    return f"{own}\n{MARKER}\n{addition.rstrip()}\n"


def merge_assets(static: Path) -> set[str]:
    """Merge the files of :data:`MERGES` that exist; return the names merged away."""
    done = set()
    for source, target in MERGES.items():
        if not (static / source).exists() or not (static / target).exists():
            continue
        addition = (static / source).read_text("utf-8")
        if source == "translations.js":
            addition = PLURAL_JS.read_text("utf-8") + "\n" + addition
        text = merged((static / target).read_text("utf-8"), addition)
        if (static / target).read_text("utf-8") != text:
            (static / target).write_text(text, encoding="utf-8")
        done.add(source)
    return done


def _filename(asset: Any) -> str:
    """The file name of a page's stylesheet or script, without its folder."""
    return posixpath.basename(str(getattr(asset, "filename", asset)))


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html":
        return
    merged_away: set[str] | None = getattr(app.builder, "_guide_merged_assets", None)
    if merged_away is None:
        merged_away = merge_assets(Path(app.outdir) / "_static")
        app.builder._guide_merged_assets = merged_away  # type: ignore[attr-defined]
    for key in ("css_files", "script_files"):
        context[key] = [
            asset for asset in context.get(key, []) if _filename(asset) not in merged_away
        ]


def setup(app: Sphinx) -> dict[str, Any]:
    # Late: after every extension that adds files to the page.
    app.connect("html-page-context", _page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
