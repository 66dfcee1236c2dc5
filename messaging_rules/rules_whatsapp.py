"""The rules on WhatsApp's products, the address book and the platform: R1, R2, R3, R8, R11.

R1 keeps the consumer app private; R2 allows the WhatsApp Business app with
customers under conditions, R11 the WhatsApp Business Platform through a provider
(neither with colleagues); R3 forbids letting an app read an address book of people
who have not agreed, and judges the business messenger; R8 says that the phone's
platform changes nothing.
The types are those of :mod:`messaging_rules.rule_types`; :mod:`messaging_rules.rules`
combines the caps.

>>> from messaging_rules import Channel, Situation
>>> R3.cap_for(Channel.WHATSAPP_BUSINESS_APP, Situation("consumer", "general")).verdict
<Verdict.NOT_ALLOWED: 'not-allowed'>
>>> R8.cap_for(Channel.WHATSAPP, Situation("consumer", "general")) is None
True
"""

from __future__ import annotations

from .model import Situation, message
from .rule_types import DISCOURAGED, NOT_ALLOWED, RECOMMENDED, WITH_CONDITIONS, Cap, Rule, caps_in
from .vocabulary import Channel, Contacts, Content, Counterpart, Status

__all__ = ["R1", "R2", "R3", "R8", "R11"]

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


# -- the rules -----------------------------------------------------------------------

R1 = Rule(
    "R1",
    "Use the consumer WhatsApp app for private purposes only",
    Status.CONFIRMED,
    "WhatsApp's own terms exclude company use of the normal app.",
    ("S3", "S4", "S5"),
    caps_in(_R1),
    _r1,
)

R2 = Rule(
    "R2",
    "The WhatsApp Business app is allowed with customers, but it is not more secure",
    Status.CORRECTED,
    "The free WhatsApp Business app guarantees higher data security "
    "and may officially be used by companies.",
    ("S1", "S9", "S11", "S13", "S14", "S21", "S56", "S57"),
    caps_in(_R2_BASE, _R2_COLLEAGUE, _R2_CONFIDENTIAL),
    _r2,
)

R3 = Rule(
    "R3",
    "Never let a messenger read an address book of people who have not agreed",
    Status.ADDED,
    "The article misses that the apps upload the phone numbers in the address book, "
    "including those of people who do not use WhatsApp.",
    ("S9", "S16", "S17", "S18", "S19", "S20", "S21", "S32", "S38"),
    caps_in(_R3_APP, _R3_MESSENGER),
    _r3,
)

R8 = Rule(
    "R8",
    "iPhone or Android makes no difference to WhatsApp's legal position",
    Status.OUTDATED,
    "iPhone users legally have no choice but to give up WhatsApp at work; "
    "the Business app is an option at least for Android users.",
    ("S6", "S7", "S49"),
)

R11 = Rule(
    "R11",
    "If you message many customers, the WhatsApp Business Platform through a provider "
    "can be allowed under conditions",
    Status.ADDED,
    "The article knows only the consumer app and the Business app; it does not consider "
    "a business platform run through a provider with processor terms.",
    ("S10", "S12", "S13", "S50", "S56"),
    caps_in(_R11_BASE, _R11_COLLEAGUE, _R11_CONFIDENTIAL),
    _r11,
)
