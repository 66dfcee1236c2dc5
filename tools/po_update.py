"""Merge freshly extracted English messages into the German catalogs.

``make update-po`` runs ``make gettext`` first, then this: ``sphinx-intl update``
merges every ``_build/gettext/*.pot`` into ``locale/de/LC_MESSAGES/*.po`` (new
messages arrive untranslated, changed ones fuzzy), then every catalog is normalised:
obsolete entries are dropped (git keeps the history), the header gets the fields
below, and catalogs of deleted pages are removed.
Then the package's own catalog follows the same path: :mod:`tools.i18n_extract`
writes ``messaging_rules/locale/messaging_rules.pot`` and Babel's
:meth:`~babel.messages.catalog.Catalog.update` (what ``sphinx-intl`` uses) merges it
into ``messaging_rules/locale/de/LC_MESSAGES/messaging_rules.po``.
Finally it prints what is left for the translator to do, per catalog.

Every catalog is read and written by Babel through :mod:`tools.catalogs`, at the
line width that ``sphinx-intl`` is given too, and written only when its text
changes: a second run changes nothing, and an entry edited by hand or in a PO
editor comes back wrapped as Babel wraps it.

Usage: ``python -m tools.po_update [--pot-dir _build/gettext] [--locale-dir locale]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog

from tools import catalogs, i18n_extract

ROOT = Path(__file__).resolve().parent.parent
# Catalogs that do not come from a page: kept even though no page .pot names them.
EXTRA_CATALOGS = {"sphinx"}
# The header comment of every page catalog.
TITLE = "# German translation of the guide “Business messaging and the GDPR”."
# Header fields of every German catalog (new ones come with placeholders);
# Language, Plural-Forms and the charset follow from the catalog's locale ("de").
TRANSLATOR = "Business-messaging guide team"
TEAM = "German"


def normalise(catalog: Catalog, title: str | None = None) -> None:
    """Give *catalog* the German header fields (and *title* as its header comment).

    The revision date is the template's date: the catalog says which English text
    it translates, and a run that changes nothing else changes no date.
    Obsolete entries are left out when the catalog is written.
    """
    catalog.last_translator = TRANSLATOR
    catalog.language_team = TEAM
    catalog.revision_date = catalog.creation_date
    catalog.fuzzy = False
    if title is not None:
        catalog.header_comment = title


def prune(locale_dir: Path, pot_dir: Path, language: str = "de") -> list[str]:
    """Normalise every catalog, removing those whose page is gone; return what was done."""
    done = []
    folder = locale_dir / language / "LC_MESSAGES"
    templates = {p.relative_to(pot_dir).with_suffix("").as_posix() for p in pot_dir.rglob("*.pot")}
    for path in sorted(folder.rglob("*.po")):
        name = path.relative_to(folder).with_suffix("").as_posix()
        if name not in templates and name not in EXTRA_CATALOGS:
            path.unlink()
            done.append(f"removed {path.relative_to(locale_dir.parent)} (its page is gone)")
            continue
        catalog = catalogs.read(path)
        normalise(catalog, TITLE)
        catalogs.save(path, catalog)
        if catalog.obsolete:
            done.append(f"dropped {len(catalog.obsolete)} obsolete entries from {path.name}")
    return done


def merge_package_catalog(language: str = "de") -> Path:
    """Extract the package's messages and merge them into its *language* catalog.

    Returns the catalog's path.
    """
    template_path = i18n_extract.write_pot()
    path = template_path.parent / language / "LC_MESSAGES" / template_path.with_suffix(".po").name
    template = catalogs.read(template_path)
    catalog = catalogs.read(path)
    catalog.update(template)
    catalog.version = template.version
    normalise(catalog)
    catalogs.save(path, catalog)
    return path


def todo(locale_dir: Path, language: str = "de", extra: tuple[Path, ...] = ()) -> list[str]:
    """One line per catalog that still has untranslated or fuzzy entries."""
    lines = []
    found = sorted((locale_dir / language / "LC_MESSAGES").rglob("*.po"))
    for path in [*found, *extra]:
        messages = catalogs.entries(catalogs.read(path))
        untranslated = sum(not all(catalogs.strings(m)) for m in messages)
        fuzzy = sum(m.fuzzy for m in messages)
        if untranslated or fuzzy:
            top = locale_dir.parent
            shown = path.relative_to(top) if path.is_relative_to(top) else path
            lines.append(f"  {shown}: {untranslated} untranslated, {fuzzy} fuzzy")
    return lines


def drop_stale_templates(pot_dir: Path, docs_dir: Path = ROOT / "docs") -> list[str]:
    """Delete the templates of pages that no longer exist; return what was done.

    Sphinx's gettext builder writes a template per page but never deletes one, so a
    page that was removed or renamed (or exists only on another branch) would keep
    its template in ``_build/gettext``, and ``sphinx-intl update`` would bring its
    catalog back.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     pots, docs = Path(tmp, "pot"), Path(tmp, "docs")
    ...     for name in ("a.pot", "gone/b.pot", "sphinx.pot"):
    ...         (pots / name).parent.mkdir(parents=True, exist_ok=True)
    ...         (pots / name).touch()
    ...     docs.mkdir()
    ...     (docs / "a.md").touch()
    ...     drop_stale_templates(pots, docs), sorted(p.name for p in pots.rglob("*.pot"))
    (['removed template gone/b.pot (its page is gone)'], ['a.pot', 'sphinx.pot'])
    """
    done = []
    for path in sorted(pot_dir.rglob("*.pot")):
        name = path.relative_to(pot_dir).with_suffix("").as_posix()
        if name not in EXTRA_CATALOGS and not (docs_dir / f"{name}.md").exists():
            path.unlink()
            done.append(f"removed template {name}.pot (its page is gone)")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pot-dir", type=Path, default=ROOT / "_build" / "gettext")
    parser.add_argument("--locale-dir", type=Path, default=ROOT / "locale")
    args = parser.parse_args(argv)
    if not any(args.pot_dir.rglob("*.pot")):
        print(f"error: no .pot files in {args.pot_dir}; run 'make gettext' first", file=sys.stderr)
        return 1
    for line in drop_stale_templates(args.pot_dir):
        print(line)
    update = subprocess.run(
        [sys.executable, "-m", "sphinx_intl", "update", "-p", str(args.pot_dir),
         "-d", str(args.locale_dir), "-l", "de", "--line-width", str(catalogs.WIDTH)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if update.returncode:
        print(update.stdout + update.stderr, file=sys.stderr)
        return update.returncode
    try:
        for line in prune(args.locale_dir, args.pot_dir):
            print(line)
        package_catalog = merge_package_catalog()
        left = todo(args.locale_dir, extra=(package_catalog,))
    except catalogs.CatalogError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if left:
        print("Still to translate (edit these .po files, then run make html-de):")
        print("\n".join(left))
    else:
        print("All German catalogs are complete.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
