"""Invariants of the engine, checked for every situation there is.

The space is small (576 situations, eight channels each), so each invariant runs
over all of it instead of over a random sample: a counter-example cannot hide.
Random inputs belong where the space is not small: policy files and command lines
(tests/test_fuzz.py).
"""

from __future__ import annotations

from dataclasses import replace

import messaging_rules as mr
from messaging_rules import Channel, Contacts, Content, Platform, Situation, Verdict

WHATSAPP_CHANNELS = (
    Channel.WHATSAPP,
    Channel.WHATSAPP_BUSINESS_APP,
    Channel.WHATSAPP_BUSINESS_PLATFORM,
)


# -- the invariants, each a plain function of one situation (and channel) -------------


def consumer_whatsapp_never_allowed(situation: Situation) -> None:
    assert mr.check(Channel.WHATSAPP, situation).verdict == Verdict.NOT_ALLOWED


def platform_changes_nothing(channel: Channel, situation: Situation) -> None:
    findings = {mr.check(channel, replace(situation, platform=p)) for p in Platform}
    assert len(findings) == 1


def encrypted_email_never_worse(situation: Situation) -> None:
    encrypted = mr.check(Channel.EMAIL_ENCRYPTED, situation).verdict
    assert encrypted >= mr.check(Channel.EMAIL, situation).verdict


def more_sensitive_never_better(channel: Channel, situation: Situation) -> None:
    verdict = mr.check(channel, situation).verdict
    for content in Content:
        if content.sensitivity > situation.content.sensitivity:
            assert mr.check(channel, replace(situation, content=content)).verdict <= verdict


def urgency_never_helps_whatsapp(situation: Situation) -> None:
    calm, urgent = replace(situation, urgent=False), replace(situation, urgent=True)
    for channel in WHATSAPP_CHANNELS:
        assert mr.check(channel, urgent).verdict <= mr.check(channel, calm).verdict


def narrower_contacts_never_worse(channel: Channel, situation: Situation) -> None:
    full = mr.check(channel, replace(situation, contacts=Contacts.FULL_ADDRESS_BOOK)).verdict
    for contacts in (Contacts.BUSINESS_ONLY, Contacts.NO_ACCESS):
        assert mr.check(channel, replace(situation, contacts=contacts)).verdict >= full


def one_verdict_per_channel(situation: Situation) -> None:
    findings = mr.recommend(situation)
    assert sorted(f.channel for f in findings) == sorted(Channel)
    assert [f.verdict for f in findings] == sorted((f.verdict for f in findings), reverse=True)
    for finding in findings:
        assert finding == mr.check(finding.channel, situation)


# -- exhaustive ----------------------------------------------------------------------


def test_whole_situation_space() -> None:
    space = list(mr.all_situations())
    print(f"situations: {len(space)}, findings: {len(space) * len(Channel)}")
    assert len(space) == 3 * 4 * 3 * 2 * 2 * 2 * 2 == 576
    assert len(set(space)) == 576
    for situation in space:
        consumer_whatsapp_never_allowed(situation)
        encrypted_email_never_worse(situation)
        urgency_never_helps_whatsapp(situation)
        one_verdict_per_channel(situation)
        for channel in Channel:
            platform_changes_nothing(channel, situation)
            more_sensitive_never_better(channel, situation)
            narrower_contacts_never_worse(channel, situation)
