"""The Dutch catalogue is complete, compiled and in use.

UI strings are written in English and translated in ``locale/nl/LC_MESSAGES/django.po``
(the default language is Dutch). These tests fail when a string shown in the UI is
missing from the catalogue, left untranslated or fuzzy, when a translation drops a
placeholder, or when the committed ``.mo`` was not recompiled.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
MAKEMESSAGES_IGNORES = [".venv", "staticfiles", "tests", "scripts", "media"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}|%[sd]")


def _entries():
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def test_every_entry_is_translated_and_not_fuzzy():
    entries = _entries()
    assert entries, "the Dutch catalogue is empty"
    untranslated = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_translations_keep_their_placeholders():
    wrong = []
    for entry in _entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if entry.msgid_plural:
                # A plural form may leave out the count ("één document").
                if not set(PLACEHOLDER.findall(text)) <= set(expected) | set(
                    PLACEHOLDER.findall(entry.msgid_plural)
                ):
                    wrong.append((entry.msgid, text))
            elif sorted(PLACEHOLDER.findall(text)) != expected:
                wrong.append((entry.msgid, text))
    assert not wrong, wrong


def test_compiled_catalogue_matches_the_source():
    source = {
        (e.msgctxt, e.msgid): e.msgstr_plural or e.msgstr for e in _entries() if e.translated()
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr_plural or e.msgstr for e in polib.mofile(str(MO)) if e.msgid
    }
    assert compiled == source, "locale/nl/LC_MESSAGES/django.mo is stale: run make messages"


def test_every_source_string_is_in_the_catalogue(tmp_path):
    """Regenerate the catalogue from a copy of the sources and compare msgids."""
    if shutil.which("xgettext") is None:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("GNU gettext (xgettext) is required (REQUIRE_SERVICES=1)")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "media", "test-results", "*.pyc", "db.sqlite3"
        ),
    )
    (copy / "locale" / "nl" / "LC_MESSAGES" / "django.po").unlink()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            *(f"--ignore={name}" for name in MAKEMESSAGES_IGNORES),
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hecht.settings"},
    )
    regenerated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / PO.relative_to(ROOT)))}
    committed = {(e.msgctxt, e.msgid) for e in _entries()}
    missing = sorted(regenerated - committed, key=str)
    assert not missing, f"strings missing from the Dutch catalogue (make messages): {missing}"


@pytest.mark.django_db
def test_pages_speak_dutch_by_default_and_english_on_request(client):
    dutch = client.get(reverse("governance:home")).content.decode()
    assert "Naar de hoofdinhoud" in dutch
    assert "Inloggen" in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("governance:home")).content.decode()
    assert "Skip to main content" in english
    assert "Naar de hoofdinhoud" not in english
    assert "Inloggen" not in english
