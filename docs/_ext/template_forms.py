"""The generated parts of the templates to copy: tick boxes and recipients per channel.

Which channels a template offers is a verdict, so it comes from the rules, never
from the page; what a channel means for the person contacted, and who receives its
data, comes from :mod:`messaging_rules.notices`.  Both in the page's language (the
package's catalog); the few words the tables add are msgids of ``sphinx.po``.

``contact-choices`` directive
    one table of tick boxes, one line of content per purpose, written as in the
    situation list of ``{decision-matrix}``::

        ```{contact-choices}
        consumer appointment no-access | Appointments
        consumer general no-access | Other messages
        ```

    A row per channel whose verdict is at least *allowed with conditions* for one
    of the purposes (in :data:`messaging_rules.CHANNEL_ORDER`), a tick box for each
    purpose where the verdict allows it, a blank for the number or address, and
    what the channel means for the person (:func:`messaging_rules.notices.notice`;
    left out with ``:brief:``, for a second table below a first).
    The page's ``{firm-situation}`` values apply.
    With ``:secrecy-note:``, a paragraph below names the boxes a firm bound by
    professional secrecy must delete, each with the verdict and rules that drop it.

``processing-recipients`` directive
    for the records of processing: a row per channel that is at least *allowed with
    conditions* in some situation, with a tick box, the recipients and the third
    country with its basis (:func:`messaging_rules.notices.recipients`).

>>> [str(c) for c in offered([parse_situation("consumer general no-access")])][:3]
['phone', 'email', 'email-encrypted']
>>> dropped = dropped_under_secrecy([parse_situation("consumer appointment no-access")])
>>> [(str(c), str(f.verdict), f.rules) for c, f in dropped]
[('whatsapp-business-platform', 'discouraged', ('R12',)), \
('whatsapp-business-app', 'discouraged', ('R12',))]
>>> "whatsapp" in [str(c) for c in usable_channels()]
False
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, ClassVar

from decision_matrix import FIRM, parse_situation
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective
from tables import entry, table

from messaging_rules import CHANNEL_ORDER, Channel, Finding, Situation, check
from messaging_rules.i18n import label
from messaging_rules.notices import notice, recipients
from messaging_rules.rules import all_situations
from messaging_rules.vocabulary import Verdict

#: A tick box as printed: an empty ballot box (DejaVu has it).
BOX = "\u2610"
#: The blank a reader fills in by hand.
BLANK = "______________________"


def _usable(finding: Finding) -> bool:
    return finding.verdict >= Verdict.ALLOWED_WITH_CONDITIONS


def offered(situations: list[Situation]) -> list[Channel]:
    """The channels with a tick box for at least one of *situations*, in the rules' order."""
    return [c for c in CHANNEL_ORDER if any(_usable(check(c, s)) for s in situations)]


def dropped_under_secrecy(situations: list[Situation]) -> list[tuple[Channel, Finding]]:
    """The offered channels that lose a box when the firm is bound by professional
    secrecy, each with the first finding that drops it."""
    dropped = []
    for channel in offered(situations):
        for situation in situations:
            secret = dataclasses.replace(situation, professional_secrecy=True)
            before, after = check(channel, situation), check(channel, secret)
            if _usable(before) and not _usable(after):
                dropped.append((channel, after))
                break
    return dropped


@cache
def usable_channels() -> tuple[Channel, ...]:
    """The channels that are at least allowed with conditions in some situation."""
    situations = list(all_situations())
    return tuple(c for c in CHANNEL_ORDER if any(_usable(check(c, s)) for s in situations))


def _note_dependencies(directive: SphinxDirective) -> None:
    package = directive.env.srcdir.parent / "messaging_rules"
    for module in ("rules", "schema", "vocabulary", "i18n", "notices"):
        directive.env.note_dependency(str(package / f"{module}.py"))
    directive.env.note_dependency(str(package / "locale/de/LC_MESSAGES/messaging_rules.po"))
    directive.env.note_dependency(__file__)


def _verdict(finding: Finding, language: str) -> nodes.inline:
    """The verdict in bold with its rules, as the ``{verdict}`` role shows it."""
    node = nodes.inline(classes=["verdict", f"verdict-{finding.verdict}"])
    node += nodes.strong(text=label(finding.verdict, language))
    node += nodes.Text(f" ({', '.join(finding.rules)})")
    return node


def _channel_cell(channel: Channel, language: str, blank: str | None) -> nodes.entry:
    name = nodes.paragraph()
    name += nodes.strong(text=label(channel, language))
    cell = entry(name, classes=["channel"])
    if blank:
        cell += nodes.paragraph("", f"{blank} {BLANK}", classes=["blank"])
    return cell


class ContactChoices(SphinxDirective):
    """Tick boxes per channel and purpose, offered where the rules allow the channel."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "secrecy-note": directives.flag,
        "brief": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        source, line = self.get_source_info()
        situations: list[Situation] = []
        titles: list[nodes.paragraph] = []
        for offset, text in enumerate(self.content):
            if not text.strip():
                continue
            tokens, _bar, title = text.partition("|")
            try:
                situations.append(parse_situation(tokens, self.env.temp_data.get(FIRM) or ""))
            except ValueError as err:
                raise self.error(f"contact-choices, line {offset + 1}: {err}") from None
            if not title.strip():
                raise self.error(f"contact-choices, line {offset + 1}: no text after '|'")
            # A sourced paragraph: extracted by the gettext builder, translated from
            # the page's catalog.
            paragraph = nodes.paragraph(title.strip(), title.strip())
            paragraph.source, paragraph.line = source, line + offset + 1
            titles.append(paragraph)
        if not situations:
            raise self.error("contact-choices: list at least one purpose")
        _note_dependencies(self)
        brief = "brief" in self.options
        rows = []
        for channel in offered(situations):
            boxes = [
                entry(nodes.paragraph(text=BOX if _usable(check(channel, s)) else "\u2014"),
                      classes=["tick" if _usable(check(channel, s)) else "no-tick"])
                for s in situations
            ]  # fmt: skip
            # A second, brief table asks for no number again.
            blank = None if brief else str(_("Number or address:"))
            row = [_channel_cell(channel, language, blank), *boxes]
            if not brief:
                row.append(entry(nodes.paragraph(text=notice(channel, language)),
                                 classes=["notice"]))  # fmt: skip
            rows.append(row)
        head = [str(_("Channel")), *(t.astext() for t in titles)]
        widths = [4, *([2] * len(situations))]
        if not brief:
            head.append(str(_("What it means for you")))
            widths.append(7)
        done = table(head, rows, widths,
                     classes=["contact-choices", *(["brief"] if brief else [])])  # fmt: skip
        # The purpose headings keep their sourced paragraphs, so they are translated.
        purposes: list[nodes.paragraph | None] = [None, *titles, *([] if brief else [None])]
        for cell, title in zip(next(done.findall(nodes.thead)).findall(nodes.entry), purposes,
                               strict=True):  # fmt: skip
            if title is not None:
                cell.children = []
                cell += title
        result: list[nodes.Node] = [done]
        if "secrecy-note" in self.options:
            result.extend(self._secrecy_note(situations, language))
        return result

    def _secrecy_note(self, situations: list[Situation], language: str) -> list[nodes.Node]:
        dropped = dropped_under_secrecy(situations)
        if not dropped:
            return []
        # Generated in the page's language: never a message of the page's catalog.
        note = nodes.paragraph(classes=["secrecy-note"], translatable=False)
        note += nodes.Text(
            str(
                _(
                    "Bound by professional secrecy (§ 203 StGB), as a health practice or a "
                    "tax or law office? Then delete these boxes:"
                )
            )  # fmt: skip
            + " "
        )
        for index, (channel, finding) in enumerate(dropped):
            if index:
                note += nodes.Text("; ")
            note += nodes.strong(text=label(channel, language))
            note += nodes.Text(" \u2013 ")
            note += _verdict(finding, language)
        note += nodes.Text(".")
        return [note]


class ProcessingRecipients(SphinxDirective):
    """Recipients and third-country transfers per usable channel, with a tick box."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        _note_dependencies(self)
        rows = []
        for channel in usable_channels():
            who, where = recipients(channel, language)
            rows.append([
                entry(nodes.paragraph(text=BOX), classes=["tick"]),
                _channel_cell(channel, language, None),
                entry(nodes.paragraph(text=who)),
                entry(nodes.paragraph(text=where)),
            ])  # fmt: skip
        head = [str(_("We use it")), str(_("Channel")), str(_("Recipients")),
                str(_("Third country and basis"))]  # fmt: skip
        return [table(head, rows, (2, 4, 8, 8), classes=["processing-recipients"])]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("contact-choices", ContactChoices)
    app.add_directive("processing-recipients", ProcessingRecipients)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
