"""Page stitching rules on hand-made rows."""

from __future__ import annotations

from dataclasses import replace

from rencana.extract.table.page_table import PageTable
from rencana.extract.table.stitch import is_continuation, stitch
from rencana.schema.records import BBox, MonthMark, RawRow

NONE: tuple[MonthMark, ...] = ("",) * 12


def row(
    page: int,
    sub: str,
    ind: str = "",
    area: str = "",
    keg: str = "",
    no: str = "",
    marks: tuple[MonthMark, ...] = NONE,
    starts_keg: bool = True,
) -> RawRow:
    return RawRow(page, BBox(40, 100, 700, 140), no, area, keg, sub, ind, marks, starts_kegiatan=starts_keg)


def table(page: int, rows: list[RawRow]) -> PageTable:
    return PageTable(page, tuple(rows), (), 40, 500, 595, True, True)


def test_continuation_rules() -> None:
    prev = row(1, "3. Pemanfaatan aplikasi kepegawaian dan keuangan", "Adanya aplikasi")
    assert is_continuation(prev, row(2, "terintegrasi", ""))
    assert is_continuation(prev, row(2, "", "yang memperoleh pelatihan 2. Pengelola PPBJ"))
    assert is_continuation(prev, row(2, "b. Ketersedian moto pelayanan 9. Atribut"))
    assert not is_continuation(prev, row(2, "4. Penyusunan SOP", "Adanya SOP"))
    assert not is_continuation(prev, row(2, "1. Pembentukan tim", keg="2. Pengelolaan Akuntabilitas"))
    multi = row(1, "1. Pencanangan ZI; 2. Penyusunan Rencana Aksi")
    assert is_continuation(multi, row(2, "2. lanjutan"))


def test_stitch_joins_a_broken_row_and_merges_its_months() -> None:
    jan: tuple[MonthMark, ...] = ("V",) + ("",) * 11
    dec: tuple[MonthMark, ...] = ("",) * 11 + ("shade",)
    p1 = table(
        1,
        [
            row(1, "1. A", "x", area="Pengawasan", keg="1. K", no="7"),
            row(1, "2. Pemanfaatan aplikasi", "1. Adanya", marks=jan, starts_keg=False),
        ],
    )
    p2 = table(
        2, [row(2, "terintegrasi", "2. Terisinya", marks=dec), row(2, "3. Next", "Y", starts_keg=False)]
    )
    rows = stitch([p1, p2])
    assert [r.sub_kegiatan for r in rows] == ["1. A", "2. Pemanfaatan aplikasi terintegrasi", "3. Next"]
    assert rows[1].indikator == "1. Adanya 2. Terisinya"
    assert rows[1].marks[0] == "V" and rows[1].marks[11] == "shade"
    assert rows[1].continued_pages == (2,)
    assert rows[2].page == 2 and rows[2].continued_pages == ()


def test_stitch_moves_centred_merged_text_back_to_its_span() -> None:
    p1 = table(
        1, [row(1, "1. A", "x", area="Pengawasan", no="7", keg=""), row(1, "2. B", "y", starts_keg=False)]
    )
    p2 = table(2, [row(2, "3. C", "Z", keg="1. Pembangunan Zona Integritas")])
    rows = stitch([p1, p2])
    assert rows[0].kegiatan == "1. Pembangunan Zona Integritas"
    assert rows[2].kegiatan == "" and not rows[2].starts_kegiatan


def test_marks_on_both_sides_of_a_page_break_mean_two_rows() -> None:
    jan: tuple[MonthMark, ...] = ("V",) + ("",) * 11
    prev = row(1, "1. Pemutakhiran data", "Adanya data", marks=jan)
    # same numbering, empty indicator: text alone cannot tell; the marks can
    assert not is_continuation(prev, row(2, "2. Penyebarluasan produk hukum", "", marks=jan))
    assert is_continuation(prev, row(2, "2. Penyebarluasan produk hukum", ""))


def test_both_text_cells_going_on_in_lower_case_continue_whatever_the_marks() -> None:
    """712-004 p8 (a phone photo): the fills of a cell cut by the break were read on both sides."""
    shade: tuple[MonthMark, ...] = ("", "", "", "shade", "", "", "shade", "", "", "shade", "", "shade")
    ink: tuple[MonthMark, ...] = ("", "", "", "ink", "", "", "", "", "", "", "", "")
    prev = row(1, "2. Penilaian kinerja pegawai secara", "1. Adanya penilaian kinerja", marks=shade)
    assert is_continuation(prev, row(2, "berkala", "pegawai 2. % pegawai dengan predikat baik", marks=ink))
    # one cell in lower case is not enough against marks on both sides of the break
    marked = row(1, "2. Penilaian kinerja pegawai secara", "1. Adanya penilaian", marks=ink)
    assert not is_continuation(marked, row(2, "berkala", "1. Adanya laporan", marks=ink))
    assert is_continuation(marked, row(2, "berkala", "pegawai dengan predikat baik", marks=ink))


def test_an_indicator_opening_its_list_with_a_opens_a_row() -> None:
    """17-001 p6 (a clean scan): "2. Monitoring …" with its own "a. Dokumentasi …" under the row
    "1. Pencanangan …" is the next row, not the rest of the row above (its "a." is no lower-case
    word going on); a later lettered item is still the rest of a broken list."""
    prev = row(1, "1. Pencanangan Zona Integritas", "a. Terbentuknya Tim b. Adanya dokumentasi")
    assert not is_continuation(prev, row(2, "2. Monitoring, Evaluasi", "a. Dokumentasi kegiatan"))
    assert is_continuation(prev, row(2, "2. Monitoring, Evaluasi", "c. Terisinya lembar kerja"))
    assert is_continuation(prev, row(2, "2. Monitoring, Evaluasi", "dan evaluasi"))


def test_an_unmarked_part_without_an_indicator_is_the_rest_of_the_row_above() -> None:
    """9100-024/045/068: a row's marks and its indicator print on its first part; the part at
    the top of the next page has neither, whatever its first word looks like."""
    jan: tuple[MonthMark, ...] = ("V",) + ("",) * 11
    prev = row(1, "Pengembangan JF : a. JF Analis Pengelola", "% pengelola keuangan", marks=jan)
    assert is_continuation(prev, row(2, "KeuanganAPBN b. JF Pengelola Pengadaan"))
    assert is_continuation(prev, row(2, "Kabupaten Buol"))
    # a row of its own brings its indicator or its marks
    assert not is_continuation(prev, row(2, "Penyusunan peta jabatan", "Adanya peta jabatan"))
    assert not is_continuation(prev, row(2, "Penyusunan peta jabatan", marks=jan))
    # a page that ended early broke no row
    assert not is_continuation(prev, row(2, "Kabupaten Buol"), page_full=False)


def test_a_kegiatan_going_on_in_lower_case_lets_the_other_cells_decide() -> None:
    """9100-036: the kegiatan cell broke mid-word ("Pelaksanaa" | "n Pengendalian …") with the
    row; a capitalised kegiatan still opens a row of its own."""
    dec: tuple[MonthMark, ...] = ("",) * 11 + ("V",)
    prev = row(1, "1. Pembentukkan Unit Pengendali", "Adanya UPG", keg="Pelaksanaa", marks=dec)
    assert is_continuation(prev, row(2, "Gratifikasi (UPG)", keg="n Pengendalian Gratifikasi"))
    assert not is_continuation(prev, row(2, "Gratifikasi (UPG)", keg="Pengendalian Gratifikasi"))


def test_the_same_fills_and_an_indicator_list_going_on_continue_the_row() -> None:
    """9100-042: one fill cut by the break shows on both parts; the indicator's numbered list goes
    on in a sentence's capitalised word ("WBS yang bisa diakses")."""
    oct_: tuple[MonthMark, ...] = ("",) * 9 + ("shade",) + ("",) * 2
    prev = row(1, "Pembangunan aplikasi Whistle", "1. Tersedianya aplikasi", marks=oct_)
    assert is_continuation(
        prev, row(2, "Blowing System di Lingkungan KPU", "WBS yang bisa diakses", marks=oct_)
    )
    # a list of its own opens a row, even under the same months
    assert not is_continuation(prev, row(2, "Sosialisasi WBS", "1. Terlaksananya sosialisasi", marks=oct_))
    # an indicator of its own under an indicator that was no list opens a row too
    plain = row(1, "Pembangunan aplikasi Whistle", "Tersedianya aplikasi", marks=oct_)
    assert not is_continuation(plain, row(2, "Sosialisasi WBS", "Terlaksananya sosialisasi", marks=oct_))


def test_a_row_going_on_over_the_break_takes_its_merged_cells_text_back() -> None:
    """The first row of a page is the rest of the row above by its own cells, whatever tail of
    a merged cell's text stands in it: 8600-066 (Word) "secara berkala" / "pelayanan" beside the
    area's last word "PUBLIK"; 9000-055 (canvas) an unmarked row, no indikator, under the
    kegiatan's tail "Kinerja Individu"; 8600-056 an indikator going on with item 2 beside
    "Penganggaran".  Each had become a plan row of its own."""
    jan: tuple[MonthMark, ...] = ("V",) + ("",) * 11
    area = table(
        1,
        [
            row(1, "1. Penetapan maklumat", "Adanya maklumat", area="PENINGKATAN KUALITAS PELAYANAN", no="8"),
            replace(row(1, "2. Reviu standar pelayanan", "Adanya laporan", marks=jan), starts_area=False),
        ],
    )
    rows = stitch([area, table(2, [row(2, "secara berkala", "pelayanan", area="PUBLIK")])])
    assert len(rows) == 2 and rows[0].area == "PENINGKATAN KUALITAS PELAYANAN PUBLIK"
    assert rows[1].sub_kegiatan == "2. Reviu standar pelayanan secara berkala"
    keg = table(1, [row(1, "1. Penyusunan", "", keg="Penetapan", marks=jan)])
    for first in (
        row(2, "Sasaran Kinerja Pegawai (SKP)", "", keg="Kinerja Individu"),
        row(2, "Anggaran berikutnya", "2. RKA-K/L selaras dengan Renstra", keg="Penganggaran"),
    ):
        rows = stitch([keg, table(2, [first])])
        assert len(rows) == 1 and rows[0].kegiatan == f"Penetapan {first.kegiatan}"
    # a new numbered item, a list numbered again (8900-052: the next kegiatan's first row, no
    # indikator, no marks), or marks of its own, is a row of its own
    for first in (
        row(2, "2. Penyusunan rencana", "", keg="Kinerja Individu"),
        row(2, "1. Penyetaraan jabatan", "", keg="3. Penyederhanaan Birokrasi"),
        row(2, "Sasaran Kinerja Pegawai", "", keg="Kinerja Individu", marks=jan),
    ):
        assert len(stitch([keg, table(2, [first])])) == 2


def test_a_merged_kegiatan_s_tail_under_the_fills_of_the_row_above_is_no_row() -> None:
    # 8900-035: page 7 opens with "Lampung" (the kegiatan "… KPU Provinsi Lampung" run on over
    # the break) and the December fill of the row above cut by the break: read as a plan row
    dec: tuple[MonthMark, ...] = ("",) * 11 + ("shade",)
    p1 = table(
        1,
        [
            row(1, "1. Pencanangan ZI", "Adanya SK", keg="Pembangunan Zona Integritas", no="7"),
            row(1, "1. Pembentukan UPG", "Adanya UPG", keg="Pelaksanaan Pengendalian Gratifikasi KPU"),
            row(1, "2. Sosialisasi", "Adanya alat", marks=dec, starts_keg=False),
        ],
    )
    p2 = table(
        2, [row(2, "", "", keg="Lampung", marks=dec), row(2, "3. Monitoring", "Laporan", starts_keg=False)]
    )
    rows = stitch([p1, p2])
    assert [r.sub_kegiatan for r in rows][1:] == ["1. Pembentukan UPG", "2. Sosialisasi", "3. Monitoring"]
    assert rows[1].kegiatan == "Pelaksanaan Pengendalian Gratifikasi KPU Lampung"
    # a fill of its own (another month) makes it a row of its own
    jan: tuple[MonthMark, ...] = ("shade",) + ("",) * 11
    p2 = table(2, [row(2, "", "", keg="Lampung", marks=jan)])
    assert len([r for r in stitch([p1, p2]) if r.page == 2]) == 1


def test_an_indicator_list_resuming_after_the_tail_of_its_item_continues_the_row() -> None:
    """9550-021 (canvas) and 9600-059 (Word): the unmarked part at the top of a page holds the
    tail of the indikator's item 1 in a capitalised word, then item 2 ("SKP tepat waktu 2. SKP
    selaras …", "JDIH 2. % produk hukum …"), beside the merged kegiatan's tail: each had become a
    plan row of its own, its months empty."""
    jan: tuple[MonthMark, ...] = ("V",) + ("",) * 11
    keg = table(
        1, [row(1, "Penyusunan Sasaran Kinerja", "1. % pegawai yang menyusun", keg="Penetapan", marks=jan)]
    )
    first = row(
        2, "Pegawai (SKP)", "SKP tepat waktu 2. SKP selaras dengan Perjanjian Kinerja", keg="Kinerja Individu"
    )
    rows = stitch([keg, table(2, [first])])
    assert len(rows) == 1
    assert (
        rows[0].indikator
        == "1. % pegawai yang menyusun SKP tepat waktu 2. SKP selaras dengan Perjanjian Kinerja"
    )
    # an item other than the next one, or a list of its own, is no tail of this one
    for ind in ("SKP tepat waktu 3. SKP selaras", "1. Adanya SKP 2. SKP selaras"):
        assert len(stitch([keg, table(2, [replace(first, indikator=ind)])])) == 2
