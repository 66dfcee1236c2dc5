"""The build tools fail loudly: po_check, serve, SITE_URL and the Makefile (cli-qa.md)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tools import po_check, serve, site
from tools.site_url import DEFAULT, SiteURLError, check_site_url, site_url

ROOT = Path(__file__).resolve().parent.parent
#: A valid address with every character that needs escaping in HTML and XML.
NASTY = 'https://example.org/a&b"c<d>/'


def tool(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=False,
    )


# -- tools/po_check.py (§3, §6, §7) -------------------------------------------------


#: Two real catalogs, one in a subfolder: enough for the checker's paths, and fast
#: (test_translations.py checks every real catalog once).
SAMPLE_CATALOGS = ("index.po", "rules/r1-consumer-app-private-only.po")


@pytest.fixture
def catalogs(tmp_path: Path) -> Path:
    locale = tmp_path / "locale"
    for name in SAMPLE_CATALOGS:
        target = locale / "de" / "LC_MESSAGES" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locale" / "de" / "LC_MESSAGES" / name, target)
    return locale


def test_po_check_passes_good_catalogs(catalogs: Path) -> None:
    result = tool("tools.po_check", str(catalogs))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("no/such/folder", "does not exist"),
        ("README.md", "is a file; give the folder"),
        ("docs", "holds no .po catalogs: nothing to check"),
    ],
)
def test_po_check_refuses_what_it_cannot_check(argument: str, message: str) -> None:
    result = tool("tools.po_check", argument)
    assert result.returncode == 2
    assert (
        result.stderr.splitlines() == [f"error: {argument} {message}"] or message in result.stderr
    )


def test_po_check_from_the_wrong_folder(tmp_path: Path) -> None:
    result = tool("tools.po_check", cwd=tmp_path)
    assert result.returncode == 2 and "locale does not exist" in result.stderr


def test_po_check_names_a_folder_called_x_po(catalogs: Path) -> None:
    (catalogs / "de" / "LC_MESSAGES" / "x.po").mkdir()
    result = tool("tools.po_check", str(catalogs))
    assert result.returncode == 1
    assert "x.po:1: is a folder, not a catalog" in result.stderr
    assert "Traceback" not in result.stderr


def test_po_check_names_an_unreadable_catalog(
    catalogs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = catalogs / "de" / "LC_MESSAGES" / "index.po"
    original = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == target:
            raise PermissionError(13, "Permission denied")
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    found = po_check.problems(catalogs)
    assert found == [f"{target}:1: cannot read it (Permission denied)"]


def test_po_check_without_msgfmt_fails_loudly(catalogs: Path, tmp_path: Path) -> None:
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    result = tool("tools.po_check", str(catalogs), PATH=str(empty_path))
    assert result.returncode == 2
    assert "msgfmt not found: install gettext" in result.stderr


@pytest.mark.parametrize(
    ("entry", "what"),
    [
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', "duplicate"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n', "plural"),
        ('#, python-brace-format\nmsgid "{x}"\nmsgstr "{y}"\n', "format"),
    ],
    ids=["duplicate-msgid", "missing-plural-form", "format-mismatch"],
)
def test_po_check_uses_msgfmt_for_what_the_grammar_misses(
    catalogs: Path, entry: str, what: str
) -> None:
    catalog = catalogs / "de" / "LC_MESSAGES" / "index.po"
    catalog.write_text(catalog.read_text("utf-8") + "\n" + entry, "utf-8")
    found = po_check.problems(catalogs)
    assert found and all(line.startswith(f"{catalog}:") for line in found), found


# -- tools/serve.py (§4) ------------------------------------------------------------


@pytest.mark.parametrize("port", ["99999", "-1", "0", "65536", "http", ""])
def test_serve_rejects_a_port_out_of_range(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    # In this process; the next test runs the same check through make and a child.
    with pytest.raises(SystemExit) as stopped:
        serve.main([f"--port={port}"])
    assert stopped.value.code == 2
    assert "use a number from 1 to 65535" in capsys.readouterr().err


def test_make_serve_checks_the_port_before_building() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "serve", "PORT=99999"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "port 99999 is out of range" in result.stderr
    assert "building" not in result.stdout + result.stderr


# -- SITE_URL (§20) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "it is empty"),
        ("javascript:alert(1)//", "http:// or https://"),
        ("/guide/", "http:// or https://"),
        ("example.org/guide/", "http:// or https://"),
        ("ftp://example.org/", "http:// or https://"),
        ("https://example.org", "must end with '/'"),
        ("https://example.org/\nDisallow: /\n", "line break"),
        ("https://exa mple.org/", "space"),
        ("https://example.org/?a=1/", "query"),
        ("https://example.org/#top/", "fragment"),
        ("https://user:secret@example.org/", "user name or password"),
        ("https://example.org:99999/", "port"),
        ("https:///guide/", "host name"),
    ],
)
def test_site_url_is_checked(value: str, problem: str) -> None:
    with pytest.raises(SiteURLError, match="SITE_URL must be an absolute") as info:
        check_site_url(value)
    assert problem in str(info.value)


@pytest.mark.parametrize(
    "value", [DEFAULT, "https://example.org/", "https://example.org/a&b;c=d/%C3%BC/",
              "http://127.0.0.1:8080/guide/"]
)  # fmt: skip
def test_valid_site_urls_pass(value: str) -> None:
    assert site_url({"SITE_URL": value}) == value


def test_site_build_refuses_a_bad_site_url_before_building() -> None:
    result = tool("tools.site", "--lang", "en", SITE_URL="javascript:alert(1)//")
    assert result.returncode == 2
    assert result.stderr.startswith("error: SITE_URL must be an absolute")
    assert "[en] building" not in result.stdout


def test_sitemap_escapes_the_site_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for code in ("en", "de"):
        (tmp_path / code).mkdir()
        (tmp_path / code / "index.html").write_text("<html></html>", "utf-8")
    monkeypatch.setattr(site, "SITE", tmp_path)
    tree = ET.fromstring(site.sitemap(NASTY))
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in tree.findall("s:url/s:loc", namespace)]
    assert locations == [f"{NASTY}en/index.html", f"{NASTY}de/index.html"]
    links = [link.get("href") for link in tree.iter("{http://www.w3.org/1999/xhtml}link")]
    assert f"{NASTY}de/index.html" in links and len(links) == 6


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.links.append(dict(attrs))


@pytest.mark.build
def test_page_head_escapes_the_site_url(tmp_path: Path) -> None:
    """Build one page with the guide's templates and extension, at an address full of
    characters that HTML must escape, and read the links back."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "index.md").write_text("# Title\n\nText.\n", "utf-8")
    (project / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        "extensions = ['myst_parser', 'bilingual']\n"
        "html_theme = 'furo'\n"
        f"templates_path = [{str(ROOT / 'docs' / '_templates')!r}]\n"
        f"site_url = {NASTY!r}\n"
        "facts_checked = '2026-11-28'\n"
        "bilingual_languages = ['en', 'de']\n",
        "utf-8",
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(project), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = (out / "index.html").read_text("utf-8")
    parser = _Links()
    parser.feed(page)
    alternates = {link["hreflang"]: link["href"] for link in parser.links if link.get("hreflang")}
    assert alternates == {
        "en": f"{NASTY}en/index.html",
        "de": f"{NASTY}de/index.html",
        "x-default": f"{NASTY}en/index.html",
    }
    canonical = [link["href"] for link in parser.links if link.get("rel") == "canonical"]
    assert canonical == [f"{NASTY}en/index.html"]
    assert "c<d>" not in page and "&amp;b" in page


# -- the Makefile (§18 and the cosmetic list) ------------------------------------------


def _make(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def test_make_help_nosuch_prints_the_list_once() -> None:
    result = _make("help", "nosuch")
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert output.count("Usage: make <target>") == 1
    assert result.stderr.splitlines()[-1].endswith(
        "unknown target 'nosuch': choose one of the targets listed above.  Stop."
    )
    assert "Error 2" not in output


@pytest.mark.parametrize("missing", ["requirements/test.txt", "pyproject.toml"])
def test_a_missing_file_is_not_an_unknown_target(tmp_path: Path, missing: str) -> None:
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / missing).unlink()
    result = _make("venv", f"VENV={tmp_path / 'venv'}", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown target" not in result.stdout + result.stderr
    assert f"{missing} is missing: restore it" in result.stderr
    assert not (tmp_path / "venv").exists()


SCRIPTS = sorted(p for p in (ROOT / "tools").glob("*.py") if "__main__" in p.read_text("utf-8"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_a_tools_main_guard_comes_last(script: Path) -> None:
    """``python -m tools.x`` runs the module top to bottom: a function defined below
    the ``__main__`` guard does not exist yet when main() calls it (make bench once
    stopped that way, after its audit timing had been appended below the guard)."""
    body = ast.parse(script.read_text("utf-8")).body
    guards = [
        i for i, node in enumerate(body)
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)
    ]  # fmt: skip
    assert guards == [len(body) - 1], f"{script.name}: the __main__ guard is not last"


# -- the second hardening pass -------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["https://messaging-guide.example-company.de;/",
     "https://datenschutz-leitfaden.beispiel-unternehmen.de;/",
     "https://" + "a-" * 5000 + ";/", "https://" + "a." * 5000 + "-/"],
)  # fmt: skip
def test_site_url_check_takes_linear_time(value: str) -> None:
    started = time.monotonic()
    with pytest.raises(SiteURLError, match="no valid host name"):
        check_site_url(value)
    assert time.monotonic() - started < 0.1


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("https://[::1/", "IP version 6"),
        ("http://[zz]/", "IP version 6"),
        ("http://[::1]:8080/guide/", "IP version 6"),
        (NASTY, "path has a character"),
        ("https://example.org/it's/", "path has a character"),
        ("https://example.org/a\\b/", "path has a character"),
        ("https://example.org/100%/", "path has a character"),
    ],
)
def test_ipv6_and_bad_path_characters_are_refused_without_traceback(
    value: str, problem: str
) -> None:
    with pytest.raises(SiteURLError, match="SITE_URL must be an absolute") as info:
        check_site_url(value)
    assert problem in str(info.value)
    result = tool("tools.site", "--lang", "en", SITE_URL=value)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: SITE_URL must be")
    assert len(result.stderr.splitlines()) == 1


def test_an_unbalanced_quote_in_sphinxopts_is_a_clear_error() -> None:
    result = _make("html", "SPHINXOPTS=-D 'x")
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert "error: SPHINXOPTS is not valid: No closing quotation" in result.stderr
    assert "[en] building" not in result.stdout


def test_an_interrupted_site_build_ends_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tools import site

    def interrupted(*args: object, **kwargs: object) -> bool:
        raise KeyboardInterrupt

    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setattr(site, "build", interrupted)
    assert site.main(["--lang", "en", "--no-finish"]) == 130
    assert capsys.readouterr().err == (
        "error: interrupted; the site is not finished (run the build again)\n"
    )


@pytest.mark.parametrize("out", ["/dev/full", "{tmp}/file/pdf"])
def test_an_unusable_output_folder_is_a_clear_error(tmp_path: Path, out: str) -> None:
    (tmp_path / "file").write_text("not a folder", "utf-8")
    result = tool("tools.pdf", "--out", out.format(tmp=tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("error: cannot write to ")
    assert len(result.stderr.splitlines()) == 1


def test_a_full_output_folder_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tools import site

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.TemporaryFile", full)
    with pytest.raises(site.SetupError, match="cannot write to .*: No space left on device"):
        site.writable_folder(tmp_path)


def test_make_serve_never_gives_port_to_the_shell(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = _make("serve", f"PORT=8200;touch {marker}")
    assert result.returncode != 0 and not marker.exists()
    assert "is not a number" in result.stderr


def test_po_check_help_exits_0() -> None:
    result = tool("tools.po_check", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: python -m tools.po_check")
