"""The German edition: complete, well-formed, in step with the English source.

Counts come from Babel (``sphinx-intl stat`` always exits 0), syntax from
``msgfmt --check`` where available, markup from translate-toolkit's ``pofilter``
plus a role check of our own, freshness from a scratch merge of freshly extracted
templates, and untranslated leftovers from the built German HTML itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tools import catalogs, i18n_extract, po_check, po_update

ROOT = Path(__file__).resolve().parent.parent
PAGE_CATALOGS = ROOT / "locale" / "de" / "LC_MESSAGES"
PACKAGE_CATALOG = ROOT / "messaging_rules" / "locale" / "de" / "LC_MESSAGES" / "messaging_rules.po"
PACKAGE_TEMPLATE = ROOT / "messaging_rules" / "locale" / "messaging_rules.pot"
CATALOGS = sorted(PAGE_CATALOGS.rglob("*.po")) + [PACKAGE_CATALOG]
IDS = [p.relative_to(ROOT).as_posix() for p in CATALOGS]
# pofilter's "brackets" test compares bracket counts, which good German changes on
# purpose („Oberverwaltungsgericht (OVG)", no English rendering after a German
# quote); test_brackets_are_balanced and the role check guard what matters instead.
POFILTER_TESTS = [
    "urls", "numbers", "doublespacing", "xmltags", "escapes", "newlines",
    "startwhitespace", "endwhitespace", "pythonbraceformat",
]  # fmt: skip


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_catalog_is_complete(path: Path) -> None:
    catalog = catalogs.read(path)
    assert catalog.locale_identifier == "de"
    assert catalog.num_plurals == 2
    assert catalog.charset.lower() == "utf-8"
    messages = catalogs.entries(catalog)
    untranslated = [catalogs.msgid(m)[:60] for m in messages if not all(catalogs.strings(m))]
    fuzzy = [catalogs.msgid(m)[:60] for m in messages if m.fuzzy]
    obsolete = [catalogs.msgid(m)[:60] for m in catalog.obsolete.values()]
    assert not untranslated, f"{path.name}: {len(untranslated)} untranslated: {untranslated[:5]}"
    assert not fuzzy, f"{path.name}: {len(fuzzy)} fuzzy: {fuzzy[:5]}"
    assert not obsolete, f"{path.name}: {len(obsolete)} obsolete (run make update-po)"


def test_catalogs_are_well_formed() -> None:
    assert po_check.problems(ROOT / "locale") == []
    assert po_check.problems(PACKAGE_CATALOG.parent) == []


_URL = re.compile(r"https?://[^\s>)\"]+")
_RENDERING = re.compile(r"\s*\(“[^”]*”\)")
_ARTICLE = re.compile(r"Art\. (\d+)\((\d+)\)(?:\(([a-z])\))?")
_GLOSS = re.compile(r"\s*\(([^()]{3,60})\)")


def as_german_writes_it(msgid: str, msgstr: str) -> str:
    """The English message as the German edition renders it, for pofilter's comparison.

    The German drops the English rendering after a German quote, writes the
    decimal comma and GDPR paragraphs as German law does, and drops a bracketed
    German gloss that it uses as the word itself.  Everything else must match.

    >>> as_german_writes_it('„Zitat“ (“quote”) per Art. 6(1)(f).', "")
    '„Zitat“ per Art. 6 Abs. 1 lit. f.'
    >>> as_german_writes_it("Booking vouchers (Buchungsbelege) and (S5)", "Buchungsbelege und (S5)")
    'Booking vouchers and (S5)'
    """
    text = _RENDERING.sub("", msgid)
    text = "".join(  # 5.5 → 5,5, but never inside a URL
        part if _URL.fullmatch(part) else re.sub(r"(?<=\d)\.(?=\d)", ",", part)
        for part in re.split(f"({_URL.pattern})", text)
    )
    text = _ARTICLE.sub(
        lambda m: f"Art. {m[1]} Abs. {m[2]}" + (f" lit. {m[3]}" if m[3] else ""), text
    )
    return _GLOSS.sub(lambda m: "" if m[1] in msgstr and f"({m[1]})" not in msgstr else m[0], text)


def test_pofilter_finds_nothing(tmp_path: Path) -> None:
    """One pofilter run over a normalised copy of every catalog (one process, not 40)."""
    normalised, flagged = tmp_path / "in", tmp_path / "out"
    for path in CATALOGS:
        catalog = catalogs.read(path)
        for message in catalogs.entries(catalog):  # only the id written changes, not the key
            english = as_german_writes_it(catalogs.msgid(message), catalogs.strings(message)[0])
            message.id = english if isinstance(message.id, str) else (english, *message.id[1:])
        copy = normalised / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(catalogs.render(catalog))
    subprocess.run(
        [sys.executable, "-m", "translate.filters.pofilter", "--progress=none", "--nofuzzy",
         *(f"--test={t}" for t in POFILTER_TESTS), str(normalised), str(flagged)],
        check=True, capture_output=True,
    )  # fmt: skip
    failures = []
    for path in sorted(flagged.rglob("*.po")):
        for message in catalogs.entries(catalogs.read(path)):
            notes = [
                c
                for c in [*message.user_comments, *message.auto_comments]
                if c.startswith("(pofilter)")
            ]
            failures += [
                f"{path.relative_to(flagged)}: {n}: {catalogs.msgid(message)[:70]!r}" for n in notes
            ]
    assert not failures, "\n".join(failures[:40])


def unbalanced(text: str) -> bool:
    """True when round, square or angle brackets or „…" quotes do not pair up.

    >>> unbalanced("Art. 6 (Rechtsgrundlage) und „Zitat“"), unbalanced("(offen")
    (False, True)
    """
    depth = {"(": 0, "[": 0, "„": 0}
    closing = {")": "(", "]": "[", "“": "„"}
    for char in text:
        if char in depth:
            depth[char] += 1
        elif char in closing:
            depth[closing[char]] -= 1
            if depth[closing[char]] < 0:
                return True
    return any(depth.values())


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_brackets_are_balanced(path: Path) -> None:
    broken = [
        text[:80]
        for m in catalogs.entries(catalogs.read(path))
        for text in catalogs.strings(m)
        if text and unbalanced(text) and not unbalanced(catalogs.msgid(m))
    ]
    assert not broken, f"{path.name}: unbalanced brackets or quotes in:\n" + "\n".join(broken)


_ROLE = re.compile(r"\{(\w+)\}`(?:[^`<]*<([^>`]+)>|([^`]+))`")


def markup(text: str) -> tuple[list[tuple[str, str]], int, list[str]]:
    """Roles with their targets, the number of backticks and the URLs of a message.

    >>> markup("See {ref}`die Regeln <rules>` and {ref}`rule-r3`, `x`.")
    ([('ref', 'rule-r3'), ('ref', 'rules')], 6, [])
    """
    roles = sorted(
        (m.group(1), m.group(2) or m.group(3))
        for m in _ROLE.finditer(text)
    )  # fmt: skip
    return roles, text.count("`"), sorted(_URL.findall(text))


@pytest.mark.parametrize("path", CATALOGS, ids=IDS)
def test_roles_targets_and_urls_survive(path: Path) -> None:
    broken = [
        catalogs.msgid(m)[:80]
        for m in catalogs.entries(catalogs.read(path))
        for text in catalogs.strings(m)[:1]
        if text and markup(catalogs.msgid(m)) != markup(text)
    ]
    assert not broken, f"{path.name}: markup differs in:\n" + "\n".join(broken[:10])


def _entries(path: Path) -> dict[str, tuple[tuple[str, ...], bool]]:
    return {
        catalogs.msgid(m): (catalogs.strings(m), m.fuzzy)
        for m in catalogs.entries(catalogs.read(path))
    }


@pytest.mark.build  # runs Sphinx's gettext builder over every page
def test_catalogs_are_in_step_with_the_english_pages(tmp_path: Path) -> None:
    """Regenerate the templates, merge them into a scratch copy, and compare."""
    pot = tmp_path / "gettext"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-c", str(ROOT),
         "-d", str(tmp_path / "doctrees"), str(ROOT / "docs"), str(pot)],
        check=True, capture_output=True,
    )  # fmt: skip
    scratch = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", scratch)
    assert po_update.main(["--pot-dir", str(pot), "--locale-dir", str(scratch)]) == 0
    stale = []
    for path in sorted((scratch / "de" / "LC_MESSAGES").rglob("*.po")):
        original = PAGE_CATALOGS / path.relative_to(scratch / "de" / "LC_MESSAGES")
        if not original.exists() or _entries(original) != _entries(path):
            page = path.relative_to(scratch / "de" / "LC_MESSAGES").with_suffix(".md")
            stale.append(f"docs/{page}")
    for path in PAGE_CATALOGS.rglob("*.po"):
        if not (scratch / "de" / "LC_MESSAGES" / path.relative_to(PAGE_CATALOGS)).exists():
            stale.append(f"{path.relative_to(ROOT)} (its page is gone)")
    assert not stale, (
        "the German catalogs are behind the English pages; run 'make update-po', "
        "translate the new entries, and commit. Pages: " + ", ".join(stale)
    )


def test_package_catalog_template_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.i18n_extract", "--check"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_template_keeps_its_date_while_its_messages_stay(tmp_path: Path) -> None:
    """Writing the template again changes nothing, long wrapped notes included."""
    target = tmp_path / "messaging_rules.pot"
    i18n_extract.write_pot(target)
    stamp = '"POT-Creation-Date: 2000-01-01 00:00+0000\\n"'
    dated = re.sub(r'"POT-Creation-Date: [^"]*"', lambda _: stamp, target.read_text("utf-8"))
    assert any(len(" ".join(m.auto_comments)) > 76 for m in catalogs.read(target)), (
        "no note long enough to be wrapped: the test proves nothing"
    )
    target.write_text(dated, encoding="utf-8")
    i18n_extract.write_pot(target)
    assert target.read_text("utf-8") == dated


def test_package_catalog_holds_every_message_of_its_template() -> None:
    """What the scratch merge above does for the pages, for the package's catalog.

    The template is the code's messages (test_package_catalog_template_is_current);
    test_catalog_is_complete sees only what the catalog holds, not what it lacks.
    """
    catalog = catalogs.read(PACKAGE_CATALOG)
    missing, plural = [], []
    for message in catalogs.entries(catalogs.read(PACKAGE_TEMPLATE)):
        entry = catalog.get(message.id)
        if entry is None:
            missing.append(catalogs.msgid(message)[:70])
        elif entry.id != message.id:
            plural.append(catalogs.msgid(message)[:70])
    assert not missing, f"not in {PACKAGE_CATALOG.name}: {missing}"
    assert not plural, f"plural differs from the template: {plural}"


def _blocks(page: Path) -> set[str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    for skip in article.select("pre, code, .highlight, .doctest, blockquote, script, style"):
        skip.decompose()
    texts = set()
    for tag in article.select("p, li, h1, h2, h3, dt, dd, th, td, caption"):
        text = " ".join(tag.get_text(" ", strip=True).split())
        # A source named in its own language ("S13: Meta Newsroom, Privacy Matters …")
        # reads the same in both editions.
        if len(re.findall(r"[A-Za-z]{3,}", text)) >= 4 and not re.match(r"S\d+: ", text):
            texts.add(text)
    return texts


def _same_in_both(site: Path, texts, skip: frozenset[str] = frozenset()) -> list[str]:
    """Texts that a German page shares with its English twin: English left over."""
    leftovers = []
    for english in sorted((site / "en").rglob("*.html")):
        name = english.relative_to(site / "en")
        if "_static" in name.parts or name.name in skip:
            continue
        same = texts(english) & texts(site / "de" / name)
        leftovers += [f"{name}: {text[:90]}" for text in sorted(same)]
    return leftovers


@pytest.mark.build
def test_german_pages_have_no_english_paragraphs(site: Path) -> None:
    leftovers = _same_in_both(site, _blocks, frozenset({"genindex.html", "search.html"}))
    assert not leftovers, "English text on German pages:\n" + "\n".join(leftovers[:30])


# Attributes a reader or a screen reader meets: tooltips, accessible names, image
# descriptions and input hints.
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


def _attribute_texts(page: Path) -> set[str]:
    """Every reader-facing attribute value of a page that has some words in it.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "p.html"
    ...     _ = p.write_text('<a title="Link to this heading">¶</a><img alt="QR">', "utf-8")
    ...     sorted(_attribute_texts(p))
    ['title: Link to this heading']
    """
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    texts = set()
    for name in ATTRIBUTES:
        for tag in soup.find_all(attrs={name: True}):
            value = " ".join(str(tag[name]).split())
            if len(re.findall(r"[A-Za-z]{3,}", value)) >= 2:
                texts.add(f"{name}: {value}")
    return texts


@pytest.mark.build
def test_german_pages_have_no_english_attributes(site: Path) -> None:
    leftovers = _same_in_both(site, _attribute_texts)
    assert not leftovers, "English attributes on German pages:\n" + "\n".join(leftovers[:30])


# -- issue 23: English words, typography and developer words on rendered pages ----------

#: English that edition 2 let into German pages: a term role's English text, the
#: product name „Platform“ alone, the verdict labels and the consumer app's name.
ENGLISH_IN_GERMAN = re.compile(
    r"\b(business messenger|consumer app|(?<!Apple )Platform|discouraged"
    r"|allowed with conditions|recommended|not allowed|rules engine|rules package)\b",
    re.IGNORECASE,
)
#: A breakable space where a legal reference or an amount must hold together.
BREAKABLE = re.compile(
    r"(?:\b(?:Art|Abs|Nr)\.|§) (?=\d)|\blit\. (?=[a-z]\b)|\d (?=Mio\.)|\bMio\. (?=€|Euro)"
)
#: Words about building software that readers should not meet, in either language.
DEVELOPER_WORDS = re.compile(
    r"Regelpaket|Entscheidungslogik|Bau dieses Leitfadens|rules package|rules engine"
    r"|every time this guide is built|rendered from|aus der Datei \S+ erzeugt|examples/policy",
    re.IGNORECASE,
)


def _prose(page: Path, drop: str = "pre, code, .highlight, .doctest, script, style") -> str:
    """The reader-visible text of a page's article, without code and quotations „…“.

    On the glossary the English column (in italics) is dropped as well.  Only ASCII
    white space is folded: a no-break space stays what it is.
    """
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    for skip in article.select(drop + (", em" if page.name == "glossary.html" else "")):
        skip.decompose()
    text = re.sub(r"[ \t\r\n]+", " ", article.get_text())
    return re.sub(r"„[^“]*“|“[^”]*”|https?://\S+", "", text)


def _reader_pages(site: Path, language: str) -> list[Path]:
    skip = {"genindex.html", "search.html"}
    return [
        p for p in sorted((site / language).rglob("*.html"))
        if "_static" not in p.parts and p.name not in skip
    ]  # fmt: skip


@pytest.mark.build
def test_german_pages_have_no_english_words(site: Path) -> None:
    found = [
        f"{page.relative_to(site)}: {match[0]}"
        for page in _reader_pages(site, "de")
        for match in ENGLISH_IN_GERMAN.finditer(_prose(page))
    ]
    assert not found, "English words on German pages:\n" + "\n".join(found[:30])


@pytest.mark.build
def test_german_legal_references_and_amounts_do_not_break(site: Path) -> None:
    found = [
        f"{page.relative_to(site)}: …{text[max(0, m.start() - 20) : m.end() + 10]}…"
        for page in _reader_pages(site, "de")
        for text in [_prose(page, "pre, code, .highlight, .doctest, script, style, a.headerlink")]
        for m in BREAKABLE.finditer(text)
    ]
    assert not found, "a breakable space in a reference or amount:\n" + "\n".join(found[:30])


@pytest.mark.build
@pytest.mark.parametrize("language", ["en", "de"])
def test_reader_pages_have_no_developer_words(site: Path, language: str) -> None:
    found = [
        f"{page.relative_to(site)}: {match[0]}"
        for page in _reader_pages(site, language)
        for match in DEVELOPER_WORDS.finditer(_prose(page))
    ]
    assert not found, "words about building software on reader pages:\n" + "\n".join(found[:30])
