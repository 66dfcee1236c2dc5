"""Translations at run time: a tiny gettext ``.po`` reader.

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

This module imports only :mod:`messaging_rules.vocabulary`, so every other module
of the package can import it at the top.
The message extractor that writes the template ``locale/messaging_rules.pot`` is a
tool of the repository, not part of the package: ``python -m tools.i18n_extract``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from .vocabulary import LABELS
from .vocabulary import LANGUAGES as _LANGUAGES

__all__ = [
    "DOMAIN",
    "CatalogError",
    "LANGUAGES",
    "LOCALE_VARIABLES",
    "catalog",
    "default_language",
    "label",
    "ngettext",
    "parse_po",
    "translate",
]

DOMAIN = "messaging_rules"
#: Languages the package speaks (defined in :mod:`messaging_rules.vocabulary`).
LANGUAGES: tuple[str, ...] = _LANGUAGES

#: The environment variables that choose the language, in the order gettext reads them.
LOCALE_VARIABLES: tuple[str, ...] = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

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
    'Privatkundin oder Privatkunde'
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


def label(value: Enum, lang: str = "en") -> str:
    """Return the translated label of a vocabulary value.

    >>> from messaging_rules import Channel
    >>> label(Channel.EMAIL_ENCRYPTED, "de")
    'Ende-zu-Ende-verschlüsselte E-Mail (S/MIME oder OpenPGP)'
    """
    return translate(LABELS[value], lang)


def default_language(environ: Mapping[str, str]) -> str:
    """Pick the language from the locale variables, as GNU gettext does.

    ``LANGUAGE`` is read first: a colon-separated list whose first language that
    the package speaks wins, and English when it names none (gettext then shows
    the untranslated text).
    As in GNU gettext, ``LANGUAGE`` counts only when a locale is set, that is when
    the first non-empty of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` is not exactly
    ``C`` or ``POSIX``: ``C.UTF-8`` is a locale, so ``LANG=C.UTF-8 LANGUAGE=de``
    gives German, as it does for ``ls``.
    Otherwise that locale decides: German when it starts with ``de``, English
    otherwise.

    >>> default_language({"LANG": "de_DE.UTF-8"})
    'de'
    >>> default_language({"LC_ALL": "C", "LANG": "de_DE.UTF-8"})
    'en'
    >>> default_language({"LANGUAGE": "fr:de_AT", "LANG": "en_US.UTF-8"})
    'de'
    >>> default_language({"LANGUAGE": "fr", "LANG": "de_DE.UTF-8"})
    'en'
    >>> default_language({"LANGUAGE": "de", "LC_ALL": "C"})
    'en'
    >>> default_language({"LANGUAGE": "de", "LANG": "C.UTF-8"})
    'de'
    >>> default_language({})
    'en'
    """
    names = LOCALE_VARIABLES[1:]
    locale = next((environ[name] for name in names if environ.get(name)), "")
    if locale.strip() in ("", "C", "POSIX"):
        return "en"
    if environ.get("LANGUAGE"):
        codes = (_language_code(part) for part in environ["LANGUAGE"].split(":"))
        return next((code for code in codes if code in LANGUAGES), "en")
    return "de" if _language_code(locale) == "de" else "en"


def _language_code(locale: str) -> str:
    """Return the language part of a locale name such as ``de_DE.UTF-8@euro``.

    >>> _language_code("de_AT.UTF-8"), _language_code("C.UTF-8"), _language_code(" EN ")
    ('de', 'c', 'en')
    """
    return re.split(r"[_.@]", locale.strip(), maxsplit=1)[0].lower()
