"""The rules on the firm's own duties: R10, R12, R13, R14.

R10 asks the firm to decide once and write a messaging policy (applied by
:func:`messaging_rules.audit`); R12 keeps professional secrets
(§ 203 StGB) off WhatsApp; R13 asks for the recipient's consent to advertising on
every channel (§ 7 UWG); R14 keeps group chats with people outside the firm off
WhatsApp.
The types are those of :mod:`messaging_rules.rule_types`; :mod:`messaging_rules.rules`
combines the caps.

>>> from messaging_rules import Channel, Situation
>>> R14.cap_for(Channel.SMS, Situation("consumer", "general", group=True)).verdict
<Verdict.DISCOURAGED: 'discouraged'>
>>> R10.cap_for(Channel.SMS, Situation("consumer", "general")) is None
True
"""

from __future__ import annotations

from .model import Situation, message
from .rule_types import DISCOURAGED, NOT_ALLOWED, RECOMMENDED, WITH_CONDITIONS, Cap, Rule, caps_in
from .vocabulary import Channel, Content, Status

__all__ = ["R10", "R12", "R13", "R14"]

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


# -- the rules -----------------------------------------------------------------------

R10 = Rule(
    "R10",
    "Decide once and write it down in a messaging policy",
    Status.CONFIRMED,
    "The author talked to a lawyer who specialises in data protection law "
    "and then decided firmly which channels to use.",
    ("S22", "S44"),
)

R12 = Rule(
    "R12",
    "Professional secrets stay off WhatsApp",
    Status.ADDED,
    "The article does not consider firms bound by professional secrecy, "
    "such as health practices, lawyers and tax advisers.",
    ("S57", "S63", "S64"),
    caps_in(_R12_WHATSAPP, _R12_WHATSAPP_SECRETS, _R12_SMS, _R12_PROVIDER),
    _r12,
)

R13 = Rule(
    "R13",
    "Advertising needs the recipient's prior consent on every channel",
    Status.ADDED,
    "The article does not consider advertising, review requests or surveys.",
    ("S94", "S95", "S131", "S155"),
    caps_in(_R13_ELECTRONIC, _R13_EMAIL, _R13_PHONE),
    _r13,
)

R14 = Rule(
    "R14",
    "Keep group chats with people outside the firm off WhatsApp",
    Status.ADDED,
    "The article does not consider group chats, where every member sees the others.",
    ("S98",),
    caps_in(_R14_CHANNELS),
    _r14,
)
