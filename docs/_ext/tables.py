"""One helper for the tables the local directives generate.

The decision matrix, the traceability table, the handout's rule summaries and the
team policy all build the same docutils structure (table, tgroup, column widths, a
head row of plain words, body rows); :func:`table` is that structure, written once.
It is a helper module, not a Sphinx extension: conf.py does not load it.

>>> done = table(["Rule", "What to do"], [[entry(nodes.paragraph(text="R1")), "Ask first"]],
...              (1, 3), classes=["rule-summaries"])
>>> done["classes"], [spec["colwidth"] for spec in done.findall(nodes.colspec)]
(['rule-summaries'], [1, 3])
>>> [cell.astext() for cell in done.findall(nodes.entry)]
['Rule', 'What to do', 'R1', 'Ask first']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docutils import nodes

__all__ = ["entry", "table"]


def entry(*children: nodes.Node, classes: list[str] | None = None) -> nodes.entry:
    """A table cell holding *children* (body elements such as paragraphs)."""
    cell = nodes.entry(classes=classes or [])
    cell.extend(children)
    return cell


def _cell(value: nodes.entry | str) -> nodes.entry:
    return value if isinstance(value, nodes.entry) else entry(nodes.paragraph(text=value))


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[nodes.entry | str]],
    widths: Sequence[int],
    *,
    classes: list[str],
    title: str | None = None,
) -> nodes.table:
    """A table with a head row of plain words and body rows of cells.

    A cell is a :class:`docutils.nodes.entry` (see :func:`entry`) or a plain string,
    which becomes one paragraph.  *widths* are the relative column widths.
    """
    done = nodes.table(classes=classes)
    if title:
        done += nodes.title(text=title)
    group = nodes.tgroup(cols=len(head))
    done += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    group += nodes.thead("", nodes.row("", *(_cell(text) for text in head)))
    body = nodes.tbody()
    for cells in rows:
        body += nodes.row("", *(_cell(cell) for cell in cells))
    group += body
    return done
