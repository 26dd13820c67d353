"""Front-matter reader on the seed decree and on layout/OCR variants of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rencana.extract.front.frontmatter import read_front_matter
from rencana.schema.records import FrontMatter

SEED = Path("seed") / "kpu-kota-banjar-2022-rencana-aksi-rb.txt"


def _seed_lines(shared_dir: Path) -> list[str]:
    return (shared_dir / SEED).read_text(encoding="utf-8").split("\n")


def _seed_front(shared_dir: Path) -> list[str]:
    lines = _seed_lines(shared_dir)
    return lines[: next(i for i, line in enumerate(lines) if line.startswith("No\tAREA PERUBAHAN"))]


DIKTUM = (
    "Menetapkan Rencana Aksi sebagaimana tercantum dalam Lampiran "
    "Keputusan ini mulai berlaku sejak tanggal ditetapkan."
)


def test_seed_front_matter(shared_dir: Path) -> None:
    fm = read_front_matter([_seed_front(shared_dir)])
    assert fm.kop == "KOMISI PEMILIHAN UMUM KOTA BANJAR"
    assert fm.decree_number == "04/ORT.07/3279/2022"
    assert (
        fm.title
        == "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA BANJAR TAHUN 2022"
    )
    assert fm.issuer == "KETUA KOMISI PEMILIHAN UMUM KOTA BANJAR"
    assert fm.menimbang.startswith(
        "a. bahwa untuk melaksanakan tugas dan tanggung jawab Tim Reformasi Birokrasi"
    )
    assert " b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a," in fm.menimbang
    assert fm.menimbang.endswith("di Lingkungan Komisi Pemilihan Umum Kota Pasuruan Tahun 2022;")
    assert fm.mengingat.startswith("1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum")
    assert " 7. Keputusan Komisi Pemilihan Umum Nomor 612/ORT.04- Kpt/05/KPU/XII/2020 tentang" in fm.mengingat
    assert fm.mengingat.endswith("Komisi Pemilihan Umum Provinsi dan Komisi Pemilihan Umum Kabupaten/Kota;")
    assert fm.menetapkan == (
        "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BANJAR TENTANG RENCANA AKSI REFORMASI BIROKRASI "
        "DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA BANJAR TAHUN 2022 "
        "DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA BANJAR TAHUN 2022."
    )
    assert fm.place == "Kota Banjar"
    assert fm.date_text == "18 Januari 2022"
    assert fm.signed_by == "DANI DANIAL MUHKLIS"
    assert fm.certified_by == "Imam Mustafa Kamal"
    assert fm.certified_copy is True
    assert fm.page == 1


def test_seed_over_pages_and_with_the_table(shared_dir: Path) -> None:
    front = _seed_front(shared_dir)
    cut1 = next(i for i, line in enumerate(front) if line.startswith("Mengingat"))
    cut2 = next(i for i, line in enumerate(front) if line.startswith("Ditetapkan di"))
    paged = read_front_matter([front[:cut1], front[cut1:cut2], front[cut2:]])
    assert paged == read_front_matter([front])
    # the whole dump, table and repeated signature block included: the first complete block wins
    whole = read_front_matter([_seed_lines(shared_dir)])
    assert replace(whole, signed_by_other="") == paged
    # ... and the repeated block's signatory is kept beside it for normalise/ to cross-check
    assert whole.signed_by_other == whole.signed_by == "DANI DANIAL MUHKLIS"


def _doc(*pages: list[str]) -> FrontMatter:
    return read_front_matter(list(pages))


PAGE1 = [
    "SALINAN",
    "KOMISI PEMILIHAN UMUM",
    "KABUPATEN BANJAR",
    "Jl. A. Yani Km 5 Martapura Telp (0511) 4721",
    "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN BANJAR",
    "N O M O R :",
    "12/ORT.07/6303/2023",
    "T E N T A N G",
    "RENCANA AKSI REFORMASI BIROKRASI",
    "DI LINGKUNGAN KOMISI PEMILIHAN UMUM KABUPATEN BANJAR",
    "TAHUN 2023",
    "DENGAN RAHMAT TUHAN YANG MAHA ESA",
    "KETUA KOMISI PEMILIHAN UMUM",
    "KABUPATEN BANJAR,",
    "Menirnbang : a. bahwa untuk melaksanakan",  # OCR m -> rn
    "tugas dan tanggung jawab; dan",
    "b. bahwa berdasarkan pertimbangan;",
    "- 2 -",
    "MENGINGAT : 1. Undang-Undang Nomor 7 Tahun 2017",
    "tentang Pemilihan Umum;",
    "2. Peraturan Presiden Nomor 81 Tahun 2010;",
    "Memperhatikan : Surat Edaran",
    "M E M U T U S K A N :",
    "Menetapkan : KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN",
    "BANJAR TENTANG RENCANA AKSI.",
    "KESATU : Menetapkan Rencana Aksi sebagaimana tercantum dalam Lampiran",
    "Menetapkan lampiran yang dimaksud",
    "KEDUA : Keputusan ini mulai berlaku sejak tanggal ditetapkan.",
]
PAGE2 = [
    "Ditetapkan di Martapura",
    "pada tanggal 3 Februari 2023",
    "KETUA KOMISI PEMILIHAN UMUM",
    "KABUPATEN BANJAR,",
    "",
    "AHMAD FAUZI, S.H.",
    "Salinan sesuai dengan aslinya",
    "SEKRETARIS KOMISI PEMILIHAN UMUM",
    "KABUPATEN BANJAR,",
    "ttd & cap",
    "H. MUHAMMAD RIDWAN, S.E., M.M.",
    "NIP. 197001011990031001",
]


def test_layout_and_ocr_variants() -> None:
    assert _doc(PAGE1, PAGE2) == FrontMatter(
        kop="KOMISI PEMILIHAN UMUM KABUPATEN BANJAR",
        decree_number="12/ORT.07/6303/2023",
        title=(
            "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KABUPATEN BANJAR TAHUN 2023"
        ),
        issuer="KETUA KOMISI PEMILIHAN UMUM KABUPATEN BANJAR",
        menimbang=(
            "a. bahwa untuk melaksanakan tugas dan tanggung jawab; dan b. bahwa berdasarkan pertimbangan;"
        ),
        mengingat=(
            "1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum; "
            "2. Peraturan Presiden Nomor 81 Tahun 2010;"
        ),
        menetapkan="KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN BANJAR TENTANG RENCANA AKSI.",
        diktum=DIKTUM,
        place="Martapura",
        date_text="3 Februari 2023",
        signed_by="AHMAD FAUZI, S.H.",
        certified_by="H. MUHAMMAD RIDWAN, S.E., M.M.",
        certified_copy=True,
        page=1,
    )


def test_cover_page_moves_the_number_page() -> None:
    fm = _doc(["LAMPIRAN DOKUMEN", "Rencana Aksi 2023"], PAGE1, PAGE2)
    assert (fm.page, fm.decree_number) == (2, "12/ORT.07/6303/2023")


def test_flattened_header_and_inline_signature() -> None:
    fm = _doc(
        [
            "KEPUTUSAN KOMISI PEMILIHAN UMUM REPUBLIK INDONESIA NOMOR 314 TAHUN 2021 TENTANG PETUNJUK TEKNIS",
            "KETUA KOMISI PEMILIHAN UMUM REPUBLIK INDONESIA,",
            "Menimbang: a. bahwa x;",
            "Ditetapkan di : Jakarta Pada Tanggal : 1 Juli 2021",
            "KETUA,",
            "ttd. ILHAM SAPUTRA",
        ]
    )
    assert (fm.kop, fm.decree_number, fm.title, fm.issuer) == (
        "KOMISI PEMILIHAN UMUM REPUBLIK INDONESIA",
        "314 TAHUN 2021",
        "PETUNJUK TEKNIS",
        "KETUA KOMISI PEMILIHAN UMUM REPUBLIK INDONESIA",
    )
    assert (fm.place, fm.date_text, fm.signed_by, fm.certified_copy) == (
        "Jakarta",
        "1 Juli 2021",
        "ILHAM SAPUTRA",
        False,
    )


def test_values_on_the_next_line_and_bare_date() -> None:
    fm = _doc(
        [
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BANJAR",
            "Nomor:",
            "04 / ORT.07 / 3279 / 2022",
            "TENTANG",
            "RENCANA AKSI",
        ],
        ["Menimbang :", "a. bahwa x;", "Ditetapkan di :", "Kota Banjar", "18 Januari 2022"],
        ["KETUA KOMISI PEMILIHAN UMUM KOTA BANJAR,", "", "DANI DANIAL MUHKLIS"],
    )
    assert fm.kop == "KOMISI PEMILIHAN UMUM KOTA BANJAR"  # no letterhead: taken from the KEPUTUSAN line
    assert (fm.decree_number, fm.title, fm.menimbang) == (
        "04 / ORT.07 / 3279 / 2022",
        "RENCANA AKSI",
        "a. bahwa x;",
    )
    assert (fm.place, fm.date_text, fm.signed_by) == ("Kota Banjar", "18 Januari 2022", "DANI DANIAL MUHKLIS")


def test_first_complete_signature_block_wins() -> None:
    head = ["KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BANJAR", "NOMOR : 04/ORT.07/3279/2022", "TENTANG", "X"]
    incomplete = ["Ditetapkan di : Kota Banjar", "Pada Tanggal :", "KETUA", "ttd."]
    complete = ["Ditetapkan di : Kota Banjar", "Pada Tanggal : l8 Januari 2O22", "KETUA", "ttd.", "DANI"]
    fm = _doc(head, incomplete, ["No AREA PERUBAHAN KEGIATAN"], complete)
    assert (fm.place, fm.date_text, fm.signed_by) == ("Kota Banjar", "l8 Januari 2O22", "DANI")
    again = ["Ditetapkan di : Banjar", "Pada Tanggal : 19 Januari 2022", "KETUA", "ttd.", "LAIN"]
    assert _doc(head, complete, again).signed_by == "DANI"


def test_lowercase_continuation_is_not_a_label() -> None:
    fm = _doc(
        ["KEPUTUSAN KPU KOTA BANJAR", "NOMOR : 1/ORT.07/3279/2022", "TENTANG X"],
        ["Menimbang : a. bahwa perlu", "mengingat beban kerja;", "Mengingat : 1. UU;"],
    )
    assert (fm.menimbang, fm.mengingat) == ("a. bahwa perlu mengingat beban kerja;", "1. UU;")


@pytest.mark.parametrize("pages", [[], [[]], [["", "   "]], [["teks tanpa label apa pun"]]])
def test_empty_or_label_free_input(pages: list[list[str]]) -> None:
    assert read_front_matter(pages) == FrontMatter()


def test_number_is_not_taken_from_the_preamble() -> None:
    fm = _doc(["Menimbang : a. bahwa x;", "Mengingat : 1. Undang-Undang", "Nomor 7 Tahun 2017;"])
    assert fm.decree_number == "" and fm.page is None
    assert fm.mengingat == "1. Undang-Undang Nomor 7 Tahun 2017;"


# Lines as tesseract read a scanned certified copy (stamp and signature over the blocks), kept verbatim.
OCR_SIGNATURE = [
    "Ditetapkan di : Kota Banjar",
    "Pada Tanggal : 19 Januari 2024",
    "",
    "KETUA KOMISI PEMILIHAN UMUM",
    "KOTA BANJAR,",
    "",
    "ttd.",
    "",
    "YUSUF RINA RAHMAN",
    "",
    "an sesuai dengan aslinya",
    "gKretaris KPU Kota Banjar",
    "",
    "ro f",
    "",
    "_—v",
    "",
    "Sri Rosyid",
]


def test_scanned_signature_blocks() -> None:
    head = ["KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BANJAR", ": NOMOR : 72/ORT.07/3279/2024", "TENTANG X"]
    fm = _doc(head, OCR_SIGNATURE)
    assert fm.decree_number == "72/ORT.07/3279/2024"
    assert (fm.place, fm.date_text, fm.signed_by) == ("Kota Banjar", "19 Januari 2024", "YUSUF RINA RAHMAN")
    assert (fm.certified_copy, fm.certified_by) == (True, "Sri Rosyid")


def test_name_hidden_by_the_stamp_stays_empty() -> None:
    tail = [
        "Ditetapkan di : Makassar",
        "Tanggal : 21 Februari 2022",
        "KETUA KOMISI PEMILIHAN UMUM",
        "PROVINSI SULAWESI SELATAN,",
        "ttd.",
        "Yeh n sesuai dengan aslinya",  # "Salinan" under the stamp; the signatory's name was not read
        "fetaris KPU Provinsi Sulawesi Selatan :",
        "£",
    ]
    fm = _doc(
        ["KEPUTUSAN KPU PROVINSI SULAWESI SELATAN", "NOMOR : 73/ORT.07/73/2022"], tail, ["oie", "LAMPIRAN"]
    )
    assert (fm.signed_by, fm.certified_by, fm.certified_copy) == ("", "", True)


def test_three_line_aceh_heading() -> None:
    tail = [
        "Ditetapkan di : Aceh Besar",
        "Tanggal : 4 Februari 2022",
        "KETUA KOMISI INDEPENDEN",
        "PEMILIHAN",
        "KABUPATEN ACEH BESAR",
        "ttd.",
        "PUTRI SANTOSO",
    ]
    fm = _doc(
        [
            "KOMISI INDEPENDEN PEMILIHAN KABUPATEN ACEH",
            "BESAR",
            "KEPUTUSAN KIP",
            "NOMOR : 52/ORT.07/1106/2022",
        ],
        tail,
    )
    assert fm.kop == "KOMISI INDEPENDEN PEMILIHAN KABUPATEN ACEH BESAR"
    assert (fm.place, fm.date_text, fm.signed_by) == ("Aceh Besar", "4 Februari 2022", "PUTRI SANTOSO")


def test_ocr_specks_around_labels_and_names() -> None:
    head = ["KEPUTUSAN KIP KOTA SABANG", "NOMOR :- 136/ORT.07/1172/2022", "TENTANG X"]
    tail = [
        "Ditetapkan. di — : Kota Sabang",
        "pada tanggal : 8 Februari 2022",
        ". KETUA KOMISI INDEPENDEN PEMILIHAN",
        "KOTA SABANG,",
        "ttd.",
        "RAHMAT SIMANJUNTAK",
        "alihan sesuai dengan aslinya",
        "<retaris KIP Kota Sabang",
        "2",
        "kong",
        "Yanti Syahputra, S.E.",
    ]
    fm = _doc(head, tail)
    assert fm.decree_number == "136/ORT.07/1172/2022"
    assert (fm.place, fm.date_text, fm.signed_by) == ("Kota Sabang", "8 Februari 2022", "RAHMAT SIMANJUNTAK")
    assert (fm.certified_copy, fm.certified_by) == (True, "Yanti Syahputra, S.E.")


def test_labels_wrapped_in_a_narrow_cell() -> None:
    """A spreadsheet's narrow label cell wraps "Ditetapkan di" / "Pada Tanggal" onto two lines."""
    block = ["Ditetapkan : Bandung", "di", "Pada : 4 Januari 2021", "Tanggal", "KETUA KOMISI PEMILIHAN UMUM"]
    head = ["KEPUTUSAN KOMISI PEMILIHAN UMUM", "NOMOR : 36/ORT.07/3204/2021"]
    fm = read_front_matter([[*head, *block, "PUTRI"]])
    assert (fm.place, fm.date_text, fm.signed_by) == ("Bandung", "4 Januari 2021", "PUTRI")
    fm = read_front_matter([["Ditetapkan di : Kota Padang", "Pada : 9 Maret 2022", "Tanggal", "KETUA"]])
    assert (fm.place, fm.date_text) == ("Kota Padang", "9 Maret 2022")
    assert read_front_matter([["Ditetapkan di : Padang", "Pada : Kamis", "NUR"]]).date_text == ""


def test_a_misread_keputusan_heading_does_not_move_to_the_mengingat() -> None:
    """Issue 10: "KERUTUSAN" on a copy; a "Keputusan … Nomor …" line of the Mengingat is not the heading."""
    lines = [
        "KERUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN .",
        "BANJAR",
        "NOMOR: 21/ORT.07/6303/2022",
        "TENTANG",
        "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KABUPATEN BANJAR TAHUN 2022",
        "Menimbang : a. bahwa dalam rangka pelaksanaan Reformasi Birokrasi;",
        "Mengingat : 1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;",
        "Keputusan Komisi Pemilihan Umum Nomor 612/ORT.04-Kpt/KPU/XII/2020 tentang Road Map;",
    ]
    fm = read_front_matter([lines], ocr=True)
    assert fm.decree_number == "21/ORT.07/6303/2022"
    assert fm.title.startswith("RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN")


def test_a_signatory_name_wrapped_before_its_last_degree_is_read_whole() -> None:
    lines = [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM PROVINSI KEPULAUAN BANGKA BELITUNG",
        "NOMOR : 172/ORT.06/19/2024",
        "Ditetapkan di : Pangkalpinang",
        "pada tanggal : 4 Maret 2024",
        "KETUA KOMISI PEMILIHAN UMUM",
        "PROVINSI KEPULAUAN BANGKA",
        "BELITUNG,",
        "ttd.",
        "EKO KURNIAWAN GUNAWAN, S.Sos.,",
        "S.AP.",
    ]
    assert read_front_matter([lines]).signed_by == "EKO KURNIAWAN GUNAWAN, S.Sos., S.AP."
    # a heading line ending with a comma is still not a name
    assert read_front_matter([[*lines[:8], "BUDI SANTOSO"]]).signed_by == "BUDI SANTOSO"


def _signature(name: str) -> list[str]:
    return [
        "Ditetapkan di : Kota Bitung",
        "Pada Tanggal : 6 Januari 2022",
        "KETUA KOMISI PEMILIHAN UMUM",
        "KOTA BITUNG,",
        "ttd.",
        name,
    ]


def test_a_name_read_after_a_strokes_specks_gives_way_to_the_clean_reading() -> None:
    """719-009 (photocopy): "..LAINAL LUBIS" after the table, "ZAINAL LUBIS" in the front matter:
    the specks before the name say a signature's stroke crossed its start."""
    head = ["KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BITUNG", "NOMOR : 146/ORT.06/7172/2022"]
    for front, tail in (("ZAINAL LUBIS", "..LAINAL LUBIS"), ("..LAINAL LUBIS", "ZAINAL LUBIS")):
        fm = read_front_matter([head + _signature(front), _signature(tail)], ocr=True)
        assert (fm.signed_by, fm.signed_by_other) == ("ZAINAL LUBIS", "ZAINAL LUBIS")
    # two clean readings a letter apart, or a stroked one far from the other: both kept as read
    fm = read_front_matter([head + _signature("ZAINAL LUBIS"), _signature("LAINAL LUBIS")], ocr=True)
    assert (fm.signed_by, fm.signed_by_other) == ("ZAINAL LUBIS", "LAINAL LUBIS")
    fm = read_front_matter([head + _signature("ZAINAL LUBIS"), _signature("..HASAN BASRI")], ocr=True)
    assert (fm.signed_by, fm.signed_by_other) == ("ZAINAL LUBIS", "HASAN BASRI")


def test_dashes_for_label_spaces_and_a_heading_line_without_its_comma() -> None:
    """715-005 "Ditetapkan-di—Bandung" anchors the block; 717-007 "ACEH" (the heading's last line,
    its comma lost) is no signatory: the name is on the next line."""
    head = [
        "KOMISI INDEPENDEN PEMILIHAN ACEH",
        "KEPUTUSAN KETUA KOMISI INDEPENDEN PEMILIHAN ACEH",
        "NOMOR : 177/ORT.07/11/2022",
    ]
    sig = [
        "Ditetapkan-di—Bandung —-",
        "Pada Tanggal : 4 Maret 2022",
        "KETUA KOMISI INDEPENDEN PEMILIHAN",
        "ACEH",
    ]
    fm = read_front_matter([[*head, *sig, "TEGUH RAMADHAN"]], ocr=True)
    assert (fm.date_text, fm.signed_by) == ("4 Maret 2022", "TEGUH RAMADHAN")


def test_a_signature_block_whose_place_line_was_lost_is_still_read() -> None:
    """753-006 (photocopy): the front matter's "Ditetapkan di : Pasuruan" read as a speck, its
    block opened at "pada tanggal"; only the lampiran's block was read ("NUR 1 MAULANA", a
    stroke read as "1") and there was nothing to cross-check it with.  A caption's TANGGAL,
    followed by TENTANG and not by the issuer's heading, opens no block."""
    head = ["KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BITUNG", "NOMOR : 146/ORT.06/7172/2022"]
    front = [".", *_signature("NUR MAULANA, S.IP., S.Pd.")[1:]]
    caption = [
        "LAMPIRAN",
        "NOMOR : 146/ORT.06/7172/2022",
        "TANGGAL : 6 Januari 2022",
        "TENTANG : RENCANA AKSI",
    ]
    fm = read_front_matter([head + front, caption, _signature("NUR 1 MAULANA, S.IP., S.Pd.")], ocr=True)
    assert (fm.signed_by, fm.signed_by_other) == ("NUR 1 MAULANA, S.IP., S.Pd.", "NUR MAULANA, S.IP., S.Pd.")
    assert fm.date_text == "6 Januari 2022"
    fm = read_front_matter([head + _signature("BUDI SANTOSO"), caption], ocr=True)
    assert (fm.signed_by, fm.signed_by_other) == ("BUDI SANTOSO", "")
