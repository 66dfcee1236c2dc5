"""What every part of the command line shares: exit codes, the JSON frame, bad input.

The command line is four modules: :mod:`messaging_rules.cli` is the entry point
(the commands, and what each outcome exits with), :mod:`messaging_rules.cli_parser`
reads the arguments in two languages, :mod:`messaging_rules.cli_commands` runs the
commands, and this module holds what they all need.

Every JSON document starts with the same three keys (:func:`document`); bad input
found by the parser or a command is a :class:`UsageError`.

>>> document("rules", "de", results=[])
{'schema': 1, 'command': 'rules', 'lang': 'de', 'results': []}
"""

from __future__ import annotations

from .streams import EXIT_INPUT, EXIT_IO

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_IO",
    "EXIT_OK",
    "SCHEMA",
    "UsageError",
    "document",
]

#: Exit codes: done without findings, ``audit`` found problems, a bug, interrupted
#: (Ctrl-C).  Bad input (:data:`EXIT_INPUT`, 2) and output that could not be
#: written (:data:`EXIT_IO`, 3) come from :mod:`messaging_rules.streams`, which
#: reports them too.
EXIT_OK, EXIT_FINDINGS, EXIT_INTERNAL = 0, 1, 3
EXIT_INTERRUPTED = 130
#: Version of the JSON documents; it changes only when a key changes its meaning.
SCHEMA = 1


class UsageError(Exception):
    """Bad input found by the parser or a command: exit code 2.

    The message is one line, already in the user's language, without the program
    name; *prog* is the (sub)command that reports it, and *command* the subcommand
    whose parser found the problem (``"policy render"``), if any.

    >>> err = UsageError("expected one argument", "messaging-rules check", "check")
    >>> err.message, err.command
    ('expected one argument', 'check')
    """

    def __init__(self, message: str, prog: str | None = None, command: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.prog = prog
        self.command = command


def document(command: str | None, lang: str, **parts: object) -> dict[str, object]:
    """The frame of every JSON document: schema version, command and language."""
    return {"schema": SCHEMA, "command": command, "lang": lang, **parts}
