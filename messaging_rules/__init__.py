"""May a small business use WhatsApp? The guide's recommendation rules, as code.

Describe a message as a :class:`Situation`, then ask :func:`check` about one
channel or :func:`recommend` for all eight, best first.
Every :class:`Finding` names the rules (R1–R14) that decided its verdict.

>>> from messaging_rules import Situation, check, recommend
>>> s = Situation(counterpart="consumer", content="appointment", urgent=True)
>>> f = check("sms", s)
>>> str(f.verdict), f.rules
('allowed-with-conditions', ('R5',))
>>> str(recommend(s)[0].channel)
'phone'

:func:`audit` checks a team's written messaging policy (rule R10); the command
line is ``python -m messaging_rules`` (see :mod:`messaging_rules.cli`).
This is general information, not legal advice.
"""

import sys as _sys

#: The version of the rules and the API, written only here (``pyproject.toml`` reads
#: it); raise it when the rules or the API change, not when the facts are re-checked.
__version__ = "2.0.0"

try:
    from . import policy_model, rules, vocabulary
    from .model import FLAGS, Finding, Situation
    from .policy import PolicyError, load_policy
    from .policy_audit import audit
    from .policy_model import *  # noqa: F403  (Policy, PolicyEntry, PolicyFinding)
    from .rule_types import Cap, Rule
    from .rules import *  # noqa: F403  (RULES, check, recommend, rule and the rest)
    from .vocabulary import *  # noqa: F403  (the channels, verdicts and other values)
except KeyboardInterrupt:  # Ctrl-C while the command line starts: no traceback
    if _sys.argv[:1] == ["-m"] or _sys.argv[0].endswith("messaging-rules"):
        raise SystemExit(130) from None
    raise

#: The public API: the names above, and everything in the ``__all__`` of the
#: vocabulary, the rules and the policy's data classes.
__all__ = ["FLAGS", "Cap", "Finding", "PolicyError", "Rule", "Situation", "audit", "load_policy"]
__all__ += vocabulary.__all__
__all__ += rules.__all__
__all__ += policy_model.__all__
