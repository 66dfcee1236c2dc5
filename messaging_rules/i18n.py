"""Translations: a tiny gettext ``.po`` reader and the message extractor.

All user-facing texts of the package are English message ids: the labels of the
vocabulary, the rules' titles, claims, reasons and conditions, the policy errors
and the texts of the command line.
The German translations live in ``locale/de/LC_MESSAGES/messaging_rules.po``.
Compiled ``.mo`` files are build output and never committed, so this module reads
the ``.po`` file itself (multi-line strings, escapes, plural forms); it skips fuzzy
and obsolete entries.

>>> translate("not allowed", "de")
'nicht erlaubt'
>>> translate("not allowed", "en")
'not allowed'
>>> from messaging_rules import Verdict
>>> label(Verdict.RECOMMENDED, "de")
'empfohlen'

:func:`extract` collects every message id from the tables and the CLI source;
``python -m messaging_rules.i18n`` writes them to ``locale/messaging_rules.pot``
(``--check`` only reports whether that file is up to date).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .vocabulary import LABELS
from .vocabulary import LANGUAGES as _LANGUAGES

__all__ = [
    "DOMAIN",
    "CatalogError",
    "LANGUAGES",
    "Message",
    "catalog",
    "default_language",
    "extract",
    "label",
    "ngettext",
    "parse_po",
    "render_pot",
    "translate",
    "write_pot",
]

DOMAIN = "messaging_rules"
#: Languages the package speaks (defined in :mod:`messaging_rules.vocabulary`).
LANGUAGES: tuple[str, ...] = _LANGUAGES

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")
_KEYWORD_RE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def _unquote(token: str) -> str:
    """Return the text of one quoted ``.po`` string, with escapes resolved.

    >>> _unquote(r'"say \\"hi\\"\\n"')
    'say "hi"\\n'
    """
    body = token.strip()[1:-1]

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        return _ESCAPES.get(code, code)

    return _ESCAPE_RE.sub(replace, body)


def parse_po(text: str) -> dict[str, str | tuple[str, ...]]:
    """Parse the text of a ``.po`` file into ``{msgid: msgstr}``.

    Plural entries map to a tuple of forms.
    A ``msgctxt`` is joined to the msgid with ``"\\x04"``, as gettext does.
    The header, fuzzy entries, obsolete (``#~``) entries and empty translations are
    left out, so a missing key means "not translated".

    >>> po = '''
    ... msgid ""
    ... msgstr "Language: de\\\\n"
    ...
    ... #, fuzzy
    ... msgid "draft"
    ... msgstr "Entwurf"
    ...
    ... msgid "long "
    ... "text"
    ... msgstr ""
    ... "langer "
    ... "Text"
    ...
    ... #~ msgid "old"
    ... #~ msgstr "alt"
    ... '''
    >>> parse_po(po)
    {'long text': 'langer Text'}
    """
    entries: dict[str, str | tuple[str, ...]] = {}
    fields: dict[str, str] = {}
    fuzzy = False
    current: str | None = None

    def flush() -> None:
        nonlocal fuzzy, current
        msgid = fields.get("msgid")
        if msgid and not fuzzy:
            key = f"{fields['msgctxt']}\x04{msgid}" if "msgctxt" in fields else msgid
            forms = sorted((k for k in fields if k.startswith("msgstr[")), key=_form_index)
            if forms:
                if all(fields[k] for k in forms):
                    entries[key] = tuple(fields[k] for k in forms)
            elif fields.get("msgstr"):
                entries[key] = fields["msgstr"]
        fields.clear()
        fuzzy = False
        current = None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if fields:
                flush()
            continue
        if line.startswith("#"):
            if fields and current is not None and current.startswith("msgstr"):
                flush()
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                fuzzy = True
            continue
        if line.startswith('"'):
            if current is not None:
                fields[current] += _unquote(line)
            continue
        match = _KEYWORD_RE.match(line)
        if match is None:
            raise ValueError(f"cannot parse .po line: {raw!r}")
        keyword = match.group(1)
        if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in fields):
            was_fuzzy = fuzzy
            flush()
            fuzzy = was_fuzzy
        current = keyword
        fields[keyword] = _unquote(match.group(3))
    if fields:
        flush()
    return entries


def _form_index(key: str) -> int:
    return int(key[len("msgstr[") : -1])


def _po_path(lang: str) -> Traversable:
    return resources.files(__package__ or DOMAIN) / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


class CatalogError(RuntimeError):
    """The package's own message catalog cannot be read: a broken installation.

    >>> str(CatalogError("de", "cannot parse .po line 7"))
    'the de message catalog of messaging_rules is damaged: cannot parse .po line 7'
    """

    def __init__(self, lang: str, detail: str) -> None:
        self.lang = lang
        super().__init__(f"the {lang} message catalog of {DOMAIN} is damaged: {detail}")


def _check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; valid values: {', '.join(LANGUAGES)}")
    return lang


@cache
def catalog(lang: str) -> Mapping[str, str | tuple[str, ...]]:
    """Return the translations for *lang* (empty for English, the source language).

    >>> catalog("de")["recommended"]
    'empfohlen'
    >>> len(catalog("en"))
    0
    """
    if _check_language(lang) == "en":
        return {}
    try:
        return parse_po(_po_path(lang).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise CatalogError(lang, str(err)) from None


def translate(msgid: str, lang: str = "en") -> str:
    """Return the translation of *msgid* in *lang*, or *msgid* itself.

    >>> translate("consumer", "de")
    'Verbraucher'
    >>> translate("no such message", "de")
    'no such message'
    >>> translate("consumer", "fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr'; valid values: en, de
    """
    found = catalog(lang).get(msgid)
    return found if isinstance(found, str) else msgid


def ngettext(singular: str, plural: str, n: int, lang: str = "en") -> str:
    """Return the singular or plural form for the count *n* in *lang*.

    English and German share the plural rule ``n != 1`` (``Plural-Forms`` in the
    catalog header).

    >>> ngettext("{count} combination checked", "{count} combinations checked", 2, "de")
    '{count} Kombinationen geprüft'
    """
    index = 0 if n == 1 else 1
    found = catalog(lang).get(singular)
    if isinstance(found, tuple) and len(found) > index:
        return found[index]
    return (singular, plural)[index]


def label(value: StrEnum, lang: str = "en") -> str:
    """Return the translated label of a vocabulary value.

    >>> from messaging_rules import Channel
    >>> label(Channel.EMAIL_ENCRYPTED, "de")
    'Ende-zu-Ende-verschlüsselte E-Mail (S/MIME oder OpenPGP)'
    """
    return translate(LABELS[value], lang)


def default_language(environ: Mapping[str, str]) -> str:
    """Pick the language from the locale variables, as gettext does.

    The locale is the first non-empty of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``.
    Unless that locale is ``C`` or ``POSIX`` (or unset), a non-empty ``LANGUAGE``
    list wins: its first language that the package speaks, in order, and English
    when it names none (gettext then shows the untranslated text).
    Otherwise the locale decides: German when it starts with ``de``, English
    otherwise.

    >>> default_language({"LANG": "de_DE.UTF-8"})
    'de'
    >>> default_language({"LC_ALL": "C", "LANG": "de_DE.UTF-8"})
    'en'
    >>> default_language({"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"})
    'de'
    >>> default_language({"LANGUAGE": "de", "LC_ALL": "C"})
    'en'
    >>> default_language({})
    'en'
    """
    locale = next((environ[n] for n in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(n)), "")
    if locale and locale.split(".")[0] not in ("C", "POSIX") and environ.get("LANGUAGE"):
        for part in environ["LANGUAGE"].split(":"):
            code = part.strip().lower()[:2]
            if code in LANGUAGES:
                return code
        return "en"
    return "de" if locale.lower().startswith("de") else "en"


# -- extraction ----------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One message id for the catalog, with a note for translators.

    >>> Message("{count} entry", "{count} entries").flags
    ('python-brace-format',)
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
    """Find the ``_("…")`` and ``_n("…", "…", n)`` calls in *module* (default ``cli.py``)."""
    source = (resources.files(__package__ or DOMAIN) / module).read_text(encoding="utf-8")
    found: list[tuple[int, Message]] = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if node.func.id == "_" and args and isinstance(args[0], str):
            found.append((node.lineno, Message(args[0], comment=comment)))
        elif node.func.id == "_n" and len(args) >= 2:
            found.append((node.lineno, Message(args[0], args[1], comment=comment)))
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
    from .actions import ACTIONS
    from .policy import MESSAGES as POLICY_MESSAGES
    from .policy import TOML_FALLBACK, TOML_MESSAGES, TYPE_NAMES
    from .rules import RULES

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
# Generated by `python -m messaging_rules.i18n`; do not edit by hand.
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
    return Path(__file__).with_name("locale") / f"{DOMAIN}.pot"


def write_pot(path: Path | None = None) -> Path:
    """Write the template catalog from :func:`extract` and return its path."""
    target = path or pot_path()
    target.write_text(render_pot(extract()), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """Write ``locale/messaging_rules.pot``, or with ``--check`` test that it is current."""
    parser = argparse.ArgumentParser(
        prog="python -m messaging_rules.i18n", description=main.__doc__
    )
    parser.add_argument("--check", action="store_true", help="only report a stale .pot (exit 1)")
    parser.add_argument("--output", type=Path, default=None, help="write here instead")
    args = parser.parse_args(argv)
    target = args.output or pot_path()
    try:
        if args.check:
            current = target.read_text(encoding="utf-8") if target.exists() else ""
            if current != render_pot(extract()):
                print(
                    f"{target} is out of date: run python -m messaging_rules.i18n",
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
