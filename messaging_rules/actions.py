"""What to do about each rule: one instruction a small firm can act on the same day.

The rules' titles say what holds; the handout's rule table needs what to *do*.
:data:`ACTIONS` holds one English instruction per rule id (translated in the
package catalog like every other text); it never states a verdict of its own,
it tells the reader how to stay within the verdicts of :mod:`messaging_rules.rules`.

>>> from messaging_rules.rules import RULES
>>> sorted(ACTIONS, key=lambda rule_id: int(rule_id[1:])) == [r.id for r in RULES]
True
>>> action("R8", "de").startswith("Wählen Sie")
True
"""

from __future__ import annotations

from .i18n import translate

__all__ = ["ACTIONS", "action"]

#: One instruction per rule id (English message ids).
ACTIONS: dict[str, str] = {
    "R1": "Keep work out of the normal WhatsApp app: no customer chats and no team chats in it.",
    "R2": (
        "Use the WhatsApp Business app only with customers whose documented consent you have, "
        "never for confidential content and never for team chat."
    ),
    "R3": (
        "Switch off every messenger's access to the address book, or give it a separate "
        "address book of people who consented."
    ),
    "R4": (
        "Write by e-mail by default, and encrypt it end to end (S/MIME or OpenPGP) "
        "when the content is confidential."
    ),
    "R5": "Put only the time, the place and who is writing into an SMS.",
    "R6": "When it is urgent, call; being on the road is no reason for WhatsApp.",
    "R7": (
        "File quotes, orders and invoices from every channel in your archive "
        "for as long as the law requires."
    ),
    "R8": "Choose Android or iPhone as you like: the same rules apply to both.",
    "R9": (
        "Send health data only end-to-end encrypted; by normal e-mail only at the "
        "patient's own documented request."
    ),
    "R10": "Write down which channel is for what, have it checked, and let the team sign it.",
    "R11": (
        "For messages to many customers, use the WhatsApp Business Platform only through "
        "a provider with processor terms, and only with the customers' documented consent."
    ),
    "R12": (
        "If you are bound by professional secrecy, keep WhatsApp out of the practice or "
        "office, and bind your mail and messenger providers to secrecy."
    ),
    "R13": (
        "Send advertising, review requests and surveys only to people whose prior consent "
        "you have documented."
    ),
    "R14": (
        "Run group chats with people outside the firm on a business messenger, "
        "and put outside e-mail recipients in Bcc."
    ),
}


def action(rule_id: str, lang: str = "en") -> str:
    """Return the instruction for *rule_id* in *lang*.

    >>> action("R5")
    'Put only the time, the place and who is writing into an SMS.'
    """
    return translate(ACTIONS[rule_id.upper()], lang)
