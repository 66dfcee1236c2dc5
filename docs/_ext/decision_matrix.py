"""The ``decision-matrix`` directive: the channel table, generated from the rules.

Prose tables drift; this one cannot.  For every counterpart it renders one table:
a row per channel, a column per kind of content, and in each cell the verdict of
:func:`messaging_rules.check` with the rules that decided it.  Labels come from the
package's own catalog in the page's language, so the German page shows German
verdicts without a second copy of the table.

Options:

``:counterpart:``
    render only the table for this counterpart (default: all three).
``:merged:``
    one table instead of one per counterpart: counterparts whose rows are identical
    share one row (the row says for whom it holds), and a channel whose verdicts
    depend on the contacts it may read gets one row per ``:contacts:`` value.
``:contacts:``
    with ``:merged:``, the contacts settings to show (default:
    ``full-address-book, no-access``).

The situation is the package's default (the app may read the full address book,
the message is neither urgent nor a business letter); the page says so in prose.

With content, the directive renders a list of situations instead, one per line::

    ```{decision-matrix}
    consumer appointment no-access | Remind a private customer of an appointment
    colleague confidential | Discuss a job in the team chat
    ```

Before the ``|`` stand the situation's values (a counterpart, a content, and any
of a contacts value, a platform, ``urgent``, ``business-letter``,
``recipient-request``); after it the row's text, which is translated in the page's
catalog like any other paragraph.
Each row lists the channels under their verdict, best first: the verdicts come
from :func:`messaging_rules.recommend`, never from the page.

Two more pieces let a page state a verdict in a sentence without writing it by hand:

``{firm-situation}``
    declares, once per page, what holds for every situation on it (for a health
    practice: ``professional-secrecy``); its content is the sentence that tells the
    reader so.  Every later table and ``{verdict}`` on the page adds these values.
``{verdict}`` (a role)
    ``sms consumer appointment`` as the role's text renders the engine's verdict for that
    channel in that situation, in the page's language, with the deciding rules:
    "**allowed with conditions** (R5)".
``{verdict-word}`` (a role)
    the same without the rules: "**allowed with conditions**", for a summary whose
    reasons follow.

A sentence that names a channel together with a verdict word outside these is
caught by ``tests/test_one_truth.py``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective, SphinxRole
from tables import entry, table

from messaging_rules import Channel, Content, Counterpart, Situation, check, recommend
from messaging_rules.i18n import label
from messaging_rules.schema import SITUATION
from messaging_rules.vocabulary import Contacts, Verdict


def cell(channel: Channel, situation: Situation, language: str) -> tuple[str, str, str]:
    """Return (verdict id, verdict label, rule ids) for one cell of the table.

    >>> cell(Channel.SMS, Situation(counterpart="consumer", content="appointment"), "en")
    ('allowed-with-conditions', 'allowed with conditions', 'R5')
    """
    finding = check(channel, situation)
    return str(finding.verdict), label(finding.verdict, language), ", ".join(finding.rules)


def _head(language: str) -> list[str]:
    # The site's own msgid (sphinx.po), not the CLI's "channel": renaming a command-
    # line option must never change a heading on the site.
    return [str(_("Channel")), *(label(content, language) for content in Content)]


def _verdict_cells(
    channel: Channel, situations: list[Situation], language: str
) -> list[nodes.entry]:
    """One cell per situation: the verdict in bold, the deciding rules after it."""
    cells = []
    for situation in situations:
        verdict, text, rules = cell(channel, situation, language)
        paragraph = nodes.paragraph()
        paragraph += nodes.strong(text=text)
        paragraph += nodes.Text(f" ({rules})")
        cells.append(entry(paragraph, classes=[f"verdict-{verdict}"]))
    return cells


def matrix(counterpart: Counterpart, language: str) -> nodes.table:
    """Build the docutils table for one counterpart."""
    rows = [
        [
            entry(nodes.paragraph(text=label(channel, language)), classes=["channel"]),
            *_verdict_cells(
                channel,
                [Situation(counterpart=counterpart, content=content) for content in Content],
                language,
            ),
        ]  # fmt: skip
        for channel in Channel
    ]
    return table(_head(language), rows, [1] * (len(Content) + 1),
                 classes=["decision-matrix"], title=label(counterpart, language))  # fmt: skip


def _row_key(channel: Channel, counterpart: Counterpart, contacts: Contacts) -> tuple[str, ...]:
    situations = (Situation(counterpart, content, contacts) for content in Content)
    return tuple(str(check(channel, s).verdict) for s in situations)


def depends_on_contacts(channel: Channel) -> bool:
    """True when what the app may read from the address book changes any verdict.

    >>> depends_on_contacts(Channel.WHATSAPP_BUSINESS_APP), depends_on_contacts(Channel.SMS)
    (True, False)
    """
    return any(
        len({_row_key(channel, counterpart, contacts) for contacts in Contacts}) > 1
        for counterpart in Counterpart
    )


def merged_rows(
    contacts: tuple[Contacts, ...] = (Contacts.FULL_ADDRESS_BOOK, Contacts.NO_ACCESS),
) -> list[tuple[Channel, Contacts | None, tuple[Counterpart, ...]]]:
    """The rows of the merged table: (channel, contacts or None, counterparts).

    Counterparts whose verdicts are identical for every content share a row.

    >>> rows = merged_rows()
    >>> [(str(ch), str(co) if co else None, len(cps)) for ch, co, cps in rows][:3]
    [('whatsapp', None, 3), ('whatsapp-business-app', 'full-address-book', 3), \
('whatsapp-business-app', 'no-access', 2)]
    """
    rows: list[tuple[Channel, Contacts | None, tuple[Counterpart, ...]]] = []
    for channel in Channel:
        variants: tuple[Contacts | None, ...] = (
            contacts if depends_on_contacts(channel) else (None,)
        )
        for variant in variants:
            groups: dict[tuple[str, ...], list[Counterpart]] = {}
            for counterpart in Counterpart:
                key = _row_key(channel, counterpart, variant or Contacts.FULL_ADDRESS_BOOK)
                groups.setdefault(key, []).append(counterpart)
            rows.extend((channel, variant, tuple(group)) for group in groups.values())
    return rows


def merged_matrix(
    language: str, contacts: tuple[Contacts, ...] = (Contacts.FULL_ADDRESS_BOOK, Contacts.NO_ACCESS)
) -> nodes.table:
    """One table for every counterpart: rows merged where they are identical."""
    rows = []
    for channel, variant, counterparts in merged_rows(contacts):
        name = nodes.paragraph()
        name += nodes.strong(text=label(channel, language))
        details = [label(variant, language)] if variant else []
        if len(counterparts) < len(Counterpart):
            details.append(", ".join(label(c, language) for c in counterparts))
        if details:
            name += nodes.Text(f" ({'; '.join(details)})")
        situations = [Situation(counterparts[0], content, variant or Contacts.FULL_ADDRESS_BOOK)
                      for content in Content]  # fmt: skip
        rows.append([entry(name, classes=["channel"]),
                     *_verdict_cells(channel, situations, language)])  # fmt: skip
    return table(_head(language), rows, (3, *([2] * len(Content))),
                 classes=["decision-matrix", "decision-matrix-merged"])  # fmt: skip


#: Every token a page may write: a value names its dimension, a flag's kebab-case
#: name sets it (all from the situation schema).
_VALUES: dict[str, tuple[str, str]] = {
    **{str(v): (d.name, str(v)) for d in SITUATION if d.values for v in d.values},
    **{d.param: (d.name, "true") for d in SITUATION if d.flag},
}
#: Where a page's ``{firm-situation}`` keeps its tokens while the page is read.
FIRM = "firm-situation"


def parse_situation(tokens: str, firm: str = "") -> Situation:
    """Build a situation from space-separated values, after the page's *firm* values.

    >>> s = parse_situation("consumer appointment no-access urgent")
    >>> str(s.contacts), s.urgent
    ('no-access', True)
    >>> parse_situation("consumer appointment", firm="professional-secrecy").professional_secrecy
    True
    >>> parse_situation("consumer fax")
    Traceback (most recent call last):
    ...
    ValueError: unknown value 'fax'
    """
    fields: dict[str, object] = {}
    for token in f"{firm} {tokens}".split():
        if token not in _VALUES:
            raise ValueError(f"unknown value {token!r}")
        key, value = _VALUES[token]
        fields[key] = True if value == "true" else value
    if "counterpart" not in fields or "content" not in fields:
        raise ValueError("a situation needs a counterpart and a content")
    return Situation(**fields)  # type: ignore[arg-type]


#: The verdict columns of the situation table, best first.
VERDICT_COLUMNS = (
    Verdict.RECOMMENDED,
    Verdict.ALLOWED_WITH_CONDITIONS,
    Verdict.DISCOURAGED,
    Verdict.NOT_ALLOWED,
)


class DecisionMatrix(SphinxDirective):
    """Render the channel × content verdict tables for the page's language."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "counterpart": lambda value: directives.choice(value, [str(c) for c in Counterpart]),
        "merged": directives.flag,
        "contacts": lambda value: tuple(Contacts(v.strip()) for v in value.split(",") if v.strip()),
    }

    def situations(self, language: str) -> list[nodes.Node]:
        """The table of the situations listed in the directive's content."""
        source, line = self.get_source_info()
        rows = []
        for offset, text in enumerate(self.content):
            if not text.strip():
                continue
            tokens, _bar, title = text.partition("|")
            try:
                situation = parse_situation(tokens, self.env.temp_data.get(FIRM) or "")
            except ValueError as err:
                raise self.error(f"decision-matrix, line {offset + 1}: {err}") from None
            if not title.strip():
                raise self.error(f"decision-matrix, line {offset + 1}: no text after '|'")
            # A sourced paragraph: the gettext builder extracts it, and the German
            # build translates it from the page's catalog.
            paragraph = nodes.paragraph(title.strip(), title.strip())
            paragraph.source, paragraph.line = source, line + offset + 1
            cells = [entry(paragraph, classes=["situation"])]
            findings = recommend(situation)
            for verdict in VERDICT_COLUMNS:
                names = [label(f.channel, language) for f in findings if f.verdict == verdict]
                children: list[nodes.Node] = []
                if names:
                    items = nodes.bullet_list()
                    for name in names:
                        items += nodes.list_item("", nodes.paragraph(text=name))
                    children.append(items)
                cells.append(entry(*children, classes=[f"verdict-{verdict}"] if names else []))
            rows.append(cells)
        head = [str(_("Situation")), *(label(verdict, language) for verdict in VERDICT_COLUMNS)]
        return [table(head, rows, (3, *([2] * len(VERDICT_COLUMNS))),
                      classes=["decision-matrix", "situation-matrix"])]  # fmt: skip

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        if self.content:
            self._note_dependencies()
            return self.situations(language)
        if "merged" in self.options:
            self._note_dependencies()
            contacts = self.options.get(
                "contacts", (Contacts.FULL_ADDRESS_BOOK, Contacts.NO_ACCESS)
            )
            return [nodes.container("", merged_matrix(language, contacts),
                                    classes=["decision-matrix-group"])]  # fmt: skip
        wanted = self.options.get("counterpart")
        counterparts = [Counterpart(wanted)] if wanted else list(Counterpart)
        self._note_dependencies()
        container = nodes.container(classes=["decision-matrix-group"])
        for counterpart in counterparts:
            container += matrix(counterpart, language)
        return [container]

    def _note_dependencies(self) -> None:
        # The tables depend on the package, not on the page text: rebuild the page
        # whenever the rules change.
        for module in ("rule*", "schema", "vocabulary", "i18n"):
            for path in sorted((self.env.srcdir.parent / "messaging_rules").glob(f"{module}.py")):
                self.env.note_dependency(str(path))
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


class FirmSituation(SphinxDirective):
    """Declare what holds for every situation on the page; render the sentence that says so."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        tokens = self.arguments[0]
        for token in tokens.split():
            name, value = _VALUES.get(token, ("", ""))
            if name in ("", "counterpart", "content"):
                raise self.error(
                    f"firm-situation: {token!r} is not a value that holds for a whole firm"
                )
        if not self.content:
            raise self.error("firm-situation: write the sentence that tells the reader")
        self.env.temp_data[FIRM] = tokens
        container = nodes.container(classes=["firm-situation"])
        self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


class VerdictRole(SphinxRole):
    """``{verdict}`channel situation```: the engine's verdict, in the page's language.

    With *rules* false (the role ``{verdict-word}``) only the verdict word is shown:
    for a summary such as the start page's answers, whose reasons follow below it.
    """

    def __init__(self, rules: bool = True) -> None:
        super().__init__()
        self.rules = rules

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        channel, _space, tokens = self.text.strip().partition(" ")
        try:
            situation = parse_situation(tokens, self.env.temp_data.get(FIRM) or "")
            finding = check(channel, situation)
        except ValueError as err:
            message = self.inliner.reporter.error(f"verdict: {err}", line=self.lineno)
            return [], [message]
        for module in ("rule*", "schema", "vocabulary"):
            for path in sorted((self.env.srcdir.parent / "messaging_rules").glob(f"{module}.py")):
                self.env.note_dependency(str(path))
        language = self.config.language or "en"
        node = nodes.inline(classes=["verdict", f"verdict-{finding.verdict}"])
        node += nodes.strong(text=label(finding.verdict, language))
        if self.rules:
            node += nodes.Text(f" ({', '.join(finding.rules)})")
        return [node], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("decision-matrix", DecisionMatrix)
    app.add_directive("firm-situation", FirmSituation)
    app.add_role("verdict", VerdictRole())
    app.add_role("verdict-word", VerdictRole(rules=False))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
