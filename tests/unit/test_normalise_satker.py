"""Satker resolution: code first, name second; clashes, Papua 2022 codes, Aceh, KPU RI."""

from __future__ import annotations

from pathlib import Path

import pytest

from rencana.normalise.satker import KPU_RI, find_satker_mentions, regions, resolve_satker
from rencana.schema.issues import IssueCode, flags_of
from rencana.schema.records import Satker

KOTA_BANJAR = Satker("KPU Kota Banjar", "kota", "3279", "Jawa Barat")
KAB_BANJAR = Satker("KPU Kabupaten Banjar", "kabupaten", "6303", "Kalimantan Selatan")
MERAUKE_2022 = Satker("KPU Kabupaten Merauke", "kabupaten", "9101", "Papua")
MERAUKE = Satker("KPU Kabupaten Merauke", "kabupaten", "9301", "Papua Selatan")


def _resolve(code: str | None, text: str, year: int | None) -> tuple[Satker | None, list[str]]:
    """resolve_satker with its findings as the ``documents.flags`` they make."""
    satker, issues = resolve_satker(code, text, year)
    return satker, flags_of(issues)


def test_satker_findings_name_their_column() -> None:
    _, issues = resolve_satker("9999", "", 2022)
    assert [(i.code, i.field) for i in issues] == [
        (IssueCode.UNKNOWN_REGION_CODE, "region_code"),
        (IssueCode.SATKER_NOT_FOUND, "satker"),
    ]


def test_regions_csv_is_packaged() -> None:
    rows = regions()
    assert len(rows) == 552  # 38 provinces + 514 kab/kota
    assert sum(r.level == "provinsi" for r in rows) == 38


def test_seed_satker() -> None:
    assert _resolve("3279", "KOMISI PEMILIHAN UMUM KOTA BANJAR", 2022) == (KOTA_BANJAR, [])


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("3279", "KOMISI PEMILIHAN UMUM KOTA BANJAR", KOTA_BANJAR),
        ("6303", "KOMISI PEMILIHAN UMUM KABUPATEN BANJAR", KAB_BANJAR),
        (None, "KOMISI PEMILIHAN UMUM KOTA BANJAR", KOTA_BANJAR),
        (None, "KOMISI PEMILIHAN UMUM KABUPATEN BANJAR", KAB_BANJAR),
        (None, "KOMISI PEMILIHAN UMUM KAB. BANJAR", KAB_BANJAR),
        ("6303", "KPU BANJAR", KAB_BANJAR),  # no Kota/Kabupaten word: the code decides
        ("3279", "KPU BANJAR", KOTA_BANJAR),
        (None, "KPU KOTA BANJAR BARU", Satker("KPU Kota Banjarbaru", "kota", "6372", "Kalimantan Selatan")),
        (
            None,
            "KPU Kabupaten Banjarnegara",
            Satker("KPU Kabupaten Banjarnegara", "kabupaten", "3304", "Jawa Tengah"),
        ),
    ],
)
def test_banjar_clash(code: str | None, text: str, expected: Satker) -> None:
    assert _resolve(code, text, 2022) == (expected, [])


def test_code_wins_over_a_disagreeing_name() -> None:
    assert _resolve("3279", "KOMISI PEMILIHAN UMUM KABUPATEN BANJAR", 2022) == (
        KOTA_BANJAR,
        ["region_name_mismatch:3279 vs Kabupaten Banjar"],
    )
    assert _resolve("32", "KOMISI PEMILIHAN UMUM KOTA BANJAR", 2022) == (
        Satker("KPU Provinsi Jawa Barat", "provinsi", "32", "Jawa Barat"),
        ["region_name_mismatch:32 vs Kota Banjar"],
    )
    assert _resolve("3279", "KOMISI PEMILIHAN UMUM REPUBLIK INDONESIA", 2022) == (
        KOTA_BANJAR,
        ["region_name_mismatch:3279 vs KPU RI"],
    )


def test_unknown_code_falls_back_to_the_name() -> None:
    assert _resolve("9999", "KOMISI PEMILIHAN UMUM KOTA BANJAR", 2022) == (
        KOTA_BANJAR,
        ["unknown_region_code:9999"],
    )
    assert _resolve("9999", "", 2022) == (None, ["unknown_region_code:9999", "satker_not_found"])


def test_ambiguous_name_without_code() -> None:
    assert _resolve(None, "KPU BANJAR", 2022) == (
        None,
        ["ambiguous_region_name:Kabupaten Banjar / Kota Banjar"],
    )


def test_papua_2022_codes() -> None:
    # regions.csv: 9301 Kabupaten Merauke, Papua Selatan, code_2022 9101 (province 91 Papua then);
    # code and province are those of the plan year, the name is stable
    text = "KOMISI PEMILIHAN UMUM KABUPATEN MERAUKE"
    assert _resolve("9101", text, 2022) == (MERAUKE_2022, [])
    assert _resolve("9101", text, 2021) == (MERAUKE_2022, [])
    assert _resolve("9101", text, None) == (MERAUKE, [])
    assert _resolve("9301", text, 2023) == (MERAUKE, [])
    assert _resolve(None, text, 2022) == (MERAUKE_2022, [])
    assert _resolve(None, text, 2024) == (MERAUKE, [])
    assert _resolve("9101", text, 2023) == (MERAUKE, ["outdated_region_code:9101"])
    assert _resolve("9301", text, 2022) == (MERAUKE_2022, ["region_code_not_in_2022_list:9301"])
    # 9601 Kabupaten Sorong (Papua Barat Daya) was 9201 (Papua Barat) in 2022; 9271 was Kota Sorong
    assert _resolve("9201", "KPU KABUPATEN SORONG", 2022) == (
        Satker("KPU Kabupaten Sorong", "kabupaten", "9201", "Papua Barat"),
        [],
    )
    assert _resolve("9601", "KPU KABUPATEN SORONG", 2023) == (
        Satker("KPU Kabupaten Sorong", "kabupaten", "9601", "Papua Barat Daya"),
        [],
    )
    assert _resolve("9271", "KPU KABUPATEN SORONG", 2022) == (
        Satker("KPU Kota Sorong", "kota", "9271", "Papua Barat"),
        ["region_name_mismatch:9271 vs Kabupaten Sorong"],
    )


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (
            "32",
            "KOMISI PEMILIHAN UMUM PROVINSI JAWA BARAT",
            Satker("KPU Provinsi Jawa Barat", "provinsi", "32", "Jawa Barat"),
        ),
        (
            None,
            "KOMISI PEMILIHAN UMUM PROVINSI JAWA BARAT",
            Satker("KPU Provinsi Jawa Barat", "provinsi", "32", "Jawa Barat"),
        ),
        (None, "KOMISI PEMILIHAN UMUM", KPU_RI),
        (None, "KOMISI PEMILIHAN UMUM REPUBLIK INDONESIA", KPU_RI),
        (None, "KETUA KPU RI", KPU_RI),
        (
            None,
            "KOMISI PEMILIHAN UMUM PETUNJUK TEKNIS REFORMASI BIROKRASI DI LINGKUNGAN "
            "KOMISI PEMILIHAN UMUM, KOMISI PEMILIHAN UMUM PROVINSI DAN KOMISI PEMILIHAN UMUM "
            "KABUPATEN/KOTA KETUA KOMISI PEMILIHAN UMUM",
            KPU_RI,
        ),
        (
            None,
            "KOMISI INDEPENDEN PEMILIHAN KABUPATEN ACEH BESAR",
            Satker("KIP Kabupaten Aceh Besar", "kabupaten", "1106", "Aceh"),
        ),
        ("1106", "KIP KABUPATEN ACEH BESAR", Satker("KIP Kabupaten Aceh Besar", "kabupaten", "1106", "Aceh")),
        (None, "KOMISI INDEPENDEN PEMILIHAN ACEH", Satker("KIP Aceh", "provinsi", "11", "Aceh")),
        ("11", "KIP ACEH", Satker("KIP Aceh", "provinsi", "11", "Aceh")),
        (None, "KIP KOTA BANDA ACEH", Satker("KIP Kota Banda Aceh", "kota", "1171", "Aceh")),
        (
            None,
            "KPU KOTA ADMINISTRASI JAKARTA PUSAT",
            Satker("KPU Kota Administrasi Jakarta Pusat", "kota", "3171", "Daerah Khusus Ibukota Jakarta"),
        ),
        (
            None,
            "KPU PROVINSI DKI JAKARTA",
            Satker(
                "KPU Provinsi Daerah Khusus Ibukota Jakarta",
                "provinsi",
                "31",
                "Daerah Khusus Ibukota Jakarta",
            ),
        ),
        (
            None,
            "KPU KABUPATEN TOLI TOLI",
            Satker("KPU Kabupaten Toli-Toli", "kabupaten", "7204", "Sulawesi Tengah"),
        ),
        (
            None,
            "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA BANJAR TAHUN 2022",
            KOTA_BANJAR,
        ),
    ],
)
def test_levels_and_bodies(code: str | None, text: str, expected: Satker) -> None:
    assert _resolve(code, text, 2022) == (expected, [])


def test_fuzzy_name_only_after_a_level_word() -> None:
    assert _resolve(None, "KOMISI PEMILIHAN UMUM KOTA PASURAN", 2022) == (
        Satker("KPU Kota Pasuruan", "kota", "3575", "Jawa Timur"),
        ["fuzzy_region_name:Kota Pasuruan"],
    )
    # no level word: exact names only, so "PASURAN" names nothing
    assert _resolve(None, "KPU PASURAN", 2022) == (None, ["unresolved_satker_name:PASURAN"])
    assert _resolve(None, "KOMISI PEMILIHAN UMUM KOTA ATLANTIS", 2022) == (
        None,
        ["unresolved_satker_name:KOTA ATLANTIS"],
    )


def test_conflicting_names_in_the_text() -> None:
    text = "KOMISI PEMILIHAN UMUM KOTA BANJAR TENTANG ... DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA PASURUAN"
    assert _resolve("3279", text, 2022) == (
        KOTA_BANJAR,
        ["conflicting_satker_names:Kota Banjar vs Kota Pasuruan"],
    )


def test_malformed_inputs() -> None:
    assert _resolve(None, "", None) == (None, ["satker_not_found"])
    assert _resolve("", "   ", 2022) == (None, ["satker_not_found"])
    assert _resolve(None, "Rencana aksi tanpa nama satker", 2022) == (None, ["satker_not_found"])
    assert _resolve(" 3279 ", "", 2022) == (KOTA_BANJAR, [])


def _seed_menimbang(shared_dir: Path) -> str:
    text = (shared_dir / "seed" / "kpu-kota-banjar-2022-rencana-aksi-rb.txt").read_text(encoding="utf-8")
    start = text.index("Menimbang")
    return text[start : text.index("Mengingat")]


def test_seed_menimbang_mentions(shared_dir: Path) -> None:
    # Menimbang a names "Kota Pasuruan"; b names "Kota Banjar" then "Kota Pasuruan" again
    assert find_satker_mentions(_seed_menimbang(shared_dir)) == ["Kota Pasuruan", "Kota Banjar"]


def test_find_satker_mentions() -> None:
    text = (
        "Komisi Pemilihan Umum, Komisi Pemilihan Umum Provinsi dan Komisi Pemilihan Umum Kabupaten/Kota; "
        "KPU Kabupaten Banjar; KPU Provinsi Jawa Barat; Komisi Independen Pemilihan Aceh; KPU Banjar"
    )
    assert find_satker_mentions(text) == ["Kabupaten Banjar", "Provinsi Jawa Barat", "Aceh"]
    assert find_satker_mentions("") == []
    assert find_satker_mentions("tidak ada nama") == []
