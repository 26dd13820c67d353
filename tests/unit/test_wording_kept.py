"""Issue 12: normalisation never changes what the satker meant.

Every example of the issue's first paragraph, run through the real reconciler and the real
(shipped) Hunspell dictionary: the printed wording comes out as printed, the template mapping
beside it.
"""

from __future__ import annotations

import pytest

from rencana.normalise.lexicon import Lexicon, apply_fixes, in_dictionary
from rencana.normalise.morphology import derivations
from rencana.normalise.reconcile import Reconciled, Reconciler, RowCells, default_reconciler
from rencana.normalise.vocabulary import load_vocabulary


@pytest.fixture(scope="module")
def rec() -> Reconciler:
    return default_reconciler()


def _one(rec: Reconciler, area: str, kegiatan: str, sub: str, ind: tuple[str, ...] = ()) -> Reconciled:
    return rec.reconcile([RowCells(1, area, kegiatan, True, sub, ind)])


@pytest.mark.parametrize(
    ("area", "kegiatan", "sub"),
    [
        ("PP", "Pelayanan Publik", "1. Penyusunan dan publikasi Maklumat Pelayanan"),
        (
            "MP",
            "Pembangunan Zona Integritas",
            "Pencanangan Zona Integritas menuju WBK/WBBM di lingkungan KPU Kota Banjar",
        ),
        ("SDM", "Penilaian kinerja ASN", "Penilaian kinerja ASN"),
        ("PWS", "Penguatan SPIP", "Pembentukan Satgas SPIP"),
        ("SDM", "Pembinaan pegawai", "Sosialisasi kode etik kepada pegawai"),
    ],
)
def test_sub_kegiatan_keeps_the_printed_wording(rec: Reconciler, area: str, kegiatan: str, sub: str) -> None:
    out = _one(rec, area, kegiatan, sub)
    printed = sub.split(". ", 1)[1] if sub[0].isdigit() else sub
    assert out.rows[0].sub_kegiatan == printed
    assert out.rows[0].kegiatan == kegiatan
    assert all(c.corrected == c.raw for c in out.corrections if c.level == "label")


def test_the_mapping_goes_beside_the_text(rec: Reconciler) -> None:
    out = _one(
        rec,
        "PWS",
        "Pembangunan Zona Integritas di KPU Kota Banjar",
        "Pencanangan Zona Integritas menuju WBK/WBBM di lingkungan KPU Kota Banjar",
    )
    [m] = out.rows[0].sub_maps
    assert (m.id, m.canonical) == ("PWS.01.01", "Pencanangan Zona Integritas di Lingkungan KPU Kota Banjar")
    assert out.rows[0].kegiatan_id == "PWS.01"
    assert (
        out.rows[0].sub_kegiatan
        == "Pencanangan Zona Integritas menuju WBK/WBBM di lingkungan KPU Kota Banjar"
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Jumlah unggahan informasi RB", "indikator"),
        ("Persentase pengunggahan dokumen", "indikator"),
        ("Dokumen penganggaran kegiatan", "indikator"),
        ("Keberlanjutan program pembangunan Zona Integritas", "indikator"),
    ],
)
def test_correct_derived_words_stand(rec: Reconciler, text: str, field: str) -> None:
    fixes = rec.lexicon.fix(text, field)
    assert apply_fixes(text, [f for f in fixes if not f.needs_review]) == text
    assert not [f for f in fixes if f.corrected != f.raw]


def test_morphology_finds_the_root() -> None:
    assert any(a[-2:] == ("unggah", "an") for a in derivations("pengunggahan", in_dictionary))
    assert derivations("keberlanjutan", in_dictionary)[0][0] == "ke"
    assert not derivations("dilingkungan", in_dictionary)  # di- never closes with a bare -an
    assert not derivations("pencanaan", in_dictionary)  # a typo is no derivation


@pytest.mark.parametrize(
    ("printed", "want"),
    [
        ("Dilingkup KPU", "Di lingkup KPU"),
        ("dilingkungan KPU", "di lingkungan KPU"),
        ("ditahun 2022", "di tahun 2022"),
    ],
)
def test_a_merged_preposition_is_split_not_dropped(rec: Reconciler, printed: str, want: str) -> None:
    out = _one(rec, "MP", "Pembangunan Zona Integritas", f"Sosialisasi Zona Integritas {printed}")
    assert out.rows[0].sub_kegiatan == f"Sosialisasi Zona Integritas {want}"


def test_a_repair_that_needs_review_is_proposed_not_applied(rec: Reconciler) -> None:
    out = _one(rec, "MP", "Pembangunan Zona Integritas", "Pelaksanan kegiatan")
    assert out.rows[0].sub_kegiatan == "Pelaksanan kegiatan"
    proposed = [c for c in out.corrections if c.level == "word" and c.raw == "Pelaksanan"]
    assert proposed and all(c.needs_review and c.corrected == c.raw for c in proposed)
    assert all(c.method == "unmatched" and c.suggestions for c in proposed)


def test_sure_typos_are_still_repaired(rec: Reconciler) -> None:
    out = _one(rec, "MP", "Pembangunan Zona Integrita", "Pengembangan Jabtan fungsional")
    assert out.rows[0].kegiatan == "Pembangunan Zona Integritas"
    assert out.rows[0].sub_kegiatan == "Pengembangan Jabatan fungsional"


def test_names_and_acronyms_are_never_touched() -> None:
    lx = Lexicon(load_vocabulary())
    text = "Rapat koordinasi KPU Kabupaten Tasikmalaya bersama MUHKLIS tentang SAKIP"
    assert apply_fixes(text, lx.fix(text, "sub_kegiatan")) == text


def test_the_dictionary_is_the_shipped_one_not_the_systems() -> None:
    from rencana.normalise.lexicon import DICTIONARY_NAME, dictionary_stems
    from rencana.normalise.vocabulary import packaged_dir

    base = packaged_dir() / DICTIONARY_NAME
    assert base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file()
    assert (packaged_dir() / "hunspell" / "SOURCE.md").is_file()
    assert "unggah" in dictionary_stems() and in_dictionary("penganggaran")
