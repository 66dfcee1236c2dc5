"""Compile the package's message catalogs when setuptools builds it.

Everything else about the build is declared in ``pyproject.toml``; this file only
adds one step to ``build_py``: every ``messaging_rules/locale/*/LC_MESSAGES/*.po``
is compiled with Babel (a build requirement) into the ``.mo`` beside it, which
:mod:`messaging_rules.i18n` reads with the standard library's :mod:`gettext`.
The ``.mo`` files are build output (``.gitignore``): a wheel, an sdist's wheel and
an editable install (``make venv``) each compile their own.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path(__file__).resolve().parent / "messaging_rules" / "locale"


def compile_catalogs(locale: Path = LOCALE) -> list[Path]:
    """Compile every ``.po`` under *locale* into its ``.mo``; return the ``.mo`` paths.

    Fuzzy and untranslated entries are left out, as ``msgfmt`` does.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source, abort_invalid=True)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    return written


class BuildPyWithCatalogs(build_py):
    """``build_py`` that compiles the message catalogs before it copies package data."""

    def run(self) -> None:
        compile_catalogs()
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogs})
