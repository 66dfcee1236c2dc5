"""Team messaging policies: load them from TOML and audit them against the rules (R10).

A policy file lists what the team may do, one ``[[allow]]`` table per entry::

    [policy]
    name = "Example craft shop"            # optional; shown in reports
    description = "Who may use what."      # optional
    reviewed_by = "our data protection officer"   # optional
    reviewed = 2026-11-28                  # optional, a TOML date or a string
    contact = "Ms Example, office, 0123 4567"  # optional: who to ask
    name_de = "Beispielbetrieb"            # optional: any text key in another language


    [[allow]]
    channel = ["email", "phone"]           # one value or a list
    counterpart = ["business-client", "consumer"]
    content = ["appointment", "general"]
    contacts = "no-access"                 # optional, default "full-address-book"
    platform = "ios"                       # optional, default "android"; never matters (R8)
    urgent = true                          # optional: the entry is for urgent messages
    business_letter = true                 # optional: the entry may carry business letters
    recipient_request = true               # optional: only at the recipient's documented request
    note = "Only to move an appointment."  # optional free text

``channel``, ``counterpart`` and ``content`` are required and take the identifiers
of :mod:`messaging_rules.vocabulary`.
Each entry allows every combination of its channels, counterparts and contents.
``urgent = true`` says the entry covers urgent messages, so they are checked as
urgent; ``business_letter = true`` says it may carry business letters, so they are
checked as business letters (a business letter can only lower a verdict);
``recipient_request = true`` says the entry is used only at the recipient's own,
documented request for their own data (see :class:`~messaging_rules.Situation`).
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

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import product
from pathlib import Path
from typing import Any, TypeVar

from .i18n import LANGUAGES
from .model import Finding, Situation
from .rules import check
from .vocabulary import Channel, Contacts, Content, Counterpart, Platform, Verdict, parse

__all__ = [
    "MESSAGES",
    "Policy",
    "PolicyEntry",
    "PolicyError",
    "PolicyFinding",
    "audit",
    "load_policy",
    "parse_policy",
]

E = TypeVar("E", bound=StrEnum)

#: English message ids of every policy error, keyed by kind.
MESSAGES: dict[str, str] = {
    "missing": "the policy file does not exist",
    "unreadable": "cannot read the policy file: {error}",
    "toml": "the policy file is not valid TOML: {error}",
    "unknown-top": "unknown table or key '{key}'; valid: policy, allow",
    "not-table": "'{key}' must be a table",
    "not-array": "'{key}' must be a list of tables, written as [[{key}]]",
    "policy-key": "unknown key '{key}' in [policy]; valid keys: {valid}",
    "entry-key": "unknown key '{key}' in [[allow]] entry {entry}; valid keys: {valid}",
    "missing-key": "[[allow]] entry {entry} has no key '{key}'",
    "not-string": "key '{key}' must be a string",
    "not-strings": "key '{key}' in [[allow]] entry {entry} must be a string or a list of strings",
    "empty": "key '{key}' in [[allow]] entry {entry} must not be empty",
    "not-bool": "key '{key}' in [[allow]] entry {entry} must be true or false",
    "unknown-value": (
        "unknown value '{value}' for key '{key}' in [[allow]] entry {entry}; valid values: {valid}"
    ),
}

#: Free-text keys, which may also be given per language (``name_de``).
_TEXT_KEYS = ("name", "description", "reviewed_by", "contact", "note")


def _localised(*keys: str) -> tuple[str, ...]:
    """The language variants of *keys*: ``("note",)`` gives ``("note_de",)``."""
    return tuple(f"{key}_{lang}" for key in keys if key in _TEXT_KEYS for lang in LANGUAGES[1:])


_POLICY_KEYS = (
    "name",
    "description",
    "reviewed_by",
    "reviewed",
    "contact",
    *_localised("name", "description", "reviewed_by", "contact"),
)
_ENTRY_KEYS = (
    "channel",
    "counterpart",
    "content",
    "contacts",
    "platform",
    "urgent",
    "business_letter",
    "recipient_request",
    "note",
    *_localised("note"),
)


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

    >>> err = PolicyError("missing-key", path="team.toml", line=3, key="content", entry=1)
    >>> str(err)
    "team.toml:3: [[allow]] entry 1 has no key 'content'"
    >>> err.message("de")
    'team.toml:3: [[allow]]-Eintrag 1 hat keinen Schlüssel „content“'
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
        self.kind = kind
        self.path = path
        self.line = line
        self.key = key
        self.params = {"key": key, **params}
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """Return the error as ``file:line: text`` in *lang*."""
        from .i18n import translate  # imported late: keeps `python -m messaging_rules.i18n` clean

        text = translate(MESSAGES[self.kind], lang).format(**self.params)
        where = ":".join(str(part) for part in (self.path, self.line) if part is not None)
        return f"{where}: {text}" if where else text


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
        object.__setattr__(self, "channels", tuple(parse(Channel, v) for v in self.channels))
        object.__setattr__(
            self, "counterparts", tuple(parse(Counterpart, v) for v in self.counterparts)
        )
        object.__setattr__(self, "contents", tuple(parse(Content, v) for v in self.contents))
        object.__setattr__(self, "contacts", parse(Contacts, self.contacts))
        object.__setattr__(self, "platform", parse(Platform, self.platform))

    def combinations(self) -> Iterator[tuple[Channel, Situation]]:
        """Yield every (channel, situation) this entry allows."""
        for channel, counterpart, content in product(
            self.channels, self.counterparts, self.contents
        ):
            yield (
                channel,
                Situation(
                    counterpart,
                    content,
                    self.contacts,
                    self.platform,
                    urgent=self.urgent,
                    business_letter=self.business_letter,
                    recipient_request=self.recipient_request,
                ),
            )

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
            "urgent": self.urgent,
            "business_letter": self.business_letter,
            "recipient_request": self.recipient_request,
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
    #: Every value of the ``[policy]`` table as text (dates as ISO strings).
    header: Mapping[str, str] = field(default_factory=dict, compare=False)

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
        return sum(1 for entry in self.entries for _ in entry.combinations())


@dataclass(frozen=True)
class PolicyFinding(Finding):
    """A finding for one combination that a policy entry allows.

    ``severity`` is ``"error"`` for not-allowed and ``"warning"`` otherwise.
    """

    entry: PolicyEntry | None = None
    situation: Situation | None = None

    @property
    def severity(self) -> str:
        """``"error"`` when the rules forbid the combination, else ``"warning"``."""
        return "error" if self.verdict == Verdict.NOT_ALLOWED else "warning"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Return the finding with its policy entry and situation, texts in *lang*."""
        data = super().to_dict(lang)
        data["severity"] = self.severity
        data["entry"] = self.entry.to_dict() if self.entry else None
        data["situation"] = self.situation.to_dict() if self.situation else None
        return data


# -- finding lines in the TOML text ------------------------------------------------

_TABLE_RE = re.compile(r"^\s*\[")


def _entry_lines(text: str, table: str) -> list[tuple[int, int]]:
    """Return (first, last) line numbers of each ``[[table]]`` or ``[table]``."""
    header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
    lines = text.splitlines()
    spans: list[tuple[int, int]] = []
    for number, line in enumerate(lines, 1):
        if spans and spans[-1][1] == -1 and _TABLE_RE.match(line):
            spans[-1] = (spans[-1][0], number - 1)
        if header.match(line):
            spans.append((number, -1))
    if spans and spans[-1][1] == -1:
        spans[-1] = (spans[-1][0], len(lines))
    return spans


def _find_line(
    text: str | None, table: str, index: int, key: str | None, value: str | None = None
) -> int | None:
    """Find the line of *key* (and of *value* in it) in the *index*-th *table*.

    Without a table header (``table=""``) the top level of the file is searched.

    >>> text = '''[[allow]]
    ... channel = "sms"
    ...
    ... [[allow]]
    ... content = [
    ...   "general",
    ...   "x",
    ... ]
    ... '''
    >>> _find_line(text, "allow", 1, "content", "x")
    7
    >>> _find_line(text, "allow", 0, "channel")
    2
    """
    if text is None:
        return None
    lines = text.splitlines()
    if table:
        spans = _entry_lines(text, table)
        if index >= len(spans):
            return None
        first, last = spans[index]
    else:
        first = 1
        last = next((n - 1 for n, ln in enumerate(lines, 1) if _TABLE_RE.match(ln)), len(lines))
    if key is None:
        return first
    key_re = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    for number in range(first, last + 1):
        if key_re.match(lines[number - 1]):
            if value is not None:
                for n in range(number, last + 1):
                    if f'"{value}"' in lines[n - 1] or f"'{value}'" in lines[n - 1]:
                        return n
            return number
    return first if table else None


def _top_level_line(text: str | None, key: str) -> int | None:
    if text is None:
        return None
    pattern = re.compile(rf"^\s*(\[\[?\s*{re.escape(key)}\s*\]\]?|{re.escape(key)}\s*=)")
    return next((n for n, ln in enumerate(text.splitlines(), 1) if pattern.match(ln)), None)


# -- parsing -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    path: str | None
    text: str | None

    def error(
        self, kind: str, table: str, index: int, key: str | None, **params: object
    ) -> PolicyError:
        value = params.get("value")
        line = _find_line(self.text, table, index, key, value if isinstance(value, str) else None)
        return PolicyError(kind, path=self.path, line=line, key=key, **params)


def _values(
    src: _Source, raw: Mapping[str, Any], index: int, key: str, enum: type[E]
) -> tuple[E, ...]:
    value = raw[key]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise src.error("not-strings", "allow", index, key, entry=index + 1)
    if not items:
        raise src.error("empty", "allow", index, key, entry=index + 1)
    result: list[E] = []
    for item in items:
        try:
            result.append(parse(enum, item))
        except ValueError:
            valid = ", ".join(member.value for member in enum)
            raise src.error(
                "unknown-value", "allow", index, key, entry=index + 1, value=item, valid=valid
            ) from None
    return tuple(result)


def _entry(src: _Source, raw: Any, index: int) -> PolicyEntry:
    number = index + 1
    if not isinstance(raw, Mapping):
        raise src.error("not-array", "allow", index, None)
    for key in raw:
        if key not in _ENTRY_KEYS:
            raise src.error(
                "entry-key", "allow", index, key, entry=number, valid=", ".join(_ENTRY_KEYS)
            )
    for key in ("channel", "counterpart", "content"):
        if key not in raw:
            raise src.error("missing-key", "allow", index, key, entry=number)
    for key in ("urgent", "business_letter", "recipient_request"):
        if not isinstance(raw.get(key, False), bool):
            raise src.error("not-bool", "allow", index, key, entry=number)
    for key in ("note", *_localised("note")):
        if not isinstance(raw.get(key, ""), str):
            raise src.error("not-string", "allow", index, key)
    single: dict[str, Any] = {}
    for key, enum, default in (
        ("contacts", Contacts, Contacts.FULL_ADDRESS_BOOK),
        ("platform", Platform, Platform.ANDROID),
    ):
        if key in raw and not isinstance(raw[key], str):
            raise src.error("not-string", "allow", index, key)
        single[key] = _values(src, raw, index, key, enum)[0] if key in raw else default
    return PolicyEntry(
        number=number,
        channels=_values(src, raw, index, "channel", Channel),
        counterparts=_values(src, raw, index, "counterpart", Counterpart),
        contents=_values(src, raw, index, "content", Content),
        contacts=single["contacts"],
        platform=single["platform"],
        urgent=raw.get("urgent", False),
        business_letter=raw.get("business_letter", False),
        recipient_request=raw.get("recipient_request", False),
        note=raw.get("note", ""),
        line=_find_line(src.text, "allow", index, None),
        texts={key: raw[key] for key in _localised("note") if key in raw},
    )


def parse_policy(
    data: Mapping[str, Any], *, path: str | None = None, text: str | None = None
) -> Policy:
    """Check a policy given as a mapping (the TOML structure) and build a :class:`Policy`.

    *path* and *text* only serve error messages: with the TOML text the error can
    name the line.

    >>> bad = {"allow": [{"channel": "fax", "counterpart": "consumer", "content": "x"}]}
    >>> parse_policy(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    messaging_rules.policy.PolicyError: unknown value 'fax' for key 'channel' in [[allow]] ...
    """
    src = _Source(path, text)
    for key in data:
        if key not in ("policy", "allow"):
            raise PolicyError("unknown-top", path=path, line=_top_level_line(text, key), key=key)
    header = data.get("policy", {})
    if not isinstance(header, Mapping):
        raise PolicyError(
            "not-table", path=path, line=_top_level_line(text, "policy"), key="policy"
        )
    for key, value in header.items():
        if key not in _POLICY_KEYS:
            valid = ", ".join(_POLICY_KEYS)
            raise src.error("policy-key", "policy", 0, key, valid=valid)
        if key != "reviewed" and not isinstance(value, str):
            raise src.error("not-string", "policy", 0, key)
        if key == "reviewed" and not isinstance(value, str | date):
            raise src.error("not-string", "policy", 0, key)
    entries = data.get("allow", [])
    if not isinstance(entries, list):
        raise PolicyError("not-array", path=path, line=_top_level_line(text, "allow"), key="allow")
    return Policy(
        name=header.get("name", ""),
        entries=tuple(_entry(src, raw, index) for index, raw in enumerate(entries)),
        path=path,
        header={key: str(value) for key, value in header.items()},
    )


def load_policy(path: str | Path) -> Policy:
    """Read and check a policy file.

    Every problem raises :class:`PolicyError` naming the file and, where possible,
    the line and the key: a missing file, invalid TOML, unknown tables, keys or
    values.

    >>> load_policy("no/such/policy.toml")
    Traceback (most recent call last):
    ...
    messaging_rules.policy.PolicyError: no/such/policy.toml: the policy file does not exist
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError("missing", path=name) from None
    except (OSError, UnicodeDecodeError) as err:
        raise PolicyError("unreadable", path=name, error=str(err)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column \d+\)", str(err))
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(err))
        raise PolicyError("toml", path=name, line=line, error=reason) from None
    return parse_policy(data, path=name, text=text)


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
    if not isinstance(policy, Policy):
        policy = parse_policy(policy)
    findings: list[PolicyFinding] = []
    for entry in policy.entries:
        for channel, situation in entry.combinations():
            found = check(channel, situation)
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
