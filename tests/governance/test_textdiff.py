"""Word diff (governance/textdiff.py): pure, no database."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from governance.textdiff import Segment, new_text, old_text, tokens, word_diff

# Texts made of a few Dutch words, spaces, punctuation and newlines, so that the two sides
# share words (random unicode would rarely have anything in common).
_pieces = st.sampled_from(
    [
        "de",
        "het",
        "raad",
        "besluit",
        "coöperatie",
        "één",
        "ideeën",
        " ",
        "  ",
        "\n",
        "\n\n",
        ".",
        ",",
        "-",
    ]
)
texts = st.lists(_pieces, max_size=30).map("".join)
any_text = st.text(max_size=60)


def _kinds(segments: list[Segment]) -> list[str]:
    return [segment.kind for segment in segments]


@given(old=texts, new=texts)
def test_de_oude_en_nieuwe_tekst_komen_exact_terug(old, new):
    segments = word_diff(old, new)
    assert old_text(segments) == old
    assert new_text(segments) == new


@given(old=any_text, new=any_text)
def test_ook_willekeurige_unicode_komt_exact_terug(old, new):
    segments = word_diff(old, new)
    assert old_text(segments) == old
    assert new_text(segments) == new


@given(old=texts, new=texts)
def test_geen_lege_segmenten_en_geen_twee_buren_van_dezelfde_soort(old, new):
    segments = word_diff(old, new)
    assert all(segment.text for segment in segments)
    assert all(a.kind != b.kind for a, b in zip(segments, segments[1:], strict=False))


@given(text=any_text)
def test_tokens_vormen_samen_de_tekst(text):
    assert "".join(tokens(text)) == text


@given(text=texts)
def test_gelijke_teksten_zijn_een_gelijk_segment(text):
    assert word_diff(text, text) == ([Segment("equal", text)] if text else [])


def test_twee_lege_teksten_hebben_geen_segmenten():
    assert word_diff("", "") == []


def test_alleen_toevoegen():
    assert word_diff("", "Nieuwe tekst.") == [Segment("insert", "Nieuwe tekst.")]


def test_alleen_verwijderen():
    assert word_diff("Oude tekst.", "") == [Segment("delete", "Oude tekst.")]


def test_een_woord_vervangen_binnen_een_alinea():
    assert word_diff("Het bestuur besluit vandaag.", "Het bestuur besluit morgen.") == [
        Segment("equal", "Het bestuur besluit "),
        Segment("delete", "vandaag"),
        Segment("insert", "morgen"),
        Segment("equal", "."),
    ]


def test_een_woord_toevoegen_markeert_alleen_dat_woord_niet_de_regel():
    assert word_diff("De raad besluit.", "De raad besluit niet.") == [
        Segment("equal", "De raad besluit"),
        Segment("insert", " niet"),
        Segment("equal", "."),
    ]


def test_leestekens_zijn_eigen_tokens():
    assert word_diff("Ja.", "Ja!") == [
        Segment("equal", "Ja"),
        Segment("delete", "."),
        Segment("insert", "!"),
    ]


def test_woorden_met_diakrieten_blijven_heel():
    assert tokens("coöperatie één ideeën") == ["coöperatie", " ", "één", " ", "ideeën"]
    assert word_diff("de coöperatie", "de cooperatie") == [
        Segment("equal", "de "),
        Segment("delete", "coöperatie"),
        Segment("insert", "cooperatie"),
    ]


def test_een_ontbonden_accent_hoort_bij_zijn_woord():
    decomposed = unicodedata.normalize("NFD", "één")
    assert tokens(f"{decomposed} twee") == [decomposed, " ", "twee"]


def test_een_nieuwe_alinea_is_een_wijziging():
    assert word_diff("Eerste zin. Tweede zin.", "Eerste zin.\n\nTweede zin.") == [
        Segment("equal", "Eerste zin."),
        Segment("delete", " "),
        Segment("insert", "\n\n"),
        Segment("equal", "Tweede zin."),
    ]


def test_elke_regelovergang_is_een_eigen_token():
    assert tokens("a\n\n\nb") == ["a", "\n", "\n", "\n", "b"]
    assert word_diff("a\n\nb", "a\n\n\nb") == [
        Segment("equal", "a\n\n"),
        Segment("insert", "\n"),
        Segment("equal", "b"),
    ]


def test_spaties_vormen_een_token_maar_regelovergang_niet():
    assert tokens("a  \n b") == ["a", "  ", "\n", " ", "b"]


def test_veelvoorkomende_woorden_worden_niet_als_ruis_genegeerd():
    # With autojunk a token occurring in more than 1% of 200+ tokens ("de", " ") cannot
    # start a match: the shared run between two changed words would be lost.
    shared = " ".join(["de"] * 150)
    assert word_diff(f"raad {shared} raad", f"bestuur {shared} bestuur") == [
        Segment("delete", "raad"),
        Segment("insert", "bestuur"),
        Segment("equal", f" {shared} "),
        Segment("delete", "raad"),
        Segment("insert", "bestuur"),
    ]
