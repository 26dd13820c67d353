"""The text columns' hierarchy read from their bodies (issue 11): areas over kegiatan over
sub-kegiatan, each holding more different lines than the one before, and a unit column of single
words that is no indikator.  Fuzzed decrees of development seeds drawn again and read back."""

from __future__ import annotations

from pathlib import Path

from forms import read_fuzzed  # tests/fixtures (on sys.path: tests/conftest.py)

from rencana.schema.issues import IssueCode


def test_kegiatan_under_areas_with_no_sub_kegiatan_label(tmp_path: Path) -> None:
    # 9200-028: KOMPONEN | PROGRAM | RENCANA KEGIATAN | TARGET | Indikator Capaian | ANGGARAN,
    # the header printed once over a page of four rows: RENCANA KEGIATAN read as the kegiatan,
    # PROGRAM as the area, no sub-kegiatan column left
    spec, doc = read_fuzzed(tmp_path, 9200, 28)
    plan = [r for r in doc.rows if not r.section]
    assert len(plan) == len(spec.rows)
    for read, truth in zip(plan, spec.rows, strict=True):
        assert truth.sub_kegiatan_text.split()[-1] in read.sub_kegiatan
    assert not [i for i in doc.issues if i.code is IssueCode.MISSING_COLUMN]
    mapped = [i.detail for i in doc.issues if i.code is IssueCode.COLUMNS_BY_POSITION]
    assert mapped and "kegiatan=PROGRAM" in mapped[0] and "sub_kegiatan=RENCANA KEGIATAN" in mapped[0]


def test_a_unit_column_of_single_words_is_no_indikator(tmp_path: Path) -> None:
    # 9300-065: NO | KOMPONEN | PROGRAM / KEGIATAN | LANGKAH-LANGKAH | SATUAN | OUTCOME, none of
    # them a label rencana knows for its role: SATUAN's "Dokumen", "Kegiatan", "Laporan" (a word
    # a row, hardly repeated on a page of four rows) were read as the indikator, OUTCOME as extra
    spec, doc = read_fuzzed(tmp_path, 9300, 65)
    plan = [r for r in doc.rows if not r.section]
    assert len(plan) == len(spec.rows)
    for read, truth in zip(plan, spec.rows, strict=True):
        assert bool(read.indikator) == bool(truth.indikator_items)
        if truth.indikator_items:
            assert truth.indikator_items[0].split()[0] in read.indikator
    assert not any(r.indikator.strip() in ("Dokumen", "Kegiatan", "Laporan", "Orang") for r in plan)


def test_a_marker_alone_on_its_line_opens_no_text_in_the_next_column(tmp_path: Path) -> None:
    # 9100-048: a narrow PROGRAM / KEGIATAN column prints "1." on a line of its own; the next
    # word on that line is the sub-kegiatan's "1.", 64 pt away: taken for a hanging indent, the
    # gutter between the columns was refused and the bound fell inside the sub-kegiatan's text
    spec, doc = read_fuzzed(tmp_path, 9100, 48)
    plan = [r for r in doc.rows if not r.section]
    assert len(plan) == len(spec.rows)
    for read, truth in zip(plan, spec.rows, strict=True):
        assert read.sub_kegiatan.split()[:2] == truth.sub_kegiatan_text.split()[:2]
