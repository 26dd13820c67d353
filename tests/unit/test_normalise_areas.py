"""Area matching against schema/vocabulary/areas.yaml."""

from __future__ import annotations

import pytest

from rencana.normalise.areas import (
    FUZZY_THRESHOLD,
    AreaMatch,
    area_scores,
    areas,
    match_area,
)

CANONICAL = {
    1: "Manajemen Perubahan",
    2: "Deregulasi Kebijakan",
    3: "Penataan dan Penguatan Organisasi",
    4: "Penataan Tata Laksana",
    5: "Penataan Sistem Manajemen SDM Aparatur",
    6: "Penguatan Akuntabilitas",
    7: "Penguatan Pengawasan",
    8: "Peningkatan Kualitas Pelayanan Publik",
}


def test_vocabulary_file() -> None:
    loaded = areas()
    assert {a.no: a.canonical for a in loaded} == CANONICAL
    assert [a.id for a in loaded] == ["MP", "DK", "ORG", "TTL", "SDM", "AKU", "PWS", "YANLIK"]
    forms = [f.lower() for a in loaded for f in (a.canonical, *a.variants, *a.acronyms)]
    assert len(forms) == len(set(forms)), "a name form belongs to two areas"


@pytest.mark.parametrize("no", sorted(CANONICAL))
def test_canonical_names_match_exactly(no: int) -> None:
    name = CANONICAL[no]
    for text in (name, name.upper(), name.lower(), f"{no}. {name}", f"  {name} "):
        got = match_area(text, None)
        assert (got.canonical, got.area_no, got.method, got.score) == (name, no, "exact", 100.0)


def _variants() -> list[tuple[str, int]]:
    return [(v, a.no) for a in areas() for v in (*a.variants, *a.acronyms)]


@pytest.mark.parametrize(("variant", "no"), _variants())
def test_every_variant(variant: str, no: int) -> None:
    got = match_area(variant, None)
    assert (got.area_no, got.canonical, got.method) == (no, CANONICAL[no], "variant")
    assert match_area(variant.upper(), None).area_no == no


def _one_typo(s: str) -> list[str]:
    """Each form with one letter dropped, doubled, or two neighbours swapped, at three places."""
    out = []
    for i in (2, len(s) // 2, len(s) - 2):
        out += [s[:i] + s[i + 1 :], s[:i] + s[i] + s[i:], s[:i] + s[i + 1] + s[i] + s[i + 2 :]]
    return out


_LONG_FORMS = [(v, n) for v, n in [(a.canonical, a.no) for a in areas()] + _variants() if len(v) >= 8]


@pytest.mark.parametrize(("variant", "no"), _LONG_FORMS)
def test_single_typos_map_to_their_area(variant: str, no: int) -> None:
    for typo in _one_typo(variant):
        got = match_area(typo, None)
        assert got.area_no == no, (typo, got)


@pytest.mark.parametrize(
    ("text", "no", "method"),
    [
        ("Penguatan Pengawsan", 7, "fuzzy"),
        ("PENATAAN TATALAKSANA", 4, "variant"),
        ("Pengawasan", 7, "variant"),  # the seed's area-7 cell
        ("7. Pengawasan", 7, "variant"),
        ("VII. PENGUATAN PENGAWASAN", 7, "exact"),
        ("Area 7: Penguatan Pengawasan", 7, "exact"),
        ("Manajemen Perubahan", 1, "exact"),
        ("Manajemen Perubahn", 1, "fuzzy"),
        ("Penataan Sistem Manajemen SDM Aparatur", 5, "exact"),
        ("Penataan Sistem Manajemen SDM Aparatr", 5, "fuzzy"),
        ("Penataan Sistem Manajemen", 5, "fuzzy"),  # cut by a line wrap
        ("Peningkatan Kualitas Pelayanan", 8, "fuzzy"),
        ("PenataanTatalaksana", 4, "fuzzy"),
        ("Penguatan Kelembagaan", 3, "variant"),  # 2010-2014 name (rt:08)
        ("Penguatan Peraturan Perundang- undangan", 2, "variant"),
        ("<i>Penguatan Akuntabilitas Kinerja</i>", 6, "variant"),
        ("Penguatan Pengawasan (WBK)", 7, "fuzzy"),
    ],
)
def test_typos_and_forms(text: str, no: int, method: str) -> None:
    got = match_area(text, None)
    assert (got.area_no, got.canonical, got.method) == (no, CANONICAL[no], method)


def test_manajemen_perubahan_is_not_sdm() -> None:
    mp = area_scores("Manajemen Perubahan")
    sdm = area_scores("Penataan Sistem Manajemen SDM Aparatur")
    assert mp[5] < FUZZY_THRESHOLD and sdm[1] < FUZZY_THRESHOLD
    assert match_area("Manajemen", None).method == "unmatched"  # shared word, no area


@pytest.mark.parametrize(
    "text",
    [
        "Pembangunan Zona Integritas di KPU Kota Banjar",
        "Pelatihan SDM pengelola Akuntabilitas Kinerja",  # a sub kegiatan of area 6, not area 5
        "Pelaksanaan Pengendalian Gratifikasi",
        "Penerapan partisipasi publik dalam pelayanan publik",
        "Keterlibatan Pimpinan",
        "Penguatan",
        "Kinerja",
        "AREA PERUBAHAN",
        "Whistle Blowing System",
    ],
)
def test_non_area_text_is_unmatched(text: str) -> None:
    got = match_area(text, None)
    assert (got.canonical, got.area_no, got.method) == (None, None, "unmatched")
    assert got.raw == text


def test_number_fallback() -> None:
    assert match_area("", 7) == AreaMatch("", "Penguatan Pengawasan", 7, 0.0, "number", "PWS")
    assert match_area("7", None) == AreaMatch("7", "Penguatan Pengawasan", 7, 0.0, "number", "PWS")
    assert match_area("VI", None).area_no == 6
    assert match_area("Keterlibatan Pimpinan", 6).method == "number"
    # the name beats a disagreeing printed number
    assert match_area("Pengawasan", 6).area_no == 7
    assert match_area("", None) == AreaMatch("", None, None, 0.0, "unmatched", None)
    assert match_area("", 9).method == "unmatched"
    assert match_area("   \n", None).method == "unmatched"
