"""Extract the message ids of the ``messaging_rules`` package into its ``.pot`` template.

The package reads its German catalog at run time (:mod:`messaging_rules.i18n`);
writing the template is a job for the repository, so this tool lives in ``tools/``
and stays out of the wheel.
:func:`extract` collects every message id from the package's tables (vocabulary
labels, rules, actions, the channels' notices and recipients, the situation schema's
help texts, policy errors) and the
``_("…")``/``_n("…", "…", n)`` calls (and ``N_("…")`` marks in tables) in ``cli.py``,
``render.py`` and ``streams.py``.

Usage: ``python -m tools.i18n_extract`` writes
``messaging_rules/locale/messaging_rules.pot``; ``--check`` only reports whether
that file is up to date (exit 1 when it is not), ``--output FILE`` writes elsewhere.
Then merge the template into the German catalog, for example with
``msgmerge -U messaging_rules/locale/de/LC_MESSAGES/messaging_rules.po
messaging_rules/locale/messaging_rules.pot``, and translate the new entries.

>>> Message("{count} entry", "{count} entries").flags
('python-brace-format',)
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import messaging_rules
from messaging_rules.actions import ACTIONS
from messaging_rules.i18n import DOMAIN
from messaging_rules.notices import NOTICES, RECIPIENTS
from messaging_rules.policy_errors import MESSAGES as POLICY_MESSAGES
from messaging_rules.policy_errors import TOML_FALLBACK, TOML_MESSAGES, TYPE_NAMES
from messaging_rules.rules import RULES
from messaging_rules.schema import SITUATION
from messaging_rules.vocabulary import LABELS

__all__ = ["Message", "extract", "main", "pot_path", "render_entry", "render_pot", "write_pot"]

#: The package's source folder (the checkout's, not an installed copy).
PACKAGE = Path(messaging_rules.__file__).resolve().parent


@dataclass(frozen=True)
class Message:
    """One message id for the catalog, with a note for translators.

    >>> Message("consumer", comment="label").flags
    ()
    """

    msgid: str
    plural: str | None = None
    comment: str = ""

    @property
    def flags(self) -> tuple[str, ...]:
        """The gettext flags: ``python-brace-format`` when the text has fields."""
        text = self.msgid + (self.plural or "")
        return ("python-brace-format",) if re.search(r"\{[a-z_]+\}", text) else ()


def _cli_messages(module: str = "cli.py", comment: str = "command line") -> list[Message]:
    """Find the ``_("…")``, ``N_("…")`` and ``_n("…", "…", n)`` calls in *module*.

    ``N_`` marks a message id in a table where it is written; the code translates it
    where it is shown.
    """
    source = (PACKAGE / module).read_text(encoding="utf-8")
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
    reasons and conditions), the policy errors and the texts of ``cli.py`` and of
    ``render.py`` (the printable team policy).

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
    found.extend(_cli_messages())
    found.extend(_cli_messages("render.py", "printable team policy"))
    found.extend(_cli_messages("streams.py", "command line: output that cannot be written"))
    unique: dict[str, Message] = {}
    for message in found:
        unique.setdefault(message.msgid, message)
    return list(unique.values())


def _quote(text: str) -> str:
    return (
        '"'
        + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        + '"'
    )


def _field(keyword: str, text: str, width: int = 79) -> list[str]:
    """Render one keyword and string, wrapped after spaces as gettext's tools do.

    >>> _field("msgid", "short")
    ['msgid "short"']
    >>> _field("msgid", "word " * 20)[:2]
    ['msgid ""', '"word word word word word word word word word word word word word word word "']
    """
    single = f"{keyword} {_quote(text)}"
    if len(single) <= width and "\n" not in text[:-1]:
        return [single]
    lines = [f'{keyword} ""']
    for part in re.split(r"(?<=\n)", text):
        line = ""
        for token in re.findall(r"[^ -]+-(?=[^ -])|[^ ]+ *| +", part):
            if line and len(_quote(line + token)) > width:
                lines.append(_quote(line))
                line = ""
            line += token
        if line:
            lines.append(_quote(line))
    return lines


def render_entry(message: Message, translation: str | tuple[str, ...] = "") -> str:
    """Render one catalog entry (the ``msgstr`` empty unless *translation* is given).

    >>> print(render_entry(Message("consumer", comment="label"), "Verbraucher"))
    #. label
    msgid "consumer"
    msgstr "Verbraucher"
    <BLANKLINE>
    """
    lines = [f"#. {message.comment}"] if message.comment else []
    if message.flags:
        lines.append("#, " + ", ".join(message.flags))
    lines += _field("msgid", message.msgid)
    if message.plural is None:
        lines += _field("msgstr", translation if isinstance(translation, str) else "")
    else:
        lines += _field("msgid_plural", message.plural)
        forms = translation if isinstance(translation, tuple) else ("", "")
        for index, form in enumerate(forms):
            lines += _field(f"msgstr[{index}]", form)
    return "\n".join(lines) + "\n"


_POT_HEADER = """\
# English message ids of the messaging_rules package.
# Generated by `python -m tools.i18n_extract`; do not edit by hand.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: messaging-rules\\n"
"Report-Msgid-Bugs-To: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"
"""


def render_pot(messages: Iterable[Message]) -> str:
    """Render the template catalog for *messages*.

    >>> render_pot([Message("SMS")]).endswith('msgid "SMS"\\nmsgstr ""\\n')
    True
    """
    return "\n".join([_POT_HEADER, *(render_entry(m) for m in messages)])


def pot_path() -> Path:
    """Return the path of the template catalog inside the package source.

    >>> pot_path().name
    'messaging_rules.pot'
    """
    return PACKAGE / "locale" / f"{DOMAIN}.pot"


def write_pot(path: Path | None = None) -> Path:
    """Write the template catalog from :func:`extract` and return its path."""
    target = path or pot_path()
    target.write_text(render_pot(extract()), encoding="utf-8")
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
            current = target.read_text(encoding="utf-8") if target.exists() else ""
            if current != render_pot(extract()):
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
    except UnicodeDecodeError:
        print(f"error: {target} is not UTF-8", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
