"""Layout variety, fourth round (issue 11): where the rows' areas come from — area headings numbered
like kegiatan, a header printed again higher or lower on the next page, a title printed in the
table's top row — read back from real PDFs drawn by the layout fuzzer, and the header's reprint
check on words placed by hand."""

from __future__ import annotations

from pathlib import Path

from forms import read_fuzzed  # tests/fixtures (on sys.path: tests/conftest.py)

from rencana.extract.table.header import Header, locate_header, reprinted
from rencana.extract.table.headings import numbered_headings
from rencana.schema.records import BBox, MonthMark, RawRow, Word

EMPTY: tuple[MonthMark, ...] = ("",) * 12
MARKED: tuple[MonthMark, ...] = ("V", *EMPTY[1:])


def _row(kegiatan: str, sub: str = "", marks: tuple[MonthMark, ...] = EMPTY) -> RawRow:
    return RawRow(1, BBox(0, 0, 1, 1), "", "", kegiatan, sub, "", marks)


def test_area_headings_numbered_like_kegiatan_head_their_rows(tmp_path: Path) -> None:
    # 8700-052: "1. Manajemen Perubahan" fits the Keg. Utama column, alone in its row; the kegiatan
    # under it are numbered from 1 again. It was read as a kegiatan and its rows had no area.
    spec, doc = read_fuzzed(tmp_path, 8700, 52)
    plan = [r for r in doc.rows if not r.section]
    headings = [r.area for r in doc.rows if r.section]
    areas = list(dict.fromkeys(f"{t.area_no}. {t.area_text}" for t in spec.rows))
    assert len(plan) == len(spec.rows)
    assert [" ".join(h.split()) for h in headings] == areas
    assert not any(r.kegiatan in areas for r in plan)


def test_a_lone_numbered_row_without_numbering_again_under_it_stays_a_kegiatan() -> None:
    # numbering restarts under the heading; a kegiatan whose sub-kegiatan sits in the next band does not
    rows = [_row("2. Penguatan Akuntabilitas"), _row("1. Keterlibatan Pimpinan", "1. Rapat", MARKED)]
    assert numbered_headings(rows)[0].section and numbered_headings(rows)[0].area == rows[0].kegiatan
    kept = [_row("2. Penyusunan Rencana Aksi"), _row("", "1. Penyusunan draf", MARKED)]
    assert numbered_headings(kept) == kept
    # a kegiatan that has its own sub-kegiatan is no heading, whatever follows
    own = [_row("3. Evaluasi", "1. Rapat evaluasi", MARKED), _row("1. Pelaporan", "1. Laporan", MARKED)]
    assert numbered_headings(own) == own


def _header(top: float) -> Header:
    return Header(top, top + 20, 40, 800, ("kegiatan", "sub_kegiatan"), (100.0, 300.0), 12, False, 1.0)


def _words(dy: float, extra: tuple[str, ...] = ()) -> list[Word]:
    labels = [
        "AREA",
        "PERUBAHAN",
        "STRATEGI",
        "RENCANA",
        "AKSI",
        "INDIKATOR",
        *(str(m) for m in range(1, 13)),
    ]
    out = [Word(1, 50 + 30 * i, 60 + dy, 75 + 30 * i, 68 + dy, t) for i, t in enumerate(labels)]
    # a merged cell's text run over the page break, drawn across the header's rows
    return out + [Word(1, 120 + 40 * i, 64 + dy, 150 + 40 * i, 72 + dy, t) for i, t in enumerate(extra)]


def test_a_header_printed_again_higher_on_the_next_page_is_found_there() -> None:
    # 8700-063 xlsx: the header read at 55 on page 5 stands at 42 on page 6; taken at 55, its own
    # row (Area Perub. | STRATEGI | RENCANA AKSI) was read as the first plan row
    prev = _words(13.0, ("2.", "Pengelolaan", "Barang"))
    again = reprinted(_words(0.0), prev, _header(70.0))
    assert again is not None and (again.top, again.bottom) == (57.0, 77.0)
    assert reprinted(_words(0.0)[:5], prev, _header(70.0)) is None  # a different row of words


def test_a_header_under_a_caption_line_is_found_again_without_it() -> None:
    # 9100-015 docx: the first page's header took the caption's last line ("RENCANA AKSI … TAHUN
    # 2023") as its top; the caption is not printed again on page 4, and the reprint was looked for
    # only by that top word: the header row became the page's first plan row, all months shaded
    caption = [
        Word(1, 100 + 60 * i, 62, 150 + 60 * i, 70, t) for i, t in enumerate(("RENCANA", "AKSI", "2023"))
    ]
    prev = _words(13.5) + caption
    again = reprinted(_words(-115.5), prev, _header(60.0))
    assert again is not None and (again.top, again.bottom) == (-69.0, -49.0)
    assert reprinted(_words(-115.5)[:5], prev, _header(60.0)) is None


def _line(y: float, x: float, texts: list[str], step: float = 44.0) -> list[Word]:
    return [Word(1, x + step * i, y, x + step * i + step - 4, y + 8, t) for i, t in enumerate(texts)]


def test_a_title_printed_in_the_tables_top_row_is_no_column_label() -> None:
    # 8700-002 / 8600-067 docx: the title, a row of the table, runs across every column; cut at the
    # time grid's edge, its first words passed for a fourth column's label, and the columns by
    # order became area / kegiatan / sub-kegiatan (STRATEGI read as the area)
    title = ["RENCANA", "AKSI", "REFORMASI", "BIROKRASI", "KOMISI", "PEMILIHAN", "UMUM", "PROVINSI", "TAHUN"]
    words = _line(100, 210, title)
    words += [Word(1, 30, 120, 60, 128, "Nomor"), Word(1, 100, 120, 150, 128, "STRATEGI")]
    words += [*_line(120, 250, ["LANGKAH", "KERJA"]), Word(1, 400, 120, 450, 128, "INDIKATOR")]
    words += [Word(1, 520 + 20 * m, 120, 528 + 20 * m, 128, str(m + 1)) for m in range(12)]
    for r in range(12):
        y, k = 140 + 20 * r, chr(97 + r)  # running text: words that do not repeat
        words += _line(y, 80, [f"program{k}", f"kerja{k}"], 40)
        words += _line(y, 240, [f"langkah{k}", f"aksi{k}", f"tahap{k}"], 45)
        words += _line(y, 380, [f"adanya{k}", f"dokumen{k}", f"laporan{k}"], 40)
        words.append(Word(1, 520 + 20 * (r % 12), y, 528 + 20 * (r % 12), y + 8, "V"))
    header, _ = locate_header(words, (), None, ())
    assert header is not None
    texts = [r for r in header.roles if not r.startswith("m")]
    assert "area" not in texts and texts[-3:] == ["kegiatan", "sub_kegiatan", "indikator"]
    assert header.centres[header.roles.index("kegiatan")] < 250
