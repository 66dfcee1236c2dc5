"""The package as users get it: ``python -m build`` makes a wheel and an sdist that
install in a clean virtual environment, pass the package's own doctests there and
run the command line; the wheel carries both licences and nothing of the repository.

The build runs on a copy of what the sdist needs, so the checkout stays untouched,
and without build isolation: setuptools and Babel (which compiles the German catalog)
come from the locked .venv, so nothing is downloaded (the package depends on nothing).
"""

from __future__ import annotations

import email.parser
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import messaging_rules

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PROJECT = PYPROJECT["project"]
#: What the build needs of the checkout (the sdist's content, before setuptools adds PKG-INFO).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", *PROJECT["license-files"])
SOURCES += ("messaging_rules",)
VERSION = messaging_rules.__version__
LICENCES = ("LICENSE", "LICENSES/CC-BY-4.0.txt", "LICENSES/MIT.txt")

#: Runs every docstring example of every module of the *installed* package.
DOCTESTS = """
import doctest, importlib, pkgutil, sys
import messaging_rules
if "site-packages" not in messaging_rules.__file__:
    sys.exit(f"imported from {messaging_rules.__file__}, not from the installed package")
flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
failed = attempted = 0
for info in pkgutil.walk_packages(messaging_rules.__path__, "messaging_rules."):
    result = doctest.testmod(importlib.import_module(info.name), optionflags=flags)
    failed += result.failed
    attempted += result.attempted
print(attempted, failed)
"""


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and the sdist, built from a clean copy of the sources."""
    source = tmp_path_factory.mktemp("source")
    for pattern in SOURCES:
        for path in ROOT.glob(pattern):
            target = source / path.relative_to(ROOT)
            if path.is_dir():
                shutil.copytree(path, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source, cwd=source)
    return out


def one(dist: Path, pattern: str) -> Path:
    (found,) = dist.glob(pattern)
    return found


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Iterator[zipfile.ZipFile]:
    with zipfile.ZipFile(one(dist, "*.whl")) as archive:
        yield archive


def test_build_makes_one_wheel_and_one_sdist(dist: Path) -> None:
    name = PROJECT["name"].replace("-", "_")
    assert sorted(p.name for p in dist.iterdir()) == [
        f"{name}-{VERSION}-py3-none-any.whl",
        f"{name}-{VERSION}.tar.gz",
    ]


def test_the_wheel_holds_the_package_and_both_licences_only(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    info = f"messaging_rules-{VERSION}.dist-info"
    for licence in LICENCES:
        assert f"{info}/licenses/{licence}" in names
    assert "messaging_rules/locale/de/LC_MESSAGES/messaging_rules.mo" in names
    assert not [n for n in names if n.endswith(".po")]
    assert "messaging_rules/py.typed" in names
    assert "messaging_rules/output.schema.json" in names
    assert not [n for n in names if n.endswith(".pot")]
    assert not [n for n in names if "i18n_extract" in n or n.startswith(("tools/", "tests/"))]
    assert not [n for n in names if n.endswith("README.md")]
    assert {n.split("/")[0] for n in names} == {"messaging_rules", info}


def test_the_wheel_metadata_describes_the_package(wheel: zipfile.ZipFile) -> None:
    info = f"messaging_rules-{VERSION}.dist-info/METADATA"
    metadata = email.parser.Parser().parsestr(wheel.read(info).decode("utf-8"))
    assert metadata["Version"] == VERSION
    classifiers = metadata.get_all("Classifier")
    assert "Development Status :: 4 - Beta" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert metadata["License-Expression"] == "CC-BY-4.0 AND MIT"
    assert sorted(metadata.get_all("License-File")) == sorted(LICENCES)
    assert metadata.get_all("Requires-Dist") is None
    assert "Typing :: Typed" in metadata.get_all("Classifier")
    readme = metadata.get_payload()
    assert readme == (ROOT / PROJECT["readme"]).read_text("utf-8")
    assert "messaging-rules recommend" in readme and "nginx" not in readme


def test_the_sdist_holds_what_the_build_needs_and_no_tests(dist: Path) -> None:
    with tarfile.open(one(dist, "*.tar.gz")) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    po = "messaging_rules/locale/de/LC_MESSAGES/messaging_rules.po"
    assert {*LICENCES, "pyproject.toml", "setup.py", "PKG-INFO", PROJECT["readme"], po} <= names
    assert not [n for n in names if n.startswith("tests/") or n.endswith((".pot", ".mo"))]


@pytest.mark.parametrize("artifact", ["*.whl", "*.tar.gz"], ids=["wheel", "sdist"])
def test_installs_in_a_clean_venv_and_passes_its_doctests(
    dist: Path, tmp_path: Path, artifact: str
) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    pip = (python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps")
    run(*pip, one(dist, artifact), cwd=tmp_path)
    report = run(python, "-c", DOCTESTS, cwd=tmp_path).stdout
    attempted, failed = map(int, report.splitlines()[-1].split())
    assert failed == 0 and attempted > 100, report
    english = run(venv / "bin" / "messaging-rules", "--lang", "en", "rules", cwd=tmp_path)
    assert english.stdout.startswith("R1: ") and "R11: " in english.stdout
    german = run(venv / "bin" / "messaging-rules", "--lang", "de", "rules", cwd=tmp_path)
    assert "Status: bestätigt" in german.stdout
