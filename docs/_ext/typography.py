"""Typography that German (and English) legal text needs.

A section sign or an article number must never be left alone at the end of a line:
„§ 257 HGB", „Art. 9 DSGVO" and „6 Jahre" keep their parts together with a
non-breaking space.  The transform runs after the translation has been applied, so
translators type ordinary spaces and both languages get the same treatment.  Code
and literals are never touched: doctests stay identical in every language.

>>> glue("nach § 257 HGB und Art. 9 DSGVO")
'nach §\\xa0257 HGB und Art.\\xa09 DSGVO'
>>> glue("kept for 6 years, or 10 Jahre")
'kept for 6\\xa0years, or 10\\xa0Jahre'
>>> glue("225 Mio. € nach Art. 6 Abs. 1 lit. f DSGVO")
'225\\xa0Mio.\\xa0€ nach Art.\\xa06 Abs.\\xa01 lit.\\xa0f DSGVO'
>>> glue("§ 87 Abs. 1 Nr. 6 BetrVG")
'§\\xa087 Abs.\\xa01 Nr.\\xa06 BetrVG'
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

NBSP = "\u00a0"
_GLUE = re.compile(
    r"(\b(?:Art|Arts|Abs|Nr)\.|§§?) (?=\d)"  # Art. 9, Arts. 12–14, § 257, §§ 257 f.
    r"|(\d) (?=(?:Jahre|Jahren|years|Monate|Monaten|months|Tage|Tagen|days)\b)"  # 6 Jahre
    r"|(\blit\.) (?=[a-z]\b)"  # Art. 6 Abs. 1 lit. f
    r"|(\d|\b(?:Mio|Mrd)\.) (?=(?:Mio\.|Mrd\.|€|Euro\b))"  # 225 Mio. €, 5,5 Mio. Euro
)
_SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.target)


def glue(text: str) -> str:
    """Replace the breakable space inside legal references and quantities."""
    return _GLUE.sub(lambda match: next(g for g in match.groups() if g) + NBSP, text)


class LegalNonBreakingSpaces(SphinxPostTransform):
    """Apply :func:`glue` to every text node outside code and literals."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if any(isinstance(p, _SKIP) for p in _ancestors(text)):
                continue
            new = glue(text.astext())
            if new != text.astext():
                text.parent.replace(text, nodes.Text(new))


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(LegalNonBreakingSpaces)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
