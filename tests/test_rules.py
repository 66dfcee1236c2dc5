"""The decision table, row by row, the invariants of edition 3, and the data of the rules."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from messaging_rules import (
    CHANNEL_ORDER,
    FLAGS,
    RULES,
    Channel,
    Finding,
    Situation,
    Status,
    Verdict,
    all_situations,
    check,
    recommend,
    rule,
)

NA = Verdict.NOT_ALLOWED
DISC = Verdict.DISCOURAGED
AWC = Verdict.ALLOWED_WITH_CONDITIONS
REC = Verdict.RECOMMENDED

BC, CONSUMER, COLLEAGUE = "business-client", "consumer", "colleague"
FULL, BUSINESS_ONLY, NO_ACCESS = "full-address-book", "business-only", "no-access"


def s(counterpart: str, content: str, contacts: str = FULL, **flags: object) -> Situation:
    return Situation(counterpart, content, contacts, **flags)


# (channel, situation, verdict, rules): every row of the decision table, edition 3.
TABLE = [
    # whatsapp (consumer): R1 not-allowed, always; urgent adds R6; a request changes nothing.
    ("whatsapp", s(BC, "general"), NA, ("R1",)),
    ("whatsapp", s(CONSUMER, "appointment", NO_ACCESS), NA, ("R1",)),
    ("whatsapp", s(COLLEAGUE, "special-category", business_letter=True), NA, ("R1",)),
    ("whatsapp", s(CONSUMER, "appointment", urgent=True), NA, ("R1", "R6")),
    ("whatsapp", s(COLLEAGUE, "general", NO_ACCESS, urgent=True), NA, ("R1", "R6")),
    ("whatsapp", s(CONSUMER, "special-category", recipient_request=True), NA, ("R1",)),
    # whatsapp-business-app: base R2; contacts R3; special R9; letter R7; colleague R2.
    ("whatsapp-business-app", s(BC, "general"), NA, ("R3",)),
    ("whatsapp-business-app", s(CONSUMER, "appointment", urgent=True), NA, ("R3",)),
    ("whatsapp-business-app", s(BC, "general", BUSINESS_ONLY), AWC, ("R2", "R3")),
    ("whatsapp-business-app", s(CONSUMER, "confidential", BUSINESS_ONLY), DISC, ("R2",)),
    ("whatsapp-business-app", s(CONSUMER, "confidential", NO_ACCESS), DISC, ("R2",)),
    ("whatsapp-business-app", s(BC, "confidential", NO_ACCESS), DISC, ("R2",)),
    ("whatsapp-business-app", s(CONSUMER, "appointment", NO_ACCESS), AWC, ("R2",)),
    ("whatsapp-business-app", s(CONSUMER, "special-category", BUSINESS_ONLY), NA, ("R9",)),
    ("whatsapp-business-app", s(CONSUMER, "special-category"), NA, ("R3", "R9")),
    (
        "whatsapp-business-app",
        s(CONSUMER, "special-category", NO_ACCESS, recipient_request=True),
        NA,
        ("R9",),
    ),
    ("whatsapp-business-app", s(BC, "general", NO_ACCESS, business_letter=True), DISC, ("R7",)),
    ("whatsapp-business-app", s(COLLEAGUE, "general", BUSINESS_ONLY), NA, ("R2",)),
    ("whatsapp-business-app", s(COLLEAGUE, "general", NO_ACCESS), NA, ("R2",)),
    (
        "whatsapp-business-app",
        s(COLLEAGUE, "general", NO_ACCESS, business_letter=True),
        NA,
        ("R2",),
    ),
    ("whatsapp-business-app", s(COLLEAGUE, "general"), NA, ("R2", "R3")),
    # whatsapp-business-platform: base R11; confidential R11; special R9; colleague R11.
    ("whatsapp-business-platform", s(CONSUMER, "appointment"), AWC, ("R11",)),
    ("whatsapp-business-platform", s(BC, "general", urgent=True), AWC, ("R11",)),
    ("whatsapp-business-platform", s(BC, "general", business_letter=True), AWC, ("R11",)),
    ("whatsapp-business-platform", s(BC, "confidential", NO_ACCESS), DISC, ("R11",)),
    (
        "whatsapp-business-platform",
        s(CONSUMER, "confidential", recipient_request=True),
        DISC,
        ("R11",),
    ),
    ("whatsapp-business-platform", s(CONSUMER, "special-category"), NA, ("R9",)),
    ("whatsapp-business-platform", s(COLLEAGUE, "general"), NA, ("R11",)),
    ("whatsapp-business-platform", s(COLLEAGUE, "special-category"), NA, ("R9", "R11")),
    # sms (carrier SMS): appointment R5 allowed, urgent or not; general R5 discouraged;
    # confidential R5; special R5 + R9; letter R7; a request lifts nothing.
    ("sms", s(CONSUMER, "appointment", urgent=True), AWC, ("R5",)),
    ("sms", s(BC, "appointment", NO_ACCESS, urgent=True), AWC, ("R5",)),
    ("sms", s(CONSUMER, "appointment"), AWC, ("R5",)),
    ("sms", s(CONSUMER, "general", urgent=True), DISC, ("R5",)),
    ("sms", s(COLLEAGUE, "general"), DISC, ("R5",)),
    ("sms", s(BC, "confidential", urgent=True), NA, ("R5",)),
    ("sms", s(CONSUMER, "special-category", urgent=True), NA, ("R5", "R9")),
    ("sms", s(CONSUMER, "special-category", recipient_request=True), NA, ("R5", "R9")),
    ("sms", s(CONSUMER, "appointment", urgent=True, business_letter=True), DISC, ("R7",)),
    ("sms", s(BC, "general", business_letter=True), DISC, ("R5", "R7")),
    ("sms", s(BC, "confidential", business_letter=True), NA, ("R5",)),
    # email (TLS only): base R4; confidential R4; special R4 + R9; urgent names R6;
    # the recipient's request lifts confidential and special content to allowed.
    ("email", s(BC, "general"), REC, ("R4",)),
    ("email", s(CONSUMER, "appointment", business_letter=True), REC, ("R4",)),
    ("email", s(BC, "appointment", urgent=True), REC, ("R4", "R6")),
    ("email", s(BC, "general", recipient_request=True), REC, ("R4",)),
    ("email", s(BC, "confidential"), DISC, ("R4",)),
    ("email", s(BC, "confidential", urgent=True), DISC, ("R4",)),
    ("email", s(CONSUMER, "confidential", recipient_request=True), AWC, ("R4",)),
    ("email", s(CONSUMER, "special-category"), NA, ("R4", "R9")),
    ("email", s(COLLEAGUE, "special-category", urgent=True), NA, ("R4", "R9")),
    ("email", s(CONSUMER, "special-category", recipient_request=True), AWC, ("R4", "R9")),
    # email-encrypted: R4 recommended for every content; special names R9; urgent names R6.
    ("email-encrypted", s(CONSUMER, "general"), REC, ("R4",)),
    ("email-encrypted", s(BC, "confidential"), REC, ("R4",)),
    ("email-encrypted", s(CONSUMER, "special-category"), REC, ("R4", "R9")),
    ("email-encrypted", s(BC, "confidential", urgent=True), REC, ("R4", "R6")),
    ("email-encrypted", s(CONSUMER, "special-category", urgent=True), REC, ("R4", "R6", "R9")),
    # business-messenger: base R3 (colleague recommended); special R9; letter R7.
    ("business-messenger", s(COLLEAGUE, "general"), REC, ("R3",)),
    ("business-messenger", s(COLLEAGUE, "confidential", urgent=True), REC, ("R3",)),
    ("business-messenger", s(BC, "general"), AWC, ("R3",)),
    ("business-messenger", s(CONSUMER, "appointment"), AWC, ("R3",)),
    ("business-messenger", s(CONSUMER, "special-category"), AWC, ("R3", "R9")),
    ("business-messenger", s(COLLEAGUE, "special-category"), AWC, ("R9",)),
    ("business-messenger", s(COLLEAGUE, "general", business_letter=True), AWC, ("R7",)),
    ("business-messenger", s(BC, "general", business_letter=True), AWC, ("R3", "R7")),
    # phone: urgent R6 recommended; otherwise R4 (confirm in writing); letter R7.
    ("phone", s(CONSUMER, "special-category"), AWC, ("R4",)),
    ("phone", s(BC, "confidential"), AWC, ("R4",)),
    ("phone", s(COLLEAGUE, "appointment", urgent=True), REC, ("R6",)),
    ("phone", s(BC, "general", business_letter=True), AWC, ("R4", "R7")),
    ("phone", s(BC, "general", urgent=True, business_letter=True), AWC, ("R7",)),
    # professional secrecy (R12): WhatsApp at most discouraged, never for secrets;
    # SMS and e-mail keep their verdicts with R12's conditions.
    (
        "whatsapp-business-app",
        s(CONSUMER, "appointment", NO_ACCESS, professional_secrecy=True),
        DISC,
        ("R12",),
    ),  # fmt: skip
    (
        "whatsapp-business-app",
        s(CONSUMER, "confidential", NO_ACCESS, professional_secrecy=True),
        NA,
        ("R12",),
    ),  # fmt: skip
    (
        "whatsapp-business-platform",
        s(CONSUMER, "appointment", professional_secrecy=True),
        DISC,
        ("R12",),
    ),  # fmt: skip
    (
        "whatsapp-business-platform",
        s(BC, "confidential", professional_secrecy=True, recipient_request=True),
        NA,
        ("R12",),
    ),  # fmt: skip
    (
        "whatsapp-business-platform",
        s(CONSUMER, "special-category", professional_secrecy=True),
        NA,
        ("R9", "R12"),
    ),  # fmt: skip
    ("sms", s(CONSUMER, "appointment", professional_secrecy=True), AWC, ("R5", "R12")),
    ("email", s(CONSUMER, "general", professional_secrecy=True), REC, ("R4", "R12")),
    (
        "email",
        s(CONSUMER, "special-category", professional_secrecy=True, recipient_request=True),
        AWC,
        ("R4", "R9"),
    ),  # fmt: skip
    (
        "business-messenger",
        s(COLLEAGUE, "general", professional_secrecy=True),
        REC,
        ("R3", "R12"),
    ),  # fmt: skip
    ("phone", s(CONSUMER, "special-category", professional_secrecy=True), AWC, ("R4",)),
    # advertising (R13): consent on every channel, nothing recommended.
    ("email", s(CONSUMER, "marketing"), AWC, ("R13",)),
    ("email-encrypted", s(BC, "marketing"), AWC, ("R13",)),
    ("sms", s(CONSUMER, "marketing"), DISC, ("R5",)),
    ("business-messenger", s(CONSUMER, "marketing"), AWC, ("R3", "R13")),
    ("whatsapp-business-platform", s(CONSUMER, "marketing"), AWC, ("R11", "R13")),
    ("whatsapp-business-app", s(CONSUMER, "marketing", NO_ACCESS), AWC, ("R2", "R13")),
    ("phone", s(CONSUMER, "marketing"), AWC, ("R4", "R13")),
    ("phone", s(CONSUMER, "marketing", urgent=True), AWC, ("R13",)),
    # group chats with people outside the firm (R14).
    ("whatsapp-business-app", s(BC, "general", NO_ACCESS, group=True), NA, ("R14",)),
    ("whatsapp-business-platform", s(CONSUMER, "appointment", group=True), NA, ("R14",)),
    ("sms", s(CONSUMER, "appointment", group=True), DISC, ("R14",)),
    ("email", s(BC, "general", group=True), AWC, ("R14",)),
    ("email-encrypted", s(BC, "confidential", group=True), AWC, ("R14",)),
    ("business-messenger", s(BC, "general", group=True), AWC, ("R3", "R14")),
    ("phone", s(BC, "general", group=True), AWC, ("R4",)),
    # platform never matters (R8): the same rows on iOS.
    (
        "whatsapp-business-app",
        Situation(BC, "general", BUSINESS_ONLY, "ios"),
        AWC,
        ("R2", "R3"),
    ),
    ("sms", Situation(CONSUMER, "appointment", platform="ios", urgent=True), AWC, ("R5",)),
]


def _case_id(case: tuple[str, Situation, Verdict, tuple[str, ...]]) -> str:
    channel, situation, _, _ = case
    flags = [f for f in FLAGS if getattr(situation, f)]
    parts = [channel, situation.counterpart, situation.content, situation.contacts]
    return "-".join(str(p) for p in [*parts, situation.platform, *flags])


@pytest.mark.parametrize(
    ("channel", "situation", "verdict", "rules"), TABLE, ids=[_case_id(c) for c in TABLE]
)
def test_decision_table(
    channel: str, situation: Situation, verdict: Verdict, rules: tuple[str, ...]
) -> None:
    finding = check(channel, situation)
    assert (finding.verdict, finding.rules) == (verdict, rules)


def test_table_covers_every_channel() -> None:
    assert {Channel(channel) for channel, *_ in TABLE} == set(Channel)


def test_brief_example_order() -> None:
    situation = Situation("consumer", "appointment", urgent=True)
    got = [(str(f.channel), str(f.verdict)) for f in recommend(situation)]
    assert got == [
        ("phone", "recommended"),
        ("email", "recommended"),
        ("email-encrypted", "recommended"),
        ("sms", "allowed-with-conditions"),
        ("business-messenger", "allowed-with-conditions"),
        ("whatsapp-business-platform", "allowed-with-conditions"),
        ("whatsapp-business-app", "not-allowed"),
        ("whatsapp", "not-allowed"),
    ]


def test_not_allowed_has_no_conditions_and_always_a_reason() -> None:
    for situation in all_situations():
        for finding in recommend(situation):
            assert finding.reasons, finding
            if finding.verdict == NA:
                assert finding.conditions == ()


def test_allowed_with_conditions_always_names_conditions() -> None:
    for situation in all_situations():
        for finding in recommend(situation):
            if finding.verdict == AWC:
                assert finding.conditions, finding


@pytest.mark.parametrize(
    ("channel", "situation", "condition"),
    [
        ("sms", s(CONSUMER, "appointment", urgent=True), "SMS is not end-to-end encrypted"),
        ("email-encrypted", s(BC, "general"), "certificates or keys"),
        ("whatsapp-business-app", s(BC, "general", BUSINESS_ONLY), "consent to it you have"),
        ("whatsapp-business-app", s(BC, "general", NO_ACCESS), "opt-in"),
        ("whatsapp-business-app", s(BC, "general", NO_ACCESS), "Art. 6(1)(a)"),
        ("whatsapp-business-platform", s(CONSUMER, "general"), "opt-in"),
        ("whatsapp-business-platform", s(CONSUMER, "general"), "Art. 6(1)(a)"),
        ("sms", s(CONSUMER, "appointment", professional_secrecy=True), "reason for the visit"),
        ("email", s(CONSUMER, "general", professional_secrecy=True), "§ 203 (4) StGB"),
        ("email", s(CONSUMER, "marketing"), "§ 7 (3) UWG"),
        ("phone", s(CONSUMER, "marketing"), "§ 7a UWG"),
        ("email", s(BC, "general", group=True), "Bcc"),
        ("email", s(CONSUMER, "special-category", recipient_request=True), "own data"),
        ("email", s(CONSUMER, "confidential", recipient_request=True), "document it"),
        ("email", s(CONSUMER, "special-category", recipient_request=True), "secure alternative"),
        ("phone", s(BC, "general"), "in writing"),
        ("business-messenger", s(CONSUMER, "general"), "install the same messenger"),
        ("business-messenger", s(COLLEAGUE, "special-category"), "health care"),
        ("phone", s(BC, "general", business_letter=True), "in writing"),
    ],
)
def test_conditions(channel: str, situation: Situation, condition: str) -> None:
    assert any(condition in c for c in check(channel, situation).conditions)


def test_finding_to_dict_shape_and_translation() -> None:
    finding = check("sms", Situation("consumer", "appointment", urgent=True))
    data = finding.to_dict()
    assert list(data) == ["channel", "verdict", "rules", "reasons", "conditions"]
    assert data["channel"] == "sms"
    assert data["verdict"] == "allowed-with-conditions"
    assert data["rules"] == ["R5"]
    assert [r["id"] for r in data["reasons"]] == ["r5-short-notice"]
    assert [c["id"] for c in data["conditions"]] == ["r5-minimal-text"]
    german = finding.to_dict("de")
    assert german["verdict"] == data["verdict"]
    assert [r["id"] for r in german["reasons"]] == [r["id"] for r in data["reasons"]]
    assert german["reasons"][0]["text"] != data["reasons"][0]["text"]
    assert "SMS" in german["reasons"][0]["text"]


def test_finding_rules_are_sorted_by_number() -> None:
    assert Finding("email", "recommended", ("R10", "R9", "R4")).rules == ("R4", "R9", "R10")


def test_check_rejects_unknown_channel_with_valid_values() -> None:
    with pytest.raises(ValueError, match="valid values: whatsapp, .*phone"):
        check("fax", Situation("consumer", "general"))


# -- the rules' data -----------------------------------------------------------------

STATUS = {
    "R1": Status.CONFIRMED,
    "R2": Status.CORRECTED,
    "R3": Status.ADDED,
    "R4": Status.CORRECTED,
    "R5": Status.CORRECTED,
    "R6": Status.OPINION,
    "R7": Status.ADDED,
    "R8": Status.OUTDATED,
    "R9": Status.ADDED,
    "R10": Status.CONFIRMED,
    "R11": Status.ADDED,
    "R12": Status.ADDED,
    "R13": Status.ADDED,
    "R14": Status.ADDED,
}


def test_rules_are_r1_to_r14_in_order() -> None:
    assert [r.id for r in RULES] == [f"R{n}" for n in range(1, 15)]


@pytest.mark.parametrize("rule_id", list(STATUS))
def test_rule_data(rule_id: str) -> None:
    r = rule(rule_id)
    assert r.title and r.title == r.title.strip() and not r.title.endswith(".")
    assert r.status is STATUS[rule_id]
    assert r.article_claim.endswith(".")
    assert r.sources, "every rule cites its sources"
    assert all(re.fullmatch(r"S\d+", source) for source in r.sources)
    assert list(r.sources) == sorted(r.sources, key=lambda x: int(x[1:]))
    assert r.label == f"rule-{rule_id.lower()}"
    assert r.to_dict()["status"] == str(STATUS[rule_id])


def test_added_rules_say_what_the_article_missed() -> None:
    for r in RULES:
        if r.status is Status.ADDED:
            assert "article" in r.article_claim.lower(), r.id


def test_rule_lookup_is_case_insensitive_and_names_valid_ids() -> None:
    assert rule("r3") is rule("R3")
    with pytest.raises(KeyError, match="valid ids: R1, R2"):
        rule("R99")


def test_every_rule_except_r8_and_r10_decides_some_finding() -> None:
    named = {
        rule_id
        for situation in all_situations()
        for finding in recommend(situation)
        for rule_id in finding.rules
    }
    assert named == {r.id for r in RULES} - {"R8", "R10"}


def test_caps_list_every_cap_a_check_returns() -> None:
    for r in RULES:
        for situation in all_situations():
            for channel in CHANNEL_ORDER:
                cap = r.cap_for(channel, situation)
                assert cap is None or cap in r.caps, (r.id, channel, situation)


# -- the recipient's own request (edition 2) ------------------------------------------


def _pairs() -> list[tuple[Situation, Situation]]:
    """Every situation without the request, paired with the same one with it."""
    return [
        (situation, replace(situation, recipient_request=True))
        for situation in all_situations()
        if not situation.recipient_request
    ]


def test_request_never_makes_a_verdict_worse() -> None:
    for without, with_request in _pairs():
        for channel in CHANNEL_ORDER:
            assert check(channel, with_request).verdict >= check(channel, without).verdict


def test_request_never_lifts_provider_terms_address_book_or_archiving() -> None:
    for without, with_request in _pairs():
        for channel in CHANNEL_ORDER:
            before = check(channel, without)
            if {"R1", "R2", "R3", "R7", "R11", "R12", "R13", "R14"} & set(before.rules):
                assert check(channel, with_request).verdict == before.verdict, (channel, without)


def test_request_lifts_only_plain_email() -> None:
    lifted = {
        (str(channel), str(without.content))
        for without, with_request in _pairs()
        for channel in CHANNEL_ORDER
        if check(channel, with_request).verdict > check(channel, without).verdict
    }
    assert lifted == {("email", "confidential"), ("email", "special-category")}


def test_request_on_tls_email_for_special_category_names_its_conditions() -> None:
    finding = check("email", s(CONSUMER, "special-category", recipient_request=True))
    assert finding.verdict is AWC
    assert len(finding.conditions) == 3


def test_situation_space_counts_every_flag() -> None:
    space = list(all_situations())
    assert len(space) == len(set(space)) == 3 * 5 * 3 * 2 * 2 ** len(FLAGS) == 2880


def test_ties_follow_the_stated_channel_order() -> None:
    for situation in all_situations():
        findings = recommend(situation)
        keys = [(-f.verdict.rank, CHANNEL_ORDER.index(f.channel)) for f in findings]
        assert keys == sorted(keys)


def test_phone_cites_urgency_only_when_urgent() -> None:
    for situation in all_situations():
        finding = check("phone", situation)
        if not situation.urgent:
            assert "R6" not in finding.rules
        elif not situation.business_letter and situation.content != "marketing":
            assert finding.rules == ("R6",)


def test_non_urgent_confidential_b2b_starts_with_encrypted_email() -> None:
    first = recommend(s(BC, "confidential"))[0]
    assert (str(first.channel), first.rules) == ("email-encrypted", ("R4",))


def test_colleagues_never_get_a_whatsapp_product() -> None:
    for situation in all_situations():
        if str(situation.counterpart) == COLLEAGUE:
            for channel in ("whatsapp", "whatsapp-business-app", "whatsapp-business-platform"):
                assert check(channel, situation).verdict is NA


# -- edition 3: professional secrecy, advertising, groups -----------------------------

WHATSAPP_PRODUCTS = ("whatsapp", "whatsapp-business-app", "whatsapp-business-platform")


def _flag_pairs(flag: str) -> list[tuple[Situation, Situation]]:
    """Every situation without *flag*, paired with the same one with it."""
    return [
        (situation, replace(situation, **{flag: True}))
        for situation in all_situations()
        if not getattr(situation, flag)
    ]


@pytest.mark.parametrize("flag", ["professional_secrecy", "group", "urgent", "business_letter"])
def test_flag_never_makes_a_verdict_better(flag: str) -> None:
    for without, with_flag in _flag_pairs(flag):
        for channel in CHANNEL_ORDER:
            assert check(channel, with_flag).verdict <= check(channel, without).verdict or (
                flag == "urgent" and channel in (Channel.PHONE, Channel.EMAIL)
            ), (channel, without)


def test_professional_secrecy_keeps_every_whatsapp_product_at_most_discouraged() -> None:
    for situation in all_situations():
        if not situation.professional_secrecy:
            continue
        for channel in WHATSAPP_PRODUCTS:
            verdict = check(channel, situation).verdict
            assert verdict <= DISC, (channel, situation)
            if situation.content in ("confidential", "special-category"):
                assert verdict is NA, (channel, situation)


def test_request_never_lifts_whatsapp_under_professional_secrecy() -> None:
    for without, with_request in _pairs():
        if without.professional_secrecy:
            for channel in WHATSAPP_PRODUCTS:
                assert check(channel, with_request) == check(channel, without)


def test_business_app_is_at_most_discouraged_for_confidential_content() -> None:
    for situation in all_situations():
        if situation.content == "confidential":
            assert check("whatsapp-business-app", situation).verdict <= DISC, situation


def test_advertising_is_never_recommended_and_always_needs_consent() -> None:
    for situation in all_situations():
        if situation.content != "marketing":
            continue
        for finding in recommend(situation):
            assert finding.verdict < REC, (finding.channel, situation)
            if finding.verdict > NA:
                assert any("consent" in c for c in finding.conditions), finding


def test_whatsapp_business_products_name_consent_and_opt_in_apart() -> None:
    for situation in all_situations():
        for channel in ("whatsapp-business-app", "whatsapp-business-platform"):
            finding = check(channel, situation)
            if finding.verdict > NA:
                consent = [c for c in finding.conditions if "Art. 6(1)(a)" in c]
                opt_in = [c for c in finding.conditions if "opt-in" in c]
                assert consent and opt_in and not set(consent) & set(opt_in), finding


def test_groups_never_run_on_whatsapp() -> None:
    for situation in all_situations():
        if situation.group:
            for channel in WHATSAPP_PRODUCTS:
                assert check(channel, situation).verdict is NA
