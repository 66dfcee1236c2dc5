"""Read and write gettext catalogs with Babel, the way ``sphinx-intl`` writes them.

Every ``.po`` and ``.pot`` file of the repository is written here, by Babel's
:func:`~babel.messages.pofile.write_po` at :data:`WIDTH` columns: the width that
``make update-po`` also passes to ``sphinx-intl update``, so the two writers wrap
alike and a second run changes nothing.  The tools and tests read catalogs with
:func:`read` and look at messages with :func:`entries`, :func:`msgid` and :func:`strings`.

>>> from babel.messages.catalog import Catalog
>>> catalog = Catalog(locale="de")
>>> _ = catalog.add("SMS", "SMS")
>>> _ = catalog.add(("{count} entry", "{count} entries"), ("{count} Eintrag", ""))
>>> [(msgid(m), strings(m)) for m in entries(catalog)]
[('SMS', ('SMS',)), ('{count} entry', ('{count} Eintrag', ''))]
>>> sorted(entries(catalog)[1].flags)
['python-brace-format']
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po

__all__ = [
    "WIDTH",
    "CatalogError",
    "entries",
    "msgid",
    "read",
    "render",
    "same_text",
    "save",
    "strings",
]

#: Line width of every catalog: ``sphinx-intl update``'s default, passed to it
#: explicitly by :mod:`tools.po_update` so that a change of that default cannot
#: make the two writers rewrap each other's files.
WIDTH = 76


class CatalogError(Exception):
    """A catalog that Babel cannot read, with its path and line in the message."""


# The header line that names the Babel release which wrote the file.
_GENERATED_BY = re.compile(rb'^"Generated-By: [^"\n]*"\n', re.MULTILINE)


def read(path: Path) -> Catalog:
    """Read the catalog at *path*; :class:`CatalogError` names the line Babel cannot read.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     broken = Path(folder) / "broken.po"
    ...     _ = broken.write_text('msgid "a"\\nmsgstr "b"\\nnot a keyword\\n')
    ...     read(broken)
    Traceback (most recent call last):
    ...
    tools.catalogs.CatalogError: .../broken.po, line 3: Unknown or misformatted keyword
    """
    with path.open("rb") as file:
        try:
            return read_po(file, abort_invalid=True)
        except PoFileError as error:
            message = re.sub(r" on \d+$", "", str(error))
            where = f"{path}, line {error.lineno + 1}"
            raise CatalogError(f"{where}: {message}") from None


def render(catalog: Catalog) -> bytes:
    """The catalog as Babel writes it: :data:`WIDTH` columns, no obsolete entries.

    >>> print(render(Catalog(header_comment="# A template.")).decode().splitlines()[0])
    # A template.
    """
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, ignore_obsolete=True)
    return buffer.getvalue()


def same_text(old: bytes, new: bytes) -> bool:
    """Whether two renderings differ at most in the Babel release named in the header.

    A newer Babel alone then rewrites no catalog.

    >>> same_text(b'"Generated-By: Babel 2.16.0\\\\n"\\n', b'"Generated-By: Babel 2.19.0\\\\n"\\n')
    True
    """
    return _GENERATED_BY.sub(b"", old) == _GENERATED_BY.sub(b"", new)


def save(path: Path, catalog: Catalog) -> bool:
    """Write *catalog* to *path* unless the file already says the same; True if written."""
    new = render(catalog)
    if path.exists() and same_text(path.read_bytes(), new):
        return False
    path.write_bytes(new)
    return True


def entries(catalog: Catalog) -> list[Message]:
    """The catalog's messages without its header (the entry whose id is empty)."""
    return [message for message in catalog if message.id]


def msgid(message: Message) -> str:
    """The message id of *message* (the singular one of a plural message)."""
    return message.id if isinstance(message.id, str) else message.id[0]


def strings(message: Message) -> tuple[str, ...]:
    """The translation of *message*: one string, or one per plural form."""
    if isinstance(message.string, (list, tuple)):
        return tuple(message.string)
    return (message.string or "",)
