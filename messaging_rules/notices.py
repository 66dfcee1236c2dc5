"""What each channel means for the people a firm writes to, and who receives the data.

The templates of the guide (a consent form for customers and patients, an entry
for the records of processing, Art. 30 GDPR) need two facts per channel that no
verdict expresses:

:data:`NOTICES`
    one or two sentences for the person contacted: what happens to their data when
    the firm uses this channel (who can read the content, who sees the metadata,
    whether data may go to the USA);
:data:`RECIPIENTS`
    for the records of processing: who receives data besides the firm, and whether
    data go to a third country, on what basis.

Both are English message ids, translated in the package catalog like every other
text.  They state facts about the channels, never a verdict: which channels a
form offers comes from :func:`messaging_rules.check`, not from these tables.

>>> from messaging_rules.vocabulary import Channel
>>> set(NOTICES) == set(Channel) == set(RECIPIENTS)
True
>>> notice(Channel.SMS, "de").startswith("Eine SMS")
True
>>> recipients(Channel.WHATSAPP_BUSINESS_APP)[1].startswith("USA")
True
"""

from __future__ import annotations

from .i18n import translate
from .vocabulary import Channel

__all__ = ["NOTICES", "RECIPIENTS", "notice", "recipients"]

#: For the person contacted: what this channel means for their data (English ids).
NOTICES: dict[Channel, str] = {
    Channel.PHONE: (
        "We call you on the number you give us. We confirm in writing what we agree on the phone."
    ),
    Channel.EMAIL: (
        "E-mail is protected by encryption (TLS) on its way, "
        "but your and our mail providers can read it on their servers. "
        "We send nothing confidential by plain e-mail."
    ),
    Channel.EMAIL_ENCRYPTED: (
        "Only you and we can read the message (S/MIME or OpenPGP). "
        "You need a certificate or key and a mail program that supports it; "
        "ask us how to set it up."
    ),
    Channel.SMS: (
        "An SMS is not end-to-end encrypted: mobile carriers can read it. "
        "We write only the time, the place and who is writing, nothing about your matter."
    ),
    Channel.BUSINESS_MESSENGER: (
        "You need the same app as we do; we tell you which. "
        "Messages are end-to-end encrypted, and its provider works for us under a "
        "data processing agreement, with servers in the EU or a country of equal protection."
    ),
    Channel.WHATSAPP_BUSINESS_PLATFORM: (
        "We write to you on WhatsApp through a service provider. "
        "Meta decrypts the messages on its platform before they reach us, "
        "and data may be transferred to the USA."
    ),
    Channel.WHATSAPP_BUSINESS_APP: (
        "The content is end-to-end encrypted, but WhatsApp (Meta) receives the metadata: "
        "who writes to whom, when and how often. "
        "Data may be transferred to the USA, and WhatsApp's own terms apply to you."
    ),
    Channel.WHATSAPP: (
        "The content is end-to-end encrypted, but WhatsApp (Meta) receives the metadata "
        "and may read the phone's address book. "
        "Data may be transferred to the USA."
    ),
}

#: For the records of processing: (recipients, third country and basis) per channel.
RECIPIENTS: dict[Channel, tuple[str, str]] = {
    Channel.PHONE: (
        "Telephone providers of both sides (connection data)",
        "Ask your provider; name the country and the basis, or write none",
    ),
    Channel.EMAIL: (
        "Your e-mail host (processor, Art. 28 GDPR); the recipient's mail provider",
        "None if your host stores the mail in the EU/EEA; otherwise name the country and the basis",
    ),
    Channel.EMAIL_ENCRYPTED: (
        "Your e-mail host (processor, Art. 28 GDPR), who cannot read the content; "
        "the recipient's mail provider",
        "None if your host stores the mail in the EU/EEA; otherwise name the country and the basis",
    ),
    Channel.SMS: (
        "Your SMS service or mobile carrier; the recipient's carrier",
        "Ask your SMS service; name the country and the basis, or write none",
    ),
    Channel.BUSINESS_MESSENGER: (
        "Provider of the business messenger (processor, Art. 28 GDPR)",
        "None, or a country with an adequacy decision: name it",
    ),
    Channel.WHATSAPP_BUSINESS_PLATFORM: (
        "Your provider of the Platform (processor, Art. 28 GDPR); "
        "Meta, which decrypts the messages as processor; WhatsApp Ireland",
        "USA (WhatsApp LLC, Meta Platforms Inc.): ask your provider which basis applies; "
        "WhatsApp names the EU-US Data Privacy Framework, "
        "with standard contractual clauses as a fallback",
    ),
    Channel.WHATSAPP_BUSINESS_APP: (
        "WhatsApp Ireland (Meta): metadata of every chat, and the contacts the app may read",
        "USA (WhatsApp LLC, Meta Platforms Inc.): EU-US Data Privacy Framework, "
        "standard contractual clauses as a fallback",
    ),
    Channel.WHATSAPP: (
        "WhatsApp Ireland (Meta): metadata of every chat and the phone's address book",
        "USA (WhatsApp LLC, Meta Platforms Inc.)",
    ),
}


def notice(channel: Channel | str, lang: str = "en") -> str:
    """What *channel* means for the person contacted, in *lang*.

    >>> notice("phone")
    'We call you on the number you give us. We confirm in writing what we agree on the phone.'
    """
    return translate(NOTICES[Channel(channel)], lang)


def recipients(channel: Channel | str, lang: str = "en") -> tuple[str, str]:
    """Who receives data through *channel*, and the third country with its basis, in *lang*.

    >>> recipients("business-messenger")[0]
    'Provider of the business messenger (processor, Art. 28 GDPR)'
    """
    who, where = RECIPIENTS[Channel(channel)]
    return translate(who, lang), translate(where, lang)
