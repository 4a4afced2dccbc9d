from __future__ import annotations

import unicodedata
from pathlib import Path

import polib

from tools.messages import LOCALE_DIR, catalogues, stale_catalogues

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
VIETNAMESE_PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"


def test_vietnamese_catalogue_exists() -> None:
    found = catalogues()
    assert found[0] == VIETNAMESE_PO
    # every other catalogue is an app's own Vietnamese one (danhgia/apps/<app>/locale/vi/LC_MESSAGES/django.po)
    assert all(
        p.parts[-6:-4] == ("apps", p.parts[-5]) and p.parts[-3:] == ("vi", "LC_MESSAGES", "django.po")
        for p in found[1:]
    )


def test_compiled_catalogues_match_their_sources() -> None:
    assert stale_catalogues() == [], "run `make messages` and commit the .mo files"


def test_every_vietnamese_string_is_translated_and_not_fuzzy() -> None:
    for path in catalogues():
        catalogue = polib.pofile(str(path))

        assert catalogue.untranslated_entries() == [], path
        assert catalogue.fuzzy_entries() == [], path
        assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;", path


def test_vietnamese_text_is_nfc_normalised() -> None:
    files = [*catalogues(), *sorted((REPO_ROOT / "danhgia").glob("apps/**/templates/**/*.html"))]
    files += [REPO_ROOT / "README.md", REPO_ROOT / "docs" / "CONTEXT.md"]

    not_nfc = [
        str(path.relative_to(REPO_ROOT))
        for path in files
        if (text := path.read_text(encoding="utf-8")) != unicodedata.normalize("NFC", text)
    ]

    assert not_nfc == []
