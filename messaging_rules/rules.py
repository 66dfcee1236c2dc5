"""The recommendation rules R1–R14 and the engine that applies them.

A rule is data (id, title, status, what the 2018 article claimed, sources) plus a
small pure function.
For one channel in one situation the function returns a :class:`Cap` (a verdict,
a reason and conditions) or ``None`` when the rule has nothing to say.
Each channel starts at its best case, named by a *base rule*; every other rule
that applies can only lower the verdict.
The final verdict is the :func:`min` of all caps, and the finding names the rules
whose cap equals that verdict.

Decision table, edition 3 (the prose of the guide follows exactly this):

=============================  ======================================================
channel                        caps
=============================  ======================================================
whatsapp (consumer app)        R1 not-allowed, always; urgent: R6 not-allowed too.
whatsapp-business-app          base R2 allowed-with-conditions (documented consent
                               after telling the customer about Meta and the USA,
                               privacy notice, WhatsApp's opt-in as a contract term);
                               colleague: R2 not-allowed (BayLDA); confidential: R2
                               discouraged; full-address-book: R3 not-allowed;
                               business-only: R3 allowed-with-conditions (documented
                               consent of every stored contact); special-category: R9
                               not-allowed; business-letter: R7 discouraged.
whatsapp-business-platform     base R11 allowed-with-conditions (processor terms,
                               consent, opt-in, archive via provider); colleague: R11
                               not-allowed; confidential: R11 discouraged (Meta
                               decrypts); special-category: R9 not-allowed.
both WhatsApp business         professional-secrecy: R12 discouraged, and not-allowed
products                       for confidential and special-category content;
                               marketing: R13 allowed-with-conditions (§ 7 UWG
                               consent); group: R14 not-allowed.
sms (carrier SMS)              R5 allowed-with-conditions for an appointment notice,
                               urgent or not; general and marketing: R5 discouraged;
                               confidential: R5 not-allowed; special-category: R5 and
                               R9 not-allowed; business-letter: R7 discouraged;
                               professional-secrecy: R12 condition (no reason for the
                               visit, no subject of the mandate); marketing: R13
                               consent; group: R14 discouraged.
email (TLS only)               base R4 recommended; confidential: R4 discouraged;
                               special-category: R4 and R9 not-allowed; with the
                               recipient's request both become allowed-with-conditions;
                               urgent: R6 recommended (e-mail works on the road).
email-encrypted                base R4 recommended for every content (both sides need
                               keys); special-category: R9 recommended; urgent: R6
                               recommended.
both kinds of e-mail           professional-secrecy: R12 condition (provider bound to
                               secrecy, § 203 (4) StGB); marketing: R13
                               allowed-with-conditions (consent, or § 7 (3) UWG for
                               existing customers); group: R14 allowed-with-conditions
                               (recipients in Bcc).
business-messenger             base R3 recommended for colleague, allowed-with-conditions
                               for business-client and consumer; special-category: R9
                               allowed-with-conditions; business-letter: R7
                               allowed-with-conditions (export or archive);
                               professional-secrecy: R12 condition (secrecy
                               obligation); marketing: R13 consent; group: R14
                               allowed-with-conditions (members agree, removed after).
phone                          urgent: R6 recommended; otherwise R4
                               allowed-with-conditions (confirm in writing);
                               business-letter: R7 allowed-with-conditions;
                               marketing: R13 allowed-with-conditions (§ 7 (2)
                               UWG consent).
=============================  ======================================================

The platform never changes anything (R8), and R10 is applied by
:func:`messaging_rules.policy.audit` to a written team policy.
The recipient's request (``recipient_request``) only lifts the caps of R4 and R9 on
plain e-mail; it never changes a verdict that rests on R1, R2, R3, R7, R11, R12, R13
or R14, and it never makes a verdict worse.
Professional secrecy and a group never make a verdict better.

>>> from messaging_rules import Situation, check, recommend
>>> s = Situation(counterpart="consumer", content="appointment", urgent=True)
>>> [(str(f.channel), str(f.verdict), f.rules) for f in recommend(s)]
[('phone', 'recommended', ('R6',)),
 ('email', 'recommended', ('R4', 'R6')),
 ('email-encrypted', 'recommended', ('R4', 'R6')),
 ('sms', 'allowed-with-conditions', ('R5',)),
 ('business-messenger', 'allowed-with-conditions', ('R3',)),
 ('whatsapp-business-platform', 'allowed-with-conditions', ('R11',)),
 ('whatsapp-business-app', 'not-allowed', ('R3',)),
 ('whatsapp', 'not-allowed', ('R1', 'R6'))]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import product

from .model import Finding, Situation, message, rule_number
from .schema import SITUATION
from .vocabulary import (
    Channel,
    Contacts,
    Content,
    Counterpart,
    Status,
    Verdict,
    parse,
)

__all__ = [
    "CHANNEL_ORDER",
    "RULES",
    "Cap",
    "Rule",
    "all_situations",
    "check",
    "recommend",
    "rule",
]

NOT_ALLOWED = Verdict.NOT_ALLOWED
DISCOURAGED = Verdict.DISCOURAGED
WITH_CONDITIONS = Verdict.ALLOWED_WITH_CONDITIONS
RECOMMENDED = Verdict.RECOMMENDED

#: Order of channels with the same verdict in :func:`recommend`: the simplest,
#: most widely available channel first, WhatsApp last.
CHANNEL_ORDER: tuple[Channel, ...] = (
    Channel.PHONE,
    Channel.EMAIL,
    Channel.EMAIL_ENCRYPTED,
    Channel.SMS,
    Channel.BUSINESS_MESSENGER,
    Channel.WHATSAPP_BUSINESS_PLATFORM,
    Channel.WHATSAPP_BUSINESS_APP,
    Channel.WHATSAPP,
)


@dataclass(frozen=True)
class Cap:
    """The most a rule allows for one channel in one situation.

    ``reason`` and ``conditions`` are English message ids (full sentences).

    >>> Cap(Verdict.DISCOURAGED, "Why.").conditions
    ()
    """

    verdict: Verdict
    reason: str
    conditions: tuple[str, ...] = ()


#: A rule's function: the cap it sets for a channel in a situation, or ``None``.
CapFor = Callable[[Channel, Situation], Cap | None]


def _no_cap(channel: Channel, situation: Situation) -> Cap | None:
    """The function of a rule that never caps a channel (R8, R10)."""
    return None


@dataclass(frozen=True)
class Rule:
    """One recommendation rule: its data and its function.

    ``cap_for(channel, situation)`` returns the :class:`Cap` the rule sets, or
    ``None`` when the rule has nothing to say; :func:`check` combines the caps of
    all rules into a :class:`Finding`.
    ``caps`` lists every cap the function can return, so the message catalog and
    the documentation can see them without running it.

    >>> r = rule("R3")
    >>> r.label, str(r.status), r.sources[:2]
    ('rule-r3', 'added', ('S9', 'S16'))
    >>> r.cap_for(Channel.WHATSAPP_BUSINESS_APP, Situation("consumer", "general")).verdict
    <Verdict.NOT_ALLOWED: 'not-allowed'>
    >>> rule("R8").cap_for(Channel.SMS, Situation("consumer", "general")) is None
    True
    """

    id: str
    title: str
    status: Status
    article_claim: str
    sources: tuple[str, ...]
    caps: tuple[Cap, ...] = ()
    cap_for: CapFor = field(default=_no_cap, repr=False, compare=False)

    @property
    def label(self) -> str:
        """The page label of the rule in the guide, such as ``rule-r3``.

        >>> rule("R11").label
        'rule-r11'
        """
        return f"rule-{self.id.lower()}"

    @property
    def number(self) -> int:
        """The rule's number, for sorting.

        >>> rule("R10").number
        10
        """
        return rule_number(self.id)

    def to_dict(self) -> dict[str, object]:
        """Return the rule's data as JSON-ready values (English).

        >>> sorted(rule("R8").to_dict())
        ['article_claim', 'id', 'sources', 'status', 'title']
        """
        return {
            "id": self.id,
            "title": self.title,
            "status": str(self.status),
            "article_claim": self.article_claim,
            "sources": list(self.sources),
        }


# -- R1: the consumer app ----------------------------------------------------------

_R1 = Cap(
    NOT_ALLOWED,
    message(
        "r1-consumer-terms",
        "The terms of the consumer WhatsApp app exclude non-personal use, "
        "so a business may not use it.",
    ),
)


def _r1(channel: Channel, s: Situation) -> Cap | None:
    return _R1 if channel is Channel.WHATSAPP else None


# -- R2 and R11: WhatsApp's products for businesses -----------------------------------

_CONSENT = message(
    "r2-documented-consent",
    "Before you write to a customer on WhatsApp, tell them that Meta receives the metadata "
    "of your chats and that data may be transferred to the USA, then ask for their consent "
    "to contact by WhatsApp (Art. 6(1)(a) and Art. 7 GDPR) and document it.",
)
_OPT_IN = message(
    "r2-customer-opt-in",
    "WhatsApp's business messaging policy also requires the customer's opt-in to your "
    "messages; that is a term of WhatsApp's contract, not a legal ground under the GDPR.",
)
_NOT_FOR_TEAMS = message(
    "r2-not-for-teams",
    "The Bavarian data protection authority does not consider WhatsApp for internal "
    "company communication GDPR-compliant; use a business messenger with colleagues.",
)
_R2_BASE = Cap(
    WITH_CONDITIONS,
    message(
        "r2-business-app-terms",
        "WhatsApp's terms allow the WhatsApp Business app for business use, "
        "but its encryption is the same as in the consumer app.",
    ),
    (
        _CONSENT,
        message(
            "r2-privacy-notice",
            "Tell your customers in your privacy notice that messages pass through WhatsApp "
            "and that data may be transferred to the USA.",
        ),
        _OPT_IN,
    ),
)
_R2_COLLEAGUE = Cap(NOT_ALLOWED, _NOT_FOR_TEAMS)
_R2_CONFIDENTIAL = Cap(
    DISCOURAGED,
    message(
        "r2-confidential",
        "No German data protection authority has endorsed the Business app, Meta receives "
        "the metadata, and the chats stay on a phone outside your archive; confidential "
        "content belongs in end-to-end encrypted e-mail or a business messenger.",
    ),
    _R2_BASE.conditions,
)


def _customer_product(
    channel: Channel, s: Situation, product: Channel, base: Cap, colleague: Cap
) -> Cap | None:
    """The cap of a WhatsApp product made for customers: not for talking to colleagues."""
    if channel is not product:
        return None
    return colleague if s.counterpart is Counterpart.COLLEAGUE else base


def _r2(channel: Channel, s: Situation) -> Cap | None:
    cap = _customer_product(channel, s, Channel.WHATSAPP_BUSINESS_APP, _R2_BASE, _R2_COLLEAGUE)
    if cap is _R2_BASE and s.content is Content.CONFIDENTIAL:
        return _R2_CONFIDENTIAL
    return cap


# -- R3: the address book ------------------------------------------------------------

_R3_APP: dict[Contacts, Cap | None] = {
    Contacts.FULL_ADDRESS_BOOK: Cap(
        NOT_ALLOWED,
        message(
            "r3-address-book-upload",
            "The app uploads the phone numbers of everyone in the address book, "
            "including people who have not agreed and people who do not use WhatsApp.",
        ),
    ),
    Contacts.BUSINESS_ONLY: Cap(
        WITH_CONDITIONS,
        message(
            "r3-business-contacts-only",
            "The app can read only a separate address book with business contacts.",
        ),
        (
            message(
                "r3-documented-consent",
                "Store in that address book only people whose consent to it you have "
                "documented; the safer set-up is no contact access at all.",
            ),
        ),
    ),
    Contacts.NO_ACCESS: None,
}
_R3_MESSENGER_REASON = message(
    "r3-business-messenger",
    "A business messenger encrypts end to end, comes with a data processing agreement "
    "and does not upload the address book.",
)
_R3_AGREEMENT = message(
    "r3-processing-agreement",
    "Sign a data processing agreement (Art. 28 GDPR) with the provider.",
)
_R3_MESSENGER: dict[Counterpart, Cap] = {
    Counterpart.COLLEAGUE: Cap(RECOMMENDED, _R3_MESSENGER_REASON, (_R3_AGREEMENT,)),
    Counterpart.BUSINESS_CLIENT: Cap(
        WITH_CONDITIONS,
        _R3_MESSENGER_REASON,
        (
            message("r3-same-messenger", "The other side must install the same messenger."),
            _R3_AGREEMENT,
        ),
    ),
}
_R3_MESSENGER[Counterpart.CONSUMER] = _R3_MESSENGER[Counterpart.BUSINESS_CLIENT]


def _r3(channel: Channel, s: Situation) -> Cap | None:
    if channel is Channel.WHATSAPP_BUSINESS_APP:
        return _R3_APP[s.contacts]
    if channel is Channel.BUSINESS_MESSENGER:
        return _R3_MESSENGER[s.counterpart]
    return None


# -- R4: e-mail, and what the recipient may ask for -----------------------------------

#: Conditions under which a recipient's own request lifts the need for end-to-end
#: encryption of e-mail (DSK resolution of 24 November 2021).
_REQUEST_CONDITIONS = (
    message("r4-own-data-only", "Send only the recipient's own data, not data about other people."),
    message(
        "r4-request-documented",
        "The request came from the recipient, after you explained the risk; document it.",
    ),
    message(
        "r4-secure-alternative",
        "Offer a secure alternative, such as end-to-end encrypted e-mail "
        "or an encrypted PDF with the password sent another way.",
    ),
)
_R4_BASE = Cap(
    RECOMMENDED,
    message(
        "r4-email-default",
        "E-mail is the default channel for business: TLS protects it in transit, "
        "and you can archive it.",
    ),
    (message("r4-tls-in-transit", "Make sure that your mail server uses TLS in transit."),),
)
_R4_CONFIDENTIAL = Cap(
    DISCOURAGED,
    message(
        "r4-confidential-needs-e2e",
        "TLS protects e-mail only in transit; confidential content needs end-to-end "
        "encryption with S/MIME or OpenPGP.",
    ),
)
_R4_SPECIAL = Cap(
    NOT_ALLOWED,
    message(
        "r4-special-needs-e2e",
        "Special categories of personal data need end-to-end encrypted e-mail; "
        "TLS alone is not enough.",
    ),
)
_R4_AT_REQUEST = Cap(
    WITH_CONDITIONS,
    message(
        "r4-recipient-request",
        "The recipient has asked, on their own initiative and informed of the risk, "
        "to receive their own data by plain e-mail; in a documented single case "
        "you may do without end-to-end encryption.",
    ),
    _REQUEST_CONDITIONS,
)
_R4_EMAIL: dict[Content, Cap] = {
    Content.APPOINTMENT: _R4_BASE,
    Content.GENERAL: _R4_BASE,
    Content.MARKETING: _R4_BASE,
    Content.CONFIDENTIAL: _R4_CONFIDENTIAL,
    Content.SPECIAL_CATEGORY: _R4_SPECIAL,
}
_R4_ENCRYPTED = Cap(
    RECOMMENDED,
    message(
        "r4-e2e-email",
        "End-to-end encrypted e-mail protects the content on every server along the way, "
        "so it suits every kind of content.",
    ),
    (
        message(
            "r4-keys-on-both-sides", "Both sides need certificates or keys (S/MIME or OpenPGP)."
        ),
    ),
)
_R4_PHONE = Cap(
    WITH_CONDITIONS,
    message(
        "r4-phone-no-record",
        "A call is fine for talking things through, but e-mail is the default channel: "
        "a call leaves nothing to look up later.",
    ),
    (
        message(
            "r4-confirm-in-writing",
            "Confirm in writing what the other side must be able to look up later.",
        ),
    ),
)


def _r4(channel: Channel, s: Situation) -> Cap | None:
    if channel is Channel.EMAIL:
        cap = _R4_EMAIL[s.content]
        if s.recipient_request and cap.verdict < WITH_CONDITIONS:
            return _R4_AT_REQUEST
        return cap
    if channel is Channel.EMAIL_ENCRYPTED:
        return _R4_ENCRYPTED
    if channel is Channel.PHONE and not s.urgent:
        return _R4_PHONE
    return None


# -- R5: SMS -------------------------------------------------------------------------

_R5_SHORT_NOTICE = Cap(
    WITH_CONDITIONS,
    message(
        "r5-short-notice",
        "A carrier SMS is acceptable for a short notice with minimal content, "
        "such as the time and place of an appointment, urgent or not.",
    ),
    (
        message(
            "r5-minimal-text",
            "Keep the text to the time, the place and who is writing; "
            "SMS is not end-to-end encrypted.",
        ),
    ),
)
_R5_OTHER = Cap(
    DISCOURAGED,
    message(
        "r5-other-messages",
        "A carrier SMS suits only short notices with minimal content; "
        "write other business messages by e-mail, where you can keep and find them.",
    ),
)
_R5_SENSITIVE = Cap(
    NOT_ALLOWED,
    message(
        "r5-carrier-can-read",
        "The mobile carrier can read SMS, and SMS can be intercepted in the mobile network, "
        "so it must not carry confidential content.",
    ),
)


def _r5(channel: Channel, s: Situation) -> Cap | None:
    if channel is not Channel.SMS:
        return None
    if s.content.sensitivity >= Content.CONFIDENTIAL.sensitivity:
        return _R5_SENSITIVE
    return _R5_SHORT_NOTICE if s.content is Content.APPOINTMENT else _R5_OTHER


# -- R6: urgency ---------------------------------------------------------------------

_R6_ON_THE_ROAD = Cap(
    RECOMMENDED,
    message(
        "r6-email-on-the-road", "E-mail works on every smartphone, so it also works on the road."
    ),
)
_R6_URGENT: dict[Channel, Cap] = {
    Channel.WHATSAPP: Cap(
        NOT_ALLOWED,
        message("r6-urgency-no-excuse", "Urgency does not make a forbidden channel acceptable."),
    ),
    Channel.EMAIL: _R6_ON_THE_ROAD,
    Channel.EMAIL_ENCRYPTED: _R6_ON_THE_ROAD,
    Channel.PHONE: Cap(
        RECOMMENDED,
        message(
            "r6-phone-fastest",
            "A phone call is the fastest way to reach someone, and it needs no messenger.",
        ),
    ),
}


def _r6(channel: Channel, s: Situation) -> Cap | None:
    return _R6_URGENT.get(channel) if s.urgent else None


# -- R7: records you must keep -------------------------------------------------------

_R7_NO_ARCHIVE = Cap(
    DISCOURAGED,
    message(
        "r7-no-archive",
        "This message must be kept (business letters: six years for merchants and anyone who "
        "must keep books, § 257 HGB, § 147 AO; invoices: eight years), "
        "and this channel has no audit-proof archive.",
    ),
)
_R7_BUSINESS_LETTER: dict[Channel, Cap] = {
    Channel.WHATSAPP_BUSINESS_APP: _R7_NO_ARCHIVE,
    Channel.SMS: _R7_NO_ARCHIVE,
    Channel.BUSINESS_MESSENGER: Cap(
        WITH_CONDITIONS,
        message(
            "r7-messenger-export",
            "This message must be kept; a messenger can do this only with an export or archive.",
        ),
        (
            message(
                "r7-export-archive",
                "Export or archive such messages from the messenger and keep them "
                "for the period that applies to you.",
            ),
        ),
    ),
    Channel.PHONE: Cap(
        WITH_CONDITIONS,
        message(
            "r7-phone-no-record", "A deal made on the phone leaves no record that you can keep."
        ),
        (
            message(
                "r7-confirm-deal-in-writing",
                "Confirm the deal in writing, for example by e-mail, "
                "and keep the confirmation for the period that applies to you.",
            ),
        ),
    ),
}


def _r7(channel: Channel, s: Situation) -> Cap | None:
    return _R7_BUSINESS_LETTER.get(channel) if s.business_letter else None


# -- R9: special categories ----------------------------------------------------------

_R9_UNSUITABLE = Cap(
    NOT_ALLOWED,
    message(
        "r9-unsuitable-channel",
        "Special categories of personal data (Art. 9 GDPR), such as health data, "
        "need an end-to-end encrypted channel built for them; this channel is not one.",
    ),
)
_R9_EMAIL_AT_REQUEST = Cap(
    WITH_CONDITIONS,
    message(
        "r9-recipient-request",
        "At the documented, self-initiated request of the informed data subject, "
        "you may send them their own health data by plain e-mail in a single case.",
    ),
    _REQUEST_CONDITIONS,
)
_R9_SPECIAL: dict[Channel, Cap] = {
    Channel.WHATSAPP_BUSINESS_APP: _R9_UNSUITABLE,
    Channel.WHATSAPP_BUSINESS_PLATFORM: _R9_UNSUITABLE,
    Channel.SMS: _R9_UNSUITABLE,
    Channel.EMAIL: _R9_UNSUITABLE,
    Channel.EMAIL_ENCRYPTED: Cap(
        RECOMMENDED,
        message(
            "r9-e2e-email-suitable",
            "End-to-end encrypted e-mail is a suitable channel for special categories "
            "of personal data (Art. 9 GDPR).",
        ),
    ),
    Channel.BUSINESS_MESSENGER: Cap(
        WITH_CONDITIONS,
        message(
            "r9-messenger-built-for-it",
            "Only a messenger built for special categories of personal data (Art. 9 GDPR) "
            "may carry them.",
        ),
        (
            message(
                "r9-health-messenger",
                "Use only a messenger built for health data or other special categories, "
                "such as a messenger for health care.",
            ),
        ),
    ),
}


def _r9(channel: Channel, s: Situation) -> Cap | None:
    if s.content is not Content.SPECIAL_CATEGORY:
        return None
    if channel is Channel.EMAIL and s.recipient_request:
        return _R9_EMAIL_AT_REQUEST
    return _R9_SPECIAL.get(channel)


# -- R11: the WhatsApp Business Platform ---------------------------------------------

_R11_BASE = Cap(
    WITH_CONDITIONS,
    message(
        "r11-platform-provider",
        "Through a provider, the WhatsApp Business Platform comes with processor terms "
        "and an archive of the messages.",
    ),
    (
        message(
            "r11-processor-terms", "Use a provider that offers processor terms (Art. 28 GDPR)."
        ),
        _CONSENT,
        _OPT_IN,
        message("r11-archive-via-provider", "Archive the messages through the provider."),
    ),
)
_R11_COLLEAGUE = Cap(NOT_ALLOWED, _NOT_FOR_TEAMS)
_R11_CONFIDENTIAL = Cap(
    DISCOURAGED,
    message(
        "r11-meta-decrypts",
        "Platform messages are end-to-end encrypted only up to Meta's Cloud API, "
        "where Meta decrypts them; confidential content needs end-to-end encryption.",
    ),
    _R11_BASE.conditions,
)


def _r11(channel: Channel, s: Situation) -> Cap | None:
    cap = _customer_product(
        channel, s, Channel.WHATSAPP_BUSINESS_PLATFORM, _R11_BASE, _R11_COLLEAGUE
    )
    if cap is _R11_BASE and s.content is Content.CONFIDENTIAL:
        return _R11_CONFIDENTIAL
    return cap


# -- R12: professional secrecy (§ 203 StGB) ------------------------------------------

_WHATSAPP_PRODUCTS = (Channel.WHATSAPP_BUSINESS_APP, Channel.WHATSAPP_BUSINESS_PLATFORM)
_R12_WHATSAPP = Cap(
    DISCOURAGED,
    message(
        "r12-whatsapp-secret-holders",
        "Holders of professional secrets (§ 203 StGB) may in principle not use WhatsApp, "
        "according to the Bavarian data protection authority; even a reminder reveals "
        "that someone is your patient or client.",
    ),
)
_R12_WHATSAPP_SECRETS = Cap(
    NOT_ALLOWED,
    message(
        "r12-no-secrets-on-whatsapp",
        "A professional secret (§ 203 StGB) must not pass through WhatsApp: "
        "Meta is not a service provider you have bound to secrecy.",
    ),
)
_R12_SMS = Cap(
    WITH_CONDITIONS,
    message(
        "r12-sms-bare-notice",
        "Under professional secrecy an SMS can carry only a bare notice: "
        "the fact that someone is your patient or client is itself a secret.",
    ),
    (
        message(
            "r12-no-reason-in-sms",
            "Leave out the reason for the visit and the subject of the mandate, "
            "and send such notices only to people who agreed to receive them by SMS.",
        ),
    ),
)
_R12_PROVIDER = Cap(
    RECOMMENDED,
    message(
        "r12-provider-helper",
        "A provider who takes part in your work may see secrets only if you have "
        "bound them to secrecy (§ 203 (3) and (4) StGB).",
    ),
    (
        message(
            "r12-secrecy-obligation",
            "Besides the data processing agreement, bind the mail or messenger provider to "
            "secrecy in writing (§ 203 (4) StGB).",
        ),
    ),
)
_R12_CHANNELS: dict[Channel, Cap] = {
    Channel.SMS: _R12_SMS,
    Channel.EMAIL: _R12_PROVIDER,
    Channel.EMAIL_ENCRYPTED: _R12_PROVIDER,
    Channel.BUSINESS_MESSENGER: _R12_PROVIDER,
}


def _r12(channel: Channel, s: Situation) -> Cap | None:
    if not s.professional_secrecy:
        return None
    if channel in _WHATSAPP_PRODUCTS:
        if s.content.sensitivity >= Content.CONFIDENTIAL.sensitivity:
            return _R12_WHATSAPP_SECRETS
        return _R12_WHATSAPP
    return _R12_CHANNELS.get(channel)


# -- R13: advertising (§ 7 UWG) ------------------------------------------------------

_R13_REASON = message(
    "r13-advertising-needs-consent",
    "Advertising by e-mail, SMS or messenger, including newsletters, review requests and "
    "satisfaction surveys, needs the recipient's prior express consent (§ 7 (2) UWG).",
)
_R13_CONSENT = message(
    "r13-documented-consent",
    "Send advertising on this channel only to people who gave their prior express consent "
    "to it; document each consent and say in every message how to withdraw it.",
)
_R13_ELECTRONIC = Cap(WITH_CONDITIONS, _R13_REASON, (_R13_CONSENT,))
_R13_EMAIL = Cap(
    WITH_CONDITIONS,
    _R13_REASON,
    (
        message(
            "r13-email-consent-or-customer",
            "Send advertising by e-mail only with the recipient's documented prior express "
            "consent, or to an existing customer under all four conditions of § 7 (3) UWG: "
            "you got the address from a sale, you advertise similar goods or services of your "
            "own, the customer has not objected, and you said clearly when you collected the "
            "address and say in every message that they can object at any time.",
        ),
    ),
)
_R13_PHONE = Cap(
    WITH_CONDITIONS,
    message(
        "r13-advertising-calls",
        "An advertising call needs a private customer's prior express consent and at least "
        "the presumed consent of a business client (§ 7 (2) UWG).",
    ),
    (
        message(
            "r13-document-call-consent",
            "Call a private customer for advertising only with their prior express consent, "
            "and document it (§ 7a UWG).",
        ),
    ),
)
_R13_CHANNELS: dict[Channel, Cap] = {
    Channel.WHATSAPP_BUSINESS_APP: _R13_ELECTRONIC,
    Channel.WHATSAPP_BUSINESS_PLATFORM: _R13_ELECTRONIC,
    Channel.SMS: _R13_ELECTRONIC,
    Channel.BUSINESS_MESSENGER: _R13_ELECTRONIC,
    Channel.EMAIL: _R13_EMAIL,
    Channel.EMAIL_ENCRYPTED: _R13_EMAIL,
    Channel.PHONE: _R13_PHONE,
}


def _r13(channel: Channel, s: Situation) -> Cap | None:
    return _R13_CHANNELS.get(channel) if s.content is Content.MARKETING else None


# -- R14: group chats with people outside the firm ------------------------------------

_R14_WHATSAPP = Cap(
    NOT_ALLOWED,
    message(
        "r14-whatsapp-group",
        "In a WhatsApp group every member sees every other member's phone number, "
        "and it cannot be hidden; do not put people outside the firm into one.",
    ),
)
_R14_SMS = Cap(
    DISCOURAGED,
    message(
        "r14-sms-group",
        "A group SMS shows every recipient's phone number to all the others.",
    ),
)
_R14_EMAIL = Cap(
    WITH_CONDITIONS,
    message(
        "r14-open-recipient-list",
        "An e-mail to several people outside the firm shows every address in an open "
        "recipient list; without their agreement that is a personal data breach.",
    ),
    (
        message(
            "r14-blind-copy",
            "Put recipients outside the firm in Bcc, or write to each one separately.",
        ),
    ),
)
_R14_MESSENGER = Cap(
    WITH_CONDITIONS,
    message(
        "r14-messenger-group",
        "In a business messenger you decide who joins a group and can remove them when "
        "the job is done.",
    ),
    (
        message(
            "r14-group-members",
            "Add people outside the firm only with their agreement, and remove them "
            "from the group when the job is done.",
        ),
    ),
)
_R14_CHANNELS: dict[Channel, Cap] = {
    Channel.WHATSAPP_BUSINESS_APP: _R14_WHATSAPP,
    Channel.WHATSAPP_BUSINESS_PLATFORM: _R14_WHATSAPP,
    Channel.SMS: _R14_SMS,
    Channel.EMAIL: _R14_EMAIL,
    Channel.EMAIL_ENCRYPTED: _R14_EMAIL,
    Channel.BUSINESS_MESSENGER: _R14_MESSENGER,
}


def _r14(channel: Channel, s: Situation) -> Cap | None:
    return _R14_CHANNELS.get(channel) if s.group else None


def _caps(*tables: object) -> tuple[Cap, ...]:
    """Collect the distinct caps in *tables* (caps and dicts of caps), in order."""
    seen: dict[Cap, None] = {}
    for table in tables:
        values = table.values() if isinstance(table, dict) else [table]
        for cap in values:
            if isinstance(cap, Cap):
                seen[cap] = None
    return tuple(seen)


#: The rules R1–R14, in order.
RULES: tuple[Rule, ...] = (
    Rule(
        "R1",
        "Use the consumer WhatsApp app for private purposes only",
        Status.CONFIRMED,
        "WhatsApp's own terms exclude company use of the normal app.",
        ("S3", "S4", "S5"),
        _caps(_R1),
        _r1,
    ),
    Rule(
        "R2",
        "The WhatsApp Business app is allowed with customers, but it is not more secure",
        Status.CORRECTED,
        "The free WhatsApp Business app guarantees higher data security "
        "and may officially be used by companies.",
        ("S1", "S9", "S11", "S13", "S14", "S21", "S56", "S57"),
        _caps(_R2_BASE, _R2_COLLEAGUE, _R2_CONFIDENTIAL),
        _r2,
    ),
    Rule(
        "R3",
        "Never let a messenger read an address book of people who have not agreed",
        Status.ADDED,
        "The article misses that the apps upload the phone numbers in the address book, "
        "including those of people who do not use WhatsApp.",
        ("S9", "S16", "S17", "S18", "S19", "S20", "S21", "S32", "S38"),
        _caps(_R3_APP, _R3_MESSENGER),
        _r3,
    ),
    Rule(
        "R4",
        "Use e-mail as the default channel, and encrypt it end to end when the content needs it",
        Status.CORRECTED,
        "Communicate with business clients only by e-mail, because e-mail can be sent encrypted.",
        ("S36", "S37", "S53"),
        _caps(_R4_BASE, _R4_CONFIDENTIAL, _R4_SPECIAL, _R4_AT_REQUEST, _R4_ENCRYPTED, _R4_PHONE),
        _r4,
    ),
    Rule(
        "R5",
        "Use carrier SMS only for short notices without sensitive content",
        Status.CORRECTED,
        "Send very urgent changes of appointment by SMS, which is much safer "
        "than an American messaging service linked to Facebook.",
        ("S34", "S35"),
        _caps(_R5_SHORT_NOTICE, _R5_OTHER, _R5_SENSITIVE),
        _r5,
    ),
    Rule(
        "R6",
        "Being on the road is no reason for a messenger",
        Status.OPINION,
        "Being on the road is no argument for WhatsApp, "
        "because nearly everyone has a smartphone that can read e-mail.",
        ("S43", "S47"),
        _caps(_R6_URGENT),
        _r6,
    ),
    Rule(
        "R7",
        "Keep what the law requires you to keep, and choose channels you can archive",
        Status.ADDED,
        "The article calls e-mail more serious, but it misses the duty to keep business letters.",
        ("S39", "S40"),
        _caps(_R7_BUSINESS_LETTER),
        _r7,
    ),
    Rule(
        "R8",
        "iPhone or Android makes no difference to WhatsApp's legal position",
        Status.OUTDATED,
        "iPhone users legally have no choice but to give up WhatsApp at work; "
        "the Business app is an option at least for Android users.",
        ("S6", "S7", "S49"),
    ),
    Rule(
        "R9",
        "Never send health data or other special categories through WhatsApp or SMS",
        Status.ADDED,
        "The article does not treat health data and other special categories "
        "differently from other content.",
        ("S12", "S25", "S37", "S41", "S53"),
        _caps(_R9_SPECIAL, _R9_EMAIL_AT_REQUEST),
        _r9,
    ),
    Rule(
        "R10",
        "Decide once and write it down in a messaging policy",
        Status.CONFIRMED,
        "The author talked to a lawyer who specialises in data protection law "
        "and then decided firmly which channels to use.",
        ("S22", "S44"),
    ),
    Rule(
        "R11",
        "If you message many customers, the WhatsApp Business Platform through a provider "
        "can be allowed under conditions",
        Status.ADDED,
        "The article knows only the consumer app and the Business app; it does not consider "
        "a business platform run through a provider with processor terms.",
        ("S10", "S12", "S13", "S50", "S56"),
        _caps(_R11_BASE, _R11_COLLEAGUE, _R11_CONFIDENTIAL),
        _r11,
    ),
    Rule(
        "R12",
        "Professional secrets stay off WhatsApp",
        Status.ADDED,
        "The article does not consider firms bound by professional secrecy, "
        "such as health practices, lawyers and tax advisers.",
        ("S57", "S63", "S64"),
        _caps(_R12_WHATSAPP, _R12_WHATSAPP_SECRETS, _R12_SMS, _R12_PROVIDER),
        _r12,
    ),
    Rule(
        "R13",
        "Advertising needs the recipient's prior consent on every channel",
        Status.ADDED,
        "The article does not consider advertising, review requests or surveys.",
        ("S94", "S95"),
        _caps(_R13_ELECTRONIC, _R13_EMAIL, _R13_PHONE),
        _r13,
    ),
    Rule(
        "R14",
        "Keep group chats with people outside the firm off WhatsApp",
        Status.ADDED,
        "The article does not consider group chats, where every member sees the others.",
        ("S98",),
        _caps(_R14_CHANNELS),
        _r14,
    ),
)

_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    """Return the rule with id *rule_id* (``"R3"``; case does not matter).

    >>> rule("r9").title
    'Never send health data or other special categories through WhatsApp or SMS'
    >>> rule("R15")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "unknown rule 'R15'; valid ids: R1, R2, ..., R14"
    >>> rule(None)
    Traceback (most recent call last):
    ...
    TypeError: rule() expects a rule id such as 'R3' (a str), not NoneType
    """
    if not isinstance(rule_id, str):
        raise TypeError(
            f"rule() expects a rule id such as 'R3' (a str), not {type(rule_id).__name__}"
        )
    try:
        return _BY_ID[rule_id.upper()]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; valid ids: {', '.join(_BY_ID)}") from None


def _expect_situation(what: str, situation: object) -> None:
    """Raise :class:`TypeError` unless *situation* is a :class:`Situation`."""
    if not isinstance(situation, Situation):
        raise TypeError(f"{what}, not {type(situation).__name__}")


def check(channel: Channel | str, situation: Situation) -> Finding:
    """Decide how acceptable *channel* is in *situation*.

    Every rule is asked for its cap; the verdict is the strictest cap, and the
    finding names the rules whose cap equals it.
    Reasons come from those rules.
    Conditions come from every rule that applies, unless the channel is not allowed
    at all.

    >>> s = Situation(counterpart="consumer", content="appointment", urgent=True)
    >>> f = check("sms", s)
    >>> str(f.verdict), f.rules
    ('allowed-with-conditions', ('R5',))
    >>> f.conditions
    ('Keep the text to the time, the place and who is writing; SMS is not end-to-end encrypted.',)
    >>> check("whatsapp-business-app", Situation("business-client", "general")).rules
    ('R3',)
    >>> check("sms", None)
    Traceback (most recent call last):
    ...
    TypeError: check() expects a Situation as its second argument, not NoneType
    """
    _expect_situation("check() expects a Situation as its second argument", situation)
    channel = parse(Channel, channel)
    caps = [(r.id, cap) for r in RULES if (cap := r.cap_for(channel, situation)) is not None]
    verdict = min(cap.verdict for _, cap in caps)
    deciding = [(rule_id, cap) for rule_id, cap in caps if cap.verdict == verdict]
    conditions: dict[str, None] = {}
    if verdict > NOT_ALLOWED:
        for _, cap in caps:
            conditions.update(dict.fromkeys(cap.conditions))
    return Finding(
        channel=channel,
        verdict=verdict,
        rules=tuple(dict.fromkeys(rule_id for rule_id, _ in deciding)),
        conditions=tuple(conditions),
        reasons=tuple(dict.fromkeys(cap.reason for _, cap in deciding)),
    )


def recommend(situation: Situation) -> list[Finding]:
    """Check every channel in *situation* and return the findings, best first.

    The order is stable: by verdict, best first, and channels with the same
    verdict keep the order of :data:`CHANNEL_ORDER` (phone, e-mail, encrypted
    e-mail, SMS, business messenger, WhatsApp Business Platform, WhatsApp Business
    app, WhatsApp): the simplest, most widely available channel first.
    The phone is *recommended* only for urgent messages, so for anything that can
    wait the written channels come first.

    >>> [str(f.channel) for f in recommend(Situation("colleague", "confidential"))][:4]
    ['email-encrypted', 'business-messenger', 'phone', 'email']
    >>> [str(f.channel) for f in recommend(Situation("business-client", "confidential"))][:2]
    ['email-encrypted', 'phone']
    >>> recommend("consumer")
    Traceback (most recent call last):
    ...
    TypeError: recommend() expects a Situation, not str
    """
    _expect_situation("recommend() expects a Situation", situation)
    findings = [check(channel, situation) for channel in CHANNEL_ORDER]
    return sorted(findings, key=lambda f: -f.verdict.rank)


def all_situations() -> Iterator[Situation]:
    """Yield every possible situation: the product of every dimension's values.

    The dimensions are those of :data:`~messaging_rules.schema.SITUATION`, in order:
    3 counterparts × 5 contents × 3 contacts settings × 2 platforms × 2⁵ flags.

    >>> sum(1 for _ in all_situations())
    2880
    """
    for values in product(*(d.domain for d in SITUATION)):
        yield Situation(*values)  # type: ignore[arg-type]
