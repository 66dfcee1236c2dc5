"""Extract the message ids of the ``messaging_rules`` package into its ``.pot`` template.

The package reads its German catalog at run time (:mod:`messaging_rules.i18n`);
writing the template is a job for the repository, so this tool lives in ``tools/``
and stays out of the wheel.
:func:`extract` collects every message id from the package's tables (vocabulary
labels, rules, actions, the channels' notices and recipients, the situation schema's
help texts, policy errors) and the
``_("…")``/``_n("…", "…", n)`` calls (and ``N_("…")`` marks in tables) in every
module of the package: the command line, the printable policy, the output layer, and
whatever module comes next.

Babel's :class:`~babel.messages.catalog.Catalog` holds the template and
:mod:`tools.catalogs` writes it (as every catalog of the repository); the template
keeps its date while its messages stay the same, so writing it again changes nothing.

Usage: ``python -m tools.i18n_extract`` writes
``messaging_rules/locale/messaging_rules.pot``; ``--check`` only reports whether
that file is up to date (exit 1 when it is not), ``--output FILE`` writes elsewhere.
``make update-po`` runs it and merges the template into the German catalog
(:func:`tools.po_update.merge_package_catalog`); then translate the new entries.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog

import messaging_rules
from messaging_rules.actions import ACTIONS
from messaging_rules.i18n import DOMAIN
from messaging_rules.notices import NOTICES, RECIPIENTS
from messaging_rules.policy_errors import MESSAGES as POLICY_MESSAGES
from messaging_rules.policy_errors import TOML_FALLBACK, TOML_MESSAGES, TYPE_NAMES
from messaging_rules.rules import RULES
from messaging_rules.schema import SITUATION
from messaging_rules.vocabulary import LABELS
from tools import catalogs

__all__ = ["Message", "current_template", "extract", "main", "pot_path", "template", "write_pot"]

#: The package's source folder (the checkout's, not an installed copy).
PACKAGE = Path(messaging_rules.__file__).resolve().parent


@dataclass(frozen=True)
class Message:
    """One message id for the catalog (with its plural, if any) and a note for translators."""

    msgid: str
    plural: str | None = None
    comment: str = ""


def _summary(source: str) -> str:
    """The summary line of a module's docstring, without its full stop: the note that
    tells translators where the module's messages are shown.

    >>> _summary("'''The command line: options.\\n\\nMore.'''")
    'The command line: options'
    """
    docstring = ast.get_docstring(ast.parse(source)) or ""
    return docstring.split("\n", 1)[0].rstrip(".")


def _code_messages(module: Path) -> list[Message]:
    """Find the ``_("…")``, ``N_("…")`` and ``_n("…", "…", n)`` calls in *module*.

    ``N_`` marks a message id in a table where it is written; the code translates it
    where it is shown.  The note for translators is the module's summary line.
    """
    source = module.read_text(encoding="utf-8")
    comment = _summary(source)
    found: list[tuple[int, Message]] = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        texts = [arg for arg in args if isinstance(arg, str)]
        if node.func.id in ("_", "N_") and args and isinstance(args[0], str):
            found.append((node.lineno, Message(args[0], comment=comment)))
        elif node.func.id == "_n" and len(texts) >= 2:
            found.append((node.lineno, Message(texts[0], texts[1], comment=comment)))
    return [message for _, message in sorted(found, key=lambda item: item[0])]


def extract() -> list[Message]:
    """Collect every message id the package uses, in a stable order.

    The sources are the vocabulary labels, the rules (titles, article claims,
    reasons and conditions), the policy errors and the texts marked in the code of
    every module (the command line, the printable team policy, the output layer).

    >>> from messaging_rules import rule
    >>> messages = [m.msgid for m in extract()]
    >>> "recommended" in messages and rule("R5").title in messages
    True
    >>> len(messages) == len(set(messages))
    True
    """
    found: list[Message] = []
    for value, text in LABELS.items():
        found.append(Message(text, comment=f"label of {type(value).__name__.lower()} {value}"))
    for r in RULES:
        found.append(Message(r.title, comment=f"title of rule {r.id}"))
        if r.article_claim:
            found.append(Message(r.article_claim, comment=f"rule {r.id}: the 2018 article"))
        for cap in r.caps:
            found.append(Message(cap.reason, comment=f"rule {r.id}: reason ({cap.verdict})"))
            found.extend(Message(c, comment=f"rule {r.id}: condition") for c in cap.conditions)
        if r.id in ACTIONS:
            found.append(Message(ACTIONS[r.id], comment=f"rule {r.id}: what to do"))
    for channel, text in NOTICES.items():
        comment = f"channel {channel}: what it means for the person contacted"
        found.append(Message(text, comment=comment))
    for channel, (who, where) in RECIPIENTS.items():
        found.append(Message(who, comment=f"channel {channel}: recipients (records of processing)"))
        found.append(Message(where, comment=f"channel {channel}: third country and basis"))
    for d in SITUATION:
        found.append(Message(d.help, comment=f"command line: help of --{d.param}"))
        if d.flag:
            found.append(Message(d.mark, comment=f"situation summary: --{d.param} is set"))
    found.extend(Message(m, comment="policy file error") for m in POLICY_MESSAGES.values())
    found.extend(
        Message(m, comment="TOML parser error in a policy file")
        for m in [*TOML_MESSAGES.values(), TOML_FALLBACK]
    )
    found.extend(
        Message(m, comment="type of a value in a policy file ({type} in errors)")
        for m in TYPE_NAMES.values()
    )
    for module in sorted(PACKAGE.glob("*.py")):
        found.extend(_code_messages(module))
    unique: dict[str, Message] = {}
    for message in found:
        unique.setdefault(message.msgid, message)
    return list(unique.values())


#: The template's header comment (Babel writes it above the header entry).
HEADER_COMMENT = """\
# English message ids of the messaging_rules package.
# Generated by `python -m tools.i18n_extract`; do not edit by hand.
#"""


def template(messages: Iterable[Message], created: datetime | None = None) -> Catalog:
    """The template catalog for *messages*, dated *created* (default: now).

    Babel marks a message ``python-brace-format`` when it has a field such as
    ``{count}``, and ``python-format`` for ``%s``.

    >>> catalog = template([Message("SMS"), Message("{count} entry", "{count} entries")])
    >>> print(catalogs.render(catalog).decode().split("\\n\\n", 1)[1])
    msgid "SMS"
    msgstr ""
    <BLANKLINE>
    #, python-brace-format
    msgid "{count} entry"
    msgid_plural "{count} entries"
    msgstr[0] ""
    msgstr[1] ""
    <BLANKLINE>
    """
    catalog = Catalog(
        project="messaging-rules",
        version=messaging_rules.__version__,
        header_comment=HEADER_COMMENT,
        creation_date=created,
        fuzzy=True,
    )
    catalog.msgid_bugs_address = ""  # Babel puts a placeholder address for an empty one
    for message in messages:
        catalog.add(
            message.msgid if message.plural is None else (message.msgid, message.plural),
            "" if message.plural is None else ("", ""),
            auto_comments=[message.comment] if message.comment else (),
        )
    return catalog


def _content(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a template says, apart from its header: ids, notes and flags in order.

    A note is compared as one line: the writer wraps a long note over several comment
    lines, which the reader returns as several notes.
    """
    return [
        (m.id, m.context, " ".join(m.auto_comments).split(), sorted(m.flags))
        for m in catalogs.entries(catalog)
    ]


def current_template(path: Path) -> Catalog:
    """The template for the package's messages as it belongs at *path*.

    Its date (``POT-Creation-Date``) is the one *path* has while the messages there
    are the same, so that writing it again changes nothing; otherwise now.
    """
    fresh = template(extract())
    try:
        old = catalogs.read(path)
    except FileNotFoundError:
        return fresh
    except (catalogs.CatalogError, ValueError):  # not a template Babel can read: replace it
        return fresh
    if _content(old) == _content(fresh):
        fresh.creation_date = old.creation_date
    return fresh


def pot_path() -> Path:
    """Return the path of the template catalog inside the package source.

    >>> pot_path().name
    'messaging_rules.pot'
    """
    return PACKAGE / "locale" / f"{DOMAIN}.pot"


def write_pot(path: Path | None = None) -> Path:
    """Write the template catalog from :func:`extract` (if it changed) and return its path."""
    target = path or pot_path()
    catalogs.save(target, current_template(target))
    return target


def main(argv: list[str] | None = None) -> int:
    """Write ``locale/messaging_rules.pot``, or with ``--check`` test that it is current."""
    parser = argparse.ArgumentParser(prog="python -m tools.i18n_extract", description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="only report a stale .pot (exit 1)")
    parser.add_argument("--output", type=Path, default=None, help="write here instead")
    args = parser.parse_args(argv)
    target = args.output or pot_path()
    try:
        if args.check:
            current = target.read_bytes() if target.exists() else b""
            if not catalogs.same_text(current, catalogs.render(current_template(target))):
                print(
                    f"{target} is out of date: run python -m tools.i18n_extract",
                    file=sys.stderr,
                )
                return 1
            return 0
        print(write_pot(target))
    except OSError as err:
        print(
            f"error: cannot {'read' if args.check else 'write'} {target}: {err.strerror}",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
