"""Layout variety, second round (issue 11): tables recognised by their shape when the labels are
not ones the extractor knows — a time grid under any spanning label, text columns by their order
and body — drawn by the layout fuzzer's canvas table and read back from real PDFs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from forms import MONTHS, TEMPLATE_FORM, read_form  # tests/fixtures (on sys.path: tests/conftest.py)

from rencana.extract.table import labels as product_labels
from rencana.extract.table.header import locate_header
from rencana.schema.issues import IssueCode
from rencana.schema.records import ExtractedDocument, Word

FORM = dataclasses.replace(
    TEMPLATE_FORM,
    columns=(("no", "No"), ("keg", "PROGRAM"), ("sub", "AKSI"), ("x", "SATUAN"), ("ind", "OUTCOME")),
    top_label="KALENDER KERJA",
    sections="letter_upper",
    other_table="tim_rb",
)


def _months(doc: ExtractedDocument) -> list[tuple[int, ...]]:
    return [tuple(m + 1 for m, mark in enumerate(r.marks) if mark) for r in doc.rows if not r.section]


def test_no_known_label_at_all_the_columns_are_mapped_by_order_and_body(tmp_path: Path) -> None:
    assert not any(
        product_labels.classify(t)[1] >= 80 for t in ("PROGRAM", "AKSI", "OUTCOME", "KALENDER KERJA")
    )
    truth, doc = read_form(tmp_path, FORM)
    assert _months(doc) == truth
    plan = [r for r in doc.rows if not r.section]
    assert all(r.sub_kegiatan and r.indikator for r in plan)
    assert not any(
        r.sub_kegiatan in ("Dokumen", "Laporan", "Kegiatan", "Orang") for r in plan
    )  # Satuan is extra
    mapped = [i for i in doc.issues if i.code is IssueCode.COLUMNS_BY_POSITION]
    assert len(mapped) == 1
    assert "kegiatan=PROGRAM" in mapped[0].detail and "indikator=OUTCOME" in mapped[0].detail
    # the Tim RB list after the plan still gives no rows, but its finding
    assert [i for i in doc.issues if i.code is IssueCode.OTHER_TABLE]


@pytest.mark.parametrize(
    ("grid", "labels", "top"),
    [("month", MONTHS, "JADWAL"), ("quarter", ("Kw I", "Kw II", "Kw III", "Kw IV"), "TARGET WAKTU")],
    ids=["jadwal-months", "kw-quarters"],
)
def test_a_time_grid_under_an_unknown_label_is_read_by_its_shape(
    tmp_path: Path, grid: str, labels: tuple[str, ...], top: str
) -> None:
    form = dataclasses.replace(
        FORM,
        columns=(
            ("no", "No"),
            ("keg", "KEGIATAN UTAMA"),
            ("sub", "LANGKAH KERJA"),
            ("ind", "HASIL YANG DIHARAPKAN"),
        ),
        grid=grid,  # type: ignore[arg-type]
        period_labels=labels,
        top_label=top,
        other_table="",
    )
    truth, doc = read_form(tmp_path, form)
    assert _months(doc) == truth
    assert {r.grid_unit for r in doc.rows if not r.section} == {grid}


def _budget(amounts: bool) -> list[Word]:
    """A page of a table: three text columns of varied words and twelve month columns under
    1…12, holding amounts (a budget's withdrawal plan) or marks."""

    def word(text: str, x: float, y: float) -> Word:
        return Word(1, x, y, x + 4 * len(text), y + 8, text)

    vocab = "belanja barang operasional kantor honor rapat perjalanan dinas cetak dokumen sewa gedung"
    words = [word(t, x, 100) for t, x in (("URAIAN", 40), ("RINCIAN", 200), ("KETERANGAN", 360))]
    words += [word(str(m), 520 + 25 * m, 100) for m in range(1, 13)]
    for r in range(14):
        y = 120 + 14 * r
        for c in range(3):
            picked = [vocab.split()[(r * 5 + c * 7 + k) % 12] for k in range(3)]
            words += [word(w, 40 + 160 * c + 50 * k, y) for k, w in enumerate(picked)]
        words += [word("1.500.000" if amounts else "V", 520 + 25 * m, y) for m in range(1 + r % 3, 13, 3)]
    return words


def test_a_budget_by_month_is_no_time_grid() -> None:
    """Amounts under month columns are a budget's, not marks: no plan header by shape; the same
    table with marks is read by its shape (the guard, not the text columns, decides)."""
    assert locate_header(_budget(amounts=True))[0] is None
    header = locate_header(_budget(amounts=False))[0]
    assert header is not None and header.positional


# ------------------------------------------------------------------ rules behind the 8000/8100 failures
def test_period_labels_a_fraction_of_a_point_apart_are_one_line() -> None:
    """ "Triwulan" and "I" whose centres round to different points still make "Triwulan I"."""
    from rencana.extract.table.settings import TableSettings
    from rencana.extract.table.timegrid import period_line

    words: list[Word] = []
    for k, numeral in enumerate(("I", "II", "III", "IV")):
        x = 400 + 45 * k
        words += [
            Word(1, x, 215.99, x + 25, 225.0, "Triwulan"),
            Word(1, x + 27, 216.01, x + 33, 225.02, numeral),
        ]
    grid = period_line(words, "", 9.0, TableSettings())
    assert grid is not None and grid.unit == "quarter" and sorted(grid.centres) == [1, 2, 3, 4]


def test_a_label_word_cut_short_with_a_dot_reads_as_the_word() -> None:
    assert product_labels.classify("SUB KEG.") == ("sub_kegiatan", 100.0)
    assert product_labels.classify("IND. KEBERHASILAN")[0] == "indikator"
    assert product_labels.classify("KEG.")[0] == "kegiatan"
    assert product_labels.norm("Jan.") == "JAN"  # starts no label word: left alone


def test_a_heading_named_as_an_area_alone_in_the_first_column_is_a_section() -> None:
    from rencana.extract.table.sections import lone_heading

    def cell(text: str) -> list[Word]:
        return [Word(1, 40 + 30 * i, 100, 60 + 30 * i, 108, t) for i, t in enumerate(text.split())]

    assert lone_heading([cell("AREA II: PENATAAN TATALAKSANA"), [], []], ("",) * 12, True, 8.0)
    assert not lone_heading([cell("a. SOP keuangan"), [], []], ("",) * 12, True, 8.0)
    assert not lone_heading([cell("1. Penataan arsip"), [], []], ("",) * 12, True, 8.0)


def test_numbering_again_at_one_with_its_own_indicator_opens_a_row() -> None:
    """The next kegiatan's first sub-kegiatan at the top of a page (its merged cell's text centred
    lower) is no tail of a two-item cell above."""
    from rencana.extract.table.stitch import is_continuation
    from rencana.schema.records import BBox, RawRow

    def row(page: int, sub: str, ind: str, marks: tuple[str, ...] = ("",) * 12) -> RawRow:
        return RawRow(page, BBox(40, 100, 700, 140), "", "", "", sub, ind, marks)  # type: ignore[arg-type]

    prev = row(1, "1. Penyusunan standar pelayanan; 2. Publikasi standar", "Standar dipublikasikan")
    assert not is_continuation(prev, row(2, "1. Pelatihan budaya pelayanan prima", "% petugas terlatih"))
    assert is_continuation(prev, row(2, "1. Pelatihan budaya pelayanan prima", ""))


def test_the_same_fills_on_both_sides_of_a_break_without_an_indicator_are_one_row() -> None:
    from rencana.extract.table.stitch import is_continuation
    from rencana.schema.records import BBox, RawRow

    fills = ("", "", "", "shade", "", "", "shade", "", "", "", "", "")
    prev = RawRow(
        1, BBox(40, 100, 700, 140), "", "", "", "Penanganan pengaduan melalui", "% pengaduan", fills
    )  # type: ignore[arg-type]
    assert is_continuation(
        prev, RawRow(2, BBox(40, 60, 700, 80), "", "", "", "Whistle Blowing System", "", fills)
    )  # type: ignore[arg-type]
    other = ("shade",) + ("",) * 11
    assert not is_continuation(
        prev, RawRow(2, BBox(40, 60, 700, 80), "", "", "", "Whistle Blowing System", "", other)
    )  # type: ignore[arg-type]


def test_a_text_column_left_of_a_key_word_kegiatan_is_the_kegiatan() -> None:
    """ "PROGRAM" | "RENCANA KEGIATAN" | "HASIL YANG DIHARAPKAN": the key word names the wrong
    column; the running text left of it is the kegiatan, and each role moves one column on."""
    from rencana.extract.table.body_roles import adopt_leaf_columns

    def words(x: float, n: int, stem: str) -> list[Word]:
        return [
            Word(1, x - 5, 100 + 10 * i, x + 5, 108 + 10 * i, f"{stem}{chr(97 + i % 26)}") for i in range(n)
        ]

    body = [
        *words(50, 2, "no"),
        *words(100, 14, "program"),
        *words(200, 30, "rencana"),
        *words(300, 25, "hasil"),
    ]
    cols, extras = adopt_leaf_columns([("no", 50.0), ("kegiatan", 200.0)], [(90, 110), (290, 310)], body, 500)
    assert {r: x for r, x in cols} == {
        "no": 50.0,
        "kegiatan": 100.0,
        "sub_kegiatan": 200.0,
        "indikator": 300.0,
    }
    assert not extras
    # a column of a word or two left of it (a PIC) leaves the roles as named
    body = [*words(100, 3, "pic"), *words(200, 30, "rencana"), *words(300, 25, "hasil")]
    cols, _ = adopt_leaf_columns([("kegiatan", 200.0)], [(90, 110), (290, 310)], body, 500)
    assert dict(cols)["kegiatan"] == 200.0


def test_a_header_found_on_a_later_page_is_the_one_printed_lower_on_the_first() -> None:
    """8400-053: found by its shape on page 5 only; pages 3-4 print it too (3 under the caption)."""
    from rencana.extract.table.header import Header, printed_here

    labels = [(40.0, "NOMOR"), (100.0, "KOMPONEN"), (160.0, "PROGRAM"), (230.0, "LANGKAH-LANGKAH")]

    def band(y: float, texts: list[tuple[float, str]]) -> list[Word]:
        return [Word(1, x, y, x + 4 * len(t), y + 8, t) for x, t in texts]

    later = band(50.0, labels) + band(120.0, [(40.0, "1"), (230.0, "Penyusunan laporan")])
    header = Header(48.0, 60.0, 35.0, 700.0, ("no", "area"), (50.0, 120.0), 12, False, 0.7)
    first = band(200.0, labels) + band(20.0, [(40.0, "LAMPIRAN")])
    moved = printed_here(first, later, header)
    assert moved is not None and (moved.top, moved.bottom) == (198.0, 210.0)
    assert moved.centres == header.centres
    # one label missing, or at another place: not the same header
    assert printed_here(first[1:], later, header) is None
    shifted = [
        Word(1, w.x0 + 30, w.top, w.x1 + 30, w.bottom, w.text) if w.text == "PROGRAM" else w for w in first
    ]
    assert printed_here(shifted, later, header) is None


def test_month_names_printed_whole_in_wide_columns_are_a_time_grid() -> None:
    """8800-003 (Word): "PROGRAM KERJA | AKSI | OUTCOME" and JANUARI … DESEMBER set small in the
    header, the month columns forty points apart over a body of 5.5-point lines: wider than six
    line heights, so no grid was found by its shape (no_table, 50 rows).  A column twice as wide
    as its widest label is still a narrow one."""
    names = ("JANUARI", "PEBRUARI", "MARET", "APRIL", "MEI", "JUNI", "JULI", "AGUSTUS", "SEPTEMBER",
             "OKTOBER", "NOPEMBER", "DESEMBER")  # fmt: skip

    def word(text: str, x: float, y: float, size: float = 5.5) -> Word:
        return Word(1, x, y, x + 0.6 * size * len(text), y + size, text)

    words = [
        word(t, x, 100, 4.0) for t, x in (("PROGRAM", 60), ("KERJA", 80), ("AKSI", 150), ("OUTCOME", 240))
    ]
    words += [word(n, 336 + 40 * k - 1.5 * len(n), 110, 5.0) for k, n in enumerate(names)]
    sentences = (
        "penyusunan laporan evaluasi rapat koordinasi tim reformasi birokrasi dokumen sosialisasi "
        "pembentukan penetapan surat keputusan monitoring pelaksanaan rencana aksi kegiatan pegawai "
        "pelatihan survei kepuasan layanan publik arsip standar pelayanan kinerja anggaran"
    )
    vocab = sentences.split()
    for r in range(14):
        y = 120 + 14 * r
        for c, x in enumerate((50, 130, 220)):
            picked = [vocab[(r * 7 + c * 11 + k) % len(vocab)] for k in range(2)]
            words += [word(t, x + 40 * k, y) for k, t in enumerate(picked)]
        words += [word("V", 338 + 40 * m, y) for m in range(r % 4, 12, 4)]
    header = locate_header(words)[0]
    assert header is not None and header.unit == "month" and header.month_centres_found == 12
