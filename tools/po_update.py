"""Merge freshly extracted English messages into the German catalogs.

``make update-po`` runs ``make gettext`` first, then this: ``sphinx-intl update``
merges every ``_build/gettext/*.pot`` into ``locale/de/LC_MESSAGES/*.po`` (new
messages arrive untranslated, changed ones fuzzy), then obsolete entries are
dropped (git keeps the history) and catalogs of deleted pages are removed.
Then the package's own catalog follows the same path: :mod:`tools.i18n_extract`
writes ``messaging_rules/locale/messaging_rules.pot`` and GNU ``msgmerge`` merges it
into ``messaging_rules/locale/de/LC_MESSAGES/messaging_rules.po``.
Finally it prints what is left for the translator to do, per catalog.

Usage: ``python -m tools.po_update [--pot-dir _build/gettext] [--locale-dir locale]``
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import polib

from tools import i18n_extract

ROOT = Path(__file__).resolve().parent.parent
# Catalogs that do not come from a page: kept even though no page .pot names them.
EXTRA_CATALOGS = {"sphinx"}
# Header fields every German catalog carries (sphinx-intl leaves placeholders).
HEADER = {
    "Last-Translator": "Business-messaging guide team",
    "Language-Team": "German",
    "Language": "de",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


def prune(locale_dir: Path, pot_dir: Path, language: str = "de") -> list[str]:
    """Drop obsolete entries and catalogs whose page is gone; return what was done."""
    done = []
    catalogs = locale_dir / language / "LC_MESSAGES"
    templates = {p.relative_to(pot_dir).with_suffix("").as_posix() for p in pot_dir.rglob("*.pot")}
    for path in sorted(catalogs.rglob("*.po")):
        name = path.relative_to(catalogs).with_suffix("").as_posix()
        if name not in templates and name not in EXTRA_CATALOGS:
            path.unlink()
            done.append(f"removed {path.relative_to(locale_dir.parent)} (its page is gone)")
            continue
        po = polib.pofile(str(path), wrapwidth=76)
        obsolete = po.obsolete_entries()
        for entry in obsolete:
            po.remove(entry)
        header = {**po.metadata, **HEADER}
        header["PO-Revision-Date"] = header.get("POT-Creation-Date", "")
        title = "German translation of the guide “Business messaging and the GDPR”."
        if obsolete or header != po.metadata or po.metadata_is_fuzzy or po.header != title:
            po.metadata = header
            po.metadata_is_fuzzy = False
            po.header = title
            po.save()
        if obsolete:
            done.append(f"dropped {len(obsolete)} obsolete entries from {path.name}")
    return done


def merge_package_catalog(language: str = "de") -> Path:
    """Extract the package's messages and merge them into its *language* catalog.

    Returns the catalog's path; raises :class:`RuntimeError` when ``msgmerge`` is
    missing or fails.
    """
    template = i18n_extract.write_pot()
    catalog = template.parent / language / "LC_MESSAGES" / template.with_suffix(".po").name
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        raise RuntimeError("msgmerge not found: install gettext (Debian: apt-get install gettext)")
    merged = subprocess.run(
        [msgmerge, "--quiet", "--backup=none", "--update", str(catalog), str(template)],
        capture_output=True,
        text=True,
        check=False,
    )
    if merged.returncode:
        raise RuntimeError(f"msgmerge failed on {catalog}: {merged.stderr.strip()}")
    return catalog


def todo(locale_dir: Path, language: str = "de", extra: tuple[Path, ...] = ()) -> list[str]:
    """One line per catalog that still has untranslated or fuzzy entries."""
    lines = []
    catalogs = sorted((locale_dir / language / "LC_MESSAGES").rglob("*.po"))
    for path in [*catalogs, *extra]:
        po = polib.pofile(str(path))
        untranslated, fuzzy = len(po.untranslated_entries()), len(po.fuzzy_entries())
        if untranslated or fuzzy:
            top = locale_dir.parent
            shown = path.relative_to(top) if path.is_relative_to(top) else path
            lines.append(f"  {shown}: {untranslated} untranslated, {fuzzy} fuzzy")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pot-dir", type=Path, default=ROOT / "_build" / "gettext")
    parser.add_argument("--locale-dir", type=Path, default=ROOT / "locale")
    args = parser.parse_args(argv)
    if not any(args.pot_dir.rglob("*.pot")):
        print(f"error: no .pot files in {args.pot_dir}; run 'make gettext' first", file=sys.stderr)
        return 1
    update = subprocess.run(
        [sys.executable, "-m", "sphinx_intl", "update", "-p", str(args.pot_dir),
         "-d", str(args.locale_dir), "-l", "de"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if update.returncode:
        print(update.stdout + update.stderr, file=sys.stderr)
        return update.returncode
    for line in prune(args.locale_dir, args.pot_dir):
        print(line)
    try:
        package_catalog = merge_package_catalog()
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    left = todo(args.locale_dir, extra=(package_catalog,))
    if left:
        print("Still to translate (edit these .po files, then run make html-de):")
        print("\n".join(left))
    else:
        print("All German catalogs are complete.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
