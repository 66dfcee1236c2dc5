"""Invariants of the engine: with hypothesis, then over the whole situation space."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from messaging_rules import (
    Channel,
    Contacts,
    Content,
    Counterpart,
    Platform,
    Situation,
    Verdict,
    all_situations,
    check,
    recommend,
)

WHATSAPP_CHANNELS = (
    Channel.WHATSAPP,
    Channel.WHATSAPP_BUSINESS_APP,
    Channel.WHATSAPP_BUSINESS_PLATFORM,
)

situations = st.builds(
    Situation,
    counterpart=st.sampled_from(Counterpart),
    content=st.sampled_from(Content),
    contacts=st.sampled_from(Contacts),
    platform=st.sampled_from(Platform),
    urgent=st.booleans(),
    business_letter=st.booleans(),
)
channels = st.sampled_from(Channel)


# -- the invariants, each a plain function of one situation (and channel) -------------


def consumer_whatsapp_never_allowed(situation: Situation) -> None:
    assert check(Channel.WHATSAPP, situation).verdict == Verdict.NOT_ALLOWED


def platform_changes_nothing(channel: Channel, situation: Situation) -> None:
    findings = {check(channel, replace(situation, platform=p)) for p in Platform}
    assert len(findings) == 1


def encrypted_email_never_worse(situation: Situation) -> None:
    encrypted = check(Channel.EMAIL_ENCRYPTED, situation).verdict
    assert encrypted >= check(Channel.EMAIL, situation).verdict


def more_sensitive_never_better(channel: Channel, situation: Situation) -> None:
    verdict = check(channel, situation).verdict
    for content in Content:
        if content.sensitivity > situation.content.sensitivity:
            assert check(channel, replace(situation, content=content)).verdict <= verdict


def urgency_never_helps_whatsapp(situation: Situation) -> None:
    calm, urgent = replace(situation, urgent=False), replace(situation, urgent=True)
    for channel in WHATSAPP_CHANNELS:
        assert check(channel, urgent).verdict <= check(channel, calm).verdict


def narrower_contacts_never_worse(channel: Channel, situation: Situation) -> None:
    full = check(channel, replace(situation, contacts=Contacts.FULL_ADDRESS_BOOK)).verdict
    for contacts in (Contacts.BUSINESS_ONLY, Contacts.NO_ACCESS):
        assert check(channel, replace(situation, contacts=contacts)).verdict >= full


def one_verdict_per_channel(situation: Situation) -> None:
    findings = recommend(situation)
    assert sorted(f.channel for f in findings) == sorted(Channel)
    assert [f.verdict for f in findings] == sorted((f.verdict for f in findings), reverse=True)
    for finding in findings:
        assert finding == check(finding.channel, situation)


# -- hypothesis ----------------------------------------------------------------------


@given(situations)
def test_consumer_whatsapp_never_allowed(situation: Situation) -> None:
    consumer_whatsapp_never_allowed(situation)


@given(channels, situations)
def test_platform_changes_nothing(channel: Channel, situation: Situation) -> None:
    platform_changes_nothing(channel, situation)


@given(situations)
def test_encrypted_email_never_worse(situation: Situation) -> None:
    encrypted_email_never_worse(situation)


@given(channels, situations)
def test_more_sensitive_never_better(channel: Channel, situation: Situation) -> None:
    more_sensitive_never_better(channel, situation)


@given(situations)
def test_urgency_never_helps_whatsapp(situation: Situation) -> None:
    urgency_never_helps_whatsapp(situation)


@given(channels, situations)
def test_narrower_contacts_never_worse(channel: Channel, situation: Situation) -> None:
    narrower_contacts_never_worse(channel, situation)


@given(situations)
def test_one_verdict_per_channel(situation: Situation) -> None:
    one_verdict_per_channel(situation)


# -- exhaustive ----------------------------------------------------------------------


def test_whole_situation_space() -> None:
    space = list(all_situations())
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
