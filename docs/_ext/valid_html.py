"""Valid, accessible HTML where Furo's is not.

Two fixes, each for a reported kind of finding, kept out of copied templates:

* :class:`UniqueTableIds` (a post-transform): Furo wraps every table in a
  scrollable ``div.table-wrapper`` and copies all the table's attributes to it, ids
  included, so a table with a caption ends up with its id twice on the page, which
  is invalid HTML (Nu HTML Checker: "Duplicate ID") and makes links to the table
  ambiguous.  This post-transform runs after Furo's and leaves the id on the table
  only;
* :func:`accessible_furo` (a Jinja filter, applied once to Furo's whole ``body``
  block in ``docs/_templates/page.html``): names the two sidebar drawers (axe:
  ``landmark-unique``), gives toctree captions the level ``role="heading"`` needs,
  drops ``role="switch"`` from checkboxes (it would need ``aria-checked``; a plain
  checkbox already tells its state: Nu HTML Checker), and lets keyboard users reach
  what scrolls sideways (wide tables and code: axe ``scrollable-region-focusable``).

Each fix names the exact markup it expects.  If a Furo upgrade changes that
markup, the fix no longer matches and the page keeps Furo's own markup: the build
passes and says once which fixes found nothing to fix (:func:`upstream.note`), and
the browser and HTML-validity tests fail on a finding that has come back, rather
than this code silently doing nothing useful.  Upstream reports in
``docs/_ext/UPSTREAM.md``: 3, "Furo: the table wrapper copies the table's ids"
(:class:`UniqueTableIds`) and 4, "Furo: accessibility findings in the page markup"
(:func:`accessible_furo`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from upstream import installed, note


class UniqueTableIds(SphinxPostTransform):
    """Drop from each table wrapper the ids its table already carries."""

    formats = ("html",)
    default_priority = 510  # after Furo's WrapTableAndMathInAContainerTransform (500)

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if "table-wrapper" not in wrapper["classes"]:
                continue
            tables = [child for child in wrapper.children if isinstance(child, nodes.table)]
            taken = {id_ for table in tables for id_ in table["ids"]}
            wrapper["ids"] = [id_ for id_ in wrapper["ids"] if id_ not in taken]


#: Furo's markup, what the fixed page carries instead ({nav} and {toc} are the drawers'
#: names in the page's language), and what a page has when the markup belongs on it:
#: ``None`` for Furo's frame (every page), else the element the markup wraps, so a
#: build that writes only pages without tables or code is not taken for a new Furo.
FIXES = (
    ('<aside class="sidebar-drawer">', '<aside class="sidebar-drawer" aria-label="{nav}">', None),
    ('<aside class="toc-drawer', '<aside aria-label="{toc}" class="toc-drawer', None),
    ('class="caption" role="heading">', 'class="caption" role="heading" aria-level="2">', None),
    (' role="switch"', "", None),
    ('<div class="table-wrapper', '<div tabindex="0" class="table-wrapper', "<table"),
    ("<pre>", '<pre tabindex="0">', "<pre"),
)


def accessible_furo(body: str, navigation: str, contents: str) -> Markup:
    """Apply :data:`FIXES` to Furo's rendered ``body`` block.

    >>> str(accessible_furo('<aside class="sidebar-drawer"><pre>x</pre>', "Nav", "Toc"))
    '<aside class="sidebar-drawer" aria-label="Nav"><pre tabindex="0">x</pre>'
    >>> str(accessible_furo('<aside class="toc-drawer no-toc">', "N", 'A "B"'))
    '<aside aria-label="A &#34;B&#34;" class="toc-drawer no-toc">'
    """
    names = {"nav": Markup.escape(navigation), "toc": Markup.escape(contents)}
    text = str(body)
    _SEEN["pages"] += 1
    for furo, fixed, evidence in FIXES:
        if evidence is None or evidence in text:
            _SEEN[f"expected {furo}"] += 1
        if furo in text:
            _SEEN[furo] += 1
            text = text.replace(furo, fixed.format(**names))
    return Markup(text)


#: How many pages the filter saw ("pages"), how many should carry each fix's markup
#: ("expected …") and how many did.
_SEEN: Counter[str] = Counter()


def unmatched(seen: Counter[str]) -> list[str]:
    """The markup of :data:`FIXES` that no page carried although a page should have.

    >>> frame = {f"expected {furo}": 3 for furo, _, evidence in FIXES if evidence is None}
    >>> unmatched(Counter({"pages": 3, **frame, "expected <pre>": 1, "<pre>": 1}))[:2]
    ['<aside class="sidebar-drawer">', '<aside class="toc-drawer']
    >>> unmatched(Counter({"pages": 3}))  # pages without tables or code: nothing missing
    []
    >>> unmatched(Counter())
    []
    """
    return [furo for furo, _fixed, _ in FIXES if seen[f"expected {furo}"] and not seen[furo]]


def _report_unmatched(app: Sphinx, exception: BaseException | None) -> None:
    missing = unmatched(_SEEN)
    _SEEN.clear()
    if missing and not exception:
        note(
            "valid_html",
            f"no page of furo {installed('furo')} carries {', '.join(missing)}: "
            "Furo's own markup is kept there; check FIXES in docs/_ext/valid_html.py",
        )


def _add_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["accessible_furo"] = accessible_furo


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(UniqueTableIds)
    app.connect("builder-inited", _add_filter)
    app.connect("build-finished", _report_unmatched)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
