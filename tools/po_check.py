"""Check every German catalog for syntax errors before a build.

Sphinx compiles the ``.po`` files itself, but a broken catalog then surfaces as an
obscure warning, or not at all.  This check names the file and the line instead,
one line per problem, and exits 1.  It runs a strict line grammar of its own and
GNU ``msgfmt --check``; without ``msgfmt`` it stops with exit 2 instead of checking
less (duplicate msgids, missing plural forms, bad escapes and format mismatches
need it; Debian: ``apt-get install gettext``).
A folder that does not exist, a file where a folder belongs, a folder without
catalogs and a catalog that cannot be read are errors too (exit 2): a check that
finds nothing to check must not pass.

Usage: ``python -m tools.po_check [locale]``

>>> line_problems(['msgid "a"', 'msgstr "b'])
[(2, 'unterminated string')]
>>> line_problems(['# comment', 'msgid "a"', 'msgstr ""', '"more \\\\"text\\\\""'])
[]
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

_KEYWORD = re.compile(r'^(?:#~ )?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')


def line_problems(lines: list[str]) -> list[tuple[int, str]]:
    """Return ``(line number, message)`` for every line a catalog may not contain."""
    found = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("#~ ")):
            continue
        match = _KEYWORD.match(line)
        text = match.group(2) if match else line.removeprefix("#~ ")
        if not text.startswith('"'):
            found.append((number, "expected a keyword or a quoted string"))
        elif not _STRING.match(text):
            found.append((number, "unterminated string"))
    return found


class SetupError(Exception):
    """The check cannot run as asked: no catalogs, no folder, or no ``msgfmt``."""


def catalogs(locale_dir: Path) -> list[Path]:
    """Every ``*.po`` file under *locale_dir*; :class:`SetupError` when there is none.

    >>> catalogs(Path("no/such/folder"))
    Traceback (most recent call last):
    ...
    tools.po_check.SetupError: no/such/folder does not exist (run from the project's top folder)
    """
    if not locale_dir.exists():
        raise SetupError(f"{locale_dir} does not exist (run from the project's top folder)")
    if not locale_dir.is_dir():
        raise SetupError(f"{locale_dir} is a file; give the folder that holds the catalogs")
    found = sorted(locale_dir.rglob("*.po"))
    if not found:
        raise SetupError(f"{locale_dir} holds no .po catalogs: nothing to check")
    return found


def problems(locale_dir: Path) -> list[str]:
    """Return one ``file:line: message`` string per problem in any catalog."""
    paths = catalogs(locale_dir)
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise SetupError(
            "msgfmt not found: install gettext (Debian: apt-get install gettext); "
            "without it duplicate msgids, plural forms and format strings go unchecked"
        )
    found = []
    for path in paths:
        if path.is_dir():
            found.append(f"{path}:1: is a folder, not a catalog")
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as error:
            found.append(f"{path}:1: not UTF-8 ({error.reason})")
            continue
        except OSError as error:
            found.append(f"{path}:1: cannot read it ({error.strerror})")
            continue
        own = [f"{path}:{n}: {message}" for n, message in line_problems(lines)]
        found += own
        if not own:
            result = subprocess.run(
                [msgfmt, "--check", "-o", "/dev/null", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                errors = [
                    line.removeprefix(f"{path}:").strip()
                    for line in result.stderr.splitlines()
                    if line.startswith(f"{path}:") and ": warning:" not in line
                ]
                found += [f"{path}:{line}" for line in errors] or [
                    f"{path}:1: {result.stderr.strip()}"
                ]
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    usage = "usage: python -m tools.po_check [LOCALE_FOLDER]"
    if args in (["-h"], ["--help"]):
        print(f"{usage}\n\n{__doc__.splitlines()[0]}")
        return 0
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print(usage, file=sys.stderr)
        return 2
    locale_dir = Path(args[0] if args else "locale")
    try:
        found = problems(locale_dir)
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in found:
        print(f"error: broken catalog {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
