"""The command line's options and arguments, read with argparse in two languages.

:func:`parser_class` gives an argument parser whose help and error texts are in the
user's language and whose every error is one :class:`~messaging_rules.cli_shared.UsageError`
line that names the valid values; the ``add_…`` functions add the option groups
the commands share (``--help``, ``--lang``, ``--format``; the situation; the
channel; the policy file).
:func:`parse` reads the arguments: an option given twice and an option that no
parser on the way knows are reported before argparse would ask for a missing one.
:mod:`messaging_rules.cli` puts the commands together with these parts.

>>> parser = parser_class("de")(prog="messaging-rules")
>>> add_channel(parser, "de")
>>> parse(parser, ["--channel", "fax"], "de")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
messaging_rules.cli_shared.UsageError: Argument --channel: ungültige Auswahl: „fax“ (möglich ...)
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, NoReturn

from . import __version__
from .cli_shared import UsageError
from .i18n import LANGUAGES, translator
from .policy_errors import printable
from .schema import SITUATION
from .streams import write
from .vocabulary import Channel

__all__ = [
    "add_channel",
    "add_common",
    "add_policy_file",
    "add_situation",
    "parse",
    "parser_class",
]


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


# -- argparse in two languages, one line per error ------------------------------------

#: The longest stretch of a wrong value that an error message repeats.
_SHOWN = 60
#: A value that argparse quotes in ASCII ('fax'); German output writes „fax“.
_QUOTED = re.compile(r"'([^'\s]*)'")


def _argparse_messages(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """argparse's own error texts, matched in English and rendered in *lang*."""
    _ = translator(lang)
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
    _ = translator(lang)
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


def parser_class(lang: str) -> type[argparse.ArgumentParser]:
    _ = translator(lang)
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
            command: str | None = self.get_default("command_name")
            raise UsageError(_translate_argparse(message, lang), self.prog, command)

    return Parser


def add_common(parser: argparse.ArgumentParser, lang: str, *, top: bool) -> None:
    """Add --help, --lang and --format to the "options" group of *parser*."""
    _ = translator(lang)
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


def add_situation(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add the options that describe a situation.

    >>> parser = argparse.ArgumentParser()
    >>> add_situation(parser, "en")
    >>> vars(parser.parse_args(["--counterpart", "consumer", "--content", "general"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'counterpart': 'consumer', 'content': 'general', 'contacts': 'full-address-book',
     'platform': 'android', 'urgent': False, 'business_letter': False,
     'recipient_request': False, 'professional_secrecy': False, 'group': False}
    """
    _ = translator(lang)
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


def add_channel(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add ``--channel``, the channel that ``check`` judges."""
    _ = translator(lang)
    parser.add_argument_group(_("channel")).add_argument(
        "--channel",
        required=True,
        choices=_values(Channel),
        metavar="C",
        help=_("the channel to check: {values}").format(values=", ".join(_values(Channel))),
    )


def add_policy_file(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add the policy file that ``audit`` checks."""
    _ = translator(lang)
    parser.add_argument_group(_("arguments")).add_argument(
        "policy", metavar="POLICY.toml", help=_("the policy file to check (- for standard input)")
    )


# -- reading the arguments -----------------------------------------------------------

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
    """The parser of *command* below *parser*, or *parser* itself if it has none."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            found: argparse.ArgumentParser = action.choices[command]
            return found
    return parser


def parse(parser: argparse.ArgumentParser, argv: list[str], lang: str) -> argparse.Namespace:
    """Parse *argv*; every problem raises :class:`UsageError` from the right (sub)parser."""
    _ = translator(lang)
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
