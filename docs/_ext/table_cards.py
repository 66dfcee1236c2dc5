"""Tables that become stacked cards on a phone, with every column still named.

Below 600 px a table of three or more columns does not fit a phone's screen: it was
cut off, and the last columns (on the sector pages, "not allowed") were out of
sight.  ``guide.css`` shows such a table as one card per row instead: the row's
first cell as the card's title, then each further cell under the name of its
column.  That name must stand in the cell itself, because the table's head row is
out of sight in a card; this extension writes it there at build time, as a
``data-label`` attribute, so the layout needs no script:

* :class:`LabelCells` (a post-transform, after the translation is applied, so the
  German page gets the German column names) marks each table of at least
  :data:`MIN_COLUMNS` columns with a head row with the class ``cards`` and gives
  every body cell but the first the text of its column's head cell;
* :class:`CardsTranslator` writes that text out as ``data-label="…"``.

A table whose cells are blanks to fill in by hand (the signature rows of a team
policy, class ``team-policy-signatures``) stays a table: as cards, its empty cells
would vanish.

>>> head = nodes.thead("", nodes.row("", *(nodes.entry("", nodes.paragraph(text=t))
...                                         for t in ("Situation", "recommended", "not allowed"))))
>>> body = nodes.tbody("", nodes.row("", *(nodes.entry() for _ in range(3))))
>>> table = nodes.table("", nodes.tgroup("", head, body, cols=3))
>>> label_cells(table)
True
>>> table["classes"], [cell.get(LABEL) for cell in body.findall(nodes.entry)]
(['cards'], [None, 'recommended', 'not allowed'])
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

#: Tables with fewer columns fit a phone as they are (their cells wrap).
MIN_COLUMNS = 3
#: Tables that stay tables on a phone: their cells are blanks to write in.
KEEP_AS_TABLE = {"team-policy-signatures"}
#: The node attribute that carries a cell's column name to the translator.
LABEL = "data-label"


def label_cells(table: nodes.table) -> bool:
    """Mark *table* as cards and label its body cells; False if it stays a table."""
    if KEEP_AS_TABLE & set(table["classes"]):
        return False
    heads = [row for row in table.findall(nodes.row) if isinstance(row.parent, nodes.thead)]
    if not heads or len(heads[0].children) < MIN_COLUMNS:
        return False
    # Only ordinary white space is folded: the no-break spaces of "Art. 9" stay.
    names = [re.sub(r"[ \t\r\n]+", " ", cell.astext()).strip() for cell in heads[0].children]
    if any(cell.get("morecols") for cell in heads[0].children):
        return False  # spanning head cells: no one name per column
    for body in table.findall(nodes.tbody):
        for row in body.children:
            for column, cell in enumerate(row.children):
                if 0 < column < len(names) and names[column]:
                    cell[LABEL] = names[column]
    table["classes"].append("cards")
    return True


class LabelCells(SphinxPostTransform):
    """Apply :func:`label_cells` to every table of the page."""

    formats = ("html",)
    # After the translation, Furo's table wrapper (500) and the legal no-break spaces
    # (typography.py, 900): the name in a card is the head cell's text to the letter.
    default_priority = 950

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            label_cells(table)


class CardsTranslator(HTML5Translator):
    """Sphinx's HTML translator, writing a cell's column name as ``data-label``."""

    def starttag(
        self, node: nodes.Element, tagname: str, suffix: str = "\n", empty: bool = False,
        **attributes: Any,
    ) -> str:  # fmt: skip
        if tagname in ("td", "th") and node.get(LABEL):
            attributes[LABEL] = node[LABEL]
        return str(super().starttag(node, tagname, suffix, empty, **attributes))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(LabelCells)
    app.set_translator("html", CardsTranslator)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
