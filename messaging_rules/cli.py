"""The command line: ``python -m messaging_rules`` (or ``messaging-rules``).

Five commands:

- ``check --channel C --counterpart X --content Y``: the verdict for one channel;
- ``recommend --counterpart X --content Y``: all eight channels, best first;
- ``rules``: the rules R1–R14 with status, the 2018 article's claim and sources;
- ``audit POLICY.toml``: check a team's messaging policy (exit 1 when it allows
  something a rule forbids, 0 when it is clean);
- ``policy render POLICY.toml [--output FILE]``: write the policy as one printable,
  self-contained HTML file (:mod:`messaging_rules.render`).

``check`` and ``recommend`` also take ``--contacts`` (default
``full-address-book``), ``--platform`` (default ``android``), ``--urgent``,
``--business-letter``, ``--recipient-request``, ``--professional-secrecy`` and
``--group``: one option per dimension of the situation schema
(:data:`messaging_rules.schema.SITUATION`).
Every command takes ``--lang en|de`` (default: from ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` and ``LANG``, as gettext reads them) and ``--format text|json``.

The contract (the reference page "Command line" shows it with examples):

- exit codes: 0 done, no findings; 1 ``audit`` found problems; 2 bad input (usage,
  file, schema, an output file that cannot be used), one line naming what is wrong
  and the valid values; 3 output that could not be written (a full disk, a closed
  stdout; :mod:`messaging_rules.streams`) or an internal error, one line asking to
  report it (a traceback only with ``MESSAGING_RULES_DEBUG=1``); 130 Ctrl-C;
- ``--format json`` prints one JSON object with ``"schema": 1``, the command and the
  language; an error with ``--format json`` is a JSON object on stderr with
  ``"lang"``, ``"error"`` and ``"exit_code"``;
- every option may be given once (``-o`` and ``--output`` are one); JSON stays
  valid and lossless on any encoding (``\\u`` escapes), HTML is UTF-8, and only
  text is transliterated for the terminal; a closed pipe (``| head``) is quiet;
- inputs are never harmed: ``-o`` never names the policy, a FIFO or device is
  refused without blocking, ``-`` is standard input (standard output for ``-o``).

A new subcommand adds its parser in :func:`build_parser` and a handler
``handler(args, lang, out) -> int`` that writes to *out*.  For bad input the
handler raises :class:`UsageError` (a message in the user's language) or
:class:`~messaging_rules.policy.PolicyError` (for instance from
:func:`~messaging_rules.policy.load_policy`, which does every check a policy file
needs); :func:`main` turns both into exit code 2 with one line, or a JSON object
with ``--format json``.  Any other exception is a bug: exit code 3.

>>> main(["check", "--channel", "sms", "--counterpart", "consumer",  # doctest: +ELLIPSIS
...       "--content", "appointment", "--urgent", "--format", "json", "--lang", "en"])
{
  "schema": 1,
  "command": "check",
  "lang": "en",
  "situation": {
    "counterpart": "consumer",
...
  "result": {
    "channel": "sms",
    "verdict": "allowed-with-conditions",
    "rules": [
      "R5"
    ],
    "reasons": [
      {
        "id": "r5-short-notice",
        "text": "A carrier SMS is acceptable for a short notice with minimal content, ..."
      }
    ],
    "conditions": [
      {
        "id": "r5-minimal-text",
        "text": "Keep the text to the time, the place and who is writing; ..."
      }
    ]
  }
}
0
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from functools import cache
from typing import Any, NoReturn, TextIO, cast

from . import __version__
from .i18n import LANGUAGES, CatalogError, default_language, label, ngettext, translate
from .model import Finding, Situation
from .policy import Policy, PolicyError, audit, load_policy
from .policy_errors import printable
from .policy_files import policy_identity
from .render import policy_document, to_html
from .rules import RULES, check, recommend, rule
from .schema import SITUATION
from .streams import (
    EXIT_IO,
    Kind,
    Lazy,
    Output,
    OutputError,
    print_json,
    to_json,
    write,
    write_error,
    write_file,
)
from .vocabulary import Channel, Contacts, Platform, Verdict

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_IO",
    "EXIT_OK",
    "SCHEMA",
    "UsageError",
    "build_parser",
    "main",
]

#: Exit codes: done without findings, ``audit`` found problems, bad input, a bug
#: (or, :data:`EXIT_IO`, output that could not be written), interrupted (Ctrl-C).
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
#: Version of the JSON documents; it changes only when a key changes its meaning.
SCHEMA = 1
#: Set to ``1`` to see the traceback of an internal error.
DEBUG_VARIABLE = "MESSAGING_RULES_DEBUG"

Translate = Callable[[str], str]
#: A subcommand: it writes its output to the stream and returns the exit code.
Handler = Callable[[argparse.Namespace, str, TextIO], int]
#: Adds a subcommand's own arguments to its parser, with texts in a language.
AddArguments = Callable[[argparse.ArgumentParser, str], None]


class UsageError(Exception):
    """Bad input found by the parser or a command: exit code 2.

    The message is one line, already in the user's language, without the program
    name; *prog* is the (sub)command that reports it.
    """

    def __init__(self, message: str, prog: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.prog = prog

    @property
    def command(self) -> str | None:
        """The subcommand whose parser found the problem, if any."""
        words = (self.prog or "").split()
        known = [word for word in words if word in _commands()]
        return " ".join(words[words.index(known[-1]) :]) if known else None


def _translator(lang: str) -> Translate:
    def _(msgid: str) -> str:
        return translate(msgid, lang)

    return _


def _plural(lang: str) -> Callable[[str, str, int], str]:
    def _n(singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n, lang)

    return _n


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


# -- argparse in two languages, one line per error ------------------------------------

#: The longest stretch of a wrong value that an error message repeats.
_SHOWN = 60
#: A value that argparse quotes in ASCII ('fax'); German output writes „fax“.
_QUOTED = re.compile(r"'([^'\s]*)'")


def _argparse_messages(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """argparse's own error texts, matched in English and rendered in *lang*."""
    _ = _translator(lang)
    return [
        (re.compile(r"^argument (?P<arg>[^:]+): (?P<rest>.*)$"), _("argument {arg}: {rest}")),
        (
            re.compile(r"^invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)$"),
            _("invalid choice: {value} (choose from {choices})"),
        ),
        (
            re.compile(r"^the following arguments are required: (?P<names>.*)$"),
            _("the following arguments are required: {names}"),
        ),
        (
            re.compile(r"^unrecognized arguments: (?P<args>.*)$"),
            _("unrecognized arguments: {args}"),
        ),
        (re.compile(r"^expected one argument$"), _("expected one argument")),
        (
            re.compile(r"^ignored explicit argument (?P<value>.*)$"),
            _("this option takes no value, but it was given {value}"),
        ),
        (
            re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.*)$"),
            _("ambiguous option: {option} could match {matches}"),
        ),
    ]


def _translate_argparse(message: str, lang: str) -> str:
    """Render one argparse error message in *lang*; wrong values are cut and escaped.

    German output quotes the values in German quotation marks.

    >>> message = "argument --channel: invalid choice: 'fax' (choose from 'sms', 'phone')"
    >>> _translate_argparse(message, "de")
    'Argument --channel: ungültige Auswahl: „fax“ (möglich sind: „sms“, „phone“)'
    >>> _translate_argparse("unrecognized arguments: " + "x" * 500, "en")  # doctest: +ELLIPSIS
    'unrecognized arguments: xxxxxxxx...xxx…'
    """
    for pattern, template in _argparse_messages(lang):
        match = pattern.match(message)
        if match:
            parts = {k: printable(v, _SHOWN) for k, v in match.groupdict().items()}
            for whole in ("choices", "names"):
                if whole in parts:
                    parts[whole] = printable(match.group(whole))
            if lang == "de":
                parts = {k: _QUOTED.sub(r"„\1“", v) for k, v in parts.items()}
            if "rest" in parts:
                parts["rest"] = _translate_argparse(match.group("rest"), lang)
            return template.format(**parts)
    _ = _translator(lang)
    if lang == "en":
        return printable(message, 200)
    return _("the arguments are not valid; see --help")


class _Formatter(argparse.HelpFormatter):
    """Help text that never breaks an identifier such as ``email-encrypted`` at its hyphen."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = " ".join(text.split())
        return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        text = " ".join(text.split())
        return textwrap.fill(
            text,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        )


def _parser_class(lang: str) -> type[argparse.ArgumentParser]:
    _ = _translator(lang)
    usage_prefix = _("usage: ")

    class Formatter(_Formatter):
        def add_usage(
            self,
            usage: str | None,
            actions: Any,
            groups: Any,
            prefix: str | None = None,
        ) -> None:
            super().add_usage(usage, actions, groups, usage_prefix if prefix is None else prefix)

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", Formatter)
            kwargs.setdefault("add_help", False)
            kwargs.setdefault("allow_abbrev", False)
            super().__init__(*args, **kwargs)

        def _print_message(self, message: str, file: Any = None) -> None:
            if message:
                write(file or sys.stderr, message)  # help and usage: text

        def _valid_values(self, names: str) -> str:
            """Add the valid values to each name in a "required" message."""
            shown = []
            for name in names.split(", "):
                action = next(
                    (
                        a
                        for a in self._actions
                        if name in a.option_strings or name in (a.metavar, a.dest)
                    ),
                    None,
                )
                if action is not None and action.choices:
                    shown.append(f"{name} ({', '.join(action.choices)})")
                else:
                    shown.append(name)
            return ", ".join(shown)

        def error(self, message: str) -> NoReturn:
            required = re.match(r"^the following arguments are required: (.*)$", message)
            if required:
                names = self._valid_values(required.group(1))
                message = f"the following arguments are required: {names}"
            raise UsageError(_translate_argparse(message, lang), self.prog)

    return Parser


def _add_common(parser: argparse.ArgumentParser, lang: str, *, top: bool) -> None:
    """Add --help, --lang and --format to the "options" group of *parser*."""
    _ = _translator(lang)
    group = parser.add_argument_group(_("options"))
    group.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))
    if top:
        version = f"%(prog)s {__version__}"
        group.add_argument(
            "--version", action="version", version=version, help=_("show the version and exit")
        )
    group.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=lang if top else argparse.SUPPRESS,
        help=_(
            "language of the output: en or de (default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG)"
        ),
    )
    group.add_argument(
        "--format",
        choices=("text", "json"),
        default="text" if top else argparse.SUPPRESS,
        help=_("output format: text or json (default: text)"),
    )


def N_(msgid: str) -> str:
    """Mark *msgid* for the catalog where it is written, translate it where it is used.

    >>> N_("consumer")
    'consumer'
    """
    return msgid


def _add_situation(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add the options that describe a situation.

    >>> parser = argparse.ArgumentParser()
    >>> _add_situation(parser, "en")
    >>> vars(parser.parse_args(["--counterpart", "consumer", "--content", "general"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'counterpart': 'consumer', 'content': 'general', 'contacts': 'full-address-book',
     'platform': 'android', 'urgent': False, 'business_letter': False,
     'recipient_request': False, 'professional_secrecy': False, 'group': False}
    """
    _ = _translator(lang)
    group = parser.add_argument_group(_("situation"))
    for dimension in SITUATION:
        if dimension.values is None:
            group.add_argument(dimension.option, action="store_true", help=_(dimension.help))
            continue
        values = _values(dimension.values)
        group.add_argument(
            dimension.option,
            required=dimension.required,
            default=None if dimension.required else str(dimension.default),
            choices=values,
            metavar=dimension.mark,
            help=_(dimension.help).format(values=", ".join(values), default=dimension.default),
        )


def _add_channel(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add ``--channel``, the channel that ``check`` judges."""
    _ = _translator(lang)
    parser.add_argument_group(_("channel")).add_argument(
        "--channel",
        required=True,
        choices=_values(Channel),
        metavar="C",
        help=_("the channel to check: {values}").format(values=", ".join(_values(Channel))),
    )


def _add_policy_file(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add the policy file that ``audit`` checks."""
    _ = _translator(lang)
    parser.add_argument_group(_("arguments")).add_argument(
        "policy", metavar="POLICY.toml", help=_("the policy file to check (- for standard input)")
    )


def build_parser(lang: str, prog: str = "messaging-rules") -> argparse.ArgumentParser:
    """Build the argument parser with all texts in *lang*.

    >>> "recommend" in build_parser("en").format_help()
    True
    >>> build_parser("de").format_usage().startswith("Aufruf:")
    True
    """
    _ = _translator(lang)
    parser_class = _parser_class(lang)
    parser = parser_class(
        prog=prog,
        description=_(
            "May a small business use WhatsApp? Check business messaging channels "
            "against the rules R1 to R11 of the guide."
        ),
        epilog=_("This is general information, not legal advice."),
    )
    _add_common(parser, lang, top=True)
    commands = parser.add_subparsers(
        title=_("commands"), dest="command", required=True, metavar=_("COMMAND")
    )

    # name, help, description, the command's own arguments, handler
    table: tuple[tuple[str, str, str, tuple[AddArguments, ...], Handler], ...] = (
        (
            "check",
            N_("show the verdict for one channel"),
            N_("Show the verdict for one channel in one situation, and the rules behind it."),
            (_add_channel, _add_situation),
            _cmd_check,
        ),
        (
            "recommend",
            N_("list all channels for one situation, best first"),
            N_("List all eight channels for one situation, best first."),
            (_add_situation,),
            _cmd_recommend,
        ),
        (
            "rules",
            N_("list the rules R1 to R11"),
            N_(
                "List the rules R1 to R11 with their status, the claim of the 2018 article "
                "and their sources."
            ),
            (),
            _cmd_rules,
        ),
        (
            "audit",
            N_("check a team's messaging policy (TOML file)"),
            N_(
                "Check every combination that a messaging policy allows. "
                "Exit code 1: the policy allows something that a rule forbids. "
                "Exit code 0: the policy is clean (warnings are only shown). "
                "Exit code 2: the file is missing or invalid."
            ),
            (_add_policy_file,),
            _cmd_audit,
        ),
    )
    for name, summary, description, add_arguments, handler in table:
        command = commands.add_parser(name, help=_(summary), description=_(description))
        for add in add_arguments:
            add(command, lang)
        _add_common(command, lang, top=False)
        command.set_defaults(handler=handler, command_name=name, kind="text")
    _add_policy(commands, parser_class, lang)
    return parser


def _add_policy(commands: Any, parser_class: type[argparse.ArgumentParser], lang: str) -> None:
    """Add ``policy render POLICY.toml [--output FILE]``: the printable team policy."""
    _ = _translator(lang)
    policy_parser = commands.add_parser(
        "policy",
        help=_("print a team's messaging policy"),
        description=_("Work with a team's messaging policy (TOML file)."),
    )
    _add_common(policy_parser, lang, top=False)
    actions = policy_parser.add_subparsers(
        title=_("commands"), dest="action", required=True, metavar=_("COMMAND")
    )
    render_parser = actions.add_parser(
        "render",
        help=_("write the policy as a printable HTML file"),
        description=_(
            "Write the policy as one self-contained, printable HTML file in the chosen "
            "language: which channel for what, the conditions, who to ask, and lines for "
            "date and signatures. Exit code 1: the rules advise against parts of the policy "
            "(the file says so). Exit code 2: the file is missing or invalid."
        ),
    )
    group = render_parser.add_argument_group(_("arguments"))
    group.add_argument(
        "policy", metavar="POLICY.toml", help=_("the policy file to render (- for standard input)")
    )
    group.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_(
            "write the HTML to FILE instead of standard output (- is standard output); "
            "with --format json, standard output gets a JSON report"
        ),
    )
    _add_common(render_parser, lang, top=False)
    render_parser.set_defaults(
        handler=_cmd_policy_render, command_name="policy render", kind="html"
    )


# -- output --------------------------------------------------------------------------


def _document(command: str, lang: str, **parts: object) -> dict[str, object]:
    """The frame of every JSON document: schema version, command and language."""
    return {"schema": SCHEMA, "command": command, "lang": lang, **parts}


def _situation(args: argparse.Namespace) -> Situation:
    """The situation the options of *args* describe (see :func:`_add_situation`)."""
    return Situation(**{d.name: getattr(args, d.name) for d in SITUATION})


def _describe(situation: Situation, lang: str, *, full: bool = True) -> str:
    """One line naming the parts of a situation, in *lang*.

    Without *full*, contacts and platform are left out unless they differ from the
    defaults.
    """
    _ = _translator(lang)
    parts = [label(situation.counterpart, lang), label(situation.content, lang)]
    if full or situation.contacts is not Contacts.FULL_ADDRESS_BOOK:
        parts.append(label(situation.contacts, lang))
    if full or situation.platform is not Platform.ANDROID:
        parts.append(label(situation.platform, lang))
    parts.extend(_(d.mark) for d in SITUATION if d.flag and getattr(situation, d.name))
    return " · ".join(parts)


def _verdict_line(finding: Finding, lang: str) -> str:
    return f"{label(finding.verdict, lang)} ({', '.join(finding.rules)})"


def _details(finding: Finding, lang: str, indent: str, out: TextIO) -> None:
    _ = _translator(lang)
    for reason in finding.reasons:
        print(f"{indent}{_('Why:')} {translate(reason, lang)}", file=out)
    for condition in finding.conditions:
        print(f"{indent}{_('Condition:')} {translate(condition, lang)}", file=out)


def _cmd_check(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = _translator(lang)
    situation = _situation(args)
    finding = check(args.channel, situation)
    if args.format == "json":
        document = _document(
            "check", lang, situation=situation.to_dict(), result=finding.to_dict(lang)
        )
        print_json(document, out)
        return EXIT_OK
    print(f"{_('Channel:')} {label(finding.channel, lang)}", file=out)
    print(f"{_('Situation:')} {_describe(situation, lang)}", file=out)
    print(f"{_('Verdict:')} {_verdict_line(finding, lang)}", file=out)
    for rule_id in finding.rules:
        print(f"  {rule_id}: {translate(rule(rule_id).title, lang)}", file=out)
    _details(finding, lang, "  ", out)
    print(_("This is general information, not legal advice."), file=out)
    return EXIT_OK


def _cmd_recommend(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = _translator(lang)
    situation = _situation(args)
    findings = recommend(situation)
    if args.format == "json":
        results = [f.to_dict(lang) for f in findings]
        print_json(
            _document("recommend", lang, situation=situation.to_dict(), results=results), out
        )
        return EXIT_OK
    print(f"{_('Situation:')} {_describe(situation, lang)}", file=out)
    print(_("Channels, best first:"), file=out)
    for number, finding in enumerate(findings, 1):
        print(f"{number}. {label(finding.channel, lang)}: {_verdict_line(finding, lang)}", file=out)
        _details(finding, lang, "   ", out)
    print(_("This is general information, not legal advice."), file=out)
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = _translator(lang)
    if args.format == "json":
        results = []
        for r in RULES:
            item = r.to_dict()
            item["title"] = translate(r.title, lang)
            item["article_claim"] = translate(r.article_claim, lang) if r.article_claim else ""
            results.append(item)
        print_json(_document("rules", lang, results=results), out)
        return EXIT_OK
    for r in RULES:
        print(f"{r.id}: {translate(r.title, lang)}", file=out)
        print(f"    {_('Status:')} {label(r.status, lang)}", file=out)
        if r.article_claim:
            print(f"    {_('The 2018 article:')} {translate(r.article_claim, lang)}", file=out)
        print(f"    {_('Sources:')} {', '.join(r.sources)}", file=out)
    return EXIT_OK


def audit_totals(policy: Policy, findings: Sequence[Finding]) -> dict[str, object]:
    """The totals of an audit: entries, combinations checked, findings by verdict.

    >>> from messaging_rules.policy import parse_policy
    >>> policy = parse_policy({"allow": [
    ...     {"channel": ["sms", "whatsapp"], "counterpart": "consumer", "content": "general"}]})
    >>> audit_totals(policy, audit(policy))
    {'entries': 1, 'combinations': 2, 'findings': {'not-allowed': 1, 'discouraged': 1}}
    """
    by_verdict = {str(v): 0 for v in (Verdict.NOT_ALLOWED, Verdict.DISCOURAGED)}
    for finding in findings:
        by_verdict[str(finding.verdict)] = by_verdict.get(str(finding.verdict), 0) + 1
    return {
        "entries": len(policy.entries),
        "combinations": policy.combinations,
        "findings": by_verdict,
    }


def _cmd_audit(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = _translator(lang)
    _n = _plural(lang)
    policy: Policy = load_policy(args.policy)
    findings = audit(policy)
    errors = sum(1 for f in findings if f.verdict == Verdict.NOT_ALLOWED)
    warnings = len(findings) - errors
    code = EXIT_FINDINGS if errors else EXIT_OK
    if args.format == "json":
        document = _document(
            "audit",
            lang,
            policy={"name": policy.name, "path": args.policy},
            totals=audit_totals(policy, findings),
            results=Lazy(lambda: (f.to_dict(lang) for f in findings), len(findings)),
        )
        print_json(document, out)
        return code
    path = printable(args.policy)
    # The policy's name in the output's language (``name_de``), as ``policy render`` prints it.
    name = policy.text("name", lang)
    heading = f"{printable(name)} ({path})" if name else path
    print(f"{_('Policy:')} {heading}", file=out)
    print(
        _n(
            "{count} combination checked", "{count} combinations checked", policy.combinations
        ).format(count=policy.combinations),
        file=out,
    )
    for finding in findings:
        assert finding.entry is not None and finding.situation is not None
        where = _("entry {number}").format(number=finding.entry.number)
        if finding.entry.line is not None:
            where = _("entry {number}, line {line}").format(
                number=finding.entry.number, line=finding.entry.line
            )
        kind = _("Error") if finding.severity == "error" else _("Warning")
        print(
            f"{kind} ({where}): {label(finding.channel, lang)} · "
            f"{_describe(finding.situation, lang, full=False)}: {_verdict_line(finding, lang)}",
            file=out,
        )
        _details(finding, lang, "    ", out)
    if not findings:
        print(_("No problems: the policy allows nothing that the rules advise against."), file=out)
    else:
        print(
            _("Result: {errors}, {warnings}.").format(
                errors=_n("{count} error", "{count} errors", errors).format(count=errors),
                warnings=_n("{count} warning", "{count} warnings", warnings).format(count=warnings),
            ),
            file=out,
        )
    return code


def _cmd_policy_render(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    """Render the policy as HTML: to standard output (``-o -`` too) or to ``-o FILE``.

    With ``--format json`` standard output gets a JSON report instead: the policy,
    the output file and the problems, and the HTML itself under ``html`` when no
    file was named.  ``-o`` never names the policy file (exit code 2).
    """
    _ = _translator(lang)
    if args.output == "":
        raise OutputError(
            N_("no output file given: name a file, or - for standard output"), code=EXIT_INPUT
        )
    policy = load_policy(args.policy)
    document = policy_document(policy, lang)
    html = to_html(document)
    to_file = args.output not in (None, "-")
    if to_file:
        write_file(args.output, html.encode("utf-8"), policy_identity(args.policy))
    if args.format == "json":
        report = _document(
            "policy render",
            lang,
            policy={"name": policy.name, "path": args.policy},
            output=args.output if to_file else None,
            problems=list(document.problems),
            **({} if to_file else {"html": html}),
        )
        print_json(report, out)
    elif not to_file:
        out.write(html)
    if document.problems:
        write_error(
            _("Warning: the rules advise against parts of this policy; run audit for details.")
            + "\n"
        )
    errors = any(f.verdict == Verdict.NOT_ALLOWED for f in audit(policy))
    return EXIT_FINDINGS if errors else EXIT_OK


# -- entry point ---------------------------------------------------------------------


def _last_value(argv: Sequence[str], option: str, valid: Sequence[str]) -> str | None:
    """The last valid value of *option* in *argv*, looked up before parsing.

    >>> _last_value(["--lang", "de", "rules", "--lang=en"], "--lang", ("en", "de"))
    'en'
    >>> _last_value(["rules", "--lang", "fr"], "--lang", ("en", "de")) is None
    True
    """
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == option and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith(option + "="):
            value = arg.split("=", 1)[1]
        if value in valid:
            found = value
    return found


def _language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """Find ``--lang`` in *argv* before parsing, else fall back to the locale.

    The last valid ``--lang`` counts, as it would for argparse.

    >>> _language(["rules", "--lang", "de"], {})
    'de'
    >>> _language(["rules", "--lang=en"], {"LANG": "de_DE.UTF-8"})
    'en'
    >>> _language(["rules"], {"LANG": "de_DE.UTF-8"})
    'de'
    """
    return _last_value(argv, "--lang", LANGUAGES) or default_language(environ)


#: Short options and the long option each stands for.
_SHORT = {"-o": "--output", "-h": "--help"}


def _option_name(arg: str) -> str | None:
    """The long name of the option *arg* gives (``-oFILE`` is ``--output``), or None.

    >>> _option_name("--format=json"), _option_name("-ox.html"), _option_name("-")
    ('--format', '--output', None)
    """
    if arg.startswith("--") and len(arg) > 2:
        return arg.split("=", 1)[0]
    if arg.startswith("-") and len(arg) > 1 and not arg[1].isdigit():
        return _SHORT.get(arg[:2], arg[:2])
    return None


def _repeated_option(argv: Sequence[str]) -> str | None:
    """The first option that *argv* gives twice (``--x v``, ``--x=v``, ``-o v``), if any.

    >>> _repeated_option(["check", "--channel", "sms", "--channel=email"])
    '--channel'
    >>> _repeated_option(["policy", "render", "p.toml", "-o", "a.html", "--output=b.html"])
    '--output'
    >>> _repeated_option(["audit", "--", "--lang", "--lang"]) is None
    True
    """
    seen: set[str] = set()
    for arg in argv:
        if arg == "--":
            break
        name = _option_name(arg)
        if name is not None:
            if name in seen:
                return name
            seen.add(name)
    return None


def _command_name(argv: Sequence[str]) -> str | None:
    """The subcommand *argv* names, as JSON documents and errors call it.

    >>> _command_name(["--lang", "de", "policy", "render", "p.toml"])
    'policy render'
    >>> _command_name(["policy"]), _command_name(["--bogus"])
    ('policy', None)
    """
    words = [arg for arg in argv if not arg.startswith("-")]
    command = next((word for word in words if word in _commands()), None)
    if command == "policy":
        rest = words[words.index("policy") + 1 :]
        if rest[:1] == ["render"]:
            return "policy render"
    return command


def _unknown_option(parser: argparse.ArgumentParser, argv: Sequence[str]) -> None:
    """Report an option no parser on the way knows, before argparse asks for missing ones.

    argparse names a missing required argument (or the missing command) before an
    unknown option, so ``check --chan sms …`` would only say that ``--channel`` is
    required: the misspelt option is the real problem.
    """
    current = parser
    takes_value: set[str] = set()
    known: set[str] = set()

    def learn(p: argparse.ArgumentParser) -> None:
        for action in p._actions:
            known.update(action.option_strings)
            if (
                action.option_strings
                and action.nargs is None
                and not isinstance(action, argparse._HelpAction)
            ):
                takes_value.update(action.option_strings)

    learn(current)
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--":
            return
        if arg.startswith("-") and len(arg) > 1:
            if arg.startswith("--"):
                name, joined = arg.split("=", 1)[0], "=" in arg
            else:
                name, joined = arg[:2], len(arg) > 2
            if name not in known:
                current.error(f"unrecognized arguments: {arg}")
            skip = name in takes_value and not joined
            continue
        sub = _subparser(current, arg)
        if sub is not current:
            current = sub
            learn(current)


def _subparser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            found: argparse.ArgumentParser = action.choices[command]
            return found
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str], lang: str) -> argparse.Namespace:
    """Parse *argv*; every problem raises :class:`UsageError` from the right (sub)parser."""
    _ = _translator(lang)
    repeated = _repeated_option(argv)
    if repeated:
        raise UsageError(
            _("option {option} is given more than once; give it once").format(option=repeated),
            parser.prog,
        )
    _unknown_option(parser, argv)
    args, extra = parser.parse_known_args(argv)
    if extra:
        target = _subparser(parser, args.command)
        if getattr(args, "action", None):
            target = _subparser(target, args.action)
        target.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _report(
    fmt: str,
    code: int,
    prefix: str,
    message: str,
    command: str | None,
    lang: str,
    **details: object,
) -> int:
    """Print one error on stderr: ``prefix: message``, or a JSON object with ``--format json``.

    The JSON object holds the message without the prefix, the language, the exit
    code and *details* (for a policy file: its kind, path, line and key).  When
    standard error itself cannot be written, the exit code still tells.
    """
    if fmt == "json":
        document: dict[str, object] = {
            "schema": SCHEMA,
            "command": command,
            "lang": lang,
            "error": message,
            "exit_code": code,
            **details,
        }
        write_error(to_json(document) + "\n", "json")
    else:
        write_error(f"{prefix}: {message}\n")
    return code


def main(argv: Sequence[str] | None = None, prog: str = "messaging-rules") -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code.

    Bad input gives 2 and one line on stderr; a bug gives 3 and one line asking to
    report it (``MESSAGING_RULES_DEBUG=1`` shows the traceback instead).

    >>> main(["recommend", "--counterpart", "colleague", "--content", "nonsense"])
    2
    >>> main("rules")
    Traceback (most recent call last):
    ...
    TypeError: main() expects a list of argument strings such as ['rules'], not str
    """
    if argv is not None and (
        isinstance(argv, str | bytes)
        or not isinstance(argv, Sequence)
        or not all(isinstance(a, str) for a in argv)
    ):
        raise TypeError(
            "main() expects a list of argument strings such as ['rules'], "
            f"not {type(argv).__name__}"
        )
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args_list, os.environ)
    fmt = _last_value(args_list, "--format", ("text", "json")) or "text"
    command = _command_name(args_list)
    try:
        parser = build_parser(lang, prog)
        try:
            args = _parse(parser, args_list, lang)
        except SystemExit as stop:  # --help
            return stop.code if isinstance(stop.code, int) else EXIT_OK
        lang, fmt, command = args.lang, args.format, args.command_name
        kind: Kind = "json" if fmt == "json" else args.kind
        output = Output(kind)
        code = int(args.handler(args, lang, cast(TextIO, output)))
        output.flush()
        return code
    except UsageError as err:
        _ = _translator(lang)
        prefix = f"{err.prog or prog}: {_('error')}"
        return _report(fmt, EXIT_INPUT, prefix, err.message, err.command or command, lang)
    except PolicyError as err:
        _ = _translator(lang)
        details = err.to_dict(lang)
        message = details.pop("error")
        prefix = f"{prog}: {_('error')}"
        return _report(fmt, EXIT_INPUT, prefix, message, command, lang, **details)
    except OutputError as err:
        _ = _translator(lang)
        prefix = f"{prog}: {_('error')}"
        return _report(fmt, err.code, prefix, err.message(lang), command, lang)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as err:
        if os.environ.get(DEBUG_VARIABLE) == "1":
            raise
        if isinstance(err, CatalogError):
            lang = "en"
        _ = _translator(lang)
        message = _(
            "internal error ({error}): this is a bug in messaging-rules; please report it "
            "with the command you ran (set MESSAGING_RULES_DEBUG=1 to see the details)"
        ).format(error=printable(f"{type(err).__name__}: {err}", 200))
        return _report(fmt, EXIT_INTERNAL, prog, message, command, lang)


@cache
def _commands() -> tuple[str, ...]:
    """The names of the subcommands, as the parser knows them.

    >>> _commands()[:4]
    ('check', 'recommend', 'rules', 'audit')
    """
    parser = build_parser("en")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return tuple(action.choices)
    return ()
