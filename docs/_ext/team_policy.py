"""The ``team-policy`` directive: a ready team policy, rendered from its TOML file.

``python -m messaging_rules policy render`` and the policy PDFs print a policy as a
self-contained HTML file; this directive shows the same document inside a page, in
the page's language::

    ```{team-policy} examples/policy-craft-business.toml
    ```

The path is relative to the project root.  Every text comes from
:func:`messaging_rules.render.policy_document`: the generated words from the
package catalog, the policy's own words from the file (``note_de`` for German),
so the page catalog holds nothing of it and nothing can drift.
A policy that the audit does not pass clean is a build error: a ready policy
that breaks the rules would be worse than none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from tables import entry, table

from messaging_rules.policy import PolicyError, load_policy
from messaging_rules.render import COLUMNS, PolicyDocument, PolicyRow, policy_document

ROOT = Path(__file__).resolve().parents[2]
#: The package files the rendered policy depends on (patterns in ``messaging_rules``).
DEPENDENCIES = ("render.py", "policy*.py", "rule*.py", "locale/de/LC_MESSAGES/messaging_rules.po")
#: Empty lines for the team's signatures on the page (the PDF has more).
PAGE_SIGNATURE_LINES = 3


def _paragraph(
    text: str, *, strong: bool = False, classes: list[str] | None = None
) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=classes or [])
    paragraph += nodes.strong(text=text) if strong else nodes.Text(text)
    return paragraph


def _bullets(items: tuple[str, ...]) -> nodes.bullet_list:
    listing = nodes.bullet_list()
    for item in items:
        listing += nodes.list_item("", nodes.paragraph(text=item))
    return listing


def _row_cells(row: PolicyRow) -> list[nodes.entry]:
    what: list[nodes.Node] = [nodes.paragraph(text=", ".join(row.contents))]
    if row.circumstances:
        what.append(nodes.paragraph(text=f"({', '.join(row.circumstances)})"))
    notes: list[nodes.Node] = [_bullets(row.conditions)] if row.conditions else []
    if row.note:
        note = nodes.paragraph()
        note += nodes.emphasis(text=row.note)
        notes.append(note)
    return [
        entry(_paragraph(", ".join(row.channels), strong=True)),
        entry(nodes.paragraph(text=", ".join(row.counterparts))),
        entry(*what),
        entry(*notes),
    ]


def _rubric(text: str) -> nodes.rubric:
    """A heading inside the policy; its text comes from the package, not the page catalog."""
    rubric = nodes.rubric(text=text)
    rubric["translatable"] = False
    return rubric


def policy_nodes(doc: PolicyDocument) -> list[nodes.Node]:
    """The policy as docutils nodes: name, table, what is left out, who to ask, signatures."""
    w = doc.words
    box = nodes.container(classes=["team-policy"])
    box += _rubric(doc.name or doc.title)
    if doc.description:
        box += nodes.paragraph(text=doc.description)
    box += _rubric(w["which"])
    box += table([w[k] for k in COLUMNS], [_row_cells(r) for r in doc.rows], (3, 3, 3, 7),
                 classes=["team-policy-channels"])  # fmt: skip
    if doc.left_out:
        box += _rubric(w["left-out"])
        box += nodes.paragraph(text=w["left-out-intro"])
        box += _bullets(doc.left_out)
    if doc.ask:
        box += _rubric(w["ask"])
        for paragraph in doc.ask:
            box += nodes.paragraph(text=paragraph)
    box += _rubric(w["sign"])
    box += nodes.paragraph(text=w["in-force"])
    box += table([w["date"], w["signature"]], [[entry(), entry()]], (1, 2),
                 classes=["team-policy-signatures"])  # fmt: skip
    box += nodes.paragraph(text=w["team"])
    box += table([w["person"], w["date"], w["signature"]],
                 [[entry(), entry(), entry()] for _ in range(PAGE_SIGNATURE_LINES)], (2, 1, 2),
                 classes=["team-policy-signatures"])  # fmt: skip
    box += _paragraph(doc.footer, classes=["team-policy-footer"])
    return [box]


class TeamPolicy(SphinxDirective):
    """Render ``examples/policy-*.toml`` as a team policy in the page's language."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        path = ROOT / self.arguments[0]
        self.env.note_dependency(str(path))
        for pattern in DEPENDENCIES:
            for name in sorted((ROOT / "messaging_rules").glob(pattern)):
                self.env.note_dependency(str(name))
        try:
            doc = policy_document(load_policy(path), language)
        except PolicyError as err:
            raise self.error(f"team-policy: {err.message('en')}") from None
        if not doc.clean:
            problems = "; ".join(doc.problems)
            raise self.error(f"team-policy: {self.arguments[0]} does not audit clean: {problems}")
        return policy_nodes(doc)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("team-policy", TeamPolicy)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
