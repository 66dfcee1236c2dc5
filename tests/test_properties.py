"""Invariants of the engine, checked for every situation there is.

The space is small (2880 situations, eight channels each), so each invariant runs
over all of it instead of over a random sample: a counter-example cannot hide.
Every finding is computed once (:func:`verdict` looks it up), so the whole walk
takes a fraction of a second.
Random inputs belong where the space is not small: policy files and command lines
(tests/test_fuzz.py).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import messaging_rules as mr
from messaging_rules import Channel, Contacts, Content, Platform, Situation, Verdict

WHATSAPP_CHANNELS = (
    Channel.WHATSAPP,
    Channel.WHATSAPP_BUSINESS_APP,
    Channel.WHATSAPP_BUSINESS_PLATFORM,
)


@cache
def findings() -> dict[tuple[Channel, Situation], mr.Finding]:
    """What :func:`messaging_rules.check` says for every channel in every situation."""
    return {(c, s): mr.check(c, s) for s in mr.all_situations() for c in Channel}


def verdict(channel: Channel, situation: Situation) -> Verdict:
    return findings()[channel, situation].verdict


# -- the invariants, each a plain function of one situation (and channel) -------------


def consumer_whatsapp_never_allowed(situation: Situation) -> None:
    assert verdict(Channel.WHATSAPP, situation) == Verdict.NOT_ALLOWED


def platform_changes_nothing(channel: Channel, situation: Situation) -> None:
    assert len({findings()[channel, replace(situation, platform=p)] for p in Platform}) == 1


def encrypted_email_never_worse(situation: Situation) -> None:
    assert verdict(Channel.EMAIL_ENCRYPTED, situation) >= verdict(Channel.EMAIL, situation)


def more_sensitive_never_better(channel: Channel, situation: Situation) -> None:
    # Advertising is a kind of message, not a level of sensitivity: it needs consent
    # (R13) where a more sensitive message needs encryption, so it stays out of the chain.
    if situation.content is Content.MARKETING:
        return
    here = verdict(channel, situation)
    for content in Content:
        if content is not Content.MARKETING and content.sensitivity > situation.content.sensitivity:
            assert verdict(channel, replace(situation, content=content)) <= here


def urgency_never_helps_whatsapp(situation: Situation) -> None:
    calm, urgent = replace(situation, urgent=False), replace(situation, urgent=True)
    for channel in WHATSAPP_CHANNELS:
        assert verdict(channel, urgent) <= verdict(channel, calm)


def narrower_contacts_never_worse(channel: Channel, situation: Situation) -> None:
    full = verdict(channel, replace(situation, contacts=Contacts.FULL_ADDRESS_BOOK))
    for contacts in (Contacts.BUSINESS_ONLY, Contacts.NO_ACCESS):
        assert verdict(channel, replace(situation, contacts=contacts)) >= full


def one_verdict_per_channel(situation: Situation) -> None:
    ranked = mr.recommend(situation)
    assert sorted(f.channel for f in ranked) == sorted(Channel)
    assert [f.verdict for f in ranked] == sorted((f.verdict for f in ranked), reverse=True)
    for finding in ranked:
        assert finding == findings()[finding.channel, situation]


# -- exhaustive ----------------------------------------------------------------------


def test_whole_situation_space() -> None:
    space = list(mr.all_situations())
    print(f"situations: {len(space)}, findings: {len(space) * len(Channel)}")
    assert len(space) == 3 * 5 * 3 * 2 * 2**5 == 2880
    assert len(set(space)) == 2880
    for situation in space:
        consumer_whatsapp_never_allowed(situation)
        encrypted_email_never_worse(situation)
        urgency_never_helps_whatsapp(situation)
        one_verdict_per_channel(situation)
        for channel in Channel:
            platform_changes_nothing(channel, situation)
            more_sensitive_never_better(channel, situation)
            narrower_contacts_never_worse(channel, situation)
