"""Check every German catalog for syntax errors before a build.

Sphinx compiles the ``.po`` files itself, but a broken catalog then surfaces as an
obscure warning, or not at all.  This check names the file and the line instead,
one line per problem, and exits 1.  It uses GNU ``msgfmt --check`` when the machine
has it and a strict line grammar of its own otherwise, so it works on a machine
with nothing but Python.

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


def problems(locale_dir: Path) -> list[str]:
    """Return one ``file:line: message`` string per problem in any catalog."""
    msgfmt = shutil.which("msgfmt")
    found = []
    for path in sorted(locale_dir.rglob("*.po")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as error:
            found.append(f"{path}:1: not UTF-8 ({error.reason})")
            continue
        own = [f"{path}:{n}: {message}" for n, message in line_problems(lines)]
        found += own
        if msgfmt and not own:
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
    locale_dir = Path(args[0] if args else "locale")
    found = problems(locale_dir)
    for line in found:
        print(f"error: broken catalog {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
