"""The examples in the local Sphinx extensions' docstrings (docs/_ext) run.

pytest does not collect docs/_ext itself (its modules are Sphinx extensions, loaded
by conf.py), so their ``>>>`` examples run here.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

EXT = Path(__file__).resolve().parent.parent / "docs" / "_ext"
WITH_EXAMPLES = sorted(p.stem for p in EXT.glob("*.py") if ">>> " in p.read_text("utf-8"))


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, report=True)
    assert result.attempted and not result.failed, f"{name}: {result}"


# -- upgrades: a library version the patches were not written for ------------------


def test_version_floors_agree_with_conf_py() -> None:
    """pyproject.toml's floors are conf.py's needs_sphinx and needs_extensions."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version

    root = EXT.parent.parent
    groups = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["dependency-groups"]
    floors = {}
    for line in groups["docs"]:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == ">=", line
        floors[requirement.name] = Version(specifier.version)
    conf: dict[str, object] = {}
    source = (root / "conf.py").read_text("utf-8")
    for name in ("needs_sphinx", "needs_extensions"):
        start = source.index(f"\n{name} = ") + 1
        end = source.index("\n\n", start)
        exec(source[start:end], conf)  # noqa: S102 - two literal assignments of conf.py
    needs = {"sphinx": conf["needs_sphinx"]}
    by_module = {
        "myst_parser": "myst-parser",
        "notfound.extension": "sphinx-notfound-page",
        "sphinxext.opengraph": "sphinxext-opengraph",
    }
    extensions = conf["needs_extensions"]
    assert isinstance(extensions, dict) and set(extensions) == set(by_module)
    needs |= {by_module[module]: floor for module, floor in extensions.items()}
    assert {name: Version(str(v)) for name, v in needs.items()} == {
        name: floors[name] for name in needs
    }


@pytest.fixture
def fresh_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fallback note may be given again (they are given once per process)."""
    import upstream

    monkeypatch.setattr(upstream, "_GIVEN", set())


def test_fast_i18n_falls_back_to_the_stock_path_on_a_changed_internal(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fresh_notes: None,
    tmp_path: Path,
) -> None:
    """A Sphinx whose _publish_msgstr changed: nothing is replaced, one note, build passes."""
    import fast_i18n
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers.sphinx_ import MystParser
    from sphinx.application import Sphinx
    from sphinx.transforms import i18n

    # As a fresh process has them (an earlier build in this one replaced them).
    monkeypatch.setattr(i18n, "_publish_msgstr", fast_i18n._ORIGINAL_PUBLISH)
    monkeypatch.setattr(base, "make_document", fast_i18n._ORIGINAL_MAKE_DOCUMENT)
    monkeypatch.setattr(MystParser, "parse", fast_i18n._ORIGINAL_PARSE)
    key = ("sphinx", "sphinx.transforms.i18n._publish_msgstr")
    monkeypatch.setitem(fast_i18n.EXPECTED, key, "0" * 16)
    (tmp_path / "conf.py").write_text(
        "extensions = ['myst_parser', 'fast_i18n']\nlocale_dirs = ['locale']\n", "utf-8"
    )
    (tmp_path / "index.md").write_text("# Title\n\nA *short* page.\n", "utf-8")
    app = Sphinx(
        tmp_path, tmp_path, tmp_path / "out", tmp_path / "doctrees", "html",
        confoverrides={"language": "de"}, status=None, warning=None, warningiserror=True,
    )  # fmt: skip
    app.build()
    assert app.statuscode == 0
    assert i18n._publish_msgstr is fast_i18n._ORIGINAL_PUBLISH
    assert base.make_document is fast_i18n._ORIGINAL_MAKE_DOCUMENT
    assert MystParser.parse is fast_i18n._ORIGINAL_PARSE
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "sphinx.transforms.i18n._publish_msgstr" in notes[0], notes
    assert "stock" in notes[0]


def test_valid_html_keeps_furos_markup_when_a_fix_finds_nothing(
    capsys: pytest.CaptureFixture[str], fresh_notes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Furo that writes other markup: the page is Furo's, one note, no error."""
    from collections import Counter

    import valid_html

    monkeypatch.setattr(valid_html, "_SEEN", Counter())
    page = '<aside class="sidebar-drawer" data-new-furo><pre>x</pre>'
    assert valid_html.accessible_furo(page, "N", "T") == page.replace("<pre>", '<pre tabindex="0">')
    valid_html._report_unmatched(None, None)  # type: ignore[arg-type]
    (note,) = capsys.readouterr().err.splitlines()
    assert note.startswith("note: valid_html: no page of furo ")
    assert '<aside class="sidebar-drawer">' in note and "<pre>" not in note


def test_valid_html_says_nothing_when_the_pages_written_have_no_table_or_code(
    capsys: pytest.CaptureFixture[str], fresh_notes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incremental build that rewrites one page of prose: Furo is the same, no note."""
    from collections import Counter

    import valid_html

    monkeypatch.setattr(valid_html, "_SEEN", Counter())
    page = (
        '<aside class="sidebar-drawer"><p class="caption" role="heading">Contents</p>'
        '<input role="switch"><aside class="toc-drawer"><p>Prose only.</p>'
    )
    assert '<pre tabindex="0">' not in valid_html.accessible_furo(page, "N", "T")
    valid_html._report_unmatched(None, None)  # type: ignore[arg-type]
    assert capsys.readouterr().err == ""


def test_german_labels_stay_furos_when_furo_no_longer_writes_them(
    capsys: pytest.CaptureFixture[str], fresh_notes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Furo without one of the labels: the filter is still installed, one note."""
    from types import SimpleNamespace

    import bilingual

    monkeypatch.setattr(bilingual, "FURO_TITLES", (*bilingual.FURO_TITLES, "Gone in Furo 2099"))
    filters: dict[str, object] = {}
    app = SimpleNamespace(
        builder=SimpleNamespace(templates=SimpleNamespace(environment=SimpleNamespace(
            filters=filters))),
        config=SimpleNamespace(language="de"),
    )  # fmt: skip
    bilingual._add_filter(app)  # type: ignore[arg-type]
    assert filters["furo_labels"] is bilingual.furo_labels
    (note,) = capsys.readouterr().err.splitlines()
    assert note.startswith("note: bilingual: furo ") and "Gone in Furo 2099" in note


# -- the map of docs/_ext ------------------------------------------------------------


def test_readme_lists_every_module_of_docs_ext() -> None:
    """docs/_ext/README.md has one table row per module, and no row for a lost one."""
    import re

    readme = (EXT / "README.md").read_text("utf-8")
    rows = set(re.findall(r"^\| `(\w+)\.py` \|", readme, re.M))
    assert rows == {path.stem for path in EXT.glob("*.py")}


def test_readme_names_tests_that_exist() -> None:
    """Every test the map names (``test_x.py::test_name*``) is a test of that file."""
    import re

    readme = (EXT / "README.md").read_text("utf-8")
    tests = EXT.parent.parent / "tests"
    named = re.findall(r"(test_\w+\.py)(?:::(test_\w+?)(\*)?)?`", readme)
    assert named
    for file, name, prefix in named:
        assert (tests / file).is_file(), file
        if name:
            defined = re.findall(r"^def (test_\w+)", (tests / file).read_text("utf-8"), re.M)
            assert any(d == name or (prefix and d.startswith(name)) for d in defined), (
                f"{file}::{name}{prefix}"
            )
