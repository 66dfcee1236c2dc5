"""Make the German build cheaper: reuse docutils' default settings.

When Sphinx applies a translation, MyST parses every translated message as a small
document of its own, and each of those asks docutils for a fresh set of default
settings: about a quarter of the German build's time went into rebuilding the same
settings thousands of times.  The defaults depend only on the parser class, so they
are computed once per class and each document gets its own shallow copy (documents
may change their settings; they never change the shared defaults).

>>> from docutils.parsers.rst import Parser
>>> first, second = cached_make_document("a", Parser), cached_make_document("b", Parser)
>>> first.settings is not second.settings and vars(first.settings) == vars(second.settings)
True
"""

from __future__ import annotations

from functools import cache
from typing import Any

from docutils import frontend, nodes
from docutils.utils import new_document
from myst_parser.mdit_to_docutils import base
from sphinx.application import Sphinx


@cache
def _defaults(parser_cls: type) -> dict[str, Any]:
    return dict(vars(frontend.get_default_settings(parser_cls)))


def cached_make_document(
    source_path: str = "notset", parser_cls: type = base.RSTParser
) -> nodes.document:
    """MyST's ``make_document`` with the default settings computed once per parser."""
    settings = frontend.Values(_defaults(parser_cls))
    return new_document(source_path, settings=settings)


def setup(app: Sphinx) -> dict[str, Any]:
    base.make_document = cached_make_document
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
