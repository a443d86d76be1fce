"""The Dutch catalogue is complete, compiled and in use.

UI strings are written in English and translated in ``locale/nl/LC_MESSAGES/django.po``
(the default language is Dutch). These tests fail when a string shown in the UI is
missing from the catalogue, left untranslated or fuzzy, when a translation drops or
adds a placeholder, or when the committed ``.mo`` was not recompiled. The fix is
always ``make messages`` followed by translating what it added.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The same options as `make messages` (Makefile).
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "nl",
    "--ignore=.venv",
    "--ignore=staticfiles",
    "--ignore=tests",
    "--ignore=scripts",
    "--ignore=media",
    "--no-obsolete",
    "--no-location",
]
NOT_COPIED = (".venv", ".git", "staticfiles", "media", "test-results", "__pycache__", "*.pyc")
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt")
# A %-directive: %(name)s, %s, %d, %5.2f ... and the escaped percent sign %%.
PERCENT = re.compile(
    r"%(?:\((?P<name>\w+)\))?[#0 +-]*(?:\*|\d+)?(?:\.\d+)?(?P<kind>[diouxXeEfFgGcrsa%])"
)
BRACE = re.compile(r"(?<!\{)\{(?P<name>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
# Words of the Dutch page that the English page must not contain.
DUTCH_ONLY = ("Naar de hoofdinhoud", "Inloggen", "Vergaderkalender", "Hoofdmenu")


def _entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _percent_placeholders(text: str) -> list[str]:
    return sorted(
        m.group(0) if m.group("name") is None else f"%({m.group('name')}){m.group('kind')}"
        for m in PERCENT.finditer(text)
        if m.group("kind") != "%"
    )


def _brace_placeholders(text: str) -> list[str]:
    return sorted(m.group("name") for m in BRACE.finditer(text))


def _formats_cleanly(text: str, source: str) -> bool:
    """``text % values`` works with the values ``source`` takes (a stray ``%`` fails)."""
    named = defaultdict(lambda: 1)
    positional = tuple(1 for _ in _percent_placeholders(source))
    try:
        text % (named if "%(" in source else positional)
    except (TypeError, ValueError, KeyError):
        return False
    return True


def test_the_catalogue_declares_dutch_with_two_plural_forms():
    catalogue = polib.pofile(str(PO))
    assert catalogue.metadata["Language"] == "nl"
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert catalogue.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    assert not catalogue.metadata_is_fuzzy, "the header is marked fuzzy"


def test_every_entry_is_translated_and_not_fuzzy():
    entries = _entries()
    assert entries, "the Dutch catalogue is empty"
    untranslated = [e.msgid for e in entries if not all(t.strip() for t in _translations(e))]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {PO.name}: {untranslated}"
    assert not fuzzy, f"fuzzy in {PO.name} (check, then remove the flag): {fuzzy}"


def test_translations_keep_their_placeholders():
    wrong = []
    for entry in _entries():
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        if "python-format" in entry.flags:
            expected = [_percent_placeholders(s) for s in sources]
            for text in filter(None, _translations(entry)):  # empty: the test above
                found = _percent_placeholders(text)
                if entry.msgid_plural:
                    # A plural form may leave out the count ("één stem"), never add one.
                    ok = set(found) <= set(expected[0]) | set(expected[-1])
                else:
                    ok = found == expected[0]
                if not ok or not _formats_cleanly(text, entry.msgid):
                    wrong.append((entry.msgid, text))
        if "python-brace-format" in entry.flags:
            expected_names = {name for s in sources for name in _brace_placeholders(s)}
            for text in filter(None, _translations(entry)):
                found_names = _brace_placeholders(text)
                if entry.msgid_plural:
                    ok = set(found_names) <= expected_names
                else:
                    ok = found_names == _brace_placeholders(entry.msgid)
                if not ok:
                    wrong.append((entry.msgid, text))
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(
        f"  {msgid!r} -> {text!r}" for msgid, text in wrong
    )


def _pairs(catalogue) -> set[tuple]:
    pairs = set()
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            text = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
        else:
            text = entry.msgstr
        pairs.add((entry.msgctxt, entry.msgid, entry.msgid_plural or None, text))
    return pairs


def test_the_committed_mo_is_compiled_from_the_po(tmp_path):
    assert MO.exists(), f"{MO.relative_to(ROOT)} is missing: run make messages"
    fresh = tmp_path / "django.mo"
    polib.pofile(str(PO)).save_as_mofile(str(fresh))
    expected = _pairs(polib.mofile(str(fresh)))
    committed_mo = polib.mofile(str(MO))
    committed = _pairs(committed_mo)
    stale = sorted(committed - expected, key=repr)
    absent = sorted(expected - committed, key=repr)
    assert not (stale or absent), (
        f"{MO.relative_to(ROOT)} is stale: run make messages\n"
        f"  only in the .mo: {stale}\n  only in the .po: {absent}"
    )
    assert committed_mo.metadata.get("Plural-Forms") == polib.pofile(str(PO)).metadata.get(
        "Plural-Forms"
    )


def test_every_source_string_is_in_the_catalogue(tmp_path):
    """Regenerate the catalogue from a copy of the sources and compare msgids."""
    absent = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if absent:
        reason = f"GNU gettext is not installed (no {', '.join(absent)} on PATH)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_COPIED))
    regenerated_po = copy / PO.relative_to(ROOT)
    regenerated_po.unlink()  # extract from the sources alone, without merging
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hecht.settings"},
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    regenerated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(regenerated_po)) if e.msgid}
    committed = {(e.msgctxt, e.msgid) for e in _entries()}
    missing = sorted(regenerated - committed, key=repr)
    if missing:
        print("Strings missing from the Dutch catalogue:")
        for context, msgid in missing:
            print(f"  {msgid!r}" + (f" (context {context!r})" if context else ""))
    assert not missing, (
        f"{len(missing)} source strings are missing from {PO.relative_to(ROOT)}: "
        f"run make messages and translate them: {[msgid for _c, msgid in missing]}"
    )


def _home(client, **headers) -> str:
    response = client.get("/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_start_page_speaks_dutch_by_default_and_english_on_request(client, db):
    assert settings.LANGUAGE_CODE == "nl"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    dutch = _home(client, HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="nl"' in dutch
    assert "Mijn overzicht" not in dutch  # not logged in: the login link instead
    for word in DUTCH_ONLY:
        assert word in dutch, f"{word!r} is not on the Dutch start page"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _home(client, HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="en"' in english
    assert "Skip to main content" in english
    assert "Log in" in english
    leaked = [word for word in DUTCH_ONLY if word in english]
    assert not leaked, f"Dutch on the English start page: {leaked}"


def test_my_overview_is_dutch_for_a_logged_in_member(client, ab_member):
    client.force_login(ab_member)
    dutch = _home(client, HTTP_ACCEPT_LANGUAGE="nl")
    assert "Mijn overzicht" in dutch
    assert "Uitloggen" in dutch
    assert "Wachtwoord wijzigen" in dutch

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _home(client)
    assert "My overview" in english
    assert "Mijn overzicht" not in english
    assert "Uitloggen" not in english
