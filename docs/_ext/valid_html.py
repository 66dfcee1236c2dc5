"""Keep ids unique where Furo wraps tables.

Furo wraps every table in a scrollable ``div.table-wrapper`` and copies all the
table's attributes to it, ids included, so a table with a caption ends up with its
id twice on the page, which is invalid HTML (Nu HTML Checker: "Duplicate ID") and
makes links to the table ambiguous.  This post-transform runs after Furo's and
leaves the id on the table only.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(UniqueTableIds)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
