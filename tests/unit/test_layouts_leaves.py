"""Layout variety, third round (issue 11): the kegiatan, sub-kegiatan and indikator columns chosen
as one assignment from labels, the body's running text and their order — read back from a real
PDF drawn by the layout fuzzer's canvas table, and the scorer on words placed by hand."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from forms import TEMPLATE_FORM  # tests/fixtures (on sys.path: tests/conftest.py)

from rencana.corpus.generate import plan_documents
from rencana.corpus.layout_fuzz import TableForm, fuzz_rows
from rencana.corpus.model import DecreeSpec
from rencana.corpus.render_canvas import render_canvas
from rencana.extract.document import extract_document
from rencana.extract.table.header import Header, agree_leaves
from rencana.extract.table.labels import find_labels
from rencana.extract.table.leaf_roles import STRONG, choose_leaves, label_points
from rencana.extract.table.settings import TableSettings
from rencana.schema.issues import IssueCode
from rencana.schema.records import ExtractedDocument, RawRow, Word

# 8500-055: the plain OUTPUT column (Dokumen, Laporan…) had taken the indikator role and DETAIL
# KEGIATAN the kegiatan, every row one column off under ok
FORM = dataclasses.replace(
    TEMPLATE_FORM,
    columns=(
        ("no", "NO."), ("area", "Area Perub."), ("keg", "PROGRAM KERJA"), ("sub", "DETAIL KEGIATAN"),
        ("ind", "HASIL / OUTPUT"),
    ),
    after=(("x", "ANGGARAN"), ("x", "OUTPUT")),
    top_label="RENCANA JADWAL",
)  # fmt: skip


def _read(form: TableForm, seed: int, tmp_path: Path) -> tuple[DecreeSpec, ExtractedDocument, list[RawRow]]:
    """A decree of 14 rows drawn in ``form`` by the canvas renderer, read back: spec, document, plan rows."""
    spec, layout = plan_documents(1, seed)[0]
    spec = dataclasses.replace(spec, rows=fuzz_rows(spec.rows[:14], form))
    layout = dataclasses.replace(layout, paper="A4", ruling="full", extra={"form": form.to_json()})
    pdf = tmp_path / "decree.pdf"
    render_canvas(spec, layout, pdf)
    doc = extract_document(pdf)
    return spec, doc, [r for r in doc.rows if not r.section]


def test_an_output_column_beside_hasil_output_is_no_indikator(tmp_path: Path) -> None:
    # the OUTPUT column inserted left of the grid, where 8500-055 printed it
    form = dataclasses.replace(FORM, columns=(*FORM.columns, ("x", "ANGGARAN"), ("x", "OUTPUT")), after=())
    spec, doc, plan = _read(form, 5505, tmp_path)
    assert len(plan) == len(spec.rows)
    assert all(r.indikator.split()[-1] in t.indikator_text for r, t in zip(plan, spec.rows, strict=True))
    assert all(
        r.sub_kegiatan.split()[-1] in t.sub_kegiatan_text for r, t in zip(plan, spec.rows, strict=True)
    )
    assert not any(r.indikator in ("Dokumen", "Laporan", "SK", "Notulen", "Daftar Hadir") for r in plan)
    assert not [i for i in doc.issues if i.code is IssueCode.COLUMN_ROLES_UNCERTAIN]


def _column(x: float, texts: list[str], top: float = 100) -> list[Word]:
    return [Word(1, x - 20, top + 12 * i, x + 20, top + 8 + 12 * i, t) for i, t in enumerate(texts)]


def _sentences(stem: str, n: int) -> list[str]:
    return [f"{stem}{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(n)]


def test_the_triple_of_running_text_columns_wins_over_a_weak_label() -> None:
    body = [
        *_column(100, _sentences("program", 12)),
        *_column(200, _sentences("detail", 40)),
        *_column(300, _sentences("hasil", 30)),
        *_column(400, ["Dokumen", "Laporan", "Notulen", "Daftar", "Hadir", "Dokumen"] * 3),
    ]
    labels = {200.0: label_points("DETAIL KEGIATAN", 88), 400.0: label_points("OUTPUT", 88)}
    assert labels[400.0] == {"indikator": 1}  # a weak label: the body must confirm it
    cols = [("kegiatan", 200.0), ("sub_kegiatan", 300.0), ("indikator", 400.0)]
    choice = choose_leaves(cols, [(80, 120)], labels, body, 500)
    assert dict(choice.text_cols) == {"kegiatan": 100.0, "sub_kegiatan": 200.0, "indikator": 300.0}
    assert choice.decided and not choice.uncertain
    assert (400, 400) in choice.extras


def test_two_assignments_alike_are_kept_but_called_uncertain() -> None:
    # four columns of running text, no label naming any: by order alone, two triples fit
    body = [w for x in (100, 200, 300, 400) for w in _column(x, _sentences("kata" + chr(97 + x // 100), 30))]
    cols = [("kegiatan", 100.0), ("sub_kegiatan", 200.0), ("indikator", 300.0)]
    choice = choose_leaves(cols, [(380, 420)], {}, body, 500)
    assert not choice.decided
    assert choice.uncertain.startswith("kegiatan@")
    # a clear label settles it
    labels = {300.0: {"indikator": STRONG}}
    choice = choose_leaves(cols, [(380, 420)], labels, body, 500)
    assert choice.decided and dict(choice.text_cols)["indikator"] == 300.0


def test_a_running_text_column_is_not_passed_over_for_an_area_left_of_the_kegiatan() -> None:
    # 8400-053: KOMPONEN (the areas), PROGRAM, LANGKAH-LANGKAH, BUKTI DUKUNG, INDIKATOR KINERJA, no
    # label known but the indikator's; KOMPONEN had been taken for the kegiatan, PROGRAM for the
    # sub-kegiatan, and LANGKAH-LANGKAH left out as an extra
    body = [
        *_column(100, _sentences("komponen", 12)),
        *_column(200, _sentences("program", 30)),
        *_column(300, _sentences("langkah", 40)),
        *_column(400, ["SK", "Foto", "Laporan", "Notulen", "Daftar", "hadir"] * 3),
        *_column(500, _sentences("adanya", 30)),
    ]
    labels = {500.0: label_points("INDIKATOR KINERJA", 88)}
    cols = [("kegiatan", 100.0), ("sub_kegiatan", 300.0), ("indikator", 500.0)]
    choice = choose_leaves(cols, [(180, 220), (380, 420)], labels, body, 600)
    assert dict(choice.text_cols) == {"kegiatan": 200.0, "sub_kegiatan": 300.0, "indikator": 500.0}
    # with the Area column known, no second text column is left of the kegiatan
    known = [("area", 100.0), ("kegiatan", 200.0), ("sub_kegiatan", 300.0), ("indikator", 500.0)]
    again = choose_leaves(known, [(380, 420)], labels, body, 600)
    assert dict(again.text_cols)["kegiatan"] == 200.0


def test_a_column_of_a_word_a_line_on_a_short_page_is_no_running_text() -> None:
    """8900-012 (a Word decree): PROGRAM KERJA | TAHAPAN | OUTPUT | UKURAN KEBERHASILAN, no label
    known but TAHAPAN's; on a page of a few rows the OUTPUT column's words ("Dokumen", "Daftar /
    Hadir") hardly repeat, yet stand one a line — they had taken the indikator role under ok."""
    body = [
        *_column(100, _sentences("program", 8)),
        *_column(200, _sentences("tahapan", 24)),
        # a row's output a cell each, one or two words, in the rows' bands as the page prints them
        *[
            w
            for i, t in enumerate(["Dokumen", "Laporan", "SK", "Notulen"])
            for w in _column(300, [t], 100 + 24 * i)
        ],
        *_column(300, ["Daftar", "Hadir"], 196),
        *[w for i in range(8) for w in _line(400, 100 + 24 * i, _sentences("ukuran" + chr(97 + i), 4))],
    ]
    labels = {200.0: label_points("TAHAPAN", 88), 300.0: label_points("OUTPUT", 88)}
    cols = [("kegiatan", 100.0), ("sub_kegiatan", 200.0), ("indikator", 400.0)]
    choice = choose_leaves(cols, [(280, 320)], labels, body, 500)
    assert dict(choice.text_cols) == {"kegiatan": 100.0, "sub_kegiatan": 200.0, "indikator": 400.0}
    assert choice.decided


def _stacked(x: float, top: float, texts: list[str]) -> list[Word]:
    """Words one a line down a narrow column, from ``top``."""
    return [Word(1, x - 20, top + 12 * i, x + 20, top + 12 * i + 8, t) for i, t in enumerate(texts)]


def test_a_narrow_column_of_phrases_a_word_a_line_is_running_text() -> None:
    """9550-024 (canvas): STRATEGI | SUB KEGIATAN | PENANGGUNG JAWAB | HASIL / OUTPUT, the header
    on a page of two rows only.  HASIL / OUTPUT is narrow: its indikator phrases stand a word a
    line, as an Output column's "Dokumen" does, and the column was taken for one; PENANGGUNG
    JAWAB's "Sekretaris" became the indikator of all 43 rows under ok.  Its entries are phrases."""
    first = ["Adanya", "dokumentasi", "sosialisasi", "Rencana", "Aksi", "RB", "termasuk", "penyelarasan"]
    second = ["Adanya", "tanda", "terima", "penyampaian", "Rencana", "Aksi", "RB"]
    body = [
        *_stacked(184, 100, _sentences("penyusunan", 7)),
        *_stacked(261, 100, _sentences("sosialisasi", 17)),
        *_stacked(261, 310, _sentences("penyampaian", 5)),
        *_stacked(352, 100, ["Sekretaris"]),
        *_line(352, 310, ["Kasubag", "Umum"]),
        *_stacked(440, 100, first),
        *_stacked(440, 310, second),
    ]
    labels = {261.0: label_points("SUB KEGIATAN", 101), 440.0: label_points("HASIL / OUTPUT", 88)}
    known = [("no", 55.0), ("area", 108.0)]
    cols = [*known, ("sub_kegiatan", 261.0), ("indikator", 440.0), ("kegiatan", 184.0)]
    choice = choose_leaves(cols, [(309, 394)], labels, body, 480)
    assert dict(choice.text_cols) == {
        **dict(known),
        "kegiatan": 184.0,
        "sub_kegiatan": 261.0,
        "indikator": 440.0,
    }
    assert choice.decided
    # the same column holding a word or two an entry is an Output list still (8900-012)
    outputs = [*_stacked(440, 100, ["Dokumen"]), *_stacked(440, 310, ["Daftar", "Hadir"])]
    listed = [w for w in body if w.cx < 400] + outputs
    choice = choose_leaves(cols, [(309, 394)], labels, listed, 480)
    assert dict(choice.text_cols)["indikator"] != 440.0


def _line(x: float, top: float, texts: list[str]) -> list[Word]:
    """Words side by side on one line, starting near ``x``."""
    return [Word(1, x - 30 + 16 * i, top, x - 16 + 16 * i, top + 8, t) for i, t in enumerate(texts)]


def _header(roles: tuple[str, ...], decided: bool) -> Header:
    centres = tuple(100.0 * (i + 1) for i in range(len(roles)))
    return Header(40, 60, 60, 700, roles, centres, 12, False, 0.8, leaves_decided=decided)


def test_pages_over_the_same_columns_take_the_roles_most_of_them_decided() -> None:
    """8900-012 (a spreadsheet): pages 3 and 4 read OUTPUT as an extra column, the last page of
    four rows read it as the indikator, decided on its own — the file's rows after it one column
    off under ok.  Most decided pages win; a tie is called uncertain."""
    right = ("kegiatan", "sub_kegiatan", "extra", "indikator")
    wrong = ("kegiatan", "sub_kegiatan", "indikator", "extra")
    pages = agree_leaves([_header(right, True), _header(right, True), _header(wrong, True), None])
    assert [p.roles if p else None for p in pages] == [right, right, right, None]
    assert all(p.leaves_decided and not p.uncertain for p in pages if p)
    tie = agree_leaves([_header(right, True), _header(wrong, True), _header(wrong, False)])
    assert [p.roles for p in tie if p] == [right, wrong, wrong]
    assert all(p.uncertain for p in tie if p)
    # pages that differ only outside the leaves (a scan's No column read as an extra on one page:
    # 3-008) agree on the leaves
    numbered, unnumbered = ("no", *right), ("extra", *right)
    same = agree_leaves([_header(numbered, True), _header(unnumbered, True)])
    assert [p.roles for p in same if p] == [numbered, unnumbered]
    assert not any(p.uncertain for p in same if p)


def test_a_weak_label_names_no_column_when_the_table_is_found_by_its_shape(tmp_path: Path) -> None:
    """8900-012: PROGRAM KERJA | TAHAPAN | OUTPUT | UKURAN KEBERHASILAN under SCHEDULE over Jan…Des.
    OUTPUT had named the indikator before the body was asked, so the four text columns fitted no
    order and the page gave no table (canvas: no_table; Word and spreadsheet: pages lost under ok)."""
    months = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")
    columns = (("keg", "PROGRAM KERJA"), ("sub", "TAHAPAN"), ("x", "OUTPUT"), ("ind", "UKURAN KEBERHASILAN"))
    form = dataclasses.replace(
        FORM, columns=columns, after=(), period_labels=months, top_label="SCHEDULE", sections="area_word"
    )
    spec, _, plan = _read(form, 8912, tmp_path)
    assert len(plan) == len(spec.rows)
    assert all(r.indikator.split()[-1] in t.indikator_text for r, t in zip(plan, spec.rows, strict=True))


def test_a_label_under_a_merged_cells_text_names_its_column_by_its_key_word() -> None:
    """9000-008 (a spreadsheet): the text of a kegiatan cell merged over a page break is printed on
    the repeated header rows, over "PROGRAM / KEGIATAN"; the cell read as a whole named nothing,
    the header lost its kegiatan and the page's columns were read one off under ok."""
    merged = ["Standar", "Operasional", "Prosedur", "(SOP)"]
    label = ["PROGRAM", "/", "KEGIATAN"]
    band = [Word(4, 150 + 30 * i, 40, 176 + 30 * i, 47, t) for i, t in enumerate(merged)]
    band += [Word(4, 150 + 38 * i, 54, 184 + 38 * i, 61, t) for i, t in enumerate(label)]
    found, _ = find_labels(band, 8.0, [], TableSettings())
    assert set(found) == {"kegiatan"}
    assert found["kegiatan"][1] >= 150 and found["kegiatan"][2] <= 270


def test_label_words_inside_a_sentence_name_no_column() -> None:
    """9100-039 p8: a body cell's first line under the header, "1. Pembangunan dan pelaksanaan
    reward", named the time grid by its word "pelaksanaan"; the header's bottom went down to it
    and the page's first row was lost under ok. Set as a label, the same word names it."""
    s = TableSettings()
    # the item number stands apart (a hanging indent): the cell is the sentence's four words
    sentence = [(260, 316, "Pembangunan"), (318, 332, "dan"), (334, 383, "pelaksanaan"), (385, 411, "reward")]
    band = [Word(8, x0, 101.4, x1, 109.4, t) for x0, x1, t in sentence]
    assert find_labels(band, 7.97, [], s)[0] == {}
    label = ["Waktu", "Pelaksanaan"]
    band = [Word(8, 260 + 40 * i, 101, 296 + 40 * i, 109, t) for i, t in enumerate(label)]
    assert set(find_labels(band, 8.0, [], s)[0]) == {"pelaksanaan"}
