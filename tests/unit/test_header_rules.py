"""A header cell standing a rule away from a known label is a column of its own."""

from __future__ import annotations

from dataclasses import replace

from rencana.extract.table.header import locate_header, reprinted
from rencana.extract.text.geometry import HLine, VLine
from rencana.schema.records import Word


def _w(x: float, y: float, text: str) -> Word:
    return Word(1, x, y, x + 5.2 * len(text), y + 8, text)


def _page() -> tuple[list[Word], list[VLine]]:
    """NO | KEGIATAN | SUB KEGIATAN | INDIKATOR KEBERHASILAN | TARGET | 1 … 12, then a body row."""
    words = [
        _w(42, 50, "NO"),
        _w(80, 50, "KEGIATAN"),
        _w(160, 50, "SUB"),
        _w(182, 50, "KEGIATAN"),
        _w(262, 50, "INDIKATOR"),
        _w(312, 50, "KEBERHASILAN"),
        _w(386, 50, "TARGET"),
        _w(470, 40, "PELAKSANAAN"),
        *(_w(428 + 18 * k, 60, str(k + 1)) for k in range(12)),
        _w(42, 80, "1"),
        _w(80, 80, "Penyusunan"),
        _w(160, 80, "Penyusunan laporan"),
        _w(262, 80, "Adanya laporan"),
        _w(386, 80, "1 Dokumen"),
        _w(429, 80, "V"),
    ]
    edges = [38, 76, 156, 258, 382, 424, *(424 + 18 * k for k in range(1, 13))]
    return words, [VLine(x, 36, 100) for x in edges]


def test_a_label_word_a_rule_away_is_an_extra_column_not_a_piece_of_the_label() -> None:
    """8500-048: "TARGET" beside "INDIKATR KEBERHASILAN" vanished, and the TARGET column's
    "1 Dokumen" cells were read as marks of January."""
    words, vlines = _page()
    header, why = locate_header(words, (), None, vlines)
    assert header is not None, why
    roles = list(header.roles)
    assert roles[roles.index("indikator") + 1] == "extra"
    assert roles.index("m1") == roles.index("indikator") + 2
    # without the rules the same words read as one label split by spacing (the old reading)
    bare, _ = locate_header(words, (), None, ())
    assert bare is not None and bare.roles[bare.roles.index("indikator") + 1] == "m1"


def test_a_title_in_a_table_row_of_its_own_is_not_the_header_and_the_next_page_finds_it() -> None:
    """9000-029 (Word): the plan's title printed in the table's top row, a rule across the table
    under it, just above the labels; the header repeated on the next page without the title was
    not found there, and its labels became a plan row."""
    words, vlines = _page()
    title = [_w(80, 30, "RENCANA"), _w(130, 30, "AKSI"), _w(160, 30, "REFORMASI"), _w(220, 30, "BIROKRASI")]
    rule = HLine(39.0, 38, 640)
    header, why = locate_header([*title, *words], (rule,), None, vlines)
    assert header is not None, why
    assert header.top > rule.y
    # the next page: the header row alone, 25 points higher, then body text
    here = [replace(w, top=w.top - 25, bottom=w.bottom - 25) for w in words]
    again = reprinted(here, [*title, *words], header)
    assert again is not None and abs(again.top - (header.top - 25)) < 0.5
