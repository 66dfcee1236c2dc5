"""What a team's messaging policy is: its entries, the policy, and an audit's findings.

A :class:`Policy` has a name, the texts of its ``[policy]`` table and its
``[[allow]]`` entries; a :class:`PolicyEntry` allows every combination of its
channels, counterparts and contents (:meth:`PolicyEntry.combinations`); a
:class:`PolicyFinding` is a problem that the audit found in one of them.
Reading a policy file is :mod:`messaging_rules.policy` (its docstring describes the
format); checking it against the rules is :mod:`messaging_rules.policy_audit`.

>>> entry = PolicyEntry(1, ("email", "sms"), ("consumer",), ("appointment", "general"))
>>> Policy("Joinery", (entry,)).combinations
4
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from typing import Any

from .model import Finding, Situation
from .schema import SITUATION
from .vocabulary import Channel, Contacts, Content, Counterpart, Platform, Verdict, parse

__all__ = ["Policy", "PolicyEntry", "PolicyFinding"]

#: The yes/no dimensions of the situation schema that ``[policy]`` sets for the firm.
POLICY_FLAGS = tuple(d.name for d in SITUATION if d.scope == "policy")
#: Those that each ``[[allow]]`` entry sets.
ENTRY_FLAGS = tuple(d.name for d in SITUATION if d.scope == "entry" and d.flag)


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
            **{name: getattr(self, name) for name in (*ENTRY_FLAGS, *POLICY_FLAGS)},
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

    >>> from messaging_rules.policy import parse_policy
    >>> from messaging_rules.policy_audit import audit
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
