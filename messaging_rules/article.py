"""The 2018 article's own sentences behind the German wording of the rules' claims.

Each rule names the claim of the 2018 article it comes from (``Rule.article_claim``,
an English summary).
The German catalog gives that claim in one of two forms: in reported speech built on
the article's own wording, or as a verbatim quote of one sentence.
:data:`VERBATIM` lists the rules whose German claim is a verbatim quote, with the
quoted sentence, so that the tests can check each quote against the article
(``docs/article-2018.md`` quotes every sentence it discusses in the original) and
against the German catalog.

Verbatim means verbatim: the article's spelling stays as it is, and ``[sic]`` marks
each slip (listed in :data:`SLIPS`) that a reader would otherwise blame on the guide.

>>> VERBATIM["R2"].startswith("WhatsApp bietet eine Business-App an")
True
>>> without_sic("die firmenmässige [sic] Nutzung")
'die firmenmässige Nutzung'
"""

from __future__ import annotations

__all__ = ["SLIPS", "VERBATIM", "without_sic"]

#: Rule id → the sentence of the 2018 article that the German claim quotes verbatim.
VERBATIM: dict[str, str] = {
    "R1": "Bevor sie noch nach einem Skandal schreien konnten, hörten sie dann plötzlich, "
    "dass WhatsApp in seinen Richtlinien die firmenmässige [sic] Nutzung ausschließt.",
    "R2": "WhatsApp bietet eine Business-App an, die eine höhere Datensicherheit garantieren "
    "soll und nun auch offiziell für Unternehmen genutzt werden darf.",
    "R5": "Ganz dringende Terminänderungen kommuniziere ich über SMS, was ebenfalls viel "
    "sicherer ist als ein amerikanischer Nachrichtendienst, der an Facebook gekoppelt ist.",
}

#: Slips in the article's spelling: every German quote marks them with " [sic]"
#: (Swiss "ss" for "ß" included, since German readers take it for a typo).
SLIPS: tuple[str, ...] = ("Unterehmen", "firmenmässige", "rechlich", "kommuniziere, das")

_SIC = " [sic]"


def without_sic(text: str) -> str:
    """Return a quote as the article wrote it, without the guide's ``[sic]`` marks.

    >>> without_sic("vielen Unterehmen [sic] bewusst")
    'vielen Unterehmen bewusst'
    """
    return text.replace(_SIC, "")
