"""What the patching extensions share: the installed versions and the one fallback note.

Three extensions patch what a library does (``fast_i18n``, ``valid_html`` and
``bilingual``'s Furo labels; ``docs/_ext/UPSTREAM.md`` writes each up as a report
to file).  Each checks that the library still looks as it was written for; when it
does not, the extension leaves the library's own behaviour in place and says so
once with :func:`note`, and the build goes on.

Why a note on standard error and not a Sphinx warning or ``logger.info``: every
build runs with ``-W`` (a warning fails it, which is what this fallback exists to
avoid) and with ``-q`` (``tools/site.py``), which hides ``logger.info``.  A line
on standard error is shown in both, and fails nothing.

>>> installed("sphinx").split(".")[0].isdigit()
True
>>> installed("no-such-package-here")
'not installed'
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

#: The notes given in this process, so a second Sphinx run (the tests) repeats none.
_GIVEN: set[str] = set()


def installed(package: str) -> str:
    """The installed version of a distribution, or ``'not installed'``."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def note(extension: str, message: str) -> None:
    """Say once, on standard error, that *extension* falls back to the library's way."""
    line = f"note: {extension}: {message}"
    if line not in _GIVEN:
        _GIVEN.add(line)
        print(line, file=sys.stderr)
