"""Reading a policy file safely: size, file type and encoding are checked first.

A policy comes from a regular file, from standard input (``-``) or from an open
descriptor (``/dev/fd/N``); anything else, anything larger than
:data:`MAX_POLICY_BYTES` and any encoding other than UTF-8 is a
:class:`~messaging_rules.policy_errors.PolicyError` that says what is wrong.

>>> read_policy_text("no/such/policy.toml")
Traceback (most recent call last):
...
messaging_rules.policy_errors.PolicyError: no/such/policy.toml: the policy file does not exist
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat

from .policy_errors import PolicyError

__all__ = [
    "MAX_POLICY_BYTES",
    "STDIN_NAMES",
    "decode_policy",
    "os_error",
    "policy_identity",
    "read_policy_text",
]

#: The largest policy file :func:`load_policy` reads.  A team policy has a few dozen
#: entries; 10,000 entries take about 1 MB.  The limit keeps ``audit /dev/zero`` or a
#: wrong file from filling the memory.
MAX_POLICY_BYTES = 4 * 1024 * 1024
#: The names that mean standard input instead of a file.
STDIN_NAMES = ("-", "/dev/stdin")


_OS_ERRORS: dict[int, str] = {
    errno.ENOENT: "missing",
    errno.EISDIR: "is-directory",
    errno.ENOTDIR: "not-a-folder",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.ELOOP: "symlink-loop",
    errno.ENAMETOOLONG: "name-too-long",
}


def os_error(err: OSError, path: str) -> PolicyError:
    """Turn an :class:`OSError` about *path* into a translatable :class:`PolicyError`.

    Operating-system texts are English whatever the user's language, so the
    common cases have messages of their own; the rest name the error code.

    >>> os_error(IsADirectoryError(21, "Is a directory"), "policies").message("en")
    'policies: this is a folder, not a policy file'
    >>> os_error(OSError(5, "Input/output error"), "p.toml").message("en")
    'p.toml: cannot read the policy file (system error EIO)'
    """
    kind = _OS_ERRORS.get(err.errno or 0, "unreadable")
    code = errno.errorcode.get(err.errno or 0, str(err.errno))
    return PolicyError(kind, path=path, error=code)


def _looks_like_utf16(data: bytes) -> bool:
    """True when *data* reads as UTF-16 or UTF-32 without a byte order mark: a text
    in Latin letters then has a NUL byte in every second (or every other three of
    four) position, which no UTF-8 text has.

    >>> _looks_like_utf16("[[allow]]".encode("utf-16-le")), _looks_like_utf16(b"a\\x00b")
    (True, False)
    """
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    pairs = len(sample) // 2
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    return max(even, odd) >= 0.9 * pairs


def decode_policy(data: bytes, path: str) -> str:
    """Decode the bytes of a policy file: UTF-8, with or without a byte order mark.

    Every other encoding is an error that says what the file seems to be.

    >>> decode_policy(codecs.BOM_UTF8 + b"[[allow]]", "p.toml")
    '[[allow]]'
    >>> decode_policy(b'name = "M\\xfcller"', "p.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    messaging_rules.policy_errors.PolicyError: p.toml:1: ... probably Latin-1 ...
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(data):
        raise PolicyError("utf-16", path=path, line=1)
    data = data.removeprefix(codecs.BOM_UTF8)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise PolicyError("binary", path=path, line=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        byte = data[err.start]
        where = {"path": path, "line": line, "column": column, "byte": f"0x{byte:02X}"}
        try:
            char = bytes([byte]).decode("cp1252")
            data.decode("cp1252")
        except UnicodeDecodeError:
            raise PolicyError("not-utf8", **where) from None  # type: ignore[arg-type]
        raise PolicyError("latin-1", char=char, **where) from None  # type: ignore[arg-type]


def _read_file(name: str) -> bytes:
    """The first bytes of a regular file, up to one more than the limit.

    The file is opened without blocking and refused unless it is a regular file: a
    FIFO would wait forever for a writer, a device never ends.  Open descriptors
    named as ``/dev/fd/N`` (``<(…)`` in the shell) are read as they are.
    """
    inherited = re.fullmatch(r"/(?:dev|proc/self)/fd/[0-9]+", name) is not None
    try:
        fd = os.open(name, os.O_RDONLY | (0 if inherited else os.O_NONBLOCK) | os.O_CLOEXEC)
    except OSError as err:
        raise os_error(err, name) from None
    except ValueError:
        raise PolicyError("bad-file-name", path=name) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise PolicyError("is-directory", path=name)
        if not stat.S_ISREG(mode) and not (inherited and stat.S_ISFIFO(mode)):
            raise PolicyError("not-regular", path=name)
        if not inherited:
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(MAX_POLICY_BYTES + 1)
    except OSError as err:
        raise os_error(err, name) from None
    finally:
        os.close(fd)


def _read_stdin(name: str) -> bytes:
    """Up to one byte more than the limit from standard input (``-`` or ``/dev/stdin``)."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise PolicyError("no-stdin", path=name)
    try:
        folder = stat.S_ISDIR(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        folder = False  # not a real descriptor (a test's stand-in): read it as it is
    if folder:
        raise PolicyError("is-directory", path=name)
    try:
        data: bytes = stream.read(MAX_POLICY_BYTES + 1)
    except OSError as err:
        raise os_error(err, name) from None
    return data


def policy_identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """Device and inode of the regular file a policy is read from (``-``: standard
    input), or None; an output with the same identity would overwrite the policy.

    >>> policy_identity("no/such/file") is None
    True
    """
    name = os.fspath(path)
    try:
        found = os.fstat(0) if name in STDIN_NAMES else os.stat(name)
    except (OSError, ValueError):
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISREG(found.st_mode) else None


def read_policy_text(path: str | os.PathLike[str]) -> str:
    """Read a policy file as text, with every check a file needs before parsing.

    The file must exist, be readable, be at most :data:`MAX_POLICY_BYTES` long and
    be UTF-8 (a byte order mark is allowed).
    Every problem raises :class:`PolicyError` with a message in the user's
    language; the command line turns it into exit code 2.
    Other commands that read policy files (such as ``policy render``) use this
    function, or :func:`load_policy`, so they report the same errors.

    >>> read_policy_text("")
    Traceback (most recent call last):
    ...
    messaging_rules.policy_errors.PolicyError: no policy file given: name a .toml file
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"expected a file name (str or Path), not {type(path).__name__}")
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"expected a file name (str or Path), not {type(name).__name__}")
    if name == "":
        raise PolicyError("no-file-name")
    if name in STDIN_NAMES:
        data = _read_stdin(name)
    else:
        data = _read_file(name)
    if len(data) > MAX_POLICY_BYTES:
        raise PolicyError("too-large", path=name, limit=MAX_POLICY_BYTES // (1024 * 1024))
    return decode_policy(data, name)
