"""The situation schema: every part of a situation, written once.

A situation (:class:`~messaging_rules.model.Situation`) is described by the
dimensions in :data:`SITUATION`, in this order.
Each :class:`Dimension` says what the command line, the JSON documents, the policy
files, the chooser on the site and the generated tables need to know about it:
its attribute name, its values (an enum, or yes/no), its default, the help text
that the command line shows and the site turns into a question, and where a policy
file sets it (per entry, or once for the whole firm).
None of those consumers lists the dimensions again; adding one means writing it
here and in the rules that use it.

>>> [d.name for d in SITUATION]  # doctest: +NORMALIZE_WHITESPACE
['counterpart', 'content', 'contacts', 'platform', 'urgent', 'business_letter',
 'recipient_request', 'professional_secrecy', 'group']
>>> d = dimension_named("professional_secrecy")
>>> d.option, d.param, d.flag, d.scope
('--professional-secrecy', 'professional-secrecy', True, 'policy')
>>> [str(v) for v in dimension_named("contacts").domain]
['full-address-book', 'business-only', 'no-access']
>>> dimension_named("group").domain
(False, True)

The help texts are English message ids; the package catalog translates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from .vocabulary import Contacts, Content, Counterpart, Platform

__all__ = ["FLAGS", "SITUATION", "Dimension", "Scope", "dimension_named", "Value"]

#: Where a policy file sets a dimension: in each ``[[allow]]`` entry, or once in its
#: ``[policy]`` table for the whole firm (professional secrecy).
Scope = Literal["entry", "policy"]

#: The value of one dimension in one situation.
Value = StrEnum | bool


@dataclass(frozen=True)
class Dimension:
    """One part of a situation.

    ``values`` is the enum of the dimension's identifiers, or ``None`` for a yes/no
    flag.
    ``default`` is ``None`` for a dimension that must always be given.
    ``help`` is the command line's help text (an English message id); ``{values}``
    stands for the list of values and ``{default}`` for the default.
    ``mark`` is, for a flag, the short words that name it in a one-line summary of a
    situation ("urgent"); for a dimension with values, the command line's metavar.
    ``asked`` says whether the chooser on the site asks for it (the platform never
    changes a verdict, rule R8, so the form leaves it out).

    >>> Dimension("urgent", None, False, "the message cannot wait", "urgent").required
    False
    """

    name: str
    values: type[StrEnum] | None
    default: StrEnum | bool | None
    help: str
    mark: str
    scope: Scope = "entry"
    asked: bool = True

    @property
    def flag(self) -> bool:
        """True for a yes/no dimension.

        >>> dimension_named("urgent").flag, dimension_named("content").flag
        (True, False)
        """
        return self.values is None

    @property
    def required(self) -> bool:
        """True when every situation must name this dimension (no default)."""
        return self.default is None

    @property
    def param(self) -> str:
        """The kebab-case name: the command-line option without ``--``, the URL parameter.

        >>> dimension_named("business_letter").param
        'business-letter'
        """
        return self.name.replace("_", "-")

    @property
    def option(self) -> str:
        """The command-line option, such as ``--business-letter``."""
        return f"--{self.param}"

    @property
    def domain(self) -> tuple[Value, ...]:
        """Every value the dimension can take, in order."""
        if self.values is None:
            return (False, True)
        return tuple(self.values)


#: The situation's dimensions, in the order of :class:`~messaging_rules.model.Situation`.
SITUATION: tuple[Dimension, ...] = (
    Dimension("counterpart", Counterpart, None, "who receives the message: {values}", "X"),
    Dimension("content", Content, None, "what the message is about: {values}", "Y"),
    Dimension(
        "contacts",
        Contacts,
        Contacts.FULL_ADDRESS_BOOK,
        "which contacts the app may read: {values} (default: {default})",
        "Z",
    ),
    Dimension(
        "platform",
        Platform,
        Platform.ANDROID,
        "the phone's platform: {values} (default: {default}); it never changes a verdict",
        "P",
        asked=False,
    ),
    Dimension("urgent", None, False, "the message cannot wait (default: not urgent)", "urgent"),
    Dimension(
        "business_letter",
        None,
        False,
        "the message must be kept: it prepares, concludes or cancels a deal "
        "(a business letter, kept six years by merchants and anyone who must keep "
        "books) or it is an invoice (eight years) (default: no)",
        "business letter",
    ),
    Dimension(
        "recipient_request",
        None,
        False,
        "the recipient asked for this channel on their own initiative, for their "
        "own data, after being told the risk and offered a secure alternative, "
        "and you documented it (default: no)",
        "at the recipient's request",
    ),
    Dimension(
        "professional_secrecy",
        None,
        False,
        "you are bound by professional secrecy (§ 203 StGB): a health practice, "
        "a lawyer, a tax adviser, an auditor or a private insurer (default: no)",
        "professional secrecy",
        scope="policy",
    ),
    Dimension(
        "group",
        None,
        False,
        "the message goes to a group chat with people outside the firm, "
        "where every member sees the others (default: no)",
        "group chat with people outside the firm",
    ),
)

_BY_NAME: dict[str, Dimension] = {d.name: d for d in SITUATION}

#: The yes/no dimensions, as attribute names (CLI: ``--urgent`` and so on).
FLAGS: tuple[str, ...] = tuple(d.name for d in SITUATION if d.flag)


def dimension_named(name: str) -> Dimension:
    """Return the dimension called *name* (attribute or kebab-case name).

    >>> dimension_named("recipient-request").name
    'recipient_request'
    >>> dimension_named("colour")
    Traceback (most recent call last):
    ...
    KeyError: "unknown situation dimension 'colour'"
    """
    try:
        return _BY_NAME[name.replace("-", "_")]
    except KeyError:
        raise KeyError(f"unknown situation dimension {name!r}") from None
