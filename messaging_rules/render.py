"""A team's messaging policy as a printable document, in English or German.

:func:`policy_document` turns a :class:`~messaging_rules.policy_model.Policy` into plain
data with every text in the chosen language: one row per ``[[allow]]`` entry
(channels, with whom, for what, the conditions the rules attach, the team's note),
the channels the policy leaves out, who to ask, and what the audit found.
:func:`to_html` renders that data as one self-contained HTML file (no external
assets, A4 print CSS), which is what ``python -m messaging_rules policy render``
writes; the documentation's ``team-policy`` directive renders the same data as
page content.

The generated words are English message ids in the package catalog; the
policy's own texts come from the file (``note_de`` and the like for German).

>>> from messaging_rules.policy import parse_policy
>>> policy = parse_policy({"policy": {"name": "Joinery", "name_de": "Tischlerei"},
...     "allow": [{"channel": "sms", "counterpart": "consumer", "content": "appointment"}]})
>>> doc = policy_document(policy, "de")
>>> doc.title, doc.name, doc.rows[0].channels
('Messenger-Richtlinie', 'Tischlerei', ('SMS',))
>>> doc.clean
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape as _escape

from .i18n import label, translate, translator
from .policy_audit import audit
from .policy_errors import printable
from .policy_model import Policy, PolicyEntry
from .rules import CHANNEL_ORDER, RULES, check
from .vocabulary import Channel

__all__ = ["PolicyDocument", "PolicyRow", "policy_document", "render_html", "to_html"]

#: How many empty lines the sheet offers for team members to sign.
SIGNATURE_LINES = 5
#: The columns of the channel table, as keys of :attr:`PolicyDocument.words`.
COLUMNS = ("channel", "with", "for", "rules")


#: Characters no HTML page should carry raw: C0 and C1 controls (but tab, line feed
#: and carriage return), DEL and the bidirectional controls.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def escape(text: str) -> str:
    """Escape *text* for HTML; control characters from a policy become visible
    escapes (as ``audit`` shows them), so a bell, a terminal title sequence or a
    right-to-left override in a name can neither reach a terminal nor reorder the page.

    >>> escape("Büro <Nord>\x1b]0;x\x07\u202e")
    'Büro &lt;Nord&gt;\\\\x1b]0;x\\\\x07\\\\u202e'
    """
    return _escape(_CONTROLS.sub(lambda match: printable(match.group(0)), text))


@dataclass(frozen=True)
class PolicyRow:
    """One ``[[allow]]`` entry, every text in the document's language."""

    channels: tuple[str, ...]
    counterparts: tuple[str, ...]
    contents: tuple[str, ...]
    circumstances: tuple[str, ...]
    conditions: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class PolicyDocument:
    """A rendered policy: headings, rows, who to ask and the audit result.

    ``words`` holds the generated headings and labels, keyed by their purpose,
    so every renderer uses the same texts.
    """

    lang: str
    title: str
    name: str
    description: str
    rows: tuple[PolicyRow, ...]
    left_out: tuple[str, ...]
    contact: str
    reviewed_by: str
    reviewed: str
    problems: tuple[str, ...]
    words: dict[str, str]

    @property
    def clean(self) -> bool:
        """True when the audit found nothing that the rules forbid or advise against."""
        return not self.problems

    @property
    def ask(self) -> tuple[str, ...]:
        """The paragraphs under "Who to ask": the contact, and who checked the policy.

        Empty when the policy names neither; every renderer shows these, in order.
        """
        w = self.words
        paragraphs = [f"{w['ask-intro']} {self.contact}"] if self.contact else []
        if self.reviewed_by:
            template = w["reviewed"] if self.reviewed else w["reviewed-undated"]
            paragraphs.append(template.format(who=self.reviewed_by, date=self.reviewed))
        return tuple(paragraphs)

    @property
    def footer(self) -> str:
        """The last line: that the audit passed (when it did), and that this is no legal advice."""
        return " ".join([*([self.words["clean"]] if self.clean else []), self.words["legal"]])


def _words(lang: str) -> dict[str, str]:
    _ = translator(lang)
    return {
        "channel": _("Channel"),
        "with": _("With whom"),
        "for": _("For what"),
        "rules": _("Conditions and notes"),
        "which": _("Which channel for what"),
        "left-out": _("Not for work"),
        "left-out-intro": _(
            "This policy does not allow the following channels, so we do not use them for work:"
        ),
        "ask": _("Who to ask"),
        "ask-intro": _("If a situation is not covered here, ask before you send:"),
        "reviewed": _("Checked by {who} on {date}."),
        "reviewed-undated": _("Checked by {who}."),
        "sign": _("Signatures"),
        "in-force": _("In force from (date), signed by the owner or management:"),
        "date": _("Date"),
        "signature": _("Signature"),
        "team": _("Read and understood by the team:"),
        "person": _("Name"),
        "clean": _(
            "Checked against the rules R1 to {last} of the guide: "
            "the policy allows nothing that they advise against."
        ).format(last=RULES[-1].id),
        "problems": _("The rules advise against parts of this policy; correct them before use:"),
        "legal": _("This is general information, not legal advice."),
        "urgent": _("urgent"),
        "business-letter": _("including quotes, orders and invoices"),
        "request": _("at the recipient's documented request"),
        "group": _("in group chats with people outside the firm"),
        "secrecy": _(
            "We are bound by professional secrecy (§ 203 StGB); "
            "this policy was checked with that in mind."
        ),
    }


def _circumstances(entry: PolicyEntry, words: dict[str, str], lang: str) -> tuple[str, ...]:
    parts: list[str] = []
    if Channel.WHATSAPP_BUSINESS_APP in entry.channels:
        parts.append(label(entry.contacts, lang))
    if entry.urgent:
        parts.append(words["urgent"])
    if entry.business_letter:
        parts.append(words["business-letter"])
    if entry.recipient_request:
        parts.append(words["request"])
    if entry.group:
        parts.append(words["group"])
    return tuple(parts)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _row(entry: PolicyEntry, words: dict[str, str], lang: str) -> PolicyRow:
    findings = [check(channel, situation) for channel, situation in entry.combinations()]
    conditions = _unique(
        translate(condition, lang) for finding in findings for condition in finding.conditions
    )
    return PolicyRow(
        channels=tuple(label(c, lang) for c in entry.channels),
        counterparts=tuple(label(c, lang) for c in entry.counterparts),
        contents=tuple(label(c, lang) for c in entry.contents),
        circumstances=_circumstances(entry, words, lang),
        conditions=conditions,
        note=entry.note_in(lang),
    )


def _problems(policy: Policy, lang: str) -> tuple[str, ...]:
    lines = []
    for finding in audit(policy):
        assert finding.entry is not None and finding.situation is not None
        situation = finding.situation
        lines.append(
            f"{label(finding.channel, lang)} · {label(situation.counterpart, lang)} · "
            f"{label(situation.content, lang)}: {label(finding.verdict, lang)} "
            f"({', '.join(finding.rules)})"
        )
    return _unique(lines)


def policy_document(policy: Policy, lang: str = "en") -> PolicyDocument:
    """Build the printable policy for *policy* with every text in *lang*.

    >>> from messaging_rules.policy import parse_policy
    >>> bad = parse_policy({"allow": [
    ...     {"channel": "whatsapp", "counterpart": "colleague", "content": "general"}]})
    >>> policy_document(bad, "en").problems
    ('WhatsApp (consumer app) · colleague · general business message: not allowed (R1)',)
    """
    _ = translator(lang)
    words = _words(lang)
    used = {channel for entry in policy.entries for channel in entry.channels}
    return PolicyDocument(
        lang=lang,
        title=_("Messaging policy"),
        name=policy.text("name", lang),
        description=" ".join(
            text
            for text in (
                policy.text("description", lang),
                words["secrecy"] if policy.settings.get("professional_secrecy") else "",
            )
            if text
        ),
        rows=tuple(_row(entry, words, lang) for entry in policy.entries),
        left_out=tuple(label(c, lang) for c in CHANNEL_ORDER if c not in used),
        contact=policy.text("contact", lang),
        reviewed_by=policy.text("reviewed_by", lang),
        reviewed=policy.header.get("reviewed", ""),
        problems=_problems(policy, lang),
        words=words,
    )


# -- HTML ----------------------------------------------------------------------------

#: The stylesheet of the printable file: A4, readable on screen, no external assets.
CSS = """
@page { size: A4; margin: 16mm 15mm 16mm 15mm; }
:root { color: #111; background: #fff; }
body { font-family: "DejaVu Sans", "Guide Sans", "Liberation Sans", Arial, sans-serif;
       font-size: 9pt; line-height: 1.3; max-width: 46rem; margin: 1.5rem auto;
       padding: 0 1rem; }
h1 { font-size: 17pt; margin: 0 0 0.2rem; }
h2 { font-size: 12pt; margin: 1rem 0 0.35rem; break-after: avoid; }
p.name { font-size: 12pt; font-weight: bold; margin: 0 0 0.3rem; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0; }
table.channels { table-layout: fixed; }
table.channels col.c1 { width: 19%; } table.channels col.c2 { width: 17%; }
table.channels col.c3 { width: 20%; } table.channels col.c4 { width: 44%; }
th, td { border: 1px solid #777; padding: 0.2rem 0.3rem; vertical-align: top;
         text-align: left; hyphens: auto; overflow-wrap: break-word; }
th { background: #e8e8e8; }
tr { break-inside: avoid; }
td ul { margin: 0; padding-left: 1rem; }
.note { font-style: italic; margin: 0.15rem 0 0; }
.circumstances { color: #333; }
.box { border: 2px solid #111; padding: 0.4rem 0.6rem; margin: 0.6rem 0; }
.problems { border-color: #a40000; }
.signature td { height: 1.7rem; }
.footer { font-size: 8.5pt; color: #333; margin-top: 0.8rem; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
"""


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _html_row(row: PolicyRow) -> str:
    what = ", ".join(row.contents)
    if row.circumstances:
        what += f'<br><span class="circumstances">({escape(", ".join(row.circumstances))})</span>'
    notes = _list(row.conditions) if row.conditions else ""
    if row.note:
        notes += f'<p class="note">{escape(row.note)}</p>'
    return (
        f"<tr><td><strong>{escape(', '.join(row.channels))}</strong></td>"
        f"<td>{escape(', '.join(row.counterparts))}</td>"
        f"<td>{what}</td><td>{notes}</td></tr>"
    )


def to_html(doc: PolicyDocument) -> str:
    """Render *doc* as one self-contained, printable HTML file.

    >>> from messaging_rules.policy import parse_policy
    >>> policy = parse_policy({"allow": [
    ...     {"channel": "email", "counterpart": "consumer", "content": "general"}]})
    >>> html = to_html(policy_document(policy, "en"))
    >>> html.startswith("<!DOCTYPE html>"), "<h1>Messaging policy</h1>" in html
    (True, True)
    >>> "http" in html.replace("http-equiv", "")
    False
    """
    w = doc.words
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{doc.lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}{': ' + escape(doc.name) if doc.name else ''}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(doc.name or doc.title)}</h1>",
    ]
    if doc.description:
        parts.append(f"<p>{escape(doc.description)}</p>")
    if doc.problems:
        parts.append(f'<div class="box problems"><p><strong>{escape(w["problems"])}</strong></p>')
        parts.append(_list(doc.problems) + "</div>")
    parts.append(f"<h2>{escape(w['which'])}</h2>")
    parts.append(
        '<table class="channels"><colgroup><col class="c1"><col class="c2"><col class="c3">'
        '<col class="c4"></colgroup><thead><tr>'
        + "".join(f'<th scope="col">{escape(w[k])}</th>' for k in COLUMNS)
        + "</tr></thead><tbody>"
        + "".join(_html_row(row) for row in doc.rows)
        + "</tbody></table>"
    )
    if doc.left_out:
        parts.append(f"<h2>{escape(w['left-out'])}</h2>")
        parts.append(f"<p>{escape(w['left-out-intro'])}</p>{_list(doc.left_out)}")
    if doc.ask:
        parts.append(f"<h2>{escape(w['ask'])}</h2>")
        parts.extend(f"<p>{escape(paragraph)}</p>" for paragraph in doc.ask)
    parts.append(f"<h2>{escape(w['sign'])}</h2>")
    parts.append(f"<p>{escape(w['in-force'])}</p>")
    parts.append(
        '<table class="signature"><thead><tr>'
        f'<th scope="col">{escape(w["date"])}</th><th scope="col">{escape(w["signature"])}</th>'
        "</tr></thead><tbody><tr><td></td><td></td></tr></tbody></table>"
    )
    parts.append(f"<p>{escape(w['team'])}</p>")
    parts.append(
        '<table class="signature"><thead><tr>'
        + "".join(f'<th scope="col">{escape(w[k])}</th>' for k in ("person", "date", "signature"))
        + "</tr></thead><tbody>"
        + "<tr><td></td><td></td><td></td></tr>" * SIGNATURE_LINES
        + "</tbody></table>"
    )
    parts.append(f'<p class="footer">{escape(doc.footer)}</p>')
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def render_html(policy: Policy, lang: str = "en") -> str:
    """Render *policy* as a printable HTML file in *lang* (shortcut for the CLI).

    >>> from messaging_rules.policy import parse_policy
    >>> policy = parse_policy({"allow": [
    ...     {"channel": "email", "counterpart": "consumer", "content": "appointment"}]})
    >>> "<h1>Messenger-Richtlinie</h1>" in render_html(policy, "de")
    True
    """
    return to_html(policy_document(policy, lang))
