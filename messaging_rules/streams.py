"""The command line's input and output layer: streams, encodings and output files.

Three kinds of output, each written so that it stays what it is on any stream:

- ``text`` is for people: what the terminal's encoding cannot show is replaced
  (German letters become ``ae`` …, see :func:`encodable`);
- ``json`` is for programs: it stays valid and lossless, a character the stream
  cannot carry is written as a ``\\u`` escape (:func:`json_for`);
- ``html`` declares UTF-8, so it is written as UTF-8 bytes, or as ASCII with
  character references where the stream takes no bytes (:func:`write`).

A failure to write is an :class:`OutputError` with the exit code of the contract:
2 for a destination that cannot be used (a folder, a read-only file system, the
policy itself), 3 for an input/output failure (a full disk, a closed stream).
Its message is rendered in the user's language, with the operating system's
reason translated (:func:`os_reason`).

>>> encodable("Prüfung · „dringend“", "ascii")
'Pruefung - "dringend"'
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import Literal, TextIO

from .i18n import N_, translate
from .policy_errors import printable

__all__ = [
    "EXIT_INPUT",
    "EXIT_IO",
    "Kind",
    "Lazy",
    "Output",
    "OutputError",
    "encodable",
    "json_for",
    "open_output",
    "os_reason",
    "print_json",
    "to_json",
    "write",
    "write_file",
]

#: Exit codes of output failures: a destination that cannot be used, a failed write.
EXIT_INPUT, EXIT_IO = 2, 3
Kind = Literal["text", "json", "html"]


# -- what a stream can carry ----------------------------------------------------------

#: Stand-ins for characters a terminal's encoding may lack (ASCII, Latin-1 …).
_STAND_INS = {
    "·": "-", "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "‚": "'", "–": "-",
    "—": "-", "…": "...", "→": "->", "\u00a0": " ", "ä": "ae", "ö": "oe", "ü": "ue",
    "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "§": "S.",
}  # fmt: skip


def _encoding(stream: object) -> str:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "".encode(encoding)
    except LookupError:
        return "ascii"
    return str(encoding)


def encodable(text: str, encoding: str) -> str:
    """Return *text* with every character *encoding* cannot hold replaced (text only).

    German letters become ``ae``, ``oe``, ``ue`` and ``ss``, typographic quotes and
    dashes their ASCII forms, accents are dropped, and anything else becomes ``?``.

    >>> encodable("Verbraucher · Termin „dringend“ für Müller", "ascii")
    'Verbraucher - Termin "dringend" fuer Mueller'
    >>> encodable("café ✓", "ascii")
    'cafe ?'
    """
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        encoding = "ascii"
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode(encoding, "ignore").decode(encoding)
            out.append(_STAND_INS.get(char) or plain or "?")
    return "".join(out)


def _u_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_for(text: str, encoding: str) -> str:
    """Return the JSON *text* so that *encoding* can carry it, without losing a character.

    Outside strings JSON is ASCII, so every character the encoding lacks is in a
    string, where ``\\uXXXX`` (a surrogate pair beyond U+FFFF) means the same.

    >>> json_for('{"text": "Büro „Nord“ ✓"}', "latin-1")
    '{"text": "Büro \\\\u201eNord\\\\u201c \\\\u2713"}'
    >>> json_for('{"x": "😀"}', "ascii")
    '{"x": "\\\\ud83d\\\\ude00"}'
    """
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    if encoding.replace("-", "").replace("_", "").lower() in ("ascii", "usascii", "646"):
        return re.sub(r"[^\x00-\x7f]", _u_escape, text)
    return re.sub(r"[^\x00-\x7f]", lambda m: _keep_or_escape(m, encoding), text)


def _keep_or_escape(match: re.Match[str], encoding: str) -> str:
    try:
        match.group(0).encode(encoding)
        return match.group(0)
    except UnicodeEncodeError:
        return _u_escape(match)


# -- JSON, made while it is written ---------------------------------------------------


def to_json(data: object, indent: int | None = None) -> str:
    """Serialise *data* as JSON that is safe to print, on one line without *indent*.

    Umlauts stay as they are; C1 controls, line and paragraph separators and
    bidirectional overrides, which JSON allows raw, are escaped, so a value from a
    policy file can neither break the one-line error object nor disturb a terminal.

    >>> to_json({"key": "a\x85b\u2028c", "text": "Prüfung"})
    '{"key": "a\\\\u0085b\\\\u2028c", "text": "Prüfung"}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def print_json(data: dict[str, object], out: TextIO) -> None:
    """Write *data* as indented JSON.  A :class:`Lazy` list, the last key of a long
    audit, is made item by item while it is written, so the whole text is never held.

    >>> print_json({"a": 1, "b": Lazy(lambda: iter([{"x": [1]}, 2]), 2)}, sys.stdout)
    {
      "a": 1,
      "b": [
        {
          "x": [
            1
          ]
        },
        2
      ]
    }
    """
    last = list(data)[-1] if data else ""
    lazy = data.get(last)
    if not isinstance(lazy, Lazy) or not len(lazy):
        out.write(to_json(data, indent=2) + "\n")
        return
    empty: dict[str, object] = {**data, last: []}
    frame = to_json(empty, indent=2)
    assert frame.endswith("[]\n}")
    out.write(frame[: -len("]\n}")] + "\n")
    for number, item in enumerate(lazy):
        text = to_json(item, indent=2).replace("\n", "\n    ")
        out.write(("    " if number == 0 else ",\n    ") + text)
    out.write("\n  ]\n}\n")


class Lazy(list):  # type: ignore[type-arg]
    """A JSON array whose items are made only while it is written (see :func:`print_json`)."""

    def __init__(self, items: Callable[[], Iterator[object]], length: int) -> None:
        super().__init__()
        self._items = items
        self._length = length

    def __iter__(self) -> Iterator[object]:
        return self._items()

    def __len__(self) -> int:
        return self._length


class Output:
    """What a handler writes to: kept until it is 1 MB, then written to standard
    output as *kind*.  Bad input is found before any output, so a long report can go
    out while it is made, and its memory stays bounded."""

    LIMIT = 1 << 20

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.parts: list[str] = []
        self.size = 0
        self.reader = True

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts and self.reader:
            self.reader = write(sys.stdout, "".join(self.parts), self.kind)
        self.parts.clear()
        self.size = 0


# -- failures -------------------------------------------------------------------------

#: The operating system's reasons, in words of the catalog (its own texts are English).
_REASONS: dict[int, str] = {
    errno.ENOSPC: N_("no space left on the device"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EFBIG: N_("the file would be too large"),
    errno.EIO: N_("input/output error"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the file system is read-only"),
    errno.ENOENT: N_("the folder does not exist"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENAMETOOLONG: N_("the file name is too long"),
    errno.ELOOP: N_("too many levels of symbolic links"),
    errno.ENXIO: N_("no process reads from it"),
    errno.EPIPE: N_("the reader has gone"),
    errno.EBADF: N_("it is closed"),
}
#: Errors of the destination itself: exit code 2; every other failure is exit code 3.
_BAD_DESTINATION = {
    errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR, errno.EISDIR,
    errno.ENAMETOOLONG, errno.ELOOP, errno.ENXIO, errno.EINVAL,
}  # fmt: skip


def os_reason(err: OSError, lang: str) -> str:
    """The reason of an :class:`OSError` in *lang*; an unknown one by its code.

    >>> os_reason(OSError(errno.ENOSPC, "No space left on device"), "en")
    'no space left on the device'
    >>> os_reason(OSError(errno.EXDEV, "Invalid cross-device link"), "en")
    'system error EXDEV'
    """
    msgid = _REASONS.get(err.errno or 0)
    if msgid:
        return translate(msgid, lang)
    code = errno.errorcode.get(err.errno or 0, str(err.errno))
    return translate(N_("system error {code}"), lang).format(code=code)


class OutputError(Exception):
    """Output that cannot be written: one message in the user's language, an exit code.

    *msgid* is an English message with placeholders; ``{reason}`` is filled with the
    translated reason of *error*.

    >>> err = OutputError("cannot write {path}: {reason}", path="x.html",
    ...                   error=OSError(errno.ENOSPC, "No space left on device"))
    >>> err.code, err.message("en")
    (3, 'cannot write x.html: no space left on the device')
    """

    def __init__(
        self, msgid: str, *, error: OSError | None = None, code: int | None = None, **params: str
    ) -> None:
        self.msgid = msgid
        self.error = error
        self.params = params
        if code is None:
            bad = error is not None and error.errno in _BAD_DESTINATION
            code = EXIT_INPUT if bad else EXIT_IO
        self.code = code
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The message in *lang*."""
        params = {key: printable(value, 200) for key, value in self.params.items()}
        if self.error is not None:
            params["reason"] = os_reason(self.error, lang)
        return translate(self.msgid, lang).format(**params)


# -- writing --------------------------------------------------------------------------


def _fail(err: OSError | ValueError | AttributeError) -> OutputError:
    if isinstance(err, OSError) and err.errno != errno.EBADF:
        return OutputError(N_("cannot write to standard output: {reason}"), error=err)
    return OutputError(N_("cannot write to standard output: it is closed"), code=EXIT_IO)


def _drop_rest(stream: object) -> None:
    """Point *stream* at ``/dev/null``, so that no later flush (not even Python's
    own at exit) fails again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def write(stream: TextIO | None, text: str, kind: Kind = "text") -> bool:
    """Write *text* to *stream* as *kind* whatever its encoding; False when the reader has gone.

    When the reader of a pipe has stopped (``… | head -1``), the rest of the
    output is dropped quietly.  Any other failure (a closed stream, a full disk)
    raises :class:`OutputError`; the stream is pointed at ``/dev/null`` first, so
    Python's final flush cannot fail either.
    """
    if stream is None:
        raise _fail(ValueError("closed"))
    encoding = _encoding(stream)
    try:
        if kind == "html":
            buffer = getattr(stream, "buffer", None)
            if buffer is not None:
                stream.flush()
                buffer.write(text.encode("utf-8"))
                buffer.flush()
                return True
            if encoding.replace("-", "").lower() != "utf8":
                text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
        elif kind == "json":
            text = json_for(text, encoding)
        else:
            text = encodable(text, encoding)
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _drop_rest(stream)
        return False
    except (OSError, ValueError, AttributeError) as err:
        _drop_rest(stream)
        raise _fail(err) from None
    return True


def write_error(text: str, kind: Kind = "text") -> None:
    """Write an error report to standard error; when that fails, nothing more can be said."""
    try:
        write(sys.stderr, text, kind)
    except OutputError:
        pass


def open_output(path: str, protect: tuple[int, int] | None = None) -> int:
    """Open *path* for writing without blocking and without truncating it yet.

    The file is refused (exit code 2) when it is the file the input came from
    (*protect*: device and inode, also through a link), or when it is a FIFO or
    socket no process reads from.  Return the descriptor, emptied and blocking.
    """
    if path == "":
        raise OutputError(N_("no output file given: name a file, or - for standard output"),
                          code=EXIT_INPUT)  # fmt: skip
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    except OSError as err:
        raise OutputError(N_("cannot write {path}: {reason}"), error=err, path=path) from None
    except ValueError:
        raise OutputError(N_("cannot write {path}: {reason}"), path=path,
                          error=OSError(errno.EINVAL, "invalid name")) from None  # fmt: skip
    try:
        found = os.fstat(fd)
        if protect is not None and (found.st_dev, found.st_ino) == protect:
            raise OutputError(
                N_("{path} is the policy file itself; name another output file"),
                code=EXIT_INPUT,
                path=path,
            )
        if stat.S_ISREG(found.st_mode):
            os.ftruncate(fd, 0)
        os.set_blocking(fd, True)
    except OutputError:
        os.close(fd)
        raise
    except OSError as err:
        os.close(fd)
        raise OutputError(N_("cannot write {path}: {reason}"), error=err, path=path) from None
    return fd


def write_file(path: str, data: bytes, protect: tuple[int, int] | None = None) -> None:
    """Write *data* to the file *path* (see :func:`open_output`)."""
    fd = open_output(path, protect)
    try:
        with os.fdopen(fd, "wb", closefd=False) as file:
            file.write(data)
            file.flush()
    except OSError as err:
        raise OutputError(N_("cannot write {path}: {reason}"), error=err, path=path) from None
    finally:
        os.close(fd)
