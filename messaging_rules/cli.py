"""The command line: ``python -m messaging_rules`` (or ``messaging-rules``).

Five commands:

- ``check --channel C --counterpart X --content Y``: the verdict for one channel;
- ``recommend --counterpart X --content Y``: all eight channels, best first;
- ``rules``: the rules R1–R11 with status, the 2018 article's claim and sources;
- ``audit POLICY.toml``: check a team's messaging policy (exit 1 when it allows
  something a rule forbids, 0 when it is clean);
- ``policy render POLICY.toml [--output FILE]``: write the policy as one printable,
  self-contained HTML file (:mod:`messaging_rules.render`).

``check`` and ``recommend`` also take ``--contacts`` (default
``full-address-book``), ``--platform`` (default ``android``), ``--urgent``,
``--business-letter`` and ``--recipient-request``.
Every command takes ``--lang en|de`` (default: from ``LC_ALL``, ``LC_MESSAGES``,
then ``LANG``) and ``--format text|json``.
Wrong input exits with code 2 and a message naming the valid values; it never
shows a traceback.

>>> main(["check", "--channel", "sms", "--counterpart", "consumer",  # doctest: +ELLIPSIS
...       "--content", "appointment", "--urgent", "--format", "json", "--lang", "en"])
{
  "channel": "sms",
  "verdict": "allowed-with-conditions",
  "rules": [
    "R5"
  ],
  "conditions": [
    "Keep the text to the time, the place and who is writing; SMS is not end-to-end encrypted."
  ],
  "reasons": [
    "A carrier SMS is acceptable for a short notice with minimal content, such as the time ..."
  ]
}
0
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn, TextIO

from .i18n import LANGUAGES, default_language, label, ngettext, translate
from .model import Finding, Situation
from .policy import Policy, PolicyError, audit, load_policy
from .rules import RULES, check, recommend, rule
from .vocabulary import Channel, Contacts, Content, Counterpart, Platform, Verdict

__all__ = ["build_parser", "main"]

Translate = Callable[[str], str]


def _translator(lang: str) -> Translate:
    def _(msgid: str) -> str:
        return translate(msgid, lang)

    return _


def _plural(lang: str) -> Callable[[str, str, int], str]:
    def _n(singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n, lang)

    return _n


def _values(enum: type[Channel | Counterpart | Content | Contacts | Platform]) -> list[str]:
    return [member.value for member in enum]


# -- argparse in two languages -------------------------------------------------------


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
            re.compile(r"^the following arguments are required: (?P<args>.*)$"),
            _("the following arguments are required: {args}"),
        ),
        (
            re.compile(r"^unrecognized arguments: (?P<args>.*)$"),
            _("unrecognized arguments: {args}"),
        ),
        (re.compile(r"^expected one argument$"), _("expected one argument")),
        (
            re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.*)$"),
            _("ambiguous option: {option} could match {matches}"),
        ),
    ]


def _translate_argparse(message: str, lang: str) -> str:
    """Render one argparse error message in *lang*.

    >>> message = "argument --channel: invalid choice: 'fax' (choose from 'sms', 'phone')"
    >>> _translate_argparse(message, "de")
    "Argument --channel: ungültige Auswahl: 'fax' (möglich sind: 'sms', 'phone')"
    """
    for pattern, template in _argparse_messages(lang):
        match = pattern.match(message)
        if match:
            parts = match.groupdict()
            if "rest" in parts:
                parts["rest"] = _translate_argparse(parts["rest"], lang)
            return template.format(**parts)
    return message


def _parser_class(lang: str) -> type[argparse.ArgumentParser]:
    _ = _translator(lang)
    usage_prefix = _("usage: ")

    class Formatter(argparse.HelpFormatter):
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
            super().__init__(*args, **kwargs)

        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            text = _translate_argparse(message, lang)
            self.exit(2, f"{self.prog}: {_('error')}: {text}\n")

    return Parser


def _add_common(parser: argparse.ArgumentParser, lang: str, *, top: bool) -> None:
    """Add --help, --lang and --format to the "options" group of *parser*."""
    _ = _translator(lang)
    group = parser.add_argument_group(_("options"))
    group.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))
    group.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=lang if top else argparse.SUPPRESS,
        help=_("language of the output: en or de (default: from LC_ALL, LC_MESSAGES or LANG)"),
    )
    group.add_argument(
        "--format",
        choices=("text", "json"),
        default="text" if top else argparse.SUPPRESS,
        help=_("output format: text or json (default: text)"),
    )


def _add_situation(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add the options that describe a situation."""
    _ = _translator(lang)
    group = parser.add_argument_group(_("situation"))
    group.add_argument(
        "--counterpart",
        required=True,
        choices=_values(Counterpart),
        metavar="X",
        help=_("who receives the message: {values}").format(values=", ".join(_values(Counterpart))),
    )
    group.add_argument(
        "--content",
        required=True,
        choices=_values(Content),
        metavar="Y",
        help=_("what the message is about: {values}").format(values=", ".join(_values(Content))),
    )
    group.add_argument(
        "--contacts",
        default=Contacts.FULL_ADDRESS_BOOK.value,
        choices=_values(Contacts),
        metavar="Z",
        help=_("which contacts the app may read: {values} (default: {default})").format(
            values=", ".join(_values(Contacts)), default=Contacts.FULL_ADDRESS_BOOK.value
        ),
    )
    group.add_argument(
        "--platform",
        default=Platform.ANDROID.value,
        choices=_values(Platform),
        metavar="P",
        help=_(
            "the phone's platform: {values} (default: {default}); it never changes a verdict"
        ).format(values=", ".join(_values(Platform)), default=Platform.ANDROID.value),
    )
    group.add_argument(
        "--urgent", action="store_true", help=_("the message cannot wait (default: not urgent)")
    )
    group.add_argument(
        "--business-letter",
        action="store_true",
        help=_(
            "the message must be kept: it prepares, concludes or cancels a deal "
            "(a business letter, kept six years by merchants and anyone who must keep "
            "books) or it is an invoice (eight years) (default: no)"
        ),
    )
    group.add_argument(
        "--recipient-request",
        action="store_true",
        help=_(
            "the recipient asked for this channel on their own initiative, for their "
            "own data, after being told the risk and offered a secure alternative, "
            "and you documented it (default: no)"
        ),
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

    check_parser = commands.add_parser(
        "check",
        help=_("show the verdict for one channel"),
        description=_(
            "Show the verdict for one channel in one situation, and the rules behind it."
        ),
    )
    check_group = check_parser.add_argument_group(_("channel"))
    check_group.add_argument(
        "--channel",
        required=True,
        choices=_values(Channel),
        metavar="C",
        help=_("the channel to check: {values}").format(values=", ".join(_values(Channel))),
    )
    _add_situation(check_parser, lang)
    _add_common(check_parser, lang, top=False)
    check_parser.set_defaults(handler=_cmd_check)

    recommend_parser = commands.add_parser(
        "recommend",
        help=_("list all channels for one situation, best first"),
        description=_("List all eight channels for one situation, best first."),
    )
    _add_situation(recommend_parser, lang)
    _add_common(recommend_parser, lang, top=False)
    recommend_parser.set_defaults(handler=_cmd_recommend)

    rules_parser = commands.add_parser(
        "rules",
        help=_("list the rules R1 to R11"),
        description=_(
            "List the rules R1 to R11 with their status, the claim of the 2018 article "
            "and their sources."
        ),
    )
    _add_common(rules_parser, lang, top=False)
    rules_parser.set_defaults(handler=_cmd_rules)

    audit_parser = commands.add_parser(
        "audit",
        help=_("check a team's messaging policy (TOML file)"),
        description=_(
            "Check every combination that a messaging policy allows. "
            "Exit code 1: the policy allows something that a rule forbids. "
            "Exit code 0: the policy is clean (warnings are only shown). "
            "Exit code 2: the file is missing or invalid."
        ),
    )
    audit_group = audit_parser.add_argument_group(_("arguments"))
    audit_group.add_argument("policy", metavar="POLICY.toml", help=_("the policy file to check"))
    _add_common(audit_parser, lang, top=False)
    audit_parser.set_defaults(handler=_cmd_audit)
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
    policy_parser.add_argument_group(_("options")).add_argument(
        "-h", "--help", action="help", help=_("show this help message and exit")
    )
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
    group.add_argument("policy", metavar="POLICY.toml", help=_("the policy file to render"))
    group.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write the HTML to FILE instead of standard output"),
    )
    options = render_parser.add_argument_group(_("options"))
    options.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))
    options.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of the output: en or de (default: from LC_ALL, LC_MESSAGES or LANG)"),
    )
    render_parser.set_defaults(handler=_cmd_policy_render)


# -- output --------------------------------------------------------------------------


def _print_json(data: object, out: TextIO) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2), file=out)


def _situation(args: argparse.Namespace) -> Situation:
    return Situation(
        counterpart=args.counterpart,
        content=args.content,
        contacts=args.contacts,
        platform=args.platform,
        urgent=args.urgent,
        business_letter=args.business_letter,
        recipient_request=args.recipient_request,
    )


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
    if situation.urgent:
        parts.append(_("urgent"))
    if situation.business_letter:
        parts.append(_("business letter"))
    if situation.recipient_request:
        parts.append(_("at the recipient's request"))
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
        _print_json(finding.to_dict(lang), out)
        return 0
    print(f"{_('Channel:')} {label(finding.channel, lang)}", file=out)
    print(f"{_('Situation:')} {_describe(situation, lang)}", file=out)
    print(f"{_('Verdict:')} {_verdict_line(finding, lang)}", file=out)
    for rule_id in finding.rules:
        print(f"  {rule_id}: {translate(rule(rule_id).title, lang)}", file=out)
    _details(finding, lang, "  ", out)
    print(_("This is general information, not legal advice."), file=out)
    return 0


def _cmd_recommend(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = _translator(lang)
    situation = _situation(args)
    findings = recommend(situation)
    if args.format == "json":
        _print_json([f.to_dict(lang) for f in findings], out)
        return 0
    print(f"{_('Situation:')} {_describe(situation, lang)}", file=out)
    print(_("Channels, best first:"), file=out)
    for number, finding in enumerate(findings, 1):
        print(f"{number}. {label(finding.channel, lang)}: {_verdict_line(finding, lang)}", file=out)
        _details(finding, lang, "   ", out)
    print(_("This is general information, not legal advice."), file=out)
    return 0


def _cmd_rules(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = _translator(lang)
    if args.format == "json":
        data = []
        for r in RULES:
            item = r.to_dict()
            item["title"] = translate(r.title, lang)
            item["article_claim"] = translate(r.article_claim, lang) if r.article_claim else ""
            data.append(item)
        _print_json(data, out)
        return 0
    for r in RULES:
        print(f"{r.id}: {translate(r.title, lang)}", file=out)
        print(f"    {_('Status:')} {label(r.status, lang)}", file=out)
        if r.article_claim:
            print(f"    {_('The 2018 article:')} {translate(r.article_claim, lang)}", file=out)
        print(f"    {_('Sources:')} {', '.join(r.sources)}", file=out)
    return 0


def _cmd_audit(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    _ = _translator(lang)
    _n = _plural(lang)
    policy: Policy = load_policy(args.policy)
    findings = audit(policy)
    errors = sum(1 for f in findings if f.verdict == Verdict.NOT_ALLOWED)
    warnings = len(findings) - errors
    if args.format == "json":
        _print_json([f.to_dict(lang) for f in findings], out)
        return 1 if errors else 0
    name = policy.name or args.policy
    print(f"{_('Policy:')} {name} ({args.policy})", file=out)
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
    return 1 if errors else 0


def _cmd_policy_render(args: argparse.Namespace, lang: str, out: TextIO) -> int:
    from .render import policy_document, to_html

    _ = _translator(lang)
    policy = load_policy(args.policy)
    document = policy_document(policy, lang)
    html = to_html(document)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as target:
                target.write(html)
        except OSError as err:
            print(
                _("error")
                + ": "
                + _("cannot write {path}: {error}").format(
                    path=args.output, error=err.strerror or err
                ),
                file=sys.stderr,
            )
            return 2
    else:
        out.write(html)
    if document.problems:
        print(
            _("Warning: the rules advise against parts of this policy; run audit for details."),
            file=sys.stderr,
        )
    errors = any(f.verdict == Verdict.NOT_ALLOWED for f in audit(policy))
    return 1 if errors else 0


# -- entry point ---------------------------------------------------------------------


def _language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """Find ``--lang`` in *argv* before parsing, else fall back to the locale.

    >>> _language(["rules", "--lang", "de"], {})
    'de'
    >>> _language(["rules", "--lang=en"], {"LANG": "de_DE.UTF-8"})
    'en'
    >>> _language(["rules"], {"LANG": "de_DE.UTF-8"})
    'de'
    """
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    return default_language(environ)


def main(argv: Sequence[str] | None = None, prog: str = "messaging-rules") -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code.

    >>> main(["recommend", "--counterpart", "colleague", "--content", "nonsense"])
    2
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args_list, os.environ)
    parser = build_parser(lang, prog)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    lang = args.lang
    try:
        return int(args.handler(args, lang, sys.stdout))
    except PolicyError as err:
        _ = _translator(lang)
        print(f"{prog}: {_('error')}: {err.message(lang)}", file=sys.stderr)
        return 2
