"""Make the German build cheaper: parse each translated message once, with one parser.

When Sphinx applies a translation (``sphinx.transforms.i18n.Locale``), MyST parses
every translated message as a small document of its own.  A profile of
``sphinx-build -D language=de`` showed three costs the English build does not have:

1. every message is parsed *twice*: once in the transform's first phase (to find
   translated section titles) and again in its second phase, which throws the first
   result away for everything but titles;
2. each parse builds a new markdown-it parser with all MyST plugins
   (``create_md_parser``), about a quarter of the parse time;
3. each message document asks docutils for a fresh set of default settings.

This extension removes all three, without changing a single node of the result:

* :func:`publish_msgstr_once` remembers, per document, the result of parsing one
  message at one source line, and hands a pristine copy to the second phase instead
  of parsing again (same text, same place: the same nodes); a message with no
  markup at all (:func:`is_plain`, about half of the German catalogs) becomes the
  paragraph MyST would make of it without running MyST.  With the environment
  variable ``FAST_I18N_VERIFY=1`` (set by the test suite's build) each such
  paragraph is also parsed by MyST and the build stops if the two differ;
* :class:`ParserPool` keeps one markdown-it parser per MyST configuration and lends
  it out (a parser already in use is never lent twice: nested parses get their own);
* :func:`cached_make_document` computes docutils' default settings once per parser
  class and gives every document its own copy.

Why cost 3 exists, and the one-line upstream fix.  In MyST-Parser 5.2.0,
``DocutilsRenderer.setup_render`` (``myst_parser/mdit_to_docutils/base.py``) reads
``self.document = options.get("document", make_document())``.  Python evaluates
the default argument before ``get`` looks at the options, so every render builds a
document, with a fresh set of docutils default settings
(``frontend.get_default_settings``), and throws it away, although Sphinx always
passes the document in.  The fix upstream is one line::

    self.document = options["document"] if "document" in options else make_document()

Until MyST ships it, :func:`cached_make_document` makes the discarded document
cheap.  Costs 1 and 2 are Sphinx's and MyST's design (two phases, a parser per
parse), not bugs.

This module replaces three internals (``myst_parser.mdit_to_docutils.base.make_document``,
``myst_parser.parsers.sphinx_.MystParser.parse`` and
``sphinx.transforms.i18n._publish_msgstr``).  :func:`check_internals` compares each
one's source with the version this code was written against.  When one has changed
or gone (a Sphinx or MyST upgrade), the extension replaces nothing: the German build
takes the stock path (correct, about twice as slow) and says so once on standard
error (:func:`upstream.note`), and the build passes.  To get the speed back, re-read
the changed internal, adapt the replacement and update :data:`EXPECTED`.
Upstream report (cost 3): ``docs/_ext/UPSTREAM.md``, 1, "MyST-Parser: setup_render
builds a document it throws away".

>>> from docutils.parsers.rst import Parser
>>> first, second = cached_make_document("a", Parser), cached_make_document("b", Parser)
>>> first.settings is not second.settings and vars(first.settings) == vars(second.settings)
True
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import os
import pkgutil
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from docutils import frontend, nodes
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from markdown_it import MarkdownIt
from myst_parser.config.main import (
    MdParserConfig,
    TopmatterReadError,
    merge_file_level,
    read_topmatter,
)
from myst_parser.mdit_to_docutils import base
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers import sphinx_ as myst_sphinx
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.warnings_ import create_warning
from sphinx.application import Sphinx
from sphinx.transforms import i18n
from upstream import installed, note

#: The internals replaced here, by (package, attribute): the first 16 hex digits of
#: the sha256 of their source in the versions this module was written against
#: (MyST-Parser 5.2.0, Sphinx 9.0.4).
EXPECTED = {
    ("myst_parser", "myst_parser.mdit_to_docutils.base.make_document"): "222e9e19081c2e7c",
    ("myst_parser", "myst_parser.parsers.sphinx_.MystParser.parse"): "0d71d5731b4a6f7c",
    ("sphinx", "sphinx.transforms.i18n._publish_msgstr"): "9a43862bd8487aaf",
}


def source_digest(function: Callable[..., Any]) -> str:
    """The first 16 hex digits of the sha256 of a function's source."""
    return hashlib.sha256(inspect.getsource(function).encode("utf-8")).hexdigest()[:16]


def _resolve(dotted: str) -> Any:
    try:
        return pkgutil.resolve_name(dotted)
    except (ImportError, AttributeError, ValueError):
        return None


def check_internals(expected: dict[tuple[str, str], str] = EXPECTED) -> list[str]:
    """What has changed among the replaced internals: one line each, none when all match.

    >>> check_internals()
    []
    >>> check_internals({("sphinx", "sphinx.no_such_thing"): "0"})  # doctest: +ELLIPSIS
    ['sphinx ... has no sphinx.no_such_thing']
    >>> check_internals({("sphinx", "sphinx.transforms.i18n._publish_msgstr"): "0"})
    ... # doctest: +ELLIPSIS
    ['sphinx ... changed sphinx.transforms.i18n._publish_msgstr (source digest ..., expected 0)']
    """
    changed = []
    for (package, dotted), digest in expected.items():
        found = _resolve(dotted)
        if getattr(found, "__module__", None) == __name__:
            continue  # replaced by an earlier Sphinx run in this process: checked then
        name = f"{package} {installed(package.replace('_', '-'))}"
        if found is None:
            changed.append(f"{name} has no {dotted}")
        elif source_digest(found) != digest:
            changed.append(
                f"{name} changed {dotted} (source digest {source_digest(found)}, expected {digest})"
            )
    return changed


@cache
def _defaults(parser_cls: type) -> frontend.Values:
    return frontend.get_default_settings(parser_cls)


def cached_make_document(
    source_path: str = "notset", parser_cls: type = RSTParser
) -> nodes.document:
    """MyST's ``make_document`` with the default settings computed once per parser.

    Each document gets a shallow copy of the cached settings (as a fresh
    computation would give it), made with :func:`copy.copy`, so the deprecated
    ``frontend.Values`` constructor is never called.
    """
    return new_document(source_path, settings=copy.copy(_defaults(parser_cls)))


class ParserPool:
    """Lend out one markdown-it parser per MyST configuration instead of building one
    per parse.

    A parser holds no state between renders (MyST resets its renderer at the start
    of each), but it must not serve two renders at once, so a borrowed parser is
    marked busy and a nested borrow builds a fresh one.

    >>> pool = ParserPool(lambda config: object())
    >>> config = MdParserConfig()
    >>> with pool.borrow(config) as first:
    ...     with pool.borrow(config) as nested:
    ...         nested is first
    False
    >>> with pool.borrow(config) as again:
    ...     again is first
    True
    """

    def __init__(self, factory: Callable[[MdParserConfig], Any]) -> None:
        self._factory = factory
        # id(config) -> (config, parser); the config is kept so its id stays unique.
        self._idle: dict[int, tuple[MdParserConfig, Any]] = {}

    @contextmanager
    def borrow(self, config: MdParserConfig) -> Iterator[Any]:
        entry = self._idle.pop(id(config), None)
        parser = entry[1] if entry and entry[0] is config else self._factory(config)
        try:
            yield parser
        finally:
            self._idle[id(config)] = (config, parser)


#: The originals, as MyST and Sphinx define them (the fallback leaves them in place).
_ORIGINAL_MAKE_DOCUMENT = base.make_document
_ORIGINAL_PARSE = myst_sphinx.MystParser.parse

_POOL = ParserPool(lambda config: create_md_parser(config, SphinxRenderer))


def parse(self: myst_sphinx.MystParser, inputstring: str, document: nodes.document) -> None:
    """``MystParser.parse`` with a pooled parser (otherwise the same steps).

    The global configuration object is reused for every message, so the pool hits;
    pages with their own top matter get a merged configuration (and a parser of
    their own, as before).
    """
    config: MdParserConfig = document.settings.env.myst_config
    try:
        topmatter = read_topmatter(inputstring)
    except TopmatterReadError:
        pass  # reported during the render
    else:
        if topmatter:
            warning = lambda wtype, msg: create_warning(  # noqa: E731
                document, msg, wtype, line=1, append_to=document
            )
            config = merge_file_level(config, topmatter, warning)
    parser: MarkdownIt
    with _POOL.borrow(config) as parser:
        parser.options["document"] = document
        try:
            parser.render(inputstring)
        finally:
            parser.options.pop("document", None)


_ORIGINAL_PUBLISH = i18n._publish_msgstr
#: One page's parsed messages, by (text, source, line): a pristine copy each.
_PARSED: dict[tuple[str, str, int], nodes.Element] = {}
_PAGE: list[str] = [""]


#: Characters that may start markup anywhere in a line (roles, emphasis, links,
#: HTML, entities, escapes, tables), and what a block may start with.
_INLINE_MARKUP = re.compile(r"[`*_\[\]{}<>&\\|~$\n\t]| {2}|\s$")
_BLOCK_START = re.compile(r"[\s\d#>:%(=+\-!]")


def is_plain(text: str) -> bool:
    """True when MyST would make *text* one paragraph holding just that text.

    >>> is_plain("Nutzen Sie das Suchfeld im Menü."), is_plain("Hinweis: siehe oben")
    (True, True)
    >>> is_plain("Siehe {ref}`R1 <rule-r1>`."), is_plain("2018 schrieb …")
    (False, False)
    >>> is_plain("- a list"), is_plain("two  spaces"), is_plain("")
    (False, False, False)
    """
    return bool(text) and not _BLOCK_START.match(text) and not _INLINE_MARKUP.search(text)


def plain_paragraph(text: str, source_path: str, source_line: int) -> nodes.paragraph:
    """The paragraph MyST makes of plain *text* in a translated-message document."""
    paragraph = nodes.paragraph(text, "", nodes.Text(text))
    paragraph.source, paragraph.line = f"{source_path}:{source_line}:<translated>", 1
    return paragraph


def _same(mine: nodes.Element, myst: nodes.Element) -> bool:
    return (mine.pformat(), mine.rawsource, mine.source, mine.line) == (
        myst.pformat(), myst.rawsource, myst.source, myst.line,
    )  # fmt: skip


def publish_msgstr_once(
    source: str, source_path: str, source_line: int, **kwargs: Any
) -> nodes.Element:
    """Sphinx's ``_publish_msgstr``, parsing each (message, place) once per page.

    The first call parses and keeps a deep copy; the second call for the same text
    at the same line (the Locale transform's second phase) gets that copy, untouched
    by whatever the first phase did to its own result.  The memory holds one page.
    Plain text is not parsed at all (:func:`is_plain`).
    """
    if is_plain(source):
        mine = plain_paragraph(source, source_path, source_line)
        if os.environ.get("FAST_I18N_VERIFY") == "1":
            myst = _ORIGINAL_PUBLISH(source, source_path, source_line, **kwargs)
            if not _same(mine, myst):
                raise RuntimeError(
                    f"fast_i18n: plain message parsed differently by MyST: {source!r}\n"
                    f"{mine.pformat()}\n{myst.pformat()}"
                )
        return mine
    if source_path != _PAGE[0]:
        _PARSED.clear()
        _PAGE[0] = source_path
    key = (source, source_path, source_line)
    kept = _PARSED.pop(key, None)
    if kept is not None:
        return kept
    result = _ORIGINAL_PUBLISH(source, source_path, source_line, **kwargs)
    if isinstance(result, nodes.Element) and not isinstance(result, nodes.document):
        _PARSED[key] = result.deepcopy()
    return result


def setup(app: Sphinx) -> dict[str, Any]:
    """Replace the three internals, or none of them when one has changed."""
    changed = check_internals()
    if changed:
        note(
            "fast_i18n",
            "; ".join(changed) + ": using the stock Sphinx and MyST translation path "
            "(correct, slower); adapt docs/_ext/fast_i18n.py and update EXPECTED there",
        )
    else:
        base.make_document = cached_make_document
        myst_sphinx.MystParser.parse = parse  # type: ignore[method-assign]
        i18n._publish_msgstr = publish_msgstr_once
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "3"}
