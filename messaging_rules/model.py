"""The two value objects of the engine: a situation in, a finding out.

A :class:`Situation` describes one message: who receives it, what it is about,
which contacts the app may read, the phone's platform and five flags, as listed
in the situation schema (:data:`messaging_rules.schema.SITUATION`).
Values may be given as enum members or as their kebab-case identifiers:

>>> s = Situation(counterpart="consumer", content="appointment", urgent=True)
>>> s.counterpart, s.contacts, s.platform  # doctest: +NORMALIZE_WHITESPACE
(<Counterpart.CONSUMER: 'consumer'>,
 <Contacts.FULL_ADDRESS_BOOK: 'full-address-book'>,
 <Platform.ANDROID: 'android'>)

A :class:`Finding` is the engine's answer for one channel in one situation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .i18n import translate
from .schema import FLAGS, SITUATION
from .vocabulary import (
    Channel,
    Contacts,
    ContactsId,
    Content,
    ContentId,
    Counterpart,
    CounterpartId,
    Platform,
    PlatformId,
    Verdict,
    parse,
)

__all__ = ["FLAGS", "TEXT_IDS", "Finding", "Situation"]

#: The stable id of every reason and condition, keyed by its English text.
#: JSON output shows the id next to the translated text, so programs can rely on
#: the id while the wording changes.
TEXT_IDS: dict[str, str] = {}
_TEXTS_BY_ID: dict[str, str] = {}
_ID_RE = re.compile(r"r\d+-[a-z0-9]+(?:-[a-z0-9]+)*")


def message(text_id: str, text: str) -> str:
    """Register the stable *text_id* of a reason or condition; return *text* unchanged.

    An id is the rule's id in lower case, a hyphen and a short kebab-case slug.
    Each id names exactly one text, and each text has one id.

    >>> from messaging_rules.rules import rule
    >>> TEXT_IDS["Sign a data processing agreement (Art. 28 GDPR) with the provider."]
    'r3-processing-agreement'
    >>> message("r3-processing-agreement", "Another text.")
    Traceback (most recent call last):
    ...
    ValueError: text id 'r3-processing-agreement' is already used for another text
    """
    if not _ID_RE.fullmatch(text_id):
        raise ValueError(f"text id {text_id!r} is not of the form r5-short-slug")
    known = TEXT_IDS.get(text)
    if known is None and text_id in _TEXTS_BY_ID and _TEXTS_BY_ID[text_id] != text:
        raise ValueError(f"text id {text_id!r} is already used for another text")
    if known is not None and known != text_id:
        raise ValueError(f"this text already has the id {known!r}, not {text_id!r}: {text}")
    TEXT_IDS[text] = text_id
    _TEXTS_BY_ID[text_id] = text
    return text


def _texts(name: str, value: object) -> tuple[str, ...]:
    """Check that *value* is a sequence of texts (not one string) and return a tuple."""
    if isinstance(value, str) or not isinstance(value, tuple | list):
        raise TypeError(f"{name} must be a tuple of strings, not {type(value).__name__}")
    if not all(isinstance(item, str) for item in value):
        raise TypeError(f"{name} must be a tuple of strings")
    return tuple(value)


@dataclass(frozen=True, init=False)
class Situation:
    """One message to send: counterpart, content, contacts, platform and flags.

    The fields are the dimensions of :data:`~messaging_rules.schema.SITUATION`, in
    that order, with its defaults (a test holds the two together).

    ``contacts`` defaults to ``full-address-book`` (what the apps ask for) and
    ``platform`` to ``android``.
    ``urgent`` marks a message that cannot wait; ``business_letter`` marks one that
    must be kept (it prepares, concludes or cancels a deal, or it is an invoice).
    ``recipient_request`` marks the recipient's own, documented request: on their
    own initiative and after being told the risk and offered a secure alternative,
    they expressly asked to receive *their own* data by this channel.
    ``professional_secrecy`` marks a sender bound by § 203 StGB (a health practice,
    a lawyer, a tax adviser, an auditor, a private insurer); ``group`` marks a group
    chat with people outside the firm, where every member sees the others.
    Strings are checked and turned into enum members; a wrong value raises
    :class:`ValueError` naming the valid values.
    For a type checker the strings are literal types
    (:data:`~messaging_rules.vocabulary.CounterpartId` and so on), so
    ``Situation(counterpart="consumer", content="general")`` type-checks and a typo
    does not; turn a string read at run time into a member with
    :func:`~messaging_rules.vocabulary.parse` first.

    >>> Situation("colleague", "general", contacts="no-access").contacts
    <Contacts.NO_ACCESS: 'no-access'>
    >>> Situation("boss", "general")
    Traceback (most recent call last):
    ...
    ValueError: unknown counterpart 'boss'; valid values: business-client, consumer, colleague
    """

    counterpart: Counterpart
    content: Content
    contacts: Contacts = Contacts.FULL_ADDRESS_BOOK
    platform: Platform = Platform.ANDROID
    urgent: bool = False
    business_letter: bool = False
    recipient_request: bool = False
    professional_secrecy: bool = False
    group: bool = False

    def __init__(
        self,
        counterpart: Counterpart | CounterpartId,
        content: Content | ContentId,
        contacts: Contacts | ContactsId = Contacts.FULL_ADDRESS_BOOK,
        platform: Platform | PlatformId = Platform.ANDROID,
        urgent: bool = False,
        business_letter: bool = False,
        recipient_request: bool = False,
        professional_secrecy: bool = False,
        group: bool = False,
    ) -> None:
        given = (counterpart, content, contacts, platform, urgent, business_letter,
                 recipient_request, professional_secrecy, group)  # fmt: skip
        for dimension, value in zip(SITUATION, given, strict=True):
            if dimension.values is not None:
                object.__setattr__(self, dimension.name, parse(dimension.values, value))
            elif isinstance(value, bool):
                object.__setattr__(self, dimension.name, value)
            else:
                raise TypeError(f"{dimension.name} must be True or False, not {value!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return the situation as plain JSON-ready values.

        >>> Situation("consumer", "general").to_dict()["contacts"]
        'full-address-book'
        """
        values = {d.name: getattr(self, d.name) for d in SITUATION}
        return {name: v if isinstance(v, bool) else str(v) for name, v in values.items()}


def rule_number(rule_id: str) -> int:
    """Return the number of a rule id, for sorting ``R2`` before ``R10``.

    >>> sorted(["R10", "R2", "R9"], key=rule_number)
    ['R2', 'R9', 'R10']
    >>> rule_number("R")
    Traceback (most recent call last):
    ...
    ValueError: 'R' is not a rule id such as 'R3'
    """
    if not isinstance(rule_id, str):
        raise TypeError(f"a rule id must be a string such as 'R3', not {type(rule_id).__name__}")
    if not re.fullmatch(r"[Rr][0-9]+", rule_id):
        raise ValueError(f"{rule_id!r} is not a rule id such as 'R3'")
    return int(rule_id[1:])


@dataclass(frozen=True)
class Finding:
    """The verdict for one channel in one situation, with the rules that decided it.

    ``rules`` holds the ids of the rules whose cap equals the verdict, sorted by
    number.
    ``reasons`` and ``conditions`` are English message ids; :meth:`to_dict`
    translates them and adds their stable ids.
    ``rules``, ``reasons`` and ``conditions`` must be tuples (or lists) of strings;
    a single string raises :class:`TypeError`.

    >>> f = Finding("sms", "discouraged", ("R5",), reasons=("SMS is not end-to-end encrypted.",))
    >>> f.verdict
    <Verdict.DISCOURAGED: 'discouraged'>
    >>> f.to_dict()["rules"]
    ['R5']
    >>> Finding("sms", "discouraged", rules="R10")
    Traceback (most recent call last):
    ...
    TypeError: rules must be a tuple of strings, not str
    """

    channel: Channel
    verdict: Verdict
    rules: tuple[str, ...] = ()
    conditions: tuple[str, ...] = field(default=())
    reasons: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "channel", parse(Channel, self.channel))
        object.__setattr__(self, "verdict", parse(Verdict, self.verdict))
        rules = _texts("rules", self.rules)
        object.__setattr__(self, "rules", tuple(sorted(rules, key=rule_number)))
        object.__setattr__(self, "conditions", _texts("conditions", self.conditions))
        object.__setattr__(self, "reasons", _texts("reasons", self.reasons))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Return the finding as JSON-ready values, with texts in *lang*.

        Channel, verdict and rule ids stay identifiers.
        Each reason and condition is an object with its stable ``id`` (see
        :data:`TEXT_IDS`; ``None`` for a text the rules do not define) and its
        ``text`` in *lang* (``"en"`` or ``"de"``).
        The keys come in this order: channel, verdict, rules, reasons, conditions.

        >>> from messaging_rules import Situation, check
        >>> data = check("email", Situation("business-client", "general")).to_dict("de")
        >>> data["verdict"], data["reasons"][0]["id"]
        ('recommended', 'r4-email-default')
        """

        def texts(items: tuple[str, ...]) -> list[dict[str, str | None]]:
            return [{"id": TEXT_IDS.get(item), "text": translate(item, lang)} for item in items]

        return {
            "channel": str(self.channel),
            "verdict": str(self.verdict),
            "rules": list(self.rules),
            "reasons": texts(self.reasons),
            "conditions": texts(self.conditions),
        }
