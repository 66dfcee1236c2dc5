"""Where a key stands in a TOML text: the line numbers that policy errors show.

:mod:`tomllib` gives the parsed values but not their lines; :func:`locate` scans a
valid TOML text once and maps every key path to its line, and :func:`allow_lines`
finds only the ``[[allow]]`` headers, quickly, for the common case without errors.

>>> locate("[policy]\\nname = 'x'\\n")[("policy", "name")]
2
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping

__all__ = ["Path_", "allow_lines", "line_of", "locate"]

#: A key path: keys and list indices, as in the parsed data.
Path_ = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t]*")
# Possessive quantifiers (``*+``): a scan over megabytes of comments or of one long
# string keeps no backtracking state (the plain form used 700 MB on 4 MB of comments).
_SPACE_LINES = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]*")
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*+"""(?:"{1,2}(?!"))?'
    r"|'''(?:[^']|'(?!''))*+'''(?:'{1,2}(?!'))?"
    r'|"(?:[^"\\\n]|\\.)*+"'
    r"|'[^'\n]*'",
    re.DOTALL,
)
_SIMPLE_KEY = re.compile(r"[ \t]*([A-Za-z0-9_-]+)(?=[ \t]*[=\]])")
_SCALAR = re.compile(r"[^,\]}\n#]*")
_REST_OF_LINE = re.compile(r"[^\n]*")


class _Locator:
    """Find the line of every key and value of a valid TOML text, in one pass.

    Paths are tuples of keys and list indices, as in the parsed data:
    ``("allow", 1, "channel", 0)`` is the first value of ``channel`` in the second
    ``[[allow]]`` entry.  The scan knows strings (also multi-line ones), comments,
    dotted keys, table headers, lists of tables, inline tables and arrays, so the
    line numbers stay right where a line-by-line search goes wrong.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path_, int] = {}
        self.tables: dict[Path_, int] = {}

    def advance(self, end: int) -> None:
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def skip(self, pattern: re.Pattern[str]) -> str:
        match = pattern.match(self.text, self.pos)
        if match is None:
            return ""
        self.advance(match.end())
        return match.group(0)

    def at(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def step(self) -> None:
        self.advance(min(self.pos + 1, len(self.text)))

    def record(self, path: Path_) -> None:
        self.lines.setdefault(path, self.line)

    def key(self) -> tuple[str, ...]:
        simple = _SIMPLE_KEY.match(self.text, self.pos)
        if simple:  # the common case: one bare key
            self.pos = simple.end(1)
            self.skip(_SPACE)
            return (simple.group(1),)
        parts: list[str] = []
        while True:
            self.skip(_SPACE)
            string = _STRING.match(self.text, self.pos) if self.at('"') or self.at("'") else None
            if string:
                token = string.group(0)
                if token.startswith('"') and "\\" in token:
                    parts.append(tomllib.loads(f"k = {token}")["k"])
                else:
                    parts.append(token[1:-1])
                self.advance(string.end())
            else:
                parts.append(self.skip(_BARE_KEY))
            self.skip(_SPACE)
            if not self.at("."):
                return tuple(parts)
            self.step()

    def resolve(self, parts: tuple[str, ...]) -> Path_:
        """Turn a header key into a data path: lists of tables add their last index."""
        path: Path_ = ()
        for part in parts:
            path += (part,)
            if path in self.tables:
                path += (self.tables[path] - 1,)
        return path

    def record_key(self, table: Path_, parts: tuple[str, ...]) -> Path_:
        path = table
        for part in parts:
            path += (part,)
            self.record(path)
        return path

    def key_value(self, table: Path_) -> None:
        full = self.record_key(table, self.key())
        self.skip(_SPACE)
        if self.at("="):
            self.step()
        self.skip(_SPACE)
        self.value(full)

    def items(self, closer: str, item: Callable[[int], None]) -> None:
        """Scan an array or inline table up to *closer*; *item* reads the item at an index.

        An item that consumes nothing is skipped one character, so a damaged
        text cannot stall the scan.
        """
        self.step()
        index = 0
        while True:
            self.skip(_SPACE_LINES)
            if self.pos >= len(self.text) or self.at(closer):
                self.step()
                return
            start = self.pos
            item(index)
            index += 1
            if self.pos == start:
                self.step()

    def array_item(self, path: Path_, index: int) -> None:
        self.record((*path, index))
        self.value((*path, index))
        self.skip(_SPACE_LINES)
        if self.at(","):
            self.step()

    def table_item(self, path: Path_) -> None:
        if self.at(","):
            self.step()
        else:
            self.key_value(path)

    def value(self, path: Path_) -> None:
        if self.at("["):
            self.items("]", lambda index: self.array_item(path, index))
        elif self.at("{"):
            self.items("}", lambda index: self.table_item(path))
        else:
            string = _STRING.match(self.text, self.pos) if self.at('"') or self.at("'") else None
            if string:
                self.advance(string.end())
            elif not self.skip(_SCALAR):
                self.step()

    def scan(self) -> dict[Path_, int]:
        table: Path_ = ()
        while True:
            self.skip(_SPACE_LINES)
            if self.pos >= len(self.text):
                return self.lines
            start = self.pos
            if self.at("[["):
                self.advance(self.pos + 2)
                parts = self.key()
                base = (*self.resolve(parts[:-1]), parts[-1])
                self.tables[base] = self.tables.get(base, 0) + 1
                table = (*base, self.tables[base] - 1)
                self.record(base)
                self.record(table)
            elif self.at("["):
                self.step()
                table = self.resolve(self.key())
                self.record(table)
            else:
                self.key_value(table)
            self.skip(_REST_OF_LINE)
            if self.pos == start:
                self.step()


def locate(text: str | None) -> dict[Path_, int]:
    """Map every key path of a valid TOML *text* to its line (linear in the text).

    >>> lines = locate("[policy]\\nname = 'x'\\n[[allow]]\\nchannel = ['sms',\\n  'fax']\\n")
    >>> lines[("policy", "name")], lines[("allow", 0)], lines[("allow", 0, "channel", 1)]
    (2, 3, 5)
    >>> locate('allow = [{channel = "sms"},\\n  {channel = "fax"}]')[("allow", 1, "channel")]
    2
    """
    if not text:
        return {}
    try:
        return _Locator(text).scan()
    except (RecursionError, tomllib.TOMLDecodeError, IndexError, KeyError):
        return {}


def line_of(lines: Mapping[Path_, int], path: Path_) -> int | None:
    """The line of *path*, or of the nearest enclosing key that has one.

    >>> line_of({("allow", 0): 4}, ("allow", 0, "channel"))
    4
    """
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


_HEADER_SCAN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*+"""'
    r"|'''.*?'''"
    r'|"(?:[^"\\\n]|\\.)*+"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|^[ \t]*(\[\[)[ \t]*allow[ \t]*\]\]",
    re.DOTALL | re.MULTILINE,
)


def allow_lines(text: str | None) -> list[int]:
    """The line of every ``[[allow]]`` header, in one quick pass that skips strings.

    >>> allow_lines("[[allow]]\\nnote = '''\\n[[allow]]\\n'''\\n[[allow]]\\n")
    [1, 5]
    """
    found: list[int] = []
    if not text:
        return found
    line, last = 1, 0
    for match in _HEADER_SCAN.finditer(text):
        if match.group(1):
            line += text.count("\n", last, match.start())
            last = match.start()
            found.append(line)
    return found
