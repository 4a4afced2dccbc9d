"""Compile the gettext catalogues (locale/*/LC_MESSAGES/*.po → .mo) with polib.

GNU gettext's msgfmt is not needed: `make messages` runs this, and a test fails when a committed
.mo differs from what its .po compiles to.

usage: python tools/messages.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


APPS_DIR = LOCALE_DIR.parent / "danhgia" / "apps"


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """The project's catalogue and each app's own (danhgia/apps/<app>/locale), so apps don't share a file."""
    found = sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))
    if locale_dir == LOCALE_DIR:
        found += sorted(APPS_DIR.glob("*/locale/*/LC_MESSAGES/*.po"))
    return found


def compile_catalogue(po_path: Path) -> bytes:
    catalogue = polib.pofile(str(po_path), encoding="utf-8", check_for_duplicates=True)
    return bytes(catalogue.to_binary())


def stale_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """The .po files whose .mo is missing or differs from a fresh compilation."""
    stale = []
    for po_path in catalogues(locale_dir):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.read_bytes() != compile_catalogue(po_path):
            stale.append(po_path)
    return stale


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        stale = stale_catalogues()
        for po_path in stale:
            print(f"stale: {po_path.with_suffix('.mo')} (run `make messages`)", file=sys.stderr)
        return 1 if stale else 0
    for po_path in catalogues():
        po_path.with_suffix(".mo").write_bytes(compile_catalogue(po_path))
        print(f"compiled {po_path.with_suffix('.mo')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
