"""Team messaging policies: the file format, and loading a file into a checked :class:`Policy`.

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

:func:`load_policy` reads a file and :func:`parse_policy` checks the parsed TOML;
both build a :class:`~messaging_rules.policy_model.Policy` or raise a
:class:`~messaging_rules.policy_errors.PolicyError` that names the file, the line
and the key.
:func:`messaging_rules.policy_audit.audit` then checks every combination the policy
allows and returns the findings that are a problem: ``not-allowed`` (an error: the
policy allows what a rule forbids) or ``discouraged`` (a warning).

This module loads a policy; what a policy is (its data classes) is
:mod:`messaging_rules.policy_model`, the audit is :mod:`messaging_rules.policy_audit`,
reading the file safely is :mod:`messaging_rules.policy_files`, the errors and
their messages are :mod:`messaging_rules.policy_errors`, and the lines of keys in
the TOML text come from :mod:`messaging_rules.toml_lines`.

>>> policy = parse_policy({"allow": [
...     {"channel": "email", "counterpart": "business-client", "content": "general"},
...     {"channel": ["whatsapp", "sms"], "counterpart": "colleague", "content": "general"},
... ]})
>>> [(entry.number, [str(c) for c in entry.channels]) for entry in policy.entries]
[(1, ['email']), (2, ['whatsapp', 'sms'])]
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar

from .policy_errors import PolicyError
from .policy_errors import type_name as _type_name
from .policy_files import MAX_POLICY_BYTES, read_policy_text
from .policy_model import ENTRY_FLAGS, POLICY_FLAGS, Policy, PolicyEntry
from .schema import SITUATION
from .toml_lines import Path_, allow_lines, line_of, locate
from .vocabulary import LANGUAGES, Channel, Contacts, Content, Counterpart, Platform, parse

__all__ = [
    "MAX_NOTE_CHARS",
    "MAX_POLICY_BYTES",
    "MAX_POLICY_COMBINATIONS",
    "PolicyError",
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


_POLICY_KEYS = (
    "name",
    "description",
    "reviewed_by",
    "reviewed",
    "contact",
    *POLICY_FLAGS,
    *_localised("name", "description", "reviewed_by", "contact"),
)
_ENTRY_KEYS = (
    "channel",
    *(d.name for d in SITUATION if d.scope == "entry"),
    "note",
    *_localised("note"),
)


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
    for key in ENTRY_FLAGS:
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
        **{key: raw.get(key, False) for key in ENTRY_FLAGS},
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
        elif key in POLICY_FLAGS:
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
    firm = {key: header.get(key, False) for key in POLICY_FLAGS}
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
        header={key: str(value) for key, value in header.items() if key not in POLICY_FLAGS},
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


# -- loading -------------------------------------------------------------------------


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
