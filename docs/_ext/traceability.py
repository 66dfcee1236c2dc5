"""The ``rule-traceability`` directive: every rule, from the article to its doctests.

For each rule of :data:`messaging_rules.RULES` the table shows what the 2018
article claimed, the status of that claim today, the sources (linked to the
sources page), the page that explains the rule and how many doctest examples on
that page exercise it.  Everything is read from the package and the pages at build
time, so the table cannot fall out of date.  Labels come from the package's catalog
(rule titles, claims, statuses) and from the theme catalog (column headings).

:func:`count_examples` is also what the tests use to demand a doctest per rule.

>>> count_examples("```{doctest}\\n>>> 1 + 1\\n2\\n>>> x = 1\\n```\\n>>> not counted\\n")
2
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective
from tables import entry, table

from messaging_rules import RULES
from messaging_rules.i18n import label, translate

_BLOCK = re.compile(r"^```\{doctest\}[^\n]*\n(.*?)^```", re.M | re.S)


def count_examples(markdown: str) -> int:
    """Count the ``>>>`` examples inside ```` ```{doctest} ```` blocks of a page."""
    return sum(
        line.lstrip().startswith(">>> ")
        for block in _BLOCK.findall(markdown)
        for line in block.splitlines()
    )


def rule_pages(srcdir: Path) -> dict[str, str]:
    """Map each rule label (``rule-r3``) to the docname of the page that defines it."""
    found = {}
    for path in sorted((srcdir / "rules").glob("r*.md")):
        match = re.search(r"^\((rule-r\d+)\)=", path.read_text("utf-8"), re.M)
        if match:
            found[match.group(1)] = path.relative_to(srcdir).with_suffix("").as_posix()
    return found


def _ref(target: str, text: str, docname: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=target, refexplicit=True,
        refwarn=True, refdoc=docname,
    )  # fmt: skip
    ref += nodes.inline(text=text)
    return ref  # type: ignore[no-any-return]  # docutils has no type information


def _para(*children: nodes.Node) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    paragraph.extend(children)
    return paragraph


class RuleTraceability(SphinxDirective):
    """Render the traceability table in the page's language."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        srcdir = Path(self.env.srcdir)
        pages = rule_pages(srcdir)
        headings = [_("Rule"), _("What the 2018 article said"), _("Status"), _("Sources"),
                    _("Explained on"), _("Doctests")]  # fmt: skip
        rows = []
        for rule in RULES:
            docname = pages.get(rule.label)
            if docname:
                self.env.note_dependency(str(srcdir / f"{docname}.md"))
            page = (srcdir / f"{docname}.md").read_text("utf-8") if docname else ""
            examples = count_examples(page)
            sources = _para()
            for number, source in enumerate(rule.sources):
                if number:
                    sources += nodes.Text(", ")
                sources += _ref(f"source-{source.lower()}", source, self.env.docname)
            claim = translate(rule.article_claim, language) if rule.article_claim else "–"
            explained = _ref(rule.label, translate(rule.title, language), self.env.docname)
            rows.append([
                entry(_para(nodes.strong(text=rule.id))),
                claim,
                label(rule.status, language),
                entry(sources),
                entry(_para(explained)),
                str(examples),
            ])  # fmt: skip
        return [table(headings, rows, (3, 8, 2, 3, 5, 2), classes=["rule-traceability"])]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("rule-traceability", RuleTraceability)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
