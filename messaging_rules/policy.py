"""Team messaging policies: load them from TOML and audit them against the rules (R10).

A policy file lists what the team may do, one ``[[allow]]`` table per entry::

    [policy]
    name = "Example craft shop"            # optional; shown in reports
    description = "Who may use what."      # optional
    reviewed_by = "our data protection officer"   # optional
    reviewed = 2026-11-28                  # optional, a TOML date or a string
    contact = "Ms Example, office, 0123 4567"  # optional: who to ask
    name_de = "Beispielbetrieb"            # optional: any text key in another language
    professional_secrecy = true            # optional: the firm is bound by § 203 StGB


    [[allow]]
    channel = ["email", "phone"]           # one value or a list
    counterpart = ["business-client", "consumer"]
    content = ["appointment", "general"]
    contacts = "no-access"                 # optional, default "full-address-book"
    platform = "ios"                       # optional, default "android"; never matters (R8)
    urgent = true                          # optional: the entry is for urgent messages
    business_letter = true                 # optional: the entry may carry business letters
    recipient_request = true               # optional: only at the recipient's documented request
    group = true                           # optional: for group chats with people outside the firm
    note = "Only to move an appointment."  # optional free text

``channel``, ``counterpart`` and ``content`` are required and take the identifiers
of :mod:`messaging_rules.vocabulary`.
Each entry allows every combination of its channels, counterparts and contents.
``urgent = true`` says the entry covers urgent messages, so they are checked as
urgent; ``business_letter = true`` says it may carry business letters, so they are
checked as business letters (a business letter can only lower a verdict);
``recipient_request = true`` says the entry is used only at the recipient's own,
documented request for their own data (see :class:`~messaging_rules.Situation`);
``group = true`` says the entry is for group chats with people outside the firm.
``professional_secrecy = true`` in ``[policy]`` says the whole firm is bound by
professional secrecy (§ 203 StGB), so every entry is checked with it.
The keys are the dimensions of the situation schema
(:data:`messaging_rules.schema.SITUATION`): a dimension whose scope is
``"policy"`` is set once in ``[policy]``, the others per entry.
Unknown tables or keys are errors, so a typo cannot switch a check off.

Every free text (``name``, ``description``, ``reviewed_by``, ``contact`` and an
entry's ``note``) may also be given per language with a suffix, such as
``note_de``: a policy rendered in German (``policy render --lang de``) shows
``note_de`` where it is given and ``note`` otherwise.

:func:`audit` checks every combination and returns the findings that are a
problem: ``not-allowed`` (an error: the policy allows what a rule forbids) or
``discouraged`` (a warning).
A clean policy gives an empty list.

>>> policy = {"allow": [
...     {"channel": "email", "counterpart": "business-client", "content": "general"},
...     {"channel": "whatsapp", "counterpart": "colleague", "content": "general"},
... ]}
>>> [(f.entry.number, str(f.channel), str(f.verdict), f.rules) for f in audit(policy)]
[(2, 'whatsapp', 'not-allowed', ('R1',))]
"""

from __future__ import annotations

import ast
import codecs
import errno
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from functools import cache, cached_property
from itertools import product
from typing import Any, TypeVar

from .i18n import translate
from .model import Finding, Situation
from .rules import check
from .schema import SITUATION
from .vocabulary import (
    LANGUAGES,
    Channel,
    Contacts,
    Content,
    Counterpart,
    Platform,
    Verdict,
    parse,
)

__all__ = [
    "MAX_NOTE_CHARS",
    "MAX_POLICY_BYTES",
    "MAX_POLICY_COMBINATIONS",
    "Policy",
    "PolicyEntry",
    "PolicyError",
    "PolicyFinding",
    "audit",
    "load_policy",
    "parse_policy",
]

E = TypeVar("E", bound=StrEnum)

#: The largest policy file :func:`load_policy` reads.  A team policy has a few dozen
#: entries; 10,000 entries take about 1 MB.  The limit keeps ``audit /dev/zero`` or a
#: wrong file from filling the memory.
MAX_POLICY_BYTES = 4 * 1024 * 1024
#: The most (channel, counterpart, content) combinations a policy may allow.  Every
#: combination can be a finding, and every finding of ``audit --format json`` carries
#: its entry; without this limit a 4 MB file could ask for millions of findings and
#: gigabytes of output.  A team policy allows a few hundred; 25,000 is more than the
#: 8 channels × 2880 situations there are, and a policy at this limit is audited in
#: about a second (``make bench``).
MAX_POLICY_COMBINATIONS = 25_000
#: The longest ``note`` (or ``note_de``) of an entry, in characters: the note is
#: repeated in each finding of its entry.
MAX_NOTE_CHARS = 2_000
#: The names that mean standard input instead of a file.
STDIN_NAMES = ("-", "/dev/stdin")

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

#: Free-text keys, which may also be given per language (``name_de``).
_TEXT_KEYS = ("name", "description", "reviewed_by", "contact", "note")


def _localised(*keys: str) -> tuple[str, ...]:
    """The language variants of *keys*: ``("note",)`` gives ``("note_de",)``."""
    return tuple(f"{key}_{lang}" for key in keys if key in _TEXT_KEYS for lang in LANGUAGES[1:])


#: The yes/no dimensions of the situation schema that ``[policy]`` sets for the firm.
_POLICY_FLAGS = tuple(d.name for d in SITUATION if d.scope == "policy")
#: Those that each ``[[allow]]`` entry sets.
_ENTRY_FLAGS = tuple(d.name for d in SITUATION if d.scope == "entry" and d.flag)
_POLICY_KEYS = (
    "name",
    "description",
    "reviewed_by",
    "reviewed",
    "contact",
    *_POLICY_FLAGS,
    *_localised("name", "description", "reviewed_by", "contact"),
)
_ENTRY_KEYS = (
    "channel",
    *(d.name for d in SITUATION if d.scope == "entry"),
    "note",
    *_localised("note"),
)
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


def _type_name(value: object) -> str:
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


def _in_language(texts: Mapping[str, str], key: str, lang: str) -> str:
    """Return ``texts[key_lang]`` if given, else ``texts[key]``, else ``""``.

    >>> _in_language({"note": "Call first.", "note_de": "Erst anrufen."}, "note", "de")
    'Erst anrufen.'
    >>> _in_language({"note": "Call first."}, "note", "de")
    'Call first.'
    """
    return texts.get(f"{key}_{lang}") or texts.get(key, "")


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


@cache
def _situation(*parts: Any) -> Situation:
    """One shared, immutable :class:`Situation` per combination (there are 2880)."""
    return Situation(*parts)


@dataclass(frozen=True)
class PolicyEntry:
    """One ``[[allow]]`` table: the channels it allows for whom and what.

    >>> entry = PolicyEntry(1, ("sms",), ("consumer",), ("appointment",), urgent=True)
    >>> [(str(c), s.urgent) for c, s in entry.combinations()]
    [('sms', True)]
    """

    number: int
    channels: tuple[Channel, ...]
    counterparts: tuple[Counterpart, ...]
    contents: tuple[Content, ...]
    contacts: Contacts = Contacts.FULL_ADDRESS_BOOK
    platform: Platform = Platform.ANDROID
    urgent: bool = False
    business_letter: bool = False
    recipient_request: bool = False
    professional_secrecy: bool = False
    group: bool = False
    note: str = ""
    line: int | None = None
    #: The note in other languages, keyed like the file (``note_de``).
    texts: Mapping[str, str] = field(default_factory=dict, compare=False)

    def note_in(self, lang: str) -> str:
        """Return the entry's note in *lang*, falling back to ``note``.

        >>> PolicyEntry(1, ("sms",), ("consumer",), ("appointment",), note="Short.").note_in("de")
        'Short.'
        """
        return _in_language({"note": self.note, **self.texts}, "note", lang)

    def __post_init__(self) -> None:
        for name, enum in (("channels", Channel), ("counterparts", Counterpart),
                           ("contents", Content)):  # fmt: skip
            values = getattr(self, name)
            if isinstance(values, str | bytes) or not isinstance(values, tuple | list):
                example = next(iter(enum)).value
                raise TypeError(
                    f"PolicyEntry: {name} must be a tuple of values such as ({example!r},), "
                    f"not {type(values).__name__}"
                )
            object.__setattr__(self, name, tuple(parse(enum, v) for v in values))
        object.__setattr__(self, "contacts", parse(Contacts, self.contacts))
        object.__setattr__(self, "platform", parse(Platform, self.platform))

    def combinations(self) -> Iterator[tuple[Channel, Situation]]:
        """Yield every (channel, situation) this entry allows.

        The counterparts and contents are lists; every other dimension of the
        situation schema has one value per entry.
        """
        rest = tuple(getattr(self, d.name) for d in SITUATION[2:])
        for channel, counterpart, content in product(
            self.channels, self.counterparts, self.contents
        ):
            yield channel, _situation(counterpart, content, *rest)

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready values.

        >>> PolicyEntry(2, ("email",), ("consumer",), ("general",)).to_dict()["channel"]
        ['email']
        """
        return {
            "number": self.number,
            "line": self.line,
            "channel": [str(v) for v in self.channels],
            "counterpart": [str(v) for v in self.counterparts],
            "content": [str(v) for v in self.contents],
            "contacts": str(self.contacts),
            "platform": str(self.platform),
            **{name: getattr(self, name) for name in (*_ENTRY_FLAGS, *_POLICY_FLAGS)},
            "note": self.note,
        }


@dataclass(frozen=True)
class Policy:
    """A team's messaging policy: a name and its ``[[allow]]`` entries.

    >>> Policy("Empty").combinations
    0
    """

    name: str = ""
    entries: tuple[PolicyEntry, ...] = ()
    path: str | None = None
    #: Every text of the ``[policy]`` table (dates as ISO strings).
    header: Mapping[str, str] = field(default_factory=dict, compare=False)
    #: The situation's firm-wide dimensions that ``[policy]`` sets, such as
    #: ``{"professional_secrecy": True}``; every entry carries them too.
    settings: Mapping[str, bool] = field(default_factory=dict, compare=False)

    def text(self, key: str, lang: str = "en") -> str:
        """Return a ``[policy]`` text in *lang*, falling back to the plain key.

        >>> policy = Policy("Joinery", header={"name": "Joinery", "name_de": "Tischlerei"})
        >>> policy.text("name", "de")
        'Tischlerei'
        """
        return _in_language({"name": self.name, **self.header}, key, lang)

    @property
    def combinations(self) -> int:
        """How many (channel, counterpart, content) combinations the policy allows."""
        return sum(
            len(entry.channels) * len(entry.counterparts) * len(entry.contents)
            for entry in self.entries
        )


@dataclass(frozen=True, kw_only=True)
class PolicyFinding(Finding):
    """A finding for one combination that a policy entry allows.

    ``entry`` is the policy entry that allows the combination and ``situation``
    the situation checked; both are required keyword arguments.
    ``severity`` is ``"error"`` for not-allowed and ``"warning"`` otherwise.

    >>> finding = audit(parse_policy({"allow": [
    ...     {"channel": "whatsapp", "counterpart": "consumer", "content": "general"}]}))[0]
    >>> finding.severity, str(finding.situation.counterpart), finding.entry.number
    ('error', 'consumer', 1)
    """

    entry: PolicyEntry
    situation: Situation

    @property
    def severity(self) -> str:
        """``"error"`` when the rules forbid the combination, else ``"warning"``."""
        return "error" if self.verdict == Verdict.NOT_ALLOWED else "warning"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Return the finding with its policy entry and situation, texts in *lang*."""
        data = super().to_dict(lang)
        data["severity"] = self.severity
        data["entry"] = self.entry.to_dict()
        data["situation"] = self.situation.to_dict()
        return data


# -- finding lines in the TOML text ------------------------------------------------

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


# -- parsing -------------------------------------------------------------------------


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


class _Source:
    """The file a policy came from: its path, and the lines of its keys for errors.

    The entries' lines come from a quick scan; the full map of every key is only
    built when an error needs it (or when entries are written as inline tables).
    """

    def __init__(self, path: str | None, text: str | None, entries: int) -> None:
        self.path = path
        self.text = text
        headers: list[int | None] = list(allow_lines(text))
        if len(headers) != entries:
            headers = [self.lines.get(("allow", index)) for index in range(entries)]
        self.entry_lines = headers

    @cached_property
    def lines(self) -> dict[Path_, int]:
        return locate(self.text)

    def error(
        self, kind: str, where: Path_, key: str | None = None, **params: object
    ) -> PolicyError:
        line = line_of(self.lines, where)
        return PolicyError(kind, path=self.path, line=line, key=key, **params)


def _valid(enum: type[StrEnum]) -> str:
    return ", ".join(member.value for member in enum)


def _values(
    src: _Source, raw: Mapping[str, Any], index: int, key: str, enum: type[E]
) -> tuple[E, ...]:
    value = raw[key]
    where: Path_ = ("allow", index, key)
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise src.error("not-strings", where, key, entry=index + 1, type=_type_name(value))
    for position, item in enumerate(items):
        if not isinstance(item, str):
            raise src.error(
                "not-strings", (*where, position), key, entry=index + 1, type=_type_name(item)
            )
    if not items:
        raise src.error("empty", where, key, entry=index + 1, valid=_valid(enum))
    result: list[E] = []
    for position, item in enumerate(items):
        try:
            result.append(parse(enum, item))
        except ValueError:
            at = where if isinstance(value, str) else (*where, position)
            raise src.error(
                "unknown-value", at, key, entry=index + 1, value=item, valid=_valid(enum)
            ) from None
    return tuple(result)


def _single(src: _Source, raw: Mapping[str, Any], index: int, key: str, enum: type[E]) -> E:
    if not isinstance(raw[key], str):
        raise src.error(
            "not-string", ("allow", index, key), key, entry=index + 1, type=_type_name(raw[key])
        )
    return _values(src, raw, index, key, enum)[0]


_REQUIRED: dict[str, type[StrEnum]] = {
    "channel": Channel,
    "counterpart": Counterpart,
    "content": Content,
}


def _entry(src: _Source, raw: Any, index: int, firm: Mapping[str, bool]) -> PolicyEntry:
    number = index + 1
    where: Path_ = ("allow", index)
    if not isinstance(raw, Mapping):
        raise src.error("entry-not-table", where, "allow", entry=number, type=_type_name(raw))
    for key in raw:
        if key not in _ENTRY_KEYS:
            raise src.error(
                "entry-key", (*where, key), key, entry=number, valid=", ".join(_ENTRY_KEYS)
            )
    for key, enum in _REQUIRED.items():
        if key not in raw:
            raise src.error("missing-key", where, key, entry=number, valid=_valid(enum))
    for key in _ENTRY_FLAGS:
        if not isinstance(raw.get(key, False), bool):
            raise src.error("not-bool", (*where, key), key, entry=number, type=_type_name(raw[key]))
    for key in ("note", *_localised("note")):
        if not isinstance(raw.get(key, ""), str):
            raise src.error(
                "not-string", (*where, key), key, entry=number, type=_type_name(raw[key])
            )
        if len(raw.get(key, "")) > MAX_NOTE_CHARS:
            raise src.error(
                "note-too-long", (*where, key), key, entry=number,
                length=len(raw[key]), limit=MAX_NOTE_CHARS,
            )  # fmt: skip
    contacts = Contacts.FULL_ADDRESS_BOOK
    if "contacts" in raw:
        contacts = _single(src, raw, index, "contacts", Contacts)
    platform = Platform.ANDROID
    if "platform" in raw:
        platform = _single(src, raw, index, "platform", Platform)
    return PolicyEntry(
        number=number,
        channels=_values(src, raw, index, "channel", Channel),
        counterparts=_values(src, raw, index, "counterpart", Counterpart),
        contents=_values(src, raw, index, "content", Content),
        contacts=contacts,
        platform=platform,
        **{key: raw.get(key, False) for key in _ENTRY_FLAGS},
        **firm,
        note=raw.get("note", ""),
        line=src.entry_lines[index],
        texts={key: raw[key] for key in _localised("note") if key in raw},
    )


def parse_policy(
    data: Mapping[str, Any], *, path: str | None = None, text: str | None = None
) -> Policy:
    """Check a policy given as a mapping (the TOML structure) and build a :class:`Policy`.

    *path* and *text* only serve error messages: with the TOML text the error can
    name the line.
    A policy without ``[[allow]]`` entries is an error: there would be nothing to
    check, and an empty or truncated file must not pass.

    >>> bad = {"allow": [{"channel": "fax", "counterpart": "consumer", "content": "x"}]}
    >>> parse_policy(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    messaging_rules.policy.PolicyError: unknown value 'fax' for key 'channel' in [[allow]] ...
    >>> parse_policy({"policy": {"name": "Empty"}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    messaging_rules.policy.PolicyError: the policy allows nothing: it has no [[allow]] entries...
    >>> parse_policy("team.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: parse_policy() expects the parsed TOML as a mapping, not str; ...
    """
    if not isinstance(data, Mapping):
        raise TypeError(
            "parse_policy() expects the parsed TOML as a mapping, not "
            f"{type(data).__name__}; read a file with load_policy()"
        )
    allow = data.get("allow")
    src = _Source(path, text, len(allow) if isinstance(allow, list) else 0)
    for key in data:
        if key not in ("policy", "allow"):
            raise src.error("unknown-top", (key,), str(key))
    header = data.get("policy", {})
    if not isinstance(header, Mapping):
        raise src.error("not-table", ("policy",), "policy", type=_type_name(header))
    for key, value in header.items():
        if key not in _POLICY_KEYS:
            raise src.error("policy-key", ("policy", key), key, valid=", ".join(_POLICY_KEYS))
        if key == "reviewed":
            if not isinstance(value, str | date) or isinstance(value, datetime):
                raise src.error("policy-reviewed", ("policy", key), key, type=_type_name(value))
        elif key in _POLICY_FLAGS:
            if not isinstance(value, bool):
                raise src.error("policy-not-bool", ("policy", key), key, type=_type_name(value))
        elif not isinstance(value, str):
            raise src.error("policy-not-string", ("policy", key), key, type=_type_name(value))
    entries = data.get("allow", [])
    if not isinstance(entries, list):
        raise src.error("not-array", ("allow",), "allow", type=_type_name(entries))
    if not entries:
        raise src.error("no-entries", ("allow",))
    if len(entries) > MAX_POLICY_COMBINATIONS:  # each entry allows one at least
        raise _too_many(src, MAX_POLICY_COMBINATIONS, len(entries))
    firm = {key: header.get(key, False) for key in _POLICY_FLAGS}
    built: list[PolicyEntry] = []
    count = 0
    for index, raw in enumerate(entries):
        entry = _entry(src, raw, index, firm)
        count += len(entry.channels) * len(entry.counterparts) * len(entry.contents)
        if count > MAX_POLICY_COMBINATIONS:
            raise _too_many(src, index, count)
        built.append(entry)
    return Policy(
        name=header.get("name", ""),
        entries=tuple(built),
        path=path,
        header={key: str(value) for key, value in header.items() if key not in _POLICY_FLAGS},
        settings=firm,
    )


def _too_many(src: _Source, index: int, count: int) -> PolicyError:
    """The error for a policy past :data:`MAX_POLICY_COMBINATIONS`, at the entry that
    passes it (its line from the quick scan of headers: no full map of a huge file)."""
    lines = src.entry_lines
    line = lines[index] if index < len(lines) else None
    return PolicyError(
        "too-many-combinations", path=src.path, line=line, count=count,
        limit=MAX_POLICY_COMBINATIONS,
    )  # fmt: skip


# -- reading files -------------------------------------------------------------------

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
    messaging_rules.policy.PolicyError: p.toml:1: ... probably Latin-1 ... has the byte 0xFC (ü)...
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
    messaging_rules.policy.PolicyError: no policy file given: name a .toml file
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


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Read and check a policy file.

    Every problem raises :class:`PolicyError` naming the file and, where possible,
    the line and the key: a missing, unreadable, too large or binary file, an
    encoding other than UTF-8, invalid TOML, no entries, unknown tables, keys or
    values.

    >>> load_policy("no/such/policy.toml")
    Traceback (most recent call last):
    ...
    messaging_rules.policy.PolicyError: no/such/policy.toml: the policy file does not exist
    """
    text = read_policy_text(path)
    name = os.fspath(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column \d+\)$", str(err))
        line = int(found.group(1)) if found else max(1, text.count("\n") + 1)
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(err))
        raise PolicyError("toml", path=name, line=line, error=reason) from None
    except RecursionError:
        raise PolicyError("too-deep", path=name) from None
    try:
        return parse_policy(data, path=name, text=text)
    except RecursionError:
        raise PolicyError("too-deep", path=name) from None


def audit(policy: Policy | Mapping[str, Any]) -> list[PolicyFinding]:
    """Check every combination a policy allows; return the problems (rule R10).

    A finding is an error when the verdict is not-allowed (the policy allows what a
    rule forbids) and a warning when it is discouraged.
    The policy may be a :class:`Policy` or the mapping that TOML gives.

    >>> craft_shop = {"allow": [{"channel": "sms", "counterpart": "consumer",
    ...                          "content": "appointment", "urgent": True}]}
    >>> audit(craft_shop)
    []
    >>> practice = {"allow": [{"channel": "whatsapp-business-app", "counterpart": "consumer",
    ...                        "content": "special-category", "contacts": "business-only"}]}
    >>> [(f.severity, str(f.verdict), f.rules) for f in audit(practice)]
    [('error', 'not-allowed', ('R9',))]
    """
    if isinstance(policy, str | os.PathLike):
        raise TypeError(
            f"audit() expects a Policy or the parsed TOML (a mapping), not "
            f"{type(policy).__name__}; read a file with load_policy() first"
        )
    if not isinstance(policy, Policy | Mapping):
        raise TypeError(
            f"audit() expects a Policy or the parsed TOML (a mapping), not {type(policy).__name__}"
        )
    if not isinstance(policy, Policy):
        policy = parse_policy(policy)
    findings: list[PolicyFinding] = []
    # A policy has at most 2880 situations × 8 channels, however many entries it has:
    # check each once, so a long policy takes linear time.
    checked: dict[tuple[Channel, Situation], Finding] = {}
    for entry in policy.entries:
        for channel, situation in entry.combinations():
            found = checked.get((channel, situation))
            if found is None:
                found = checked[(channel, situation)] = check(channel, situation)
            if found.verdict <= Verdict.DISCOURAGED:
                findings.append(
                    PolicyFinding(
                        channel=found.channel,
                        verdict=found.verdict,
                        rules=found.rules,
                        conditions=found.conditions,
                        reasons=found.reasons,
                        entry=entry,
                        situation=situation,
                    )
                )
    return findings
