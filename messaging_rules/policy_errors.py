"""The errors of a policy file, in English and German: :class:`PolicyError`.

:data:`MESSAGES` holds the English message id of every kind of error, and
:data:`TOML_MESSAGES` the English texts of Python's TOML parser, matched by pattern
so that they can be shown in German too; ``tools/i18n_extract.py`` reads both into
the package catalog.
Values from a file are shown with :func:`printable`, so a control character in a
policy can never fake a line of a report.

>>> PolicyError("no-entries").message("de")  # doctest: +ELLIPSIS
'die Richtlinie erlaubt nichts, denn sie hat keine [[allow]]-Einträge; ...'
"""

from __future__ import annotations

import ast
import re
from datetime import date, datetime, time
from typing import Any

from .i18n import translate

__all__ = [
    "MESSAGES",
    "TOML_FALLBACK",
    "TOML_MESSAGES",
    "TYPE_NAMES",
    "PolicyError",
    "printable",
    "toml_reason",
    "type_name",
]

#: English message ids of every policy error, keyed by kind.
MESSAGES: dict[str, str] = {
    "missing": "the policy file does not exist",
    "no-file-name": "no policy file given: name a .toml file",
    "bad-file-name": "the file name is not valid",
    "is-directory": "this is a folder, not a policy file",
    "not-a-folder": "a part of the path is not a folder",
    "permission": "cannot read the policy file: permission denied",
    "symlink-loop": "cannot read the policy file: too many levels of symbolic links",
    "name-too-long": "the file name is too long",
    "unreadable": "cannot read the policy file (system error {error})",
    "not-regular": (
        "this is not a regular file but a pipe, a socket or a device; "
        "name a policy file, or - for standard input"
    ),
    "no-stdin": "standard input is closed; name a policy file",
    "too-many-combinations": (
        "the policy allows {count} combinations of channel, counterpart and content, "
        "more than the {limit} this tool checks; split it into smaller policies"
    ),
    "note-too-long": (
        "key '{key}' in [[allow]] entry {entry} is {length} characters long; the most is {limit}"
    ),
    "too-large": (
        "the policy file is larger than {limit} MB, the most this tool reads; is it the right file?"
    ),
    "binary": "the policy file contains a NUL byte in line {line}: it is not a text file",
    "utf-16": "the policy file is in UTF-16 or UTF-32; save it as UTF-8",
    "not-utf8": (
        "the policy file is not UTF-8: line {line}, column {column} has the byte {byte}; "
        "save it as UTF-8"
    ),
    "latin-1": (
        "the policy file is not UTF-8 but probably Latin-1 (ISO 8859-1) or Windows-1252: "
        "line {line}, column {column} has the byte {byte} ({char}); save it as UTF-8"
    ),
    "toml": "the policy file is not valid TOML: {error}",
    "too-deep": "the policy file is nested too deeply to be a policy",
    "no-entries": (
        "the policy allows nothing: it has no [[allow]] entries, so there is nothing to check"
    ),
    "unknown-top": "unknown table or key '{key}'; valid: policy, allow",
    "not-table": "'{key}' must be a table, written as [{key}], not {type}",
    "not-array": "'{key}' must be a list of tables, written as [[{key}]], not {type}",
    "entry-not-table": "entry {entry} of 'allow' must be a table, written as [[allow]], not {type}",
    "policy-key": "unknown key '{key}' in [policy]; valid keys: {valid}",
    "policy-not-string": "key '{key}' in [policy] must be a string, not {type}",
    "policy-not-bool": "key '{key}' in [policy] must be true or false, not {type}",
    "policy-reviewed": "key 'reviewed' in [policy] must be a date such as 2026-11-28, not {type}",
    "entry-key": "unknown key '{key}' in [[allow]] entry {entry}; valid keys: {valid}",
    "missing-key": "[[allow]] entry {entry} has no key '{key}'; valid values: {valid}",
    "not-string": "key '{key}' in [[allow]] entry {entry} must be a string, not {type}",
    "not-strings": (
        "key '{key}' in [[allow]] entry {entry} must be a string or a list of strings, not {type}"
    ),
    "empty": "key '{key}' in [[allow]] entry {entry} must not be empty; valid values: {valid}",
    "not-bool": "key '{key}' in [[allow]] entry {entry} must be true or false, not {type}",
    "unknown-value": (
        "unknown value '{value}' for key '{key}' in [[allow]] entry {entry}; valid values: {valid}"
    ),
}

#: The names of TOML value types, as error messages show them.
TYPE_NAMES: dict[type, str] = {
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
    datetime: "a date and time",
    date: "a date",
    time: "a time",
    list: "a list",
    dict: "a table",
}

#: The TOML parser's error messages (Python's :mod:`tomllib`), matched in English
#: and rendered through the catalog; the named groups fill the placeholders.
TOML_MESSAGES: dict[str, str] = {
    r"Invalid statement": "invalid statement",
    r"Expected newline or end of document after a statement": (
        "expected the end of the line after a statement"
    ),
    r"Found invalid character (?P<char>.+)": "invalid character {char}",
    r"Cannot declare (?P<key>.+) twice": "{key} is declared twice",
    r"Cannot overwrite a value": "a value is given twice",
    r"Expected '\]' at the end of a table declaration": "expected ']' at the end of a table header",
    r"Expected '\]\]' at the end of an array declaration": (
        "expected ']]' at the end of a table list header"
    ),
    r"Cannot mutate immutable namespace (?P<key>.+)": "{key} cannot be changed here",
    r"Cannot redefine namespace (?P<key>.+)": "{key} is defined twice",
    r"Expected '=' after a key in a key/value pair": "expected '=' after the key",
    r"Invalid initial character for a key part": "a key cannot start with this character",
    r"Unclosed array": "a list is not closed with ']'",
    r"Duplicate inline table key (?P<key>.+)": "the key {key} appears twice in the table",
    r"Unclosed inline table": "a table is not closed with '}}'",
    r"Unescaped '\\' in a string": "a backslash in a string is not followed by a valid escape",
    r"Invalid hex value": "invalid hexadecimal value",
    r"Escaped character is not a Unicode scalar value": (
        "an escaped character is not a valid Unicode character"
    ),
    r"Unterminated string": "a string is not closed",
    r"Illegal character (?P<char>.+)": "a character that TOML does not allow in this place: {char}",
    r"Invalid date or datetime": "invalid date or time",
    r"Invalid value": "invalid value",
    r"Expected (?P<text>.+)": "expected {text}",
}
#: Shown instead of a parser message that :data:`TOML_MESSAGES` does not know.
TOML_FALLBACK = "invalid TOML syntax"

_SHOWN = 60
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def printable(text: object, limit: int | None = None) -> str:
    """Return *text* safe for a terminal: control characters escaped, optionally cut.

    Newlines, ANSI escape sequences and bidirectional overrides in a file could
    otherwise fake lines of the report.

    >>> printable("Shop\\nNo problems\\x1b[2K")
    'Shop\\\\nNo problems\\\\x1b[2K'
    >>> printable("x" * 100, limit=10)
    'xxxxxxxxx…'
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char) or (
            f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        )

    shown = str(text)
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return _UNPRINTABLE.sub(escape, shown)


def type_name(value: object) -> str:
    """The TOML type of *value* as error messages name it.

    >>> type_name(3), type_name([])
    ('a number', 'a list')
    """
    for kind in type(value).__mro__:
        if kind in TYPE_NAMES:
            return TYPE_NAMES[kind]
    return type(value).__name__


def _toml_key(text: str) -> str:
    """Render tomllib's tuple repr of a key path as a dotted TOML key."""
    try:
        parts = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if isinstance(parts, tuple) and all(isinstance(p, str) for p in parts):
        return ".".join(parts)
    return text


def toml_reason(raw: str, lang: str = "en") -> str:
    """Render one error message of :mod:`tomllib` in *lang*.

    >>> toml_reason("Cannot declare ('allow', 'x') twice", "de")
    'allow.x ist doppelt angegeben'
    >>> toml_reason("Something new in a later Python", "de")
    'ungültige TOML-Syntax'
    """
    for pattern, msgid in TOML_MESSAGES.items():
        match = re.fullmatch(pattern, raw)
        if match:
            params = {k: printable(v, _SHOWN) for k, v in match.groupdict().items()}
            if "key" in params:
                params["key"] = printable(_toml_key(match.group("key")), _SHOWN)
            return translate(msgid, lang).format(**params)
    return printable(raw, 200) if lang == "en" else translate(TOML_FALLBACK, lang)


class PolicyError(ValueError):
    """A policy that cannot be read or does not fit the format.

    The error knows the file, the line (when it can be found) and the key, and it
    can describe itself in English or German.
    Values from the file are shown with control characters escaped and cut to a
    readable length.

    >>> err = PolicyError("missing-key", path="team.toml", line=3, key="content", entry=1,
    ...                   valid="appointment, general")
    >>> str(err)
    "team.toml:3: [[allow]] entry 1 has no key 'content'; valid values: appointment, general"
    >>> err.message("de")  # doctest: +ELLIPSIS
    'team.toml:3: [[allow]]-Eintrag 1 hat keinen Schlüssel „content“; ...'
    """

    def __init__(
        self,
        kind: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
        **params: object,
    ) -> None:
        if kind not in MESSAGES:
            raise ValueError(
                f"PolicyError: unknown kind {kind!r}; known kinds: {', '.join(MESSAGES)}"
            )
        self.kind = kind
        self.path = path
        self.line = line
        self.key = key
        self.params = {"key": key, **params}
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """Return the error as ``file:line: text`` in *lang*."""
        params = {k: printable(v, _SHOWN) for k, v in self.params.items()}
        params["line"] = str(self.line)
        if "valid" in self.params:
            params["valid"] = str(self.params["valid"])
        if "type" in self.params:
            params["type"] = translate(str(self.params["type"]), lang)
        if self.kind == "toml":
            params["error"] = toml_reason(str(self.params.get("error", "")), lang)
        text = translate(MESSAGES[self.kind], lang).format(**params)
        where = ":".join(
            printable(part, 200) for part in (self.path, self.line) if part is not None
        )
        return f"{where}: {text}" if where else text

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The error as JSON-ready values: kind, file, line, key and the message.

        >>> PolicyError("missing", path="x.toml").to_dict()["kind"]
        'missing'
        """
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "key": self.key,
            "error": self.message(lang),
        }
