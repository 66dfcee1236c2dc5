"""The vocabulary of the rules: channels, counterparts, contents, verdicts.

Every dimension of a situation is a :class:`~enum.StrEnum` whose values are the
kebab-case identifiers used on the command line, in JSON and in policy files.
Because the members are strings, ``str(Channel.SMS) == "sms"`` and a member
compares equal to its identifier.

:class:`Verdict` is the one dimension with an order, from worst to best, so it is
no string: ``<`` and :func:`min` compare verdicts by their rank and pick the
stricter one, and comparing a verdict with a string is an error rather than an
alphabetical accident.
``str()`` still gives the identifier:

>>> Verdict.NOT_ALLOWED < Verdict.DISCOURAGED < Verdict.ALLOWED_WITH_CONDITIONS
True
>>> min(Verdict.RECOMMENDED, Verdict.DISCOURAGED)
<Verdict.DISCOURAGED: 'discouraged'>
>>> str(Verdict.RECOMMENDED)
'recommended'

:class:`Content` is ordered by sensitivity (appointment, general, marketing,
confidential, special-category):

>>> [c.sensitivity for c in (Content.APPOINTMENT, Content.GENERAL, Content.SPECIAL_CATEGORY)]
[0, 1, 4]

:func:`parse` turns an identifier into a member and names the valid values when it
cannot:

>>> parse(Channel, "sms")
<Channel.SMS: 'sms'>
>>> parse(Counterpart, "customer")
Traceback (most recent call last):
...
ValueError: unknown counterpart 'customer'; valid values: business-client, consumer, colleague

:data:`LABELS` holds the English label of every value; it is also the message id
that the German catalog translates.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from functools import total_ordering
from typing import Literal, TypeVar

__all__ = [
    "LABELS",
    "LANGUAGES",
    "Channel",
    "ChannelId",
    "Contacts",
    "ContactsId",
    "Content",
    "ContentId",
    "Counterpart",
    "CounterpartId",
    "Platform",
    "PlatformId",
    "Status",
    "Verdict",
    "dimension",
    "parse",
]


#: Languages the package speaks; English is the source language.  Defined here, at
#: the bottom of the import graph, so that every module can read it without
#: importing the translation machinery.
LANGUAGES: tuple[str, ...] = ("en", "de")


class Channel(StrEnum):
    """A way to send a message.

    >>> [str(c) for c in Channel][:3]
    ['whatsapp', 'whatsapp-business-app', 'whatsapp-business-platform']
    """

    WHATSAPP = "whatsapp"
    """The consumer WhatsApp app."""
    WHATSAPP_BUSINESS_APP = "whatsapp-business-app"
    """The free WhatsApp Business app on a phone."""
    WHATSAPP_BUSINESS_PLATFORM = "whatsapp-business-platform"
    """The WhatsApp Business Platform (Cloud API), used through a provider."""
    SMS = "sms"
    """Text messages over the mobile network."""
    EMAIL = "email"
    """E-mail protected by TLS in transit only."""
    EMAIL_ENCRYPTED = "email-encrypted"
    """E-mail encrypted end to end with S/MIME or OpenPGP."""
    BUSINESS_MESSENGER = "business-messenger"
    """An end-to-end encrypted messenger with a processor agreement, EU/EEA or
    adequate hosting and no address-book upload."""
    PHONE = "phone"
    """A phone call."""


class Counterpart(StrEnum):
    """Who receives the message.

    >>> Counterpart("business-client") is Counterpart.BUSINESS_CLIENT
    True
    """

    BUSINESS_CLIENT = "business-client"
    CONSUMER = "consumer"
    COLLEAGUE = "colleague"


class Content(StrEnum):
    """What the message is about, from least to most sensitive.

    ``marketing`` (edition 3) is advertising in the sense of § 7 UWG: newsletters,
    offers, review requests, satisfaction surveys and recall invitations.
    It ranks between general and confidential content: no more sensitive than a
    general message, but never sent without the recipient's consent.

    >>> [c.sensitivity for c in Content]
    [0, 1, 2, 3, 4]
    """

    APPOINTMENT = "appointment"
    GENERAL = "general"
    MARKETING = "marketing"
    """Advertising, newsletters, review requests and surveys (§ 7 UWG)."""
    CONFIDENTIAL = "confidential"
    SPECIAL_CATEGORY = "special-category"
    """Special categories of personal data under Art. 9 GDPR, such as health data."""

    @property
    def sensitivity(self) -> int:
        """Rank of this content: 0 for appointment up to 4 for special-category.

        >>> Content.CONFIDENTIAL.sensitivity
        3
        """
        return _CONTENT_RANK[self]


class Contacts(StrEnum):
    """Which contacts the messaging app may read.

    ``full-address-book`` is what the apps ask for, and the default.

    >>> Contacts.FULL_ADDRESS_BOOK
    <Contacts.FULL_ADDRESS_BOOK: 'full-address-book'>
    """

    FULL_ADDRESS_BOOK = "full-address-book"
    BUSINESS_ONLY = "business-only"
    NO_ACCESS = "no-access"


class Platform(StrEnum):
    """The phone's operating system; it never changes a verdict (rule R8).

    >>> str(Platform.IOS)
    'ios'
    """

    ANDROID = "android"
    IOS = "ios"


class Status(StrEnum):
    """How a rule relates to the 2018 article.

    ``opinion`` marks a claim that no source can confirm or refute, but that is
    still a reasonable piece of advice.

    >>> [str(s) for s in Status]
    ['confirmed', 'opinion', 'corrected', 'outdated', 'added']
    """

    CONFIRMED = "confirmed"
    OPINION = "opinion"
    CORRECTED = "corrected"
    OUTDATED = "outdated"
    ADDED = "added"


@total_ordering
class Verdict(Enum):
    """How acceptable a channel is, ordered from worst to best.

    A verdict is ordered by its :attr:`rank`, so the strictest of several verdicts
    is their :func:`min` and ``sorted`` lists them from worst to best.
    It is not a string: it equals only itself, ``str()`` and JSON give its
    identifier, and ``<`` against anything but a verdict raises :class:`TypeError`,
    so a plain string cannot slip into a comparison unnoticed.

    >>> [str(v) for v in sorted([Verdict.RECOMMENDED, Verdict.NOT_ALLOWED, Verdict.DISCOURAGED])]
    ['not-allowed', 'discouraged', 'recommended']
    >>> Verdict.RECOMMENDED.rank, Verdict("discouraged") is Verdict.DISCOURAGED
    (3, True)
    >>> Verdict.RECOMMENDED == "recommended"
    False
    >>> Verdict.RECOMMENDED < "recommended"
    Traceback (most recent call last):
    ...
    TypeError: '<' not supported between instances of 'Verdict' and 'str'
    >>> f"{Verdict.DISCOURAGED:>12}"
    ' discouraged'
    """

    NOT_ALLOWED = "not-allowed"
    DISCOURAGED = "discouraged"
    ALLOWED_WITH_CONDITIONS = "allowed-with-conditions"
    RECOMMENDED = "recommended"

    @property
    def rank(self) -> int:
        """Position from worst (0, not-allowed) to best (3, recommended).

        >>> Verdict.NOT_ALLOWED.rank
        0
        """
        return _VERDICT_RANK[self]

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Verdict):
            return NotImplemented
        return self.rank < other.rank


# The identifiers of each dimension as literal types, so that a type checker accepts
# ``Situation(counterpart="consumer", content="general")`` and flags a typo.  Type
# checkers need them written out; tests/test_lint.py checks them against the enums.
ChannelId = Literal[
    "whatsapp",
    "whatsapp-business-app",
    "whatsapp-business-platform",
    "sms",
    "email",
    "email-encrypted",
    "business-messenger",
    "phone",
]
CounterpartId = Literal["business-client", "consumer", "colleague"]
ContentId = Literal["appointment", "general", "marketing", "confidential", "special-category"]
ContactsId = Literal["full-address-book", "business-only", "no-access"]
PlatformId = Literal["android", "ios"]

# Positions looked up once: audit asks for them for every combination of a policy.
_CONTENT_RANK: dict[Content, int] = {member: index for index, member in enumerate(Content)}
_VERDICT_RANK: dict[Verdict, int] = {member: index for index, member in enumerate(Verdict)}

#: The name of each dimension as users see it (in error messages and the CLI).
_DIMENSIONS: dict[type[Enum], str] = {
    Channel: "channel",
    Counterpart: "counterpart",
    Content: "content",
    Contacts: "contacts",
    Platform: "platform",
    Status: "status",
    Verdict: "verdict",
}

E = TypeVar("E", bound=Enum)


def dimension(enum: type[Enum]) -> str:
    """Return the user-facing name of a vocabulary dimension.

    >>> dimension(Counterpart)
    'counterpart'
    """
    return _DIMENSIONS[enum]


def parse(enum: type[E], value: object) -> E:
    """Turn a kebab-case identifier (or a member) into a member of *enum*.

    The error names the dimension and lists every valid value, so it can be shown
    to users as it is.

    >>> parse(Content, Content.GENERAL)
    <Content.GENERAL: 'general'>
    >>> parse(Platform, "windows")
    Traceback (most recent call last):
    ...
    ValueError: unknown platform 'windows'; valid values: android, ios
    >>> parse(Channel, None)
    Traceback (most recent call last):
    ...
    TypeError: channel must be a string such as 'whatsapp' or a Channel, not NoneType
    >>> parse(str, "sms")
    Traceback (most recent call last):
    ...
    TypeError: parse(): enum must be a vocabulary enum such as Channel, not str
    """
    if not (isinstance(enum, type) and enum in _DIMENSIONS):
        shown = enum.__name__ if isinstance(enum, type) else type(enum).__name__
        raise TypeError(f"parse(): enum must be a vocabulary enum such as Channel, not {shown}")
    if isinstance(value, enum):
        return value
    if not isinstance(value, str):
        example = next(iter(enum)).value
        raise TypeError(
            f"{dimension(enum)} must be a string such as {example!r} or a {enum.__name__}, "
            f"not {type(value).__name__}"
        )
    try:
        return enum(value)
    except ValueError:
        valid = ", ".join(member.value for member in enum)
        raise ValueError(f"unknown {dimension(enum)} {value!r}; valid values: {valid}") from None


#: English label of every vocabulary value; the msgid the catalogs translate.
LABELS: dict[Enum, str] = {
    Channel.WHATSAPP: "WhatsApp (consumer app)",
    Channel.WHATSAPP_BUSINESS_APP: "WhatsApp Business app",
    Channel.WHATSAPP_BUSINESS_PLATFORM: "WhatsApp Business Platform (through a provider)",
    Channel.SMS: "SMS",
    Channel.EMAIL: "E-mail (TLS in transit only)",
    Channel.EMAIL_ENCRYPTED: "End-to-end encrypted e-mail (S/MIME or OpenPGP)",
    Channel.BUSINESS_MESSENGER: "Business messenger",
    Channel.PHONE: "Phone call",
    Counterpart.BUSINESS_CLIENT: "business client",
    Counterpart.CONSUMER: "consumer",
    Counterpart.COLLEAGUE: "colleague",
    Content.APPOINTMENT: "appointment",
    Content.GENERAL: "general business message",
    Content.MARKETING: "advertising, review request or survey",
    Content.CONFIDENTIAL: "confidential content",
    Content.SPECIAL_CATEGORY: "health data and other special categories (Art. 9 GDPR)",
    Contacts.FULL_ADDRESS_BOOK: "full address book",
    Contacts.BUSINESS_ONLY: "business contacts only",
    Contacts.NO_ACCESS: "no access to contacts",
    Platform.ANDROID: "Android",
    Platform.IOS: "iOS (iPhone)",
    Status.CONFIRMED: "confirmed",
    Status.OPINION: "opinion, still reasonable",
    Status.CORRECTED: "corrected",
    Status.OUTDATED: "outdated",
    Status.ADDED: "added",
    Verdict.NOT_ALLOWED: "not allowed",
    Verdict.DISCOURAGED: "discouraged",
    Verdict.ALLOWED_WITH_CONDITIONS: "allowed with conditions",
    Verdict.RECOMMENDED: "recommended",
}
