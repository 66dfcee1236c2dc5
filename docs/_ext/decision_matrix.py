"""The ``decision-matrix`` directive: the channel table, generated from the rules.

Prose tables drift; this one cannot.  For every counterpart it renders one table:
a row per channel, a column per kind of content, and in each cell the verdict of
:func:`messaging_rules.check` with the rules that decided it.  Labels come from the
package's own catalog in the page's language, so the German page shows German
verdicts without a second copy of the table.

Options:

``:counterpart:``
    render only the table for this counterpart (default: all three).

The situation is the package's default (the app may read the full address book,
the message is neither urgent nor a business letter); the page says so in prose.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from messaging_rules import Channel, Content, Counterpart, Situation, check
from messaging_rules.i18n import label, translate
from messaging_rules.vocabulary import dimension


def cell(channel: Channel, situation: Situation, language: str) -> tuple[str, str, str]:
    """Return (verdict id, verdict label, rule ids) for one cell of the table.

    >>> cell(Channel.SMS, Situation(counterpart="consumer", content="appointment"), "en")
    ('allowed-with-conditions', 'allowed with conditions', 'R5')
    """
    finding = check(channel, situation)
    return str(finding.verdict), label(finding.verdict, language), ", ".join(finding.rules)


def _entry(*children: nodes.Node, classes: list[str] | None = None) -> nodes.entry:
    entry = nodes.entry(classes=classes or [])
    entry.extend(children)
    return entry


def matrix(counterpart: Counterpart, language: str) -> nodes.table:
    """Build the docutils table for one counterpart."""
    contents = list(Content)
    table = nodes.table(classes=["decision-matrix"])
    table += nodes.title(text=label(counterpart, language))
    group = nodes.tgroup(cols=len(contents) + 1)
    table += group
    for _ in range(len(contents) + 1):
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    row = nodes.row()
    row += _entry(nodes.paragraph(text=translate(dimension(Channel), language).capitalize()))
    for content in contents:
        row += _entry(nodes.paragraph(text=label(content, language)))
    head += row
    group += head
    body = nodes.tbody()
    for channel in Channel:
        row = nodes.row()
        row += _entry(nodes.paragraph(text=label(channel, language)), classes=["channel"])
        for content in contents:
            situation = Situation(counterpart=counterpart, content=content)
            verdict, text, rules = cell(channel, situation, language)
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text=text)
            paragraph += nodes.Text(f" ({rules})")
            row += _entry(paragraph, classes=[f"verdict-{verdict}"])
        body += row
    group += body
    return table


class DecisionMatrix(SphinxDirective):
    """Render the channel × content verdict tables for the page's language."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "counterpart": lambda value: directives.choice(value, [str(c) for c in Counterpart]),
    }

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        wanted = self.options.get("counterpart")
        counterparts = [Counterpart(wanted)] if wanted else list(Counterpart)
        # The tables depend on the package, not on the page text: rebuild the page
        # whenever the rules change.
        for module in ("rules", "vocabulary", "i18n"):
            self.env.note_dependency(
                str(self.env.srcdir.parent / "messaging_rules" / f"{module}.py")
            )
        self.env.note_dependency(
            str(
                self.env.srcdir.parent
                / "messaging_rules"
                / "locale"
                / "de"
                / "LC_MESSAGES"
                / "messaging_rules.po"
            )
        )
        container = nodes.container(classes=["decision-matrix-group"])
        for counterpart in counterparts:
            container += matrix(counterpart, language)
        return [container]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("decision-matrix", DecisionMatrix)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
