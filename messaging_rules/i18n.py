"""Translations at run time, read with the standard library's :mod:`gettext`.

All user-facing texts of the package are English message ids: the labels of the
vocabulary, the rules' titles, claims, reasons and conditions, the policy errors
and the texts of the command line.
The German translations live in ``locale/de/LC_MESSAGES/messaging_rules.po``;
the compiled ``messaging_rules.mo`` beside it is build output, never committed:
building the wheel compiles it (``setup.py``, with Babel), and so does every
``make`` target in a checkout.

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
tool of the repository, not part of the package: ``python -m tools.i18n_extract``
(``make update-po`` runs it and merges the template into the German catalog).
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable, Mapping
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
    "N_",
    "catalog",
    "default_language",
    "label",
    "ngettext",
    "plural_translator",
    "translate",
    "translator",
]

DOMAIN = "messaging_rules"
#: Languages the package speaks (defined in :mod:`messaging_rules.vocabulary`).
LANGUAGES: tuple[str, ...] = _LANGUAGES

#: The environment variables that choose the language, in the order gettext reads them.
LOCALE_VARIABLES: tuple[str, ...] = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _mo_path(lang: str) -> Traversable:
    return resources.files(__package__ or DOMAIN) / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


class CatalogError(RuntimeError):
    """The package's own message catalog cannot be read: a broken installation.

    >>> str(CatalogError("de", "bad magic number"))
    'the de message catalog of messaging_rules is damaged: bad magic number'
    """

    def __init__(self, lang: str, detail: str) -> None:
        self.lang = lang
        super().__init__(f"the {lang} message catalog of {DOMAIN} is damaged: {detail}")


def _check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; valid values: {', '.join(LANGUAGES)}")
    return lang


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """Return the translations for *lang*: the compiled catalog, read by :mod:`gettext`.

    English is the source language: its catalog translates nothing.

    >>> catalog("de").gettext("recommended")
    'empfohlen'
    >>> catalog("en").gettext("recommended")
    'recommended'
    """
    if _check_language(lang) == "en":
        return gettext.NullTranslations()
    path = _mo_path(lang)
    try:
        return gettext.GNUTranslations(io.BytesIO(path.read_bytes()))
    except FileNotFoundError:
        detail = f"{DOMAIN}.mo is missing; in a checkout, `make venv` compiles it"
        raise CatalogError(lang, detail) from None
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
    return catalog(lang).gettext(msgid)


def ngettext(singular: str, plural: str, n: int, lang: str = "en") -> str:
    """Return the singular or plural form for the count *n* in *lang*.

    The rule comes from the catalog's ``Plural-Forms`` header (``n != 1`` for
    German, as in English).

    >>> ngettext("{count} combination checked", "{count} combinations checked", 2, "de")
    '{count} Kombinationen geprüft'
    """
    return catalog(lang).ngettext(singular, plural, n)


def N_(msgid: str) -> str:
    """Mark *msgid* for the catalog where it is written; it is translated where it is shown.

    The message extractor (``tools/i18n_extract.py``) finds ``N_("…")`` as it finds
    ``_("…")``; tables of texts use it.

    >>> N_("consumer")
    'consumer'
    """
    return msgid


def translator(lang: str) -> Callable[[str], str]:
    """Return ``_``, which translates one message id into *lang*.

    Code that shows many texts binds it once: ``_ = translator(lang)``; the message
    extractor finds the ``_("…")`` calls.

    >>> _ = translator("de")
    >>> _("not allowed")
    'nicht erlaubt'
    """

    def _(msgid: str) -> str:
        return translate(msgid, lang)

    return _


def plural_translator(lang: str) -> Callable[[str, str, int], str]:
    """Return ``_n``, which picks and translates the form for a count, in *lang*.

    >>> _n = plural_translator("de")
    >>> _n("{count} error", "{count} errors", 2)
    '{count} Fehler'
    """

    def _n(singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n, lang)

    return _n


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
