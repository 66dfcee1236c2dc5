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

- exit codes (:mod:`messaging_rules.cli_shared`): 0 done, no findings; 1 ``audit``
  found problems; 2 bad input (usage, file, schema, an output file that cannot be
  used), one line naming what is wrong and the valid values; 3 output that could
  not be written (a full disk, a closed stdout; :mod:`messaging_rules.streams`) or
  an internal error, one line asking to report it (a traceback only with
  ``MESSAGING_RULES_DEBUG=1``); 130 Ctrl-C;
- ``--format json`` prints one JSON object with ``"schema": 1``, the command and the
  language; an error with ``--format json`` is a JSON object on stderr with
  ``"lang"``, ``"error"`` and ``"exit_code"``;
- every option may be given once (``-o`` and ``--output`` are one); JSON stays
  valid and lossless on any encoding (``\\u`` escapes), HTML is UTF-8, and only
  text is transliterated for the terminal; a closed pipe (``| head``) is quiet;
- inputs are never harmed: ``-o`` never names the policy, a FIFO or device is
  refused without blocking, ``-`` is standard input (standard output for ``-o``).

This module is the entry point: :func:`build_parser` names the commands and their
arguments (the option groups come from :mod:`messaging_rules.cli_parser`), and
:func:`main` runs one and turns its outcome into the exit code.
A new subcommand adds its entry in :func:`build_parser` and a handler
``run_…(args, lang, out) -> int`` in :mod:`messaging_rules.cli_commands` that writes
to *out*.  For bad input the handler raises
:class:`~messaging_rules.cli_shared.UsageError` (a message in the user's language) or
:class:`~messaging_rules.policy_errors.PolicyError` (for instance from
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
import sys
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, TextIO, cast

from . import cli_commands
from .cli_parser import add_channel, add_common, add_policy_file, add_situation, parse, parser_class
from .cli_shared import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    UsageError,
    document,
)
from .i18n import LANGUAGES, N_, CatalogError, default_language, translator
from .policy_errors import PolicyError, printable
from .streams import Kind, Output, OutputError, to_json, write_error

__all__ = ["build_parser", "main"]

#: Set to ``1`` to see the traceback of an internal error.
DEBUG_VARIABLE = "MESSAGING_RULES_DEBUG"

#: A subcommand: it writes its output to the stream and returns the exit code.
Handler = Callable[[argparse.Namespace, str, TextIO], int]
#: Adds a subcommand's own arguments to its parser, with texts in a language.
AddArguments = Callable[[argparse.ArgumentParser, str], None]


def build_parser(lang: str, prog: str = "messaging-rules") -> argparse.ArgumentParser:
    """Build the argument parser with all texts in *lang*.

    >>> "recommend" in build_parser("en").format_help()
    True
    >>> build_parser("de").format_usage().startswith("Aufruf:")
    True
    """
    _ = translator(lang)
    parser = parser_class(lang)(
        prog=prog,
        description=_(
            "May a small business use WhatsApp? Check business messaging channels "
            "against the rules R1 to R11 of the guide."
        ),
        epilog=_("This is general information, not legal advice."),
    )
    add_common(parser, lang, top=True)
    commands = parser.add_subparsers(
        title=_("commands"), dest="command", required=True, metavar=_("COMMAND")
    )

    # name, help, description, the command's own arguments, handler
    table: tuple[tuple[str, str, str, tuple[AddArguments, ...], Handler], ...] = (
        (
            "check",
            N_("show the verdict for one channel"),
            N_("Show the verdict for one channel in one situation, and the rules behind it."),
            (add_channel, add_situation),
            cli_commands.run_check,
        ),
        (
            "recommend",
            N_("list all channels for one situation, best first"),
            N_("List all eight channels for one situation, best first."),
            (add_situation,),
            cli_commands.run_recommend,
        ),
        (
            "rules",
            N_("list the rules R1 to R11"),
            N_(
                "List the rules R1 to R11 with their status, the claim of the 2018 article "
                "and their sources."
            ),
            (),
            cli_commands.run_rules,
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
            (add_policy_file,),
            cli_commands.run_audit,
        ),
    )
    for name, summary, description, add_arguments, handler in table:
        command = commands.add_parser(name, help=_(summary), description=_(description))
        for add in add_arguments:
            add(command, lang)
        add_common(command, lang, top=False)
        command.set_defaults(handler=handler, command_name=name, kind="text")
    _add_policy(commands, lang)
    return parser


def _add_policy(commands: Any, lang: str) -> None:
    """Add ``policy render POLICY.toml [--output FILE]``: the printable team policy."""
    _ = translator(lang)
    policy_parser = commands.add_parser(
        "policy",
        help=_("print a team's messaging policy"),
        description=_("Work with a team's messaging policy (TOML file)."),
    )
    add_common(policy_parser, lang, top=False)
    policy_parser.set_defaults(command_name="policy")
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
    add_common(render_parser, lang, top=False)
    render_parser.set_defaults(
        handler=cli_commands.run_policy_render, command_name="policy render", kind="html"
    )


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
        report = document(command, lang, error=message, exit_code=code, **details)
        write_error(to_json(report) + "\n", "json")
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
            args = parse(parser, args_list, lang)
        except SystemExit as stop:  # --help
            return stop.code if isinstance(stop.code, int) else EXIT_OK
        lang, fmt, command = args.lang, args.format, args.command_name
        kind: Kind = "json" if fmt == "json" else args.kind
        output = Output(kind)
        code = int(args.handler(args, lang, cast(TextIO, output)))
        output.flush()
        return code
    except UsageError as err:
        _ = translator(lang)
        prefix = f"{err.prog or prog}: {_('error')}"
        return _report(fmt, EXIT_INPUT, prefix, err.message, err.command or command, lang)
    except PolicyError as err:
        _ = translator(lang)
        details = err.to_dict(lang)
        message = details.pop("error")
        prefix = f"{prog}: {_('error')}"
        return _report(fmt, EXIT_INPUT, prefix, message, command, lang, **details)
    except OutputError as err:
        _ = translator(lang)
        prefix = f"{prog}: {_('error')}"
        return _report(fmt, err.code, prefix, err.message(lang), command, lang)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as err:
        if os.environ.get(DEBUG_VARIABLE) == "1":
            raise
        if isinstance(err, CatalogError):
            lang = "en"
        _ = translator(lang)
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
