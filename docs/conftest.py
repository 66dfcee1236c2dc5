"""Run every ```{doctest} block of the pages under pytest, through Sybil.

Sphinx's doctest builder (``make doctest``) runs the same blocks in both languages;
plain ``--doctest-glob`` would swallow MyST's closing fence, hence Sybil.
"""

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser

pytest_collect_file = Sybil(
    parsers=[DocTestDirectiveParser()],
    patterns=["*.md"],
    excludes=["_build/*"],
).pytest()
