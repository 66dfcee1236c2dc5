"""The rules on e-mail, the phone, SMS, urgency, records and special categories: R4–R7, R9.

R4 makes e-mail the default channel and asks for end-to-end encryption where the
content needs it (and says what a recipient's own request changes); R5 limits
carrier SMS to short notices; R6 says that urgency excuses no forbidden channel;
R7 asks for channels that can keep what the law requires to be kept; R9 keeps
special categories of personal data (Art. 9 GDPR) on channels built for them.
The types are those of :mod:`messaging_rules.rule_types`; :mod:`messaging_rules.rules`
combines the caps.

>>> from messaging_rules import Channel, Situation
>>> R5.cap_for(Channel.SMS, Situation("consumer", "confidential")).verdict
<Verdict.NOT_ALLOWED: 'not-allowed'>
>>> R4.cap_for(Channel.EMAIL, Situation("consumer", "general")).verdict
<Verdict.RECOMMENDED: 'recommended'>
"""

from __future__ import annotations

from .model import Situation, message
from .rule_types import DISCOURAGED, NOT_ALLOWED, RECOMMENDED, WITH_CONDITIONS, Cap, Rule, caps_in
from .vocabulary import Channel, Content, Status

__all__ = ["R4", "R5", "R6", "R7", "R9"]

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


# -- the rules -----------------------------------------------------------------------

R4 = Rule(
    "R4",
    "Use e-mail as the default channel, and encrypt it end to end when the content needs it",
    Status.CORRECTED,
    "Communicate with business clients only by e-mail, because e-mail can be sent encrypted.",
    ("S36", "S37", "S53"),
    caps_in(_R4_BASE, _R4_CONFIDENTIAL, _R4_SPECIAL, _R4_AT_REQUEST, _R4_ENCRYPTED, _R4_PHONE),
    _r4,
)

R5 = Rule(
    "R5",
    "Use carrier SMS only for short notices without sensitive content",
    Status.CORRECTED,
    "Send very urgent changes of appointment by SMS, which is much safer "
    "than an American messaging service linked to Facebook.",
    ("S34", "S35"),
    caps_in(_R5_SHORT_NOTICE, _R5_OTHER, _R5_SENSITIVE),
    _r5,
)

R6 = Rule(
    "R6",
    "Being on the road is no reason for a messenger",
    Status.OPINION,
    "Being on the road is no argument for WhatsApp, "
    "because nearly everyone has a smartphone that can read e-mail.",
    ("S43", "S47"),
    caps_in(_R6_URGENT),
    _r6,
)

R7 = Rule(
    "R7",
    "Keep what the law requires you to keep, and choose channels you can archive",
    Status.ADDED,
    "The article calls e-mail more serious, but it misses the duty to keep business letters.",
    ("S39", "S40"),
    caps_in(_R7_BUSINESS_LETTER),
    _r7,
)

R9 = Rule(
    "R9",
    "Never send health data or other special categories through WhatsApp or SMS",
    Status.ADDED,
    "The article does not treat health data and other special categories "
    "differently from other content.",
    ("S12", "S25", "S37", "S41", "S53"),
    caps_in(_R9_SPECIAL, _R9_EMAIL_AT_REQUEST),
    _r9,
)
