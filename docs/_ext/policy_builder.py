"""The ``policy-builder`` directive: a firm's own team policy, filled in in the browser.

The directive writes a short form (kind of business, the firm's name, the business
messenger, who to ask, how many sign, professional secrecy, which lines of the ready
policy the team keeps, a WhatsApp Business phone, advertising by e-mail) and an empty
policy sheet.  At build time the extension writes, for the page's language, every
line the form can put on the sheet into one static file,
``_static/policy-builder-data.js``: each line of the ready sector policies
(``examples/policy-<sector>.toml``, the sectors of :data:`tools.pdf.POLICIES`) with
and without professional secrecy, every variant of the WhatsApp Business phone's
line, and the advertising line.  Each line is rendered by
:func:`messaging_rules.render.policy_document` and checked by
:func:`messaging_rules.policy_audit.audit`, and carries its ``[[allow]]`` table as TOML
text.  The browser code ``docs/_static/policy-builder.js`` only picks the lines the
form names and fills the sheet: no verdict logic runs in the browser, so a sector's
policy left unchanged reads as ``python -m messaging_rules policy render`` prints it,
and the downloaded file audits to the findings the sheet shows.

As with the channel chooser (``chooser.py``), the script, the data and
``policy-builder.css`` are added to the page that uses the directive and to no
other page, and a print build (tag ``pdf``) renders nothing.  The form is hidden
until the script runs (a form that cannot fill the sheet would only mislead); a
``<noscript>`` paragraph says so, and the page links the ready policy PDFs.
Nothing the reader types is stored or sent: the form has no ``action``, its
submission is cancelled, and the download is made in the browser.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

from chooser import _Table, capitalise, question_text
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _ as site_word
from sphinx.util.docutils import SphinxDirective
from widget import Form, note_package, register, tag
from widget import data_script as widget_data_script

from messaging_rules import CHANNEL_ORDER, check
from messaging_rules.i18n import label, translate
from messaging_rules.policy import load_policy
from messaging_rules.policy_audit import audit
from messaging_rules.policy_model import Policy, PolicyEntry
from messaging_rules.render import policy_document
from messaging_rules.schema import dimension_named
from messaging_rules.vocabulary import Channel, Contacts, Content, Counterpart
from tools.pdf import POLICIES

ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = "policy-builder-data.js"
SCRIPT_FILE = "policy-builder.js"
CSS_FILE = "policy-builder.css"
#: What a WhatsApp Business phone may be used for; the form offers each (advertising
#: has its own question).
WHATSAPP_CONTENTS = (Content.APPOINTMENT, Content.GENERAL, Content.CONFIDENTIAL,
                     Content.SPECIAL_CATEGORY)  # fmt: skip
#: The WhatsApp Business phone's line when the sector's policy has none.
WHATSAPP_COUNTERPARTS = (Counterpart.CONSUMER,)
#: The advertising line: newsletters, offers and review requests by e-mail.
MARKETING = PolicyEntry(
    1, (Channel.EMAIL,), (Counterpart.CONSUMER, Counterpart.BUSINESS_CLIENT), (Content.MARKETING,)
)
#: The most signature lines the sheet offers (the policy stays within two A4 pages).
MAX_STAFF = 15
#: The staff count the form starts with.
DEFAULT_STAFF = 5

#: The few words the builder needs that the package catalog does not hold: msgids of
#: ``sphinx.po``, shown in the build's language by :func:`words`.
WORDS = {
    "sector": "Your kind of business",
    "firm": "Your firm",
    "name": "Name of the firm",
    "product": "Your business messenger (the product's name, if you use one)",
    "contact": "Who the team asks about messaging (name and phone number)",
    "staff": "How many people sign the policy",
    "lines": "What your team uses (the lines of the ready policy)",
    "whatsapp": "WhatsApp Business phone",
    "whatsapp-keep": "We keep a WhatsApp Business phone for customers",
    "whatsapp-for": "What customers may send to it",
    "marketing": "Advertising",
    "marketing-keep": "We send advertising by e-mail (newsletters, offers, review requests)",
    "secrecy": "Professional secrecy",
    "print": "Print or save as PDF",
    "download": "Download policy file",
    "sheet": "Your messaging policy",
    "updated": "The policy below is updated.",
    "problems-found": "The rules advise against parts of this policy: see the box at its top.",
    "messenger": "Our business messenger: {product}.",
    "privacy": "What you type stays in this browser tab: it is neither sent anywhere nor "
               "stored, and it is gone when you close the page. "
               "Download the policy file to keep your choices.",
    "noscript": "Without JavaScript this form cannot fill in the policy. "
                "Print one of the ready policies below instead and fill in the blanks by hand.",
    "file-comment": "Messaging policy, checked with: python -m messaging_rules audit {file}",
}  # fmt: skip


def words() -> dict[str, str]:
    """:data:`WORDS` in the build's language (``sphinx.po`` through ``sphinx.locale``)."""
    return {key: str(site_word(msgid)) for key, msgid in WORDS.items()}


# -- TOML: the lines as the policy file writes them ----------------------------------


def toml_value(value: Any) -> str:
    """A TOML value: a string, a boolean or a list of strings.

    >>> toml_value("a \\"b\\"\\n"), toml_value(True), toml_value(["x", "y"])
    ('"a \\\\"b\\\\"\\\\n"', 'true', '["x", "y"]')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def toml_entry(entry: PolicyEntry) -> str:
    """The ``[[allow]]`` table of *entry* without its note (the script adds the note).

    >>> print(toml_entry(PolicyEntry(1, ("sms",), ("consumer",), ("appointment",))))
    [[allow]]
    channel = "sms"
    counterpart = "consumer"
    content = "appointment"
    """
    lines = ["[[allow]]"]
    for key, values in (("channel", entry.channels), ("counterpart", entry.counterparts),
                        ("content", entry.contents)):  # fmt: skip
        items = [str(v) for v in values]
        lines.append(f"{key} = {toml_value(items[0] if len(items) == 1 else items)}")
    if entry.contacts != dimension_named("contacts").default:
        lines.append(f"contacts = {toml_value(str(entry.contacts))}")
    for flag in ("urgent", "business_letter", "recipient_request", "group"):
        if getattr(entry, flag):
            lines.append(f"{flag} = true")
    return "\n".join(lines)


# -- the lines: each rendered and checked by the rules package -----------------------


def _problem_text(entry: PolicyEntry, secrecy: bool, lang: str) -> str:
    """The line ``policy render`` prints for one problem (*entry* allows one combination)."""
    policy = Policy(entries=(entry,), settings={"professional_secrecy": secrecy})
    return policy_document(policy, lang).problems[0]


def line_data(entry: PolicyEntry, secrecy: bool, lang: str, strings: _Table) -> list[Any]:
    """One line of the sheet for *entry*, checked with or without professional secrecy.

    ``[channels, verdict, channel names, with whom, for what, circumstances,
    conditions, problems, toml]``: the verdict is the worst of the entry's
    combinations; a problem is ``[channel, verdict, rules, text]``; texts are numbers
    into the string table.

    >>> strings = _Table()
    >>> line = line_data(MARKETING, False, "en", strings)
    >>> line[:2], strings.items[line[2]]
    ([['email'], 'allowed-with-conditions'], 'E-mail (TLS in transit only)')
    """
    entry = replace(entry, number=1, professional_secrecy=secrecy, note="", texts={})
    policy = Policy(entries=(entry,), settings={"professional_secrecy": secrecy})
    row = policy_document(policy, lang).rows[0]
    verdict = min(check(channel, situation).verdict for channel, situation in entry.combinations())
    problems = []
    seen = set()
    for finding in audit(policy):
        assert finding.situation is not None
        one = replace(entry, channels=(finding.channel,),
                      counterparts=(finding.situation.counterpart,),
                      contents=(finding.situation.content,))  # fmt: skip
        text = _problem_text(one, secrecy, lang)
        if text not in seen:
            seen.add(text)
            problems.append([str(finding.channel), str(finding.verdict), list(finding.rules),
                             strings.number(text)])  # fmt: skip
    return [
        [str(c) for c in entry.channels],
        str(verdict),
        strings.number(", ".join(row.channels)),
        strings.number(", ".join(row.counterparts)),
        strings.number(", ".join(row.contents)),
        strings.number(", ".join(row.circumstances)) if row.circumstances else -1,
        [strings.number(c) for c in row.conditions],
        problems,
        strings.number(toml_entry(entry)),
    ]


def _masks() -> list[tuple[int, tuple[Content, ...]]]:
    """Every non-empty choice of :data:`WHATSAPP_CONTENTS`, as (bit mask, contents)."""
    found = []
    for size in range(1, len(WHATSAPP_CONTENTS) + 1):
        for chosen in combinations(range(len(WHATSAPP_CONTENTS)), size):
            mask = sum(1 << i for i in chosen)
            found.append((mask, tuple(WHATSAPP_CONTENTS[i] for i in chosen)))
    return sorted(found)


def _is_whatsapp_phone(entry: PolicyEntry) -> bool:
    return entry.channels == (Channel.WHATSAPP_BUSINESS_APP,)


def builder_data(language: str, sector_titles: dict[str, str]) -> dict[str, Any]:
    """Every line the form can put on the sheet, in *language*, as JSON-ready data.

    ``whatsapp[((contacts * 16) + mask) * 2 + secrecy]`` is the WhatsApp Business
    phone's line for a choice of contacts (the order of :class:`Contacts`), a bit
    mask over :data:`WHATSAPP_CONTENTS` and professional secrecy (0 or 1); a sector's
    ``lines[i][secrecy]`` is the *i*-th line of its ready policy.

    >>> data = builder_data("en", {})
    >>> [s["id"] for s in data["sectors"]]
    ['craft-business', 'health-practice', 'office', 'advisory-office']
    >>> craft = data["sectors"][0]
    >>> craft["whatsappAt"], len(craft["lines"]), craft["secrecy"]
    (4, 5, False)
    >>> data["whatsapp"][craft["whatsappLine"]][1]
    'allowed-with-conditions'
    """
    strings = _Table()
    sectors = []
    secrecies = (False, True)
    whatsapp_notes: list[int] = []
    for sector in POLICIES:
        policy = load_policy(ROOT / "examples" / f"policy-{sector}.toml")
        doc = policy_document(policy, language)
        lines: list[Any] = []
        whatsapp_at, whatsapp_line, note = -1, None, -1
        for entry in policy.entries:
            if _is_whatsapp_phone(entry):
                whatsapp_at = len(lines)
                note = strings.number(entry.note_in(language)) if entry.note_in(language) else -1
                mask = sum(1 << WHATSAPP_CONTENTS.index(c) for c in entry.contents)
                secrecy = int(bool(policy.settings.get("professional_secrecy")))
                whatsapp_line = ((list(Contacts).index(entry.contacts) * 16) + mask) * 2 + secrecy
                continue
            lines.append({
                "rows": [line_data(entry, s, language, strings) for s in secrecies],
                "note": strings.number(entry.note_in(language)) if entry.note_in(language) else -1,
            })  # fmt: skip
        whatsapp_notes.append(note)
        sectors.append({
            "id": sector,
            "title": sector_titles.get(sector, doc.name),
            "name": doc.name,
            "description": policy.text("description", language),
            "contact": doc.contact,
            "secrecy": bool(policy.settings.get("professional_secrecy")),
            "lines": lines,
            "whatsappAt": whatsapp_at,
            "whatsappLine": whatsapp_line,
            "whatsappNote": note,
        })  # fmt: skip
    whatsapp: list[Any] = [None] * (len(Contacts) * 16 * 2)
    for contacts_number, contacts in enumerate(Contacts):
        for mask, contents in _masks():
            base = PolicyEntry(1, (Channel.WHATSAPP_BUSINESS_APP,), WHATSAPP_COUNTERPARTS,
                               contents, contacts=contacts)  # fmt: skip
            for secrecy in secrecies:
                index = ((contacts_number * 16) + mask) * 2 + int(secrecy)
                whatsapp[index] = line_data(base, secrecy, language, strings)
    any_doc = policy_document(Policy(), language)
    text = words()
    return {
        "lang": language,
        "channels": [str(c) for c in CHANNEL_ORDER],
        "channelLabels": [label(c, language) for c in CHANNEL_ORDER],
        "contacts": [str(c) for c in Contacts],
        "whatsappContents": [str(c) for c in WHATSAPP_CONTENTS],
        "sectors": sectors,
        "whatsapp": whatsapp,
        "marketing": [line_data(MARKETING, s, language, strings) for s in secrecies],
        "strings": strings.items,
        "title": any_doc.title,
        "words": any_doc.words
        | {key: text[key] for key in ("updated", "problems-found", "messenger", "file-comment")},
        "maxStaff": MAX_STAFF,
    }


def data_script(data: dict[str, Any]) -> str:
    """The data as one small script for ``policy-builder.js`` (no inline code, no eval)."""
    return widget_data_script("policyBuilderData", data)


# -- the form -----------------------------------------------------------------------


def _field(ident: str, text: str, control: str) -> str:
    label_html = f'<label for="{ident}">{html.escape(text)}</label>'
    return f'<div class="builder-field">{label_html}{control}</div>'


def _choice(kind: str, name: str, value: str, text: str, checked: bool = False) -> str:
    ident = f"builder-{name}-{value}" if kind == "radio" else f"builder-{name}"
    mark = " checked" if checked else ""
    return (
        f'<div class="builder-option"><input type="{kind}" id="{ident}" name="{name}" '
        f'value="{html.escape(value)}"{mark}><label for="{ident}">{html.escape(text)}</label></div>'
    )


def form_html(language: str, sector_titles: dict[str, str]) -> str:
    """The form, the no-script note, the live status and the empty sheet, as HTML."""
    text = words()
    contacts = dimension_named("contacts")
    secrecy = dimension_named("professional_secrecy")
    contacts_question = question_text(
        translate(contacts.help, language).format(
            values=", ".join(str(v) for v in Contacts), default=contacts.default
        ),
        [str(v) for v in Contacts],
    )
    box = 'autocomplete="off" spellcheck="false"'
    parts = [
        '<div class="policy-builder">',
        tag("p", text["privacy"], class_="builder-privacy"),
        '<form id="policy-builder" class="builder-form" hidden>',
        '<fieldset class="builder-question">' + tag("legend", text["sector"]),
    ]
    for number, sector in enumerate(POLICIES):
        parts.append(_choice("radio", "sector", sector, sector_titles.get(sector, sector),
                             checked=number == 0))  # fmt: skip
    parts += [
        "</fieldset>",
        '<fieldset class="builder-question">' + tag("legend", text["firm"]),
        _field("builder-name", text["name"],
               f'<input type="text" id="builder-name" name="name" maxlength="120" {box}>'),
        _field("builder-product", text["product"],
               f'<input type="text" id="builder-product" name="product" maxlength="80" {box}>'),
        _field("builder-contact", text["contact"],
               f'<input type="text" id="builder-contact" name="contact" maxlength="200" {box}>'),
        _field("builder-staff", text["staff"],
               f'<input type="number" id="builder-staff" name="staff" min="1" '
               f'max="{MAX_STAFF}" value="{DEFAULT_STAFF}" inputmode="numeric">'),
        "</fieldset>",
        '<fieldset class="builder-question">' + tag("legend", text["secrecy"]),
        _choice("checkbox", "secrecy", "1", question_text(translate(secrecy.help, language))),
        "</fieldset>",
        '<fieldset class="builder-question" id="builder-lines">' + tag("legend", text["lines"]),
        "</fieldset>",
        '<fieldset class="builder-question">' + tag("legend", text["whatsapp"]),
        _choice("checkbox", "whatsapp", "1", text["whatsapp-keep"]),
        '<fieldset class="builder-sub">' + tag("legend", contacts_question),
    ]  # fmt: skip
    for value in Contacts:
        parts.append(_choice("radio", "contacts", str(value), capitalise(label(value, language)),
                             checked=value == Contacts.NO_ACCESS))  # fmt: skip
    parts.append("</fieldset>")
    parts.append('<fieldset class="builder-sub">' + tag("legend", text["whatsapp-for"]))
    for content in WHATSAPP_CONTENTS:
        ident = f"builder-for-{content}"
        parts.append(
            f'<div class="builder-option"><input type="checkbox" id="{ident}" name="for" '
            f'value="{content}"><label for="{ident}">'
            f"{html.escape(capitalise(label(content, language)))}</label></div>"
        )
    parts += [
        "</fieldset>",
        "</fieldset>",
        '<fieldset class="builder-question">' + tag("legend", text["marketing"]),
        _choice("checkbox", "marketing", "1", text["marketing-keep"]),
        "</fieldset>",
        '<div class="builder-actions">',
        tag("button", text["print"], type="button", id="builder-print", class_="builder-button"),
        tag("button", text["download"], type="button", id="builder-download",
             class_="builder-button"),
        "</div>",
        "</form>",
        f"<noscript>{tag('p', text['noscript'], class_='builder-noscript')}</noscript>",
        tag("p", "", id="builder-status", class_="builder-status", role="status"),
        '<section id="policy-output" class="policy-sheet" aria-labelledby="policy-sheet-title" '
        "hidden>",
        tag("h2", text["sheet"], id="policy-sheet-title", class_="policy-sheet-label"),
        '<div id="policy-sheet"></div>',
        "</section>",
        "</div>",
    ]  # fmt: skip
    return "\n".join(parts)


class builder_node(nodes.General, nodes.Element):  # type: ignore[misc]  # noqa: N801
    """Placeholder for the form; replaced when the page is resolved."""


FORM = Form(builder_node, "policy-builder-block", CSS_FILE, DATA_FILE, SCRIPT_FILE)


class PolicyBuilder(SphinxDirective):
    """Render the policy builder's form for the page's language."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        examples = [ROOT / "examples" / f"policy-{sector}.toml" for sector in POLICIES]
        note_package(self.env, Path(__file__), *examples)
        node = builder_node()
        self.set_source_info(node)
        return [node]


# -- build steps ----------------------------------------------------------------------


def sector_titles(app: Sphinx) -> dict[str, str]:
    """The sector pages' titles in the build's language, keyed by sector."""
    titles = app.env.titles
    return {
        sector: titles[f"sectors/{sector}"].astext()
        for sector in POLICIES
        if f"sectors/{sector}" in titles
    }


def _data(app: Sphinx) -> str:
    return data_script(builder_data(app.config.language or "en", sector_titles(app)))


def _resolve(app: Sphinx, node: nodes.Element, docname: str) -> nodes.Node:
    return FORM.block(form_html(app.config.language or "en", sector_titles(app)))


def setup(app: Sphinx) -> dict[str, Any]:
    register(app, FORM, ("policy-builder", PolicyBuilder), _data, _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
