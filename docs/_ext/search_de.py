"""German search that finds „verschlüsselt" when you type „Verschlüsselung".

Sphinx's German search uses the Snowball stemmer, which leaves the participle
ending *-t* alone: „Verschlüsselung" becomes ``verschlussel`` but „verschlüsselt"
becomes ``verschlusselt``, so one does not find the other.  This language class
strips that final *t* from longer stems, in Python when the index is built and in
the browser when a query is stemmed; both sides apply the same rule.

Both halves go through Sphinx's public interfaces: the class is registered with
``app.add_search_language()``, and the browser half rides in the search scorer
(``html_search_scorer``), which Sphinx writes into ``language_data.js`` right
after the stemmer.  For a German build this extension hands Sphinx the guide's
scorer (``search-scorer.js``) with the participle rule appended, written once per
build next to the doctrees; every other language gets the scorer as it is.

>>> GuideGerman({}).stem("Verschlüsselung") == GuideGerman({}).stem("verschlüsselt")
True
>>> GuideGerman({}).stem("Termin")
'termin'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search.de import SearchGerman

MIN_LENGTH = 6
JS_WRAPPER = """/* guide: German participle stemming (docs/_ext/search_de.py) */
(function () {
  var Base = window.Stemmer;
  if (!Base) { return; }
  window.Stemmer = function () {
    var base = new Base();
    this.stemWord = function (word) {
      var stem = base.stemWord(word);
      return (stem.length >= MIN_LENGTH && stem.slice(-1) === "t") ? stem.slice(0, -1) : stem;
    };
  };
})();
""".replace("MIN_LENGTH", str(MIN_LENGTH))


def strip_participle(stem: str) -> str:
    """Drop the final *t* of a stem of at least six letters."""
    return stem[:-1] if len(stem) >= MIN_LENGTH and stem.endswith("t") else stem


class GuideGerman(SearchGerman):
    """Snowball German plus the participle rule, for index and queries alike.

    Each distinct word is stemmed once per build: the German Snowball stemmer is
    slower than the English one, and the index asks for the same words thousands
    of times (profile of the German build: 13,000 calls, a tenth of the build).
    """

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = strip_participle(super().stem(word))
        return stem


def german_scorer(scorer: str) -> str:
    """The scorer's code with the German participle rule after it.

    >>> german_scorer("var Scorer = {};").splitlines()[:2]
    ['var Scorer = {};', '/* guide: German participle stemming (docs/_ext/search_de.py) */']
    """
    return scorer.rstrip("\n") + "\n" + JS_WRAPPER


def _german_scorer(app: Sphinx, config: Config) -> None:
    if config.language != "de" or not config.html_search_scorer:
        return
    scorer = Path(app.confdir, config.html_search_scorer)
    target = Path(app.doctreedir) / "search-scorer-de.js"
    code = german_scorer(scorer.read_text("utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text("utf-8") != code:
        target.write_text(code, encoding="utf-8")
    config.html_search_scorer = str(target)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(GuideGerman)
    app.connect("config-inited", _german_scorer)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
