"""The recommendation rules R1–R14 and the engine that applies them.

A rule is data (id, title, status, what the 2018 article claimed, sources) plus a
small pure function.
For one channel in one situation the function returns a
:class:`~messaging_rules.rule_types.Cap` (a verdict, a reason and conditions) or
``None`` when the rule has nothing to say.
Each channel starts at its best case, named by a *base rule*; every other rule
that applies can only lower the verdict.
The final verdict is the :func:`min` of all caps, and the finding names the rules
whose cap equals that verdict.
The rules are written in three modules, by group
(:mod:`messaging_rules.rules_whatsapp`, :mod:`messaging_rules.rules_channels`,
:mod:`messaging_rules.rules_duties`), with the types of
:mod:`messaging_rules.rule_types`; this module puts them in order (:data:`RULES`)
and applies them (:func:`check`, :func:`recommend`).

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
:func:`messaging_rules.policy_audit.audit` to a written team policy.
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

from collections.abc import Iterator
from itertools import product

from .model import Finding, Situation
from .rule_types import NOT_ALLOWED, Rule
from .rules_channels import R4, R5, R6, R7, R9
from .rules_duties import R10, R12, R13, R14
from .rules_whatsapp import R1, R2, R3, R8, R11
from .schema import SITUATION
from .vocabulary import Channel, parse

__all__ = ["CHANNEL_ORDER", "RULES", "all_situations", "check", "recommend", "rule"]


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

#: The rules R1–R14, in order.
RULES: tuple[Rule, ...] = (R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13, R14)

_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    """Return the rule with id *rule_id* (``"R3"``; case does not matter).

    >>> rule("r9").title
    'Never send health data or other special categories through WhatsApp or SMS'
    >>> rule("R15")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "unknown rule 'R15'; valid ids: R1, R2, R3, ..., R12, R13, R14"
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
