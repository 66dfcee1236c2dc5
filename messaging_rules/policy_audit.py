"""Audit a team's messaging policy against the rules (R10): every combination it allows.

:func:`audit` checks each (channel, situation) that a policy's entries allow and
returns the findings that are a problem: ``not-allowed`` (an error: the policy
allows what a rule forbids) or ``discouraged`` (a warning).
A clean policy gives an empty list; :func:`audit_totals` counts what was checked
and found, as ``audit --format json`` reports it.

>>> policy = {"allow": [
...     {"channel": "email", "counterpart": "business-client", "content": "general"},
...     {"channel": "whatsapp", "counterpart": "colleague", "content": "general"},
... ]}
>>> [(f.entry.number, str(f.channel), str(f.verdict), f.rules) for f in audit(policy)]
[(2, 'whatsapp', 'not-allowed', ('R1',))]
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from .model import Finding, Situation
from .policy import parse_policy
from .policy_model import Policy, PolicyFinding
from .rules import check
from .vocabulary import Channel, Verdict

__all__ = ["audit", "audit_totals"]


def audit(policy: Policy | Mapping[str, Any]) -> list[PolicyFinding]:
    """Check every combination a policy allows; return the problems (rule R10).

    A finding is an error when the verdict is not-allowed (the policy allows what a
    rule forbids) and a warning when it is discouraged.
    The policy may be a :class:`Policy` or the mapping that TOML gives.

    >>> craft_shop = {"allow": [{"channel": "sms", "counterpart": "consumer",
    ...                          "content": "appointment", "urgent": True}]}
    >>> audit(craft_shop)
    []
    >>> practice = {"allow": [{"channel": "whatsapp-business-app", "counterpart": "consumer",
    ...                        "content": "special-category", "contacts": "business-only"}]}
    >>> [(f.severity, str(f.verdict), f.rules) for f in audit(practice)]
    [('error', 'not-allowed', ('R9',))]
    """
    if isinstance(policy, str | os.PathLike):
        raise TypeError(
            f"audit() expects a Policy or the parsed TOML (a mapping), not "
            f"{type(policy).__name__}; read a file with load_policy() first"
        )
    if not isinstance(policy, Policy | Mapping):
        raise TypeError(
            f"audit() expects a Policy or the parsed TOML (a mapping), not {type(policy).__name__}"
        )
    if not isinstance(policy, Policy):
        policy = parse_policy(policy)
    findings: list[PolicyFinding] = []
    # A policy has at most 2880 situations × 8 channels, however many entries it has:
    # check each once, so a long policy takes linear time.
    checked: dict[tuple[Channel, Situation], Finding] = {}
    for entry in policy.entries:
        for channel, situation in entry.combinations():
            found = checked.get((channel, situation))
            if found is None:
                found = checked[(channel, situation)] = check(channel, situation)
            if found.verdict <= Verdict.DISCOURAGED:
                findings.append(
                    PolicyFinding(
                        channel=found.channel,
                        verdict=found.verdict,
                        rules=found.rules,
                        conditions=found.conditions,
                        reasons=found.reasons,
                        entry=entry,
                        situation=situation,
                    )
                )
    return findings


def audit_totals(policy: Policy, findings: Sequence[Finding]) -> dict[str, object]:
    """The totals of an audit: entries, combinations checked, findings by verdict.

    >>> policy = parse_policy({"allow": [
    ...     {"channel": ["sms", "whatsapp"], "counterpart": "consumer", "content": "general"}]})
    >>> audit_totals(policy, audit(policy))
    {'entries': 1, 'combinations': 2, 'findings': {'not-allowed': 1, 'discouraged': 1}}
    """
    by_verdict = {str(v): 0 for v in (Verdict.NOT_ALLOWED, Verdict.DISCOURAGED)}
    for finding in findings:
        by_verdict[str(finding.verdict)] = by_verdict.get(str(finding.verdict), 0) + 1
    return {
        "entries": len(policy.entries),
        "combinations": policy.combinations,
        "findings": by_verdict,
    }
