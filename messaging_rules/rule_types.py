"""What a rule is made of: the :class:`Rule`, the :class:`Cap` it sets, and shorthands.

A rule is data (id, title, status, what the 2018 article claimed, sources) plus a
small pure function.
For one channel in one situation the function returns a :class:`Cap` (a verdict,
a reason and conditions) or ``None`` when the rule has nothing to say.
The rules themselves are written in :mod:`messaging_rules.rules_whatsapp`,
:mod:`messaging_rules.rules_channels` and :mod:`messaging_rules.rules_duties`, with
the verdict shorthands of this module (``NOT_ALLOWED`` … ``RECOMMENDED``);
:mod:`messaging_rules.rules` puts them in order and applies them.

>>> caps_in(Cap(DISCOURAGED, "Why."), {"a": Cap(DISCOURAGED, "Why."), "b": None})
(Cap(verdict=<Verdict.DISCOURAGED: 'discouraged'>, reason='Why.', conditions=()),)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Situation, rule_number
from .vocabulary import Channel, Status, Verdict

__all__ = ["Cap", "CapFor", "Rule", "caps_in"]

#: Shorthands for the verdicts, as the rule tables write them.
NOT_ALLOWED = Verdict.NOT_ALLOWED
DISCOURAGED = Verdict.DISCOURAGED
WITH_CONDITIONS = Verdict.ALLOWED_WITH_CONDITIONS
RECOMMENDED = Verdict.RECOMMENDED


@dataclass(frozen=True)
class Cap:
    """The most a rule allows for one channel in one situation.

    ``reason`` and ``conditions`` are English message ids (full sentences).

    >>> Cap(Verdict.DISCOURAGED, "Why.").conditions
    ()
    """

    verdict: Verdict
    reason: str
    conditions: tuple[str, ...] = ()


#: A rule's function: the cap it sets for a channel in a situation, or ``None``.
CapFor = Callable[[Channel, Situation], Cap | None]


def _no_cap(channel: Channel, situation: Situation) -> Cap | None:
    """The function of a rule that never caps a channel (R8, R10)."""
    return None


@dataclass(frozen=True)
class Rule:
    """One recommendation rule: its data and its function.

    ``cap_for(channel, situation)`` returns the :class:`Cap` the rule sets, or
    ``None`` when the rule has nothing to say; :func:`check` combines the caps of
    all rules into a :class:`Finding`.
    ``caps`` lists every cap the function can return, so the message catalog and
    the documentation can see them without running it.

    >>> from messaging_rules.rules import rule
    >>> r = rule("R3")
    >>> r.label, str(r.status), r.sources[:2]
    ('rule-r3', 'added', ('S9', 'S16'))
    >>> r.cap_for(Channel.WHATSAPP_BUSINESS_APP, Situation("consumer", "general")).verdict
    <Verdict.NOT_ALLOWED: 'not-allowed'>
    >>> rule("R8").cap_for(Channel.SMS, Situation("consumer", "general")) is None
    True
    """

    id: str
    title: str
    status: Status
    article_claim: str
    sources: tuple[str, ...]
    caps: tuple[Cap, ...] = ()
    cap_for: CapFor = field(default=_no_cap, repr=False, compare=False)

    @property
    def label(self) -> str:
        """The page label of the rule in the guide, such as ``rule-r3``.

        >>> from messaging_rules.rules import rule
        >>> rule("R11").label
        'rule-r11'
        """
        return f"rule-{self.id.lower()}"

    @property
    def number(self) -> int:
        """The rule's number, for sorting.

        >>> from messaging_rules.rules import rule
        >>> rule("R10").number
        10
        """
        return rule_number(self.id)

    def to_dict(self) -> dict[str, object]:
        """Return the rule's data as JSON-ready values (English).

        >>> from messaging_rules.rules import rule
        >>> sorted(rule("R8").to_dict())
        ['article_claim', 'id', 'sources', 'status', 'title']
        """
        return {
            "id": self.id,
            "title": self.title,
            "status": str(self.status),
            "article_claim": self.article_claim,
            "sources": list(self.sources),
        }


def caps_in(*tables: object) -> tuple[Cap, ...]:
    """Collect the distinct caps in *tables* (caps and dicts of caps), in order."""
    seen: dict[Cap, None] = {}
    for table in tables:
        values = table.values() if isinstance(table, dict) else [table]
        for cap in values:
            if isinstance(cap, Cap):
                seen[cap] = None
    return tuple(seen)
