"""The 2018 article in the German edition: verbatim quotes are verbatim and marked.

``messaging_rules.article.VERBATIM`` lists the rules whose German claim quotes the
article word for word.  Each quote must be a sentence the guide's article page
quotes in the original, the German catalog must give exactly that quote, and every
spelling slip of the article carries „[sic]“ wherever the German edition quotes it.
The other claims are reported speech and quote nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from messaging_rules import RULES, rule
from messaging_rules.article import SLIPS, VERBATIM, without_sic
from messaging_rules.i18n import translate
from tools import catalogs

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_PAGE = ROOT / "docs" / "article-2018.md"
# The article itself lives in the team's shared material beside the clone (also in CI).
SEED = ROOT.parent / "shared" / "seed" / "article-de.txt"
CATALOGS = sorted((ROOT / "locale" / "de" / "LC_MESSAGES").rglob("*.po")) + [
    ROOT / "messaging_rules" / "locale" / "de" / "LC_MESSAGES" / "messaging_rules.po"
]
_QUOTE = re.compile(r"„([^“]+)“")


def page_quotes(pages: list[Path] | None = None) -> set[str]:
    """Every German quotation on the English pages (the article page by default)."""
    return {q for page in pages or [ARTICLE_PAGE] for q in _QUOTE.findall(page.read_text("utf-8"))}


@pytest.mark.parametrize("rule_id", sorted(VERBATIM))
def test_verbatim_quote_is_quoted_on_the_article_page(rule_id: str) -> None:
    assert without_sic(VERBATIM[rule_id]) in page_quotes()


def seed_article() -> str:
    """The seed article's text; without it the test is skipped, also under CI.

    The article is the team's shared material, not part of the repository, and a
    clone made elsewhere (as CI may make it) does not have it beside it.
    """
    if not SEED.exists():
        pytest.skip(f"{SEED} not found: the shared seed article is not beside the clone")
    return SEED.read_text("utf-8")


@pytest.mark.parametrize("rule_id", sorted(VERBATIM))
def test_verbatim_quote_is_in_the_article(rule_id: str) -> None:
    article = " ".join(seed_article().split())
    assert without_sic(VERBATIM[rule_id]) in article


@pytest.mark.parametrize("rule_id", sorted(VERBATIM))
def test_sic_marks_only_the_known_slips(rule_id: str) -> None:
    quote = VERBATIM[rule_id]
    for match in re.finditer(re.escape(" [sic]"), quote):
        assert quote[: match.start()].endswith(SLIPS), quote
    for slip in SLIPS:
        for match in re.finditer(re.escape(slip), quote):
            assert quote[match.end() :].startswith(" [sic]"), slip


@pytest.mark.parametrize("r", RULES, ids=[r.id for r in RULES])
def test_german_claim_is_the_quote_or_reported_speech(r) -> None:
    german = translate(rule(r.id).article_claim, "de")
    assert german != r.article_claim, f"{r.id}: the claim is not translated"
    if r.id in VERBATIM:
        assert german == f"„{VERBATIM[r.id]}“"
    else:
        # Reported speech or the guide's own statement: it quotes nothing that the
        # tests above have not checked.
        assert "„" not in german, german


@pytest.mark.parametrize("path", CATALOGS, ids=[p.relative_to(ROOT).as_posix() for p in CATALOGS])
def test_every_slip_is_marked_sic(path: Path) -> None:
    unmarked = [
        catalogs.msgid(message)[:70]
        for message in catalogs.entries(catalogs.read(path))
        for text in catalogs.strings(message)
        for slip in SLIPS
        for match in re.finditer(re.escape(slip), text)
        if not text[match.end() :].startswith(" [sic]")
    ]
    assert not unmarked, f"{path.name}: unmarked slips of the 2018 article in {unmarked}"


def test_german_quotes_of_the_article_are_verbatim() -> None:
    # Every German sentence that a German message attributes to the article
    # („Der Artikel von 2018 schrieb: „…““) is quoted in the original on an English
    # page too, and, where the shared seed is at hand, stands in the article.
    quotes = page_quotes(sorted((ROOT / "docs").rglob("*.md")))
    article = " ".join(SEED.read_text("utf-8").split()) if SEED.exists() else None
    wrong = []
    for path in CATALOGS:
        for text in [t for m in catalogs.entries(catalogs.read(path)) for t in catalogs.strings(m)]:
            for quote in re.findall(r"(?:schrieb|hieß es|sagte): „([^“]+)“", text):
                original = without_sic(quote)
                if original not in quotes or (article is not None and original not in article):
                    wrong.append(f"{path.name}: {quote[:80]}")
    assert not wrong, "\n".join(wrong)
