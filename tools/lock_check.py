"""Check, without network and without uv, that the lock files agree with ``pyproject.toml``.

``make lock`` writes ``uv.lock`` from the dependency groups of ``pyproject.toml`` and
exports one hashed ``requirements/<group>.txt`` per group.  A hand edit of any of
them, or a ``pyproject.toml`` change without ``make lock``, leaves them out of step;
this check finds that:

* every group of ``pyproject.toml`` (its ``include-group`` entries expanded) lists
  the same requirements as the lock records for it (``requires-dev``);
* every pin of ``requirements/<group>.txt`` is a version the lock holds, and
  every hash in it belongs to one of that version's files in the lock (a lock may
  hold several versions of a package, one per range of Python versions, when a
  newer release needs a newer Python: ``make lock UPGRADE=1`` then exports one pin
  per range, each with its marker);
* every requirement the group names directly is pinned in its export.

It reads files only, so it runs offline (``make lock-check``, and the tests); ``uv
lock --check`` additionally re-resolves but needs uv and the package index.

Usage: ``python -m tools.lock_check`` (exit 1 with one line per problem).

>>> normalise("Sphinx_Intl")
'sphinx-intl'
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9._-]+)\s*(.*?)\s*$")
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;]+)")
_HASH = re.compile(r"--hash=(sha256:[0-9a-f]{64})")


def normalise(name: str) -> str:
    """Return the normalised form of a distribution name (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def group_requirements(groups: Mapping[str, list[Any]], group: str) -> dict[str, str]:
    """Return ``{name: specifier}`` for *group*, its ``include-group`` entries expanded.

    >>> group_requirements({"a": ["x>=1"], "b": [{"include-group": "a"}, "Y"]}, "b")
    {'x': '>=1', 'y': ''}
    """
    found: dict[str, str] = {}
    for entry in groups[group]:
        if isinstance(entry, dict):
            found.update(group_requirements(groups, entry["include-group"]))
            continue
        match = _REQUIREMENT.match(entry)
        if match is None:
            raise ValueError(f"cannot read the requirement {entry!r} of group {group}")
        found[normalise(match.group(1))] = match.group(2).replace(" ", "")
    return found


def problems(root: Path = ROOT) -> list[str]:
    """Return one line per disagreement between pyproject.toml, uv.lock and the exports."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    lock = tomllib.loads((root / "uv.lock").read_text("utf-8"))
    groups: dict[str, list[Any]] = pyproject.get("dependency-groups", {})
    name = normalise(pyproject["project"]["name"])
    (project,) = [p for p in lock["package"] if p["name"] == name]
    recorded = project.get("metadata", {}).get("requires-dev", {})
    versions: dict[str, set[str]] = {}
    hashes: dict[tuple[str, str], set[str]] = {}
    for package in lock["package"]:
        if "version" not in package:
            continue
        versions.setdefault(package["name"], set()).add(package["version"])
        files = [package.get("sdist", {}), *package.get("wheels", [])]
        hashes[package["name"], package["version"]] = {f["hash"] for f in files if "hash" in f}
    found = []
    if sorted(groups) != sorted(recorded):
        found.append(f"uv.lock has the groups {sorted(recorded)}, pyproject.toml {sorted(groups)}")
    for group in sorted(groups):
        wanted = group_requirements(groups, group)
        locked = {normalise(r["name"]): r.get("specifier", "") for r in recorded.get(group, [])}
        if wanted != locked:
            found.append(f"uv.lock is behind pyproject.toml's group {group}: run make lock")
        export = root / "requirements" / f"{group}.txt"
        if not export.exists():
            found.append(f"{export.relative_to(root)} is missing: run make lock")
            continue
        pinned = {}
        for block in re.split(r"\n(?=\S)", export.read_text("utf-8")):
            pin = _PIN.match(block)
            if pin is None:
                continue
            package, version = normalise(pin.group(1)), pin.group(2)
            pinned[package] = version
            where = f"{export.relative_to(root)}: {package}=={version}"
            if version not in versions.get(package, set()):
                held = ", ".join(sorted(versions.get(package, set()))) or "none"
                found.append(f"{where}, but uv.lock has {held}")
            elif not set(_HASH.findall(block)) <= hashes[package, version]:
                found.append(f"{where} carries a hash that uv.lock does not")
        missing = sorted(set(wanted) - set(pinned))
        if missing:
            found.append(f"{export.relative_to(root)} lacks {', '.join(missing)}: run make lock")
    return found


def main() -> int:
    """Print every problem; exit 1 when there is one."""
    found = problems()
    for line in found:
        print(f"error: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
