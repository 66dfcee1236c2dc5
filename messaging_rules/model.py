"""The two value objects of the engine: a situation in, a finding out.

A :class:`Situation` describes one message: who receives it, what it is about,
which contacts the app may read, the phone's platform and three flags.
Values may be given as enum members or as their kebab-case identifiers:

>>> s = Situation(counterpart="consumer", content="appointment", urgent=True)
>>> s.counterpart, s.contacts, s.platform  # doctest: +NORMALIZE_WHITESPACE
(<Counterpart.CONSUMER: 'consumer'>,
 <Contacts.FULL_ADDRESS_BOOK: 'full-address-book'>,
 <Platform.ANDROID: 'android'>)

A :class:`Finding` is the engine's answer for one channel in one situation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .vocabulary import Channel, Contacts, Content, Counterpart, Platform, Verdict, parse

__all__ = ["FLAGS", "Finding", "Situation", "rule_number"]

#: The yes/no parts of a situation, as attribute names (CLI: ``--urgent`` and so on).
FLAGS: tuple[str, ...] = ("urgent", "business_letter", "recipient_request")


@dataclass(frozen=True)
class Situation:
    """One message to send: counterpart, content, contacts, platform and flags.

    ``contacts`` defaults to ``full-address-book`` (what the apps ask for) and
    ``platform`` to ``android``.
    ``urgent`` marks a message that cannot wait; ``business_letter`` marks one that
    must be kept (it prepares, concludes or cancels a deal, or it is an invoice).
    ``recipient_request`` marks the recipient's own, documented request: on their
    own initiative and after being told the risk and offered a secure alternative,
    they expressly asked to receive *their own* data by this channel.
    Strings are checked and turned into enum members; a wrong value raises
    :class:`ValueError` naming the valid values.

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

    def __post_init__(self) -> None:
        object.__setattr__(self, "counterpart", parse(Counterpart, self.counterpart))
        object.__setattr__(self, "content", parse(Content, self.content))
        object.__setattr__(self, "contacts", parse(Contacts, self.contacts))
        object.__setattr__(self, "platform", parse(Platform, self.platform))
        for flag in FLAGS:
            if not isinstance(getattr(self, flag), bool):
                raise TypeError(f"{flag} must be True or False, not {getattr(self, flag)!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return the situation as plain JSON-ready values.

        >>> Situation("consumer", "general").to_dict()["contacts"]
        'full-address-book'
        """
        return {
            "counterpart": str(self.counterpart),
            "content": str(self.content),
            "contacts": str(self.contacts),
            "platform": str(self.platform),
            "urgent": self.urgent,
            "business_letter": self.business_letter,
            "recipient_request": self.recipient_request,
        }


def rule_number(rule_id: str) -> int:
    """Return the number of a rule id, for sorting ``R2`` before ``R10``.

    >>> sorted(["R10", "R2", "R9"], key=rule_number)
    ['R2', 'R9', 'R10']
    """
    return int(rule_id.lstrip("Rr"))


@dataclass(frozen=True)
class Finding:
    """The verdict for one channel in one situation, with the rules that decided it.

    ``rules`` holds the ids of the rules whose cap equals the verdict, sorted by
    number.
    ``reasons`` and ``conditions`` are English message ids; :meth:`to_dict`
    translates them.

    >>> f = Finding("sms", "discouraged", ("R5",), reasons=("SMS is not end-to-end encrypted.",))
    >>> f.verdict
    <Verdict.DISCOURAGED: 'discouraged'>
    >>> f.to_dict()["rules"]
    ['R5']
    """

    channel: Channel
    verdict: Verdict
    rules: tuple[str, ...] = ()
    conditions: tuple[str, ...] = field(default=())
    reasons: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "channel", parse(Channel, self.channel))
        object.__setattr__(self, "verdict", parse(Verdict, self.verdict))
        object.__setattr__(self, "rules", tuple(sorted(self.rules, key=rule_number)))
        object.__setattr__(self, "conditions", tuple(self.conditions))
        object.__setattr__(self, "reasons", tuple(self.reasons))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Return the finding as JSON-ready values, with texts in *lang*.

        Channel, verdict and rule ids stay identifiers; conditions and reasons are
        translated (``"en"`` or ``"de"``).

        >>> from messaging_rules import Situation, check
        >>> check("email", Situation("business-client", "general")).to_dict("de")["verdict"]
        'recommended'
        """
        from .i18n import translate  # imported late: keeps `python -m messaging_rules.i18n` clean

        return {
            "channel": str(self.channel),
            "verdict": str(self.verdict),
            "rules": list(self.rules),
            "conditions": [translate(c, lang) for c in self.conditions],
            "reasons": [translate(r, lang) for r in self.reasons],
        }
