"""Splitting multi-item cells and reading leading numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rencana.normalise.items import Item, leading_number, split_items, split_items_numbered

# Verbatim indikator / sub kegiatan cells of the seed decree.
SEED_PROGRAM = (
    "1. Adanya program dan kegiatan : a. Jumlah program; b. Jumlah kegiatan c. Jumlah program yang mendukung "
    "tercapainya kinerja utama KPU Kota Banjar d. Jumlah kegiatan yang mendukung tercapainya kinerja utama "
    "organisasi 2. Persentase sasaran Kinerja"
)
SEED_CARRIED = (
    "b. Ketersedian moto pelayanan 9. Atribut Pelayanan : a. brupa kartu identitas petugas; b. kartu tamu "
    "c. buku tamu d. petunjuk arah ruang layanan 10. Pelayanan terpadu satu pintu"
)


def test_numbered_items_keep_their_lettered_sub_items() -> None:
    assert split_items(SEED_PROGRAM) == [
        "Adanya program dan kegiatan : a. Jumlah program; b. Jumlah kegiatan "
        "c. Jumlah program yang mendukung tercapainya kinerja utama KPU Kota Banjar "
        "d. Jumlah kegiatan yang mendukung tercapainya kinerja utama organisasi",
        "Persentase sasaran Kinerja",
    ]


def test_carried_over_sub_item_then_numbered_list() -> None:
    assert split_items_numbered(SEED_CARRIED) == [
        Item(None, None, "b. Ketersedian moto pelayanan"),
        Item(
            "9.",
            9,
            "Atribut Pelayanan : a. brupa kartu identitas petugas; b. kartu tamu c. buku tamu "
            "d. petunjuk arah ruang layanan",
        ),
        Item("10.", 10, "Pelayanan terpadu satu pintu"),
    ]


def test_separators_and_connectors_are_trimmed() -> None:
    cell = (
        "1. Adanya alat sosialisasi di lingkungan KPU Kota Banjar "
        "2. Adanya sosialisasi gratifikasi di lingkungan KPU Kota Banjar; dan "
        "3. Tanda tangan komitmen anti gratifikasi di lingkungan KPU Kota Banjar"
    )
    assert split_items(cell) == [
        "Adanya alat sosialisasi di lingkungan KPU Kota Banjar",
        "Adanya sosialisasi gratifikasi di lingkungan KPU Kota Banjar",
        "Tanda tangan komitmen anti gratifikasi di lingkungan KPU Kota Banjar",
    ]
    assert split_items(
        "1. Pencanaan Zona Integritas di Lingkungan KPU Kota Banjar; 2. Penyusunan Rencana Aksi Zona"
    ) == ["Pencanaan Zona Integritas di Lingkungan KPU Kota Banjar", "Penyusunan Rencana Aksi Zona"]


def test_single_item_starting_mid_list() -> None:
    assert split_items_numbered("3. Penetapan Kinerja dengan menerapkan reward and punishment") == [
        Item("3.", 3, "Penetapan Kinerja dengan menerapkan reward and punishment")
    ]
    # a lone opening number keeps the lettered list inside it
    assert split_items("3. Pengembangan Jabatan : a. JF Analis b. JF Perencana") == [
        "Pengembangan Jabatan : a. JF Analis b. JF Perencana"
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("a. bahwa satu; b. bahwa dua;", ["bahwa satu", "bahwa dua"]),
        ("1) satu 2) dua 3) tiga", ["satu", "dua", "tiga"]),
        ("(1) satu (2) dua", ["satu", "dua"]),
        ("a) satu b) dua", ["satu", "dua"]),
        ("1.Adanya SOP 2.Persentase pegawai", ["Adanya SOP", "Persentase pegawai"]),
        ("a. Lead 1. x 2. y b. Next", ["Lead 1. x 2. y", "Next"]),
        ("Pengantar: a. satu b. dua", ["Pengantar:", "satu", "dua"]),
    ],
)
def test_marker_styles(cell: str, expected: list[str]) -> None:
    assert split_items(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        "Capaian 2.5 persen",
        "Peraturan Presiden No. 7 Tahun 2017 jo. Nomor 21 Tahun 2020",
        "Nomor 04/ORT.07/3279/2022 tanggal 18.01.2022",
        "Surat, dokumen, dll. a.n. Ketua s.d. Desember",
        "sebanyak 3. Kemudian dilaporkan",  # a lone number in mid-text is no list
        "Reviu Lakip KPU Kota Banjar",
    ],
)
def test_no_false_splits(cell: str) -> None:
    assert split_items(cell) == [cell]


def test_empty_and_blank() -> None:
    assert split_items("") == []
    assert split_items("  \n ") == []
    assert split_items(";") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3. Penetapan Kinerja", 3),
        ("12) Penyusunan", 12),
        ("(2) Pelaporan", 2),
        ("7", 7),
        ("1.Adanya", 1),
        ("III. Penataan", 3),
        ("VII) Pengawasan", 7),
        ("a. Jumlah program", None),
        ("2.5 persen", None),
        ("2022 laporan", None),
        ("V", None),
        ("", None),
        ("Pengawasan", None),
    ],
)
def test_leading_number(text: str, expected: int | None) -> None:
    assert leading_number(text) == expected


# Items free of markers: letters and spaces only, at least one word of two letters or more.
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=9)
_item = st.lists(_word, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=300)
@given(st.lists(_item, min_size=1, max_size=12))
def test_numbered_round_trip(items: list[str]) -> None:
    joined = " ".join(f"{i}. {text}" for i, text in enumerate(items, start=1))
    assert split_items(joined) == items


@settings(max_examples=300)
@given(st.lists(_item, min_size=2, max_size=12), st.sampled_from(["; ", " ", ";\n"]))
def test_lettered_round_trip(items: list[str], sep: str) -> None:
    joined = sep.join(f"{chr(ord('a') + i)}. {text}" for i, text in enumerate(items))
    assert split_items(joined) == items


@settings(max_examples=200)
@given(st.lists(_item, min_size=2, max_size=5), st.lists(_item, min_size=2, max_size=4))
def test_nested_round_trip(outer: list[str], inner: list[str]) -> None:
    sub = " ".join(f"{chr(ord('a') + i)}. {text}" for i, text in enumerate(inner))
    first = f"{outer[0]} : {sub}"
    joined = " ".join(f"{i}. {text}" for i, text in enumerate([first, *outer[1:]], start=1))
    assert split_items(joined) == [first, *outer[1:]]


@given(_item)
def test_text_without_markers_is_one_item(text: str) -> None:
    assert split_items(text) == [text]
