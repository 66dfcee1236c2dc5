"""Check every German catalog for syntax errors before a build.

Sphinx compiles the ``.po`` files itself, but a broken catalog then surfaces as an
obscure warning, or not at all.  This check names the file and the line instead,
one line per problem, and exits 1.  Each catalog is read by Babel's
:func:`~babel.messages.pofile.read_po` with ``abort_invalid=True`` (Sphinx reads
catalogs with it to compile them) and then checked by GNU ``msgfmt --check``; without ``msgfmt``
it stops with exit 2 instead of checking less (duplicate msgids, missing plural
forms, bad escapes, unterminated strings and format mismatches need it; Debian:
``apt-get install gettext``).
A folder that does not exist, a file where a folder belongs, a folder without
catalogs and a catalog that cannot be read are errors too (exit 2): a check that
finds nothing to check must not pass.

Usage: ``python -m tools.po_check [locale]``

>>> babel_problems(b'msgid "a"\\nmsgstr "b"\\nnot a keyword\\n')
[(3, 'Unknown or misformatted keyword')]
>>> babel_problems(b'# comment\\nmsgid "a"\\nmsgstr ""\\n"more \\\\"text\\\\""\\n')
[]
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po


def babel_problems(data: bytes) -> list[tuple[int, str]]:
    """Return ``(line number, message)`` for the first line Babel cannot read, if any."""
    try:
        read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        message = re.sub(r" on \d+$", "", str(error))
        return [(error.lineno + 1, message)]
    return []


def _msgfmt_line(error: str) -> str:
    """One error of ``msgfmt`` as ``line: message``, with the line of the cause.

    GNU msgfmt reports an unterminated string on the line after it (its lexer has
    read the newline by then); this names the line the string is on.

    >>> _msgfmt_line("4: end-of-line within string")
    '3: end-of-line within string'
    >>> _msgfmt_line("7: duplicate message definition...")
    '7: duplicate message definition...'
    """
    number, _, message = error.partition(": ")
    if message == "end-of-line within string" and number.isdigit() and int(number) > 1:
        return f"{int(number) - 1}: {message}"
    return error


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
            data = path.read_bytes()
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            found.append(f"{path}:1: not UTF-8 ({error.reason})")
            continue
        except OSError as error:
            found.append(f"{path}:1: cannot read it ({error.strerror})")
            continue
        own = [f"{path}:{n}: {message}" for n, message in babel_problems(data)]
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
                    _msgfmt_line(line.removeprefix(f"{path}:").strip())
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
