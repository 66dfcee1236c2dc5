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
    "flags": "What else is true of the message",
    "submit": "Show the answer",
    "answer": "The answer for your message",
    "choose": "Choose who receives the message and what it is about; the answer appears below.",
    "updated": "Answer updated: best channel {channel}, {verdict}.",
    "platform": "The form does not ask for the phone: iPhone or Android never changes a "
                "verdict ({rule}).",
    "noscript": "Without JavaScript this form cannot show the answer on the page. "
                "The button takes you to the tables further down: they give every channel's "
                "verdict for each counterpart and content, with the full address book and "
                "without the other questions. The command line at the end of the page "
                "answers every situation.",
}  # fmt: skip


def words() -> dict[str, str]:
    """:data:`WORDS` in the build's language (``sphinx.po`` through ``sphinx.locale``;
    ``_`` in this module is the command line's catalog)."""
    return {key: str(site_word(msgid)) for key, msgid in WORDS.items()}


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
    text: str  # the CLI help in the page's language, without values and default
    choices: tuple[tuple[str, str], ...] = ()  # (id, label); empty for a yes/no flag
    default: str | None = None


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
    """The form's questions in *language*, worded as ``recommend --help`` words them.

    Both come from the situation schema (:data:`messaging_rules.schema.SITUATION`):
    its help texts, its values and their labels, its defaults; the platform is left
    out because it never changes a verdict (rule R8), which the form says.

    >>> [q.name for q in questions("en")]  # doctest: +NORMALIZE_WHITESPACE
    ['counterpart', 'content', 'contacts', 'urgent', 'business-letter',
     'recipient-request', 'professional-secrecy', 'group']
    >>> questions("de")[0].text, questions("de")[0].choices[1]
    ('Wer die Nachricht erhält', ('consumer', 'Privatkundin oder Privatkunde'))
    """
    found = []
    for d in SITUATION:
        if not d.asked:
            continue
        if d.values is None:
            found.append(Question(d.param, question_text(translate(d.help, language))))
            continue
        values = [str(v) for v in d.values]
        text = translate(d.help, language).format(values=", ".join(values), default=d.default)
        choices = tuple((str(v), capitalise(label(v, language))) for v in d.values)
        default = None if d.default is None else str(d.default)
        found.append(Question(d.param, question_text(text, values), choices, default))
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


def chooser_data(language: str, rule_urls: dict[str, str]) -> dict[str, Any]:
    """Every situation's findings in *language*, as compact JSON-ready data.

    ``situations[i]`` lists the finding numbers of the *i*-th situation of
    :func:`all_situations`, best first; a finding is ``[channel, verdict, rules,
    reasons, conditions]`` with numbers into ``channels``, ``verdicts``, ``rules``
    and ``strings``.

    >>> data = chooser_data("en", {})
    >>> len(data["situations"]), len(data["situations"][0])
    (2880, 8)
    >>> first = data["findings"][data["situations"][0][0]]
    >>> data["channels"][first[0]], data["verdicts"][first[1]]
    ('email', 'recommended')
    """
    channels = [str(c) for c in CHANNEL_ORDER]
    verdicts = [str(v) for v in Verdict]
    rule_ids = sorted(rule_urls, key=lambda r: int(r[1:]))
    strings, findings = _Table(), _Table()
    situations = []
    for situation in all_situations():
        row = []
        for finding in recommend(situation):
            for rule_id in finding.rules:
                if rule_id not in rule_ids:
                    rule_ids.append(rule_id)
            row.append(findings.number([
                channels.index(str(finding.channel)),
                verdicts.index(str(finding.verdict)),
                [rule_ids.index(r) for r in finding.rules],
                [strings.number(translate(r, language)) for r in finding.reasons],
                [strings.number(translate(c, language)) for c in finding.conditions],
            ]))  # fmt: skip
        situations.append(row)
    _ = lambda msgid: translate(msgid, language)  # noqa: E731 - the CLI's own words
    return {
        "lang": language,
        "dimensions": [[name, [str(v) for v in enum]] for name, enum in DIMENSIONS],
        "defaults": {
            d.name: str(d.default) for d in SITUATION if d.values is not None and not d.required
        },
        "flags": [d.param for d in SITUATION if d.flag],
        "channels": channels,
        "channelLabels": [label(c, language) for c in CHANNEL_ORDER],
        "verdicts": verdicts,
        "verdictLabels": [label(v, language) for v in Verdict],
        "labels": {
            str(value): label(value, language) for _name, enum in DIMENSIONS for value in enum
        }
        | {d.param: _(d.mark) for d in SITUATION if d.flag},
        "rules": rule_ids,
        "ruleUrls": [rule_urls.get(r, "") for r in rule_ids],
        "strings": strings.items,
        "findings": findings.items,
        "situations": situations,
        "words": {
            "why": _("Why:"),
            "condition": _("Condition:"),
            "situation": _("Situation:"),
            "best": _("Channels, best first:"),
            "choose": words()["choose"],
            "updated": words()["updated"],
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


def _checkbox(question: Question) -> str:
    ident = f"chooser-{question.name}"
    return (
        f'<div class="chooser-option"><input type="checkbox" id="{ident}" '
        f'name="{question.name}" value="1">'
        f'<label for="{ident}">{html.escape(question.text)}</label></div>'
    )


def _tag(name: str, text: str, **attributes: str) -> str:
    """One element with escaped text; ``class_`` stands for ``class``.

    >>> _tag("p", "a < b", class_="note", role="status")
    '<p class="note" role="status">a &lt; b</p>'
    """
    attrs = "".join(f' {k.rstrip("_")}="{html.escape(v)}"' for k, v in attributes.items())
    return f"<{name}{attrs}>{html.escape(text)}</{name}>"


def form_html(language: str, fallback: str, rule_link: str, root: str = "") -> str:
    """The form, the no-script note, the live status and the (empty) answer, as HTML."""
    text = words()
    asked = questions(language)
    action, base = html.escape(f"#{fallback}"), html.escape(root)
    parts = [
        '<div class="channel-chooser">',
        f'<form class="chooser-form" method="get" action="{action}" data-root="{base}">',
    ]
    for question in asked:
        if question.choices:
            parts.append('<fieldset class="chooser-question">' + _tag("legend", question.text))
            parts += [_radio(question, value, label) for value, label in question.choices]
            parts.append("</fieldset>")
    parts.append('<fieldset class="chooser-question">' + _tag("legend", text["flags"]))
    parts += [_checkbox(q) for q in asked if not q.choices]
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
        _tag("p", translate("Channels, best first:", language), class_="chooser-best"),
        '<ol id="chooser-result" class="chooser-result"></ol>',
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
        for name in ("rules.py", "schema.py", "i18n.py", "vocabulary.py",
                     "locale/de/LC_MESSAGES/messaging_rules.po"):  # fmt: skip
            self.env.note_dependency(str(ROOT / "messaging_rules" / name))
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


def _write_data(app: Sphinx, env: Any) -> None:
    if not _is_site_build(app):
        return
    language = app.config.language or "en"
    target = Path(app.outdir) / "_static" / DATA_FILE
    text = data_script(chooser_data(language, rule_urls(app)))
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
        # "no-search": the form's words would make this page the search's first hit for
        # every question it asks (Sphinx indexes the text of raw HTML).
        container = nodes.container(classes=["channel-chooser-block", "no-search"])
        anchor = target[1] if target else node["fallback"]
        form = form_html(language, anchor, rule_link, up)
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
