"""The ``channel-chooser`` directive: "which channel for *my* message?" in a few taps.

The directive writes a plain ``<form method="get">`` with the situation's questions
(the same words as the command line's help in the page's language) and an empty
answer area.  At build time the extension writes every situation's findings for the
page's language into one static file, ``_static/chooser-data.js``; the browser code
``docs/_static/chooser.js`` only looks the chosen situation up and renders it.
No verdict logic runs in the browser, so the answer is always exactly what
``python -m messaging_rules recommend --lang <language>`` says.

The data file keeps texts small: every reason and condition is written once into a
string table, every distinct finding once into a finding table, and each situation
is a list of eight finding numbers, in the order of
:func:`messaging_rules.all_situations` (a mixed-radix index over the dimensions).

The script, the data and ``chooser.css`` are added to the page that uses the
directive and to no other page.  Without JavaScript the form still submits (to the
decision table further down the page, named by ``:fallback:``), and a ``<noscript>``
paragraph says where the answers are.  In a print build (tag ``pdf``) the directive
renders nothing: a form cannot be filled in on paper.

Options:

``:fallback:``
    the label of the section a reader without JavaScript is sent to (required).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _ as site_word
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from typography import glue

from messaging_rules import CHANNEL_ORDER, Verdict, all_situations, recommend
from messaging_rules.i18n import label, translate
from messaging_rules.schema import SITUATION

ROOT = Path(__file__).resolve().parents[2]
logger = logging.getLogger(__name__)
DATA_FILE = "chooser-data.js"
SCRIPT_FILE = "chooser.js"
CSS_FILE = "chooser.css"
#: The dimensions of a situation that take values, in the order of :func:`all_situations`
#: (the situation schema lists them before its yes/no flags).
DIMENSIONS: tuple[tuple[str, type[Any]], ...] = tuple(
    (d.name, d.values) for d in SITUATION if d.values is not None
)

#: The few words the chooser needs that the package catalog does not hold: msgids of
#: ``sphinx.po``, shown in the build's language by :func:`words`.
WORDS = {
    "flags": "Tick what applies",
    "submit": "Show the answer",
    "answer": "The answer for your message",
    "choose": "Choose who receives the message and what it is about; the answer appears below.",
    "updated": "Answer updated: best channel {channel}, {verdict}.",
    "platform": "The form does not ask for the phone: iPhone or Android never changes a "
                "verdict ({rule}).",
    "more": "More reasons",
    "others": "The other channels",
    "how": "How: {title}",
    "print": "Print this answer",
    "open": "Depends on your answer to the address-book question",
    "unanswered": "address book: not answered",
    "noscript": "Without JavaScript this form cannot show the answer on the page. "
                "The button takes you to the tables further down: they give every channel's "
                "verdict for each counterpart and content, with the full address book and "
                "without the other questions. The command line at the end of the page "
                "answers every situation.",
}  # fmt: skip


#: The chooser's questions in the words readers use (msgids of ``sphinx.po``), by the
#: command line's option name, which stays the URL parameter.  The command line, the
#: tables and the policies keep the vocabulary's labels; a dimension or value without
#: words here is asked in the command line's words.
QUESTIONS = {
    "counterpart": "Who receives the message?",
    "content": "What is the message about?",
    "contacts": "May WhatsApp on this phone read your address book?",
    "urgent": "Is the message urgent?",
    "business-letter": "Must you keep the message, as a quote, an order, a contract, "
                       "a cancellation or an invoice?",
    "recipient-request": "Did the recipient ask to get their own data by plain e-mail?",
    "professional-secrecy": "Is your firm bound by professional secrecy, like a health "
                            "practice, a law firm or a tax adviser?",
    "group": "Are people outside your firm in the chat, as in a group with a customer "
             "or a subcontractor?",
}  # fmt: skip

#: The answers' words, by value (the values of the situation schema are distinct).
ANSWERS = {
    "consumer": "Private customer or patient",
    "business-client": "Business customer, supplier, subcontractor or another practice",
    "colleague": "Colleague",
    "appointment": "Appointment or short notice",
    "general": "General message",
    "marketing": "Advertising, review request, survey",
    "confidential": "Confidential (offers, prices, contracts, access codes)",
    "special-category": "Health data and other special categories (Art. 9 GDPR)",
    "full-address-book": "Yes, the whole address book",
    "business-only": "Only a separate address book of business contacts who agreed",
    "no-access": "No, no access to contacts",
}

#: The situation line of the answer names a contacts answer in these words.
SUMMARY = {
    "full-address-book": "WhatsApp may read the whole address book",
    "business-only": "WhatsApp may read only business contacts who agreed",
    "no-access": "WhatsApp may not read the address book",
}

#: A help text under a question; ``{photos}`` is a link to the page on customers' photos.
HELP = {
    "counterpart": "Someone in your own firm is a colleague; a referring doctor or another "
                   "practice counts as a business customer.",
    "content": "Photos and documents count as what they show: an ordinary photo of a damage "
               "is a general message; a photo that shows people, papers or a security system "
               "in a customer's home is confidential; a photo of a wound, an X-ray or a "
               "findings report is health data ({photos}).",
    "contacts": "WhatsApp asks for it when it is set up. If you do not know, leave the "
                "question open: the answer then shows every other channel and what the "
                "WhatsApp Business app gets for each answer.",
    "recipient-request": "Tick it only if they asked on their own, after you explained the "
                         "risk and offered a secure way, and you documented it.",
}  # fmt: skip

#: The page that says how, by section label: one per channel, and for a situation that
#: changes how (the recipient's request for plain e-mail, a group chat, advertising).
HOW_TO = {
    "phone": "explanation-archiving-what-to-do",
    "email": "how-to-encrypted-email-tls",
    "email-encrypted": "how-to-encrypted-email-steps",
    "sms": "how-to-move-an-appointment-sms",
    "business-messenger": "how-to-team-policy",
    "whatsapp-business-platform": "how-to-whatsapp-business-platform",
    "whatsapp-business-app": "how-to-whatsapp-business",
    "whatsapp": "how-to-whatsapp-business-what-it-is",
}
#: Questions a reader may leave open: the answer then shows the channels whose finding
#: is the same for every answer, and for the others what each answer gives.
MAY_STAY_OPEN = ("contacts",)
#: The verdicts of the channels the answer shows in full (the best three at most).
EXPANDED = (Verdict.RECOMMENDED, Verdict.ALLOWED_WITH_CONDITIONS)
HOW_TO_REQUEST = "explanation-recipient-request"
HOW_TO_GROUP = "how-to-photos-and-groups-groups"
HOW_TO_MARKETING = "explanation-marketing-messages"
HOW_TO_PHOTOS = "how-to-photos-and-groups-photos"


def how_to(channel: str, situation: Any) -> str:
    """The label of the page that says how to use *channel* in *situation*.

    >>> from messaging_rules import Situation
    >>> how_to("email", Situation("consumer", "special-category", recipient_request=True))
    'explanation-recipient-request'
    >>> how_to("sms", Situation("business-client", "general", group=True))
    'how-to-photos-and-groups-groups'
    >>> how_to("whatsapp-business-app", Situation("consumer", "general"))
    'how-to-whatsapp-business'
    """
    if channel == "email" and situation.recipient_request:
        return HOW_TO_REQUEST
    if situation.group:
        return HOW_TO_GROUP
    if str(situation.content) == "marketing":
        return HOW_TO_MARKETING
    return HOW_TO[channel]


def words() -> dict[str, str]:
    """:data:`WORDS` in the build's language (``sphinx.po`` through ``sphinx.locale``;
    ``_`` in this module is the command line's catalog)."""
    return {key: str(site_word(msgid)) for key, msgid in WORDS.items()}


def site_text(msgid: str) -> str:
    """One of the chooser's own words in the build's language, with the legal references
    held together as on every page (``Art. 9 DSGVO``)."""
    return glue(str(site_word(msgid)))


def capitalise(text: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower the rest).

    >>> capitalise("iOS (iPhone) or Android")
    'IOS (iPhone) or Android'
    """
    return text[:1].upper() + text[1:]


# -- the questions: the command line's own help texts --------------------------------


@dataclass(frozen=True)
class Question:
    """One question of the form: the CLI option's name, its text and its answers."""

    name: str  # the option as on the command line, e.g. "business-letter"
    text: str  # the question in the page's language
    choices: tuple[tuple[str, str], ...] = ()  # (id, label); empty for a yes/no flag
    default: str | None = None
    help: str = ""  # a help text (HELP), in the page's language


_DEFAULT_NOTE = re.compile(r"\s*\([^()]*:[^()]*\)\s*$")


def question_text(help_text: str, choices: Iterable[str] = ()) -> str:
    """The question in a CLI help text: without the list of values and the default.

    >>> question_text("who receives the message: a, b", ["a", "b"])
    'Who receives the message'
    >>> question_text("it must be kept: it prepares a deal (six years) (default: no)")
    'It must be kept: it prepares a deal (six years)'
    """
    text = help_text
    listed = ", ".join(choices)
    if listed:
        text = text.replace(f": {listed}", "")
    return capitalise(_DEFAULT_NOTE.sub("", text))


def questions(language: str) -> list[Question]:
    """The form's questions in *language*, in the readers' words.

    The questions and their answers come from the situation schema
    (:data:`messaging_rules.schema.SITUATION`): its names (the URL parameters), its
    values; the words are the chooser's own (:data:`QUESTIONS`, :data:`ANSWERS`,
    :data:`HELP`, from ``sphinx.po`` in a build), or the command line's help where it
    has none.  No answer is chosen for the reader: the contacts question starts open,
    although the command line assumes the full address book.  The platform is left
    out because it never changes a verdict (rule R8), which the form says.

    >>> [q.name for q in questions("en")]  # doctest: +NORMALIZE_WHITESPACE
    ['counterpart', 'content', 'contacts', 'urgent', 'business-letter',
     'recipient-request', 'professional-secrecy', 'group']
    >>> questions("en")[0].text, questions("en")[0].choices[1]
    ('Who receives the message?', ('consumer', 'Private customer or patient'))
    >>> questions("en")[2].default is None
    True
    """
    found = []
    for d in SITUATION:
        if not d.asked:
            continue
        helped = site_text(HELP[d.param]) if d.param in HELP else ""
        if d.values is None:
            text = site_text(QUESTIONS[d.param]) if d.param in QUESTIONS else ""
            text = text or question_text(translate(d.help, language))
            found.append(Question(d.param, text, help=helped))
            continue
        values = [str(v) for v in d.values]
        cli = translate(d.help, language).format(values=", ".join(values), default=d.default)
        text = site_text(QUESTIONS[d.param]) if d.param in QUESTIONS else question_text(cli, values)
        choices = tuple(
            (str(v), site_text(ANSWERS[str(v)]) if str(v) in ANSWERS
             else capitalise(label(v, language)))
            for v in d.values
        )  # fmt: skip
        found.append(Question(d.param, text, choices, None, helped))
    return found


# -- the data: every situation's findings ---------------------------------------------


class _Table:
    """Numbers for distinct values, in the order they first appear."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[Any, int] = {}

    def number(self, item: Any) -> int:
        key = json.dumps(item, ensure_ascii=False)
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(item)
        return self._index[key]


def chooser_data(
    language: str, rule_urls: dict[str, str], pages: dict[str, tuple[str, str]] | None = None
) -> dict[str, Any]:
    """Every situation's findings in *language*, as compact JSON-ready data.

    ``situations[i]`` lists the finding numbers of the *i*-th situation of
    :func:`all_situations`, best first; a finding is ``[channel, verdict, rules,
    reasons, conditions, page]`` with numbers into ``channels``, ``verdicts``,
    ``rules``, ``strings`` and ``pages`` (the page that says how, :func:`how_to`;
    ``-1`` where *pages*, label to address and title, does not know it).

    >>> data = chooser_data("en", {})
    >>> len(data["situations"]), len(data["situations"][0])
    (2880, 8)
    >>> first = data["findings"][data["situations"][0][0]]
    >>> data["channels"][first[0]], data["verdicts"][first[1]], first[5]
    ('email', 'recommended', -1)
    """
    channels = [str(c) for c in CHANNEL_ORDER]
    verdicts = [str(v) for v in Verdict]
    rule_ids = sorted(rule_urls, key=lambda r: int(r[1:]))
    known = pages or {}
    page_labels = [name for name in dict.fromkeys([*HOW_TO.values(), HOW_TO_REQUEST, HOW_TO_GROUP,
                                                   HOW_TO_MARKETING]) if name in known]  # fmt: skip
    strings, findings = _Table(), _Table()
    situations = []
    for situation in all_situations():
        row = []
        for finding in recommend(situation):
            for rule_id in finding.rules:
                if rule_id not in rule_ids:
                    rule_ids.append(rule_id)
            page = how_to(str(finding.channel), situation)
            row.append(findings.number([
                channels.index(str(finding.channel)),
                verdicts.index(str(finding.verdict)),
                [rule_ids.index(r) for r in finding.rules],
                [strings.number(translate(r, language)) for r in finding.reasons],
                [strings.number(translate(c, language)) for c in finding.conditions],
                page_labels.index(page) if page in page_labels else -1,
            ]))  # fmt: skip
        situations.append(row)
    _ = lambda msgid: translate(msgid, language)  # noqa: E731 - the CLI's own words
    asked = {d.name for d in SITUATION if d.asked}
    text = words()
    return {
        "lang": language,
        "dimensions": [[name, [str(v) for v in enum]] for name, enum in DIMENSIONS],
        # Only what the form does not ask has a default: no answer is chosen for the reader.
        "defaults": {
            d.name: str(d.default)
            for d in SITUATION
            if d.values is not None and not d.required and d.name not in asked
        },
        "flags": [d.param for d in SITUATION if d.flag],
        "open": list(MAY_STAY_OPEN),
        "expand": [str(v) for v in EXPANDED],
        "channels": channels,
        "channelLabels": [label(c, language) for c in CHANNEL_ORDER],
        "verdicts": verdicts,
        "verdictLabels": [label(v, language) for v in Verdict],
        "labels": {
            str(value): site_text(ANSWERS[str(value)])
            if str(value) in ANSWERS
            else label(value, language)
            for _name, enum in DIMENSIONS
            for value in enum
        }
        | {value: site_text(summary) for value, summary in SUMMARY.items()}
        | {d.param: _(d.mark) for d in SITUATION if d.flag},
        "rules": rule_ids,
        "ruleUrls": [rule_urls.get(r, "") for r in rule_ids],
        "pages": [list(known[name]) for name in page_labels],
        "strings": strings.items,
        "findings": findings.items,
        "situations": situations,
        "words": {
            "why": _("Why:"),
            "condition": _("Condition:"),
            "situation": _("Situation:"),
            "best": _("Channels, best first:"),
            "choose": text["choose"],
            "updated": text["updated"],
            "more": text["more"],
            "others": text["others"],
            "how": text["how"],
            "open": text["open"],
            "unanswered": text["unanswered"],
        },  # fmt: skip
    }


def data_script(data: dict[str, Any]) -> str:
    """The data as one small script for ``chooser.js`` (no inline code, no eval)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.chooserData={body};\n"


# -- the form -----------------------------------------------------------------------


def _radio(question: Question, value: str, text: str) -> str:
    ident = f"chooser-{question.name}-{value}"
    checked = " checked" if value == question.default else ""
    return (
        f'<div class="chooser-option"><input type="radio" id="{ident}" '
        f'name="{question.name}" value="{value}"{checked}>'
        f'<label for="{ident}">{html.escape(text)}</label></div>'
    )


def _help(question: Question, photos: str) -> str:
    """The question's help text (escaped; ``{photos}`` becomes the link *photos*)."""
    if not question.help:
        return ""
    text = html.escape(question.help).replace("{photos}", photos)
    return f'<p class="chooser-help" id="chooser-{question.name}-help">{text}</p>'


def _checkbox(question: Question, photos: str = "") -> str:
    ident = f"chooser-{question.name}"
    described = f' aria-describedby="{ident}-help"' if question.help else ""
    return (
        f'<div class="chooser-option"><input type="checkbox" id="{ident}" '
        f'name="{question.name}" value="1"{described}>'
        f'<label for="{ident}">{html.escape(question.text)}</label></div>' + _help(question, photos)
    )


def _tag(name: str, text: str, **attributes: str) -> str:
    """One element with escaped text; ``class_`` stands for ``class``.

    >>> _tag("p", "a < b", class_="note", role="status")
    '<p class="note" role="status">a &lt; b</p>'
    """
    attrs = "".join(f' {k.rstrip("_")}="{html.escape(v)}"' for k, v in attributes.items())
    return f"<{name}{attrs}>{html.escape(text)}</{name}>"


def form_html(
    language: str, fallback: str, rule_link: str, root: str = "", photos: str = ""
) -> str:
    """The form, the no-script note, the live status and the (empty) answer, as HTML.

    *photos* is the link that the content question's help text gives to the page on
    customers' photos (HTML).
    """
    text = words()
    asked = questions(language)
    action, base = html.escape(f"#{fallback}"), html.escape(root)
    parts = [
        '<div class="channel-chooser">',
        f'<form class="chooser-form" method="get" action="{action}" data-root="{base}">',
    ]
    for question in asked:
        if question.choices:
            described = f' aria-describedby="chooser-{question.name}-help"' if question.help else ""
            parts.append(
                f'<fieldset class="chooser-question" id="chooser-{question.name}"{described}>'
                + _tag("legend", question.text)
                + _help(question, photos)
            )
            parts += [_radio(question, value, label) for value, label in question.choices]
            parts.append("</fieldset>")
    parts.append('<fieldset class="chooser-question">' + _tag("legend", text["flags"]))
    parts += [_checkbox(q, photos) for q in asked if not q.choices]
    parts.append("</fieldset>")
    parts.append(f'<p class="chooser-note">{text["platform"].format(rule=rule_link)}</p>')
    parts.append(_tag("button", text["submit"], type="submit", class_="chooser-submit"))
    parts.append("</form>")
    parts.append(f"<noscript>{_tag('p', text['noscript'], class_='chooser-noscript')}</noscript>")
    parts.append(
        _tag("p", text["choose"], id="chooser-status", class_="chooser-status", role="status")
    )
    parts += [
        '<section class="chooser-answer" id="chooser-answer" '
        'aria-labelledby="chooser-answer-title" hidden>',
        _tag("h2", text["answer"], id="chooser-answer-title", class_="chooser-answer-title",
             tabindex="-1"),
        '<p id="chooser-situation" class="chooser-situation"></p>',
        _tag("button", text["print"], type="button", class_="chooser-print"),
        _tag("p", translate("Channels, best first:", language), class_="chooser-best"),
        '<div id="chooser-result" class="chooser-result"></div>',
        _tag("p", translate("This is general information, not legal advice.", language),
             class_="chooser-disclaimer"),
        "</section>",
        "</div>",
    ]  # fmt: skip
    return "\n".join(parts)


class chooser_node(nodes.General, nodes.Element):  # type: ignore[misc]  # noqa: N801
    """Placeholder for the form; replaced once the rule pages' URLs are known."""


class ChannelChooser(SphinxDirective):
    """Render the interactive channel chooser for the page's language."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"fallback": str}

    def run(self) -> list[nodes.Node]:
        # No print check here: a directive runs while pages are read, and the tag
        # "pdf" is set only while print_html.py resolves the print documents, where
        # _is_site_build() leaves the chooser out.
        fallback = self.options.get("fallback")
        if not fallback:
            raise self.error("channel-chooser: the :fallback: option (a section label) is required")
        for pattern in ("rule*.py", "schema.py", "i18n.py", "vocabulary.py",
                        "locale/de/LC_MESSAGES/messaging_rules.po"):  # fmt: skip
            for name in sorted((ROOT / "messaging_rules").glob(pattern)):
                self.env.note_dependency(str(name))
        self.env.note_dependency(__file__)
        node = chooser_node(fallback=fallback)
        self.set_source_info(node)
        return [node]


# -- build steps ----------------------------------------------------------------------


def _is_site_build(app: Sphinx) -> bool:
    return app.builder.format == "html" and not app.tags.has("pdf")


def rule_urls(app: Sphinx) -> dict[str, str]:
    """The address of every rule's page, relative to the language root."""
    labels = app.env.domains.standard_domain.labels
    found = {}
    for name, (docname, anchor, _title) in labels.items():
        match = re.fullmatch(r"rule-r(\d+)", name)
        if match:
            found[f"R{match.group(1)}"] = f"{app.builder.get_target_uri(docname)}#{anchor}"
    return found


def how_to_pages(app: Sphinx) -> dict[str, tuple[str, str]]:
    """The address (relative to the language root) and the page title of every
    section that :data:`HOW_TO` and its companions name; a missing one is warned about."""
    labels = app.env.domains.standard_domain.labels
    found = {}
    names = [*HOW_TO.values(), HOW_TO_REQUEST, HOW_TO_GROUP, HOW_TO_MARKETING, HOW_TO_PHOTOS]
    for name in dict.fromkeys(names):
        if name not in labels:
            logger.warning("channel-chooser: no section is labelled %s (HOW_TO)", name)
            continue
        docname, anchor, _title = labels[name]
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        found[name] = (f"{app.builder.get_target_uri(docname)}#{anchor}", glue(title))
    return found


def _write_data(app: Sphinx, env: Any) -> None:
    if not _is_site_build(app):
        return
    language = app.config.language or "en"
    target = Path(app.outdir) / "_static" / DATA_FILE
    text = data_script(chooser_data(language, rule_urls(app), how_to_pages(app)))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text("utf-8") != text:
        target.write_text(text, encoding="utf-8")


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(chooser_node)):
        if not _is_site_build(app):
            node.replace_self([])
            continue
        language = app.config.language or "en"
        target = app.env.domains.standard_domain.labels.get(node["fallback"])
        if target is None or target[0] != docname:
            logger.warning(
                "channel-chooser: :fallback: %s is no section label on this page",
                node["fallback"], location=node,
            )  # fmt: skip
        urls = rule_urls(app)
        here = app.builder.get_target_uri(docname)
        up = "../" * here.count("/")
        rule_link = f'<a href="{html.escape(up + urls["R8"])}">R8</a>' if "R8" in urls else "R8"
        pages = how_to_pages(app)
        photos = ""
        if HOW_TO_PHOTOS in pages:
            url, title = pages[HOW_TO_PHOTOS]
            photos = f'<a href="{html.escape(up + url)}">{html.escape(title)}</a>'
        # "no-search": the form's words would make this page the search's first hit for
        # every question it asks (Sphinx indexes the text of raw HTML).
        container = nodes.container(classes=["channel-chooser-block", "no-search"])
        anchor = target[1] if target else node["fallback"]
        form = form_html(language, anchor, rule_link, up, photos)
        container += nodes.raw("", form, format="html")
        node.replace_self(container)


def _add_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or not _is_site_build(app):
        return
    if any("channel-chooser-block" in n["classes"] for n in doctree.findall(nodes.container)):
        app.add_css_file(CSS_FILE)
        app.add_js_file(DATA_FILE, defer="defer")
        app.add_js_file(SCRIPT_FILE, defer="defer")


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    skip = (_skip, None)
    app.add_node(chooser_node, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_directive("channel-chooser", ChannelChooser)
    app.connect("env-updated", _write_data)
    app.connect("doctree-resolved", _resolve)
    # Before bilingual.py, which replaces the page's list of style sheets with a copy.
    app.connect("html-page-context", _add_assets, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
