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

This module builds and audits a policy; reading the file safely is
:mod:`messaging_rules.policy_files`, the errors and their messages are
:mod:`messaging_rules.policy_errors`, and the lines of keys in the TOML text come
from :mod:`messaging_rules.toml_lines`.

>>> policy = {"allow": [
...     {"channel": "email", "counterpart": "business-client", "content": "general"},
...     {"channel": "whatsapp", "counterpart": "colleague", "content": "general"},
... ]}
>>> [(f.entry.number, str(f.channel), str(f.verdict), f.rules) for f in audit(policy)]
[(2, 'whatsapp', 'not-allowed', ('R1',))]
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cache, cached_property
from itertools import product
from typing import Any, TypeVar

from .model import Finding, Situation
from .policy_errors import PolicyError
from .policy_errors import type_name as _type_name
from .policy_files import MAX_POLICY_BYTES, read_policy_text
from .rules import check
from .schema import SITUATION
from .toml_lines import Path_, allow_lines, line_of, locate
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


def _in_language(texts: Mapping[str, str], key: str, lang: str) -> str:
    """Return ``texts[key_lang]`` if given, else ``texts[key]``, else ``""``.

    >>> _in_language({"note": "Call first.", "note_de": "Erst anrufen."}, "note", "de")
    'Erst anrufen.'
    >>> _in_language({"note": "Call first."}, "note", "de")
    'Call first.'
    """
    return texts.get(f"{key}_{lang}") or texts.get(key, "")


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


# -- parsing -------------------------------------------------------------------------


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
    messaging_rules.policy_errors.PolicyError: unknown value 'fax' for key 'channel' in ...
    >>> parse_policy({"policy": {"name": "Empty"}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    messaging_rules.policy_errors.PolicyError: the policy allows nothing: it has no ...
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


# -- loading and auditing ------------------------------------------------------------


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Read and check a policy file.

    Every problem raises :class:`PolicyError` naming the file and, where possible,
    the line and the key: a missing, unreadable, too large or binary file, an
    encoding other than UTF-8, invalid TOML, no entries, unknown tables, keys or
    values.

    >>> load_policy("no/such/policy.toml")
    Traceback (most recent call last):
    ...
    messaging_rules.policy_errors.PolicyError: no/such/policy.toml: the policy file does not exist
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
