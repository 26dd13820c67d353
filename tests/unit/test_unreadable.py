"""Rows that disagree with their scanned page's grid are left out, and the page is flagged."""

from __future__ import annotations

from rencana.extract.table.page_table import PageTable
from rencana.extract.unreadable import drop_unreadable
from rencana.schema.issues import IssueCode
from rencana.schema.records import BBox, MonthMark, PageContent, RawRow

ALL: tuple[MonthMark, ...] = ("V",) * 12
ONE: tuple[MonthMark, ...] = ("V",) + ("",) * 11


def _row(
    sub: str, ind: str = "Adanya laporan", marks: tuple[MonthMark, ...] = ONE, conf: float = 90.0
) -> RawRow:
    return RawRow(3, BBox(0, 0, 1, 1), "", "", "", sub, ind, marks, ocr_conf=conf)


def _page(route: str = "ocr", conf: float | None = None) -> PageContent:
    return PageContent(3, 842, 595, route, (), ocr_read=route == "ocr", mean_ocr_conf=conf)  # type: ignore[arg-type]


def _table(*rows: RawRow) -> PageTable:
    return PageTable(3, rows, (0.0, 1.0), 0, 500, 595, True, True)


GOOD = [_row(f"{i}. Penyusunan laporan kinerja") for i in range(1, 9)]


def test_a_readable_page_keeps_its_rows() -> None:
    tables, issues = drop_unreadable([_page()], [_table(*GOOD)])
    assert tables[0].rows == tuple(GOOD) and not issues


def test_column_numbers_read_as_a_row_are_dropped_without_a_flag() -> None:
    tables, issues = drop_unreadable([_page()], [_table(_row("4", "5", ALL, 0), *GOOD)])
    assert tables[0].rows == tuple(GOOD) and not issues


def test_one_row_without_a_sub_activity_is_dropped_and_the_page_flagged() -> None:
    tables, issues = drop_unreadable([_page()], [_table(*GOOD[:4], _row(""), *GOOD[4:])])
    assert tables[0].rows == tuple(GOOD)
    assert [(i.code, i.page) for i in issues] == [(IssueCode.TABLE_UNREADABLE, 3)]


def test_the_first_row_may_continue_the_previous_page() -> None:
    tables, issues = drop_unreadable([_page()], [_table(_row("", "inaktif"), *GOOD)])
    assert len(tables[0].rows) == 9 and not issues


def test_a_weak_row_with_every_month_marked_is_dropped() -> None:
    tables, issues = drop_unreadable([_page()], [_table(*GOOD, _row("Pi jaa", "Lxx", ALL, 32))])
    assert tables[0].rows == tuple(GOOD) and len(issues) == 1


def test_a_year_long_row_whose_text_reads_is_kept_though_one_cell_is_weak() -> None:
    # 752-001 p7 (a phone photo): a row marked in every month, its sub-activity and indicator read
    # well, its weakest cell (a kegiatan garbled) at 0: a plan row, not the header or a smear
    year = _row(
        "Rekapitulasi kehadiran pegawai", "Adanya rekapitulasi kehadiran pegawai setiap bulan", ALL, 0
    )
    tables, issues = drop_unreadable([_page(conf=82.0)], [_table(*GOOD, year)])
    assert tables[0].rows == (*GOOD, year) and not issues
    # the same row on a page of noise is left out
    tables, issues = drop_unreadable([_page(conf=40.0)], [_table(*GOOD, year)])
    assert tables[0].rows == tuple(GOOD) and len(issues) == 1


def test_a_short_last_page_whose_row_reads_is_kept_though_one_cell_is_weak() -> None:
    # 754-009 p10: the table's last row alone on the page, its text read well, its kegiatan at 8
    last = _row("Pengelolaan melalui aplikasi SP4N-LAPOR", "Adanya laporan pengelolaan pengaduan", ONE, 8)
    tables, issues = drop_unreadable([_page(conf=76.0)], [_table(last)])
    assert tables[0].rows == (last,) and not issues
    garbled = _row("Pi jaa", "Lxx", ONE, 8)
    tables, issues = drop_unreadable([_page(conf=76.0)], [_table(garbled)])
    assert tables == [] and "median confidence 8" in (issues[0].detail or "")


def test_rows_without_sub_activities_make_the_page_unreadable() -> None:
    bad = [_row("", f"Adanya laporan {i}") for i in range(4)]
    tables, issues = drop_unreadable([_page()], [_table(*GOOD[:4], *bad)])
    assert tables == [] and "without a sub-activity" in (issues[0].detail or "")


def test_text_pages_are_not_judged() -> None:
    table = _table(_row("", "x"), _row(""), _row(""))
    tables, issues = drop_unreadable([_page("text")], [table])
    assert tables == [table] and not issues


def test_a_page_whose_header_lost_the_sub_activity_column_is_still_judged() -> None:
    from rencana.extract.table.header import Header

    named, lost = Header.__new__(Header), Header.__new__(Header)
    object.__setattr__(named, "missing", ())
    object.__setattr__(lost, "missing", ("sub_kegiatan",))
    bad = [_row("", f"Adanya laporan {i}") for i in range(4)]
    tables, issues = drop_unreadable([_page()], [_table(*GOOD[:4], *bad)], {2: named, 3: lost})
    assert tables == [] and issues
    kept, issues = drop_unreadable([_page()], [_table(*GOOD[:4], *bad)], {3: lost})
    assert len(kept[0].rows) == 8 and not issues  # a table printed without the column


def test_a_streak_down_a_month_column_is_not_a_plan() -> None:
    def marks(*months: int) -> tuple[MonthMark, ...]:
        return tuple("shade" if m + 1 in months else "" for m in range(12))

    rows = [_row(f"{i}. Penyusunan laporan", marks=marks(i % 5 + 1, 12)) for i in range(1, 8)]
    rows.append(_row("8. Monitoring realisasi", marks=marks(*range(1, 13))))
    tables, issues = drop_unreadable([_page()], [_table(*rows)])
    got = [[m + 1 for m in range(12) if r.marks[m]] for r in tables[0].rows]
    assert got[:7] == [[i % 5 + 1] for i in range(1, 8)] and got[7] == list(range(1, 13))
    assert "month 12" in (issues[0].detail or "")
    # a plan marking December alone on a few rows, or whole years on every row, is left alone
    few = [*GOOD, *(_row("9. Reviu", marks=marks(12)) for _ in range(2))]
    assert drop_unreadable([_page()], [_table(*few)])[1] == []
    years = [_row(f"{i}. Apel pagi", marks=marks(*range(1, 13))) for i in range(8)]
    assert drop_unreadable([_page()], [_table(*years)])[1] == []


def test_rows_without_indicators_make_the_page_unreadable() -> None:
    bad = [_row(f"{i}. Penataan arsip", "") for i in range(5)]
    tables, issues = drop_unreadable([_page()], [_table(*GOOD[:4], *bad)])
    assert tables == [] and "without an indicator" in (issues[0].detail or "")
    some = [*GOOD, *bad[:2]]  # a printed decree leaves an indicator empty now and then
    assert drop_unreadable([_page()], [_table(*some)])[1] == []


def test_the_header_read_again_as_a_row_is_dropped_without_a_flag() -> None:
    """712-001 p5 (a phone photo): the repeated header, garbled, came out as a plan row."""
    again = _row("SUB KBGMTAN", "NOMATOR KBOSAHASILAN", (*ALL[:11], ""), 61)
    tables, issues = drop_unreadable([_page()], [_table(again, *GOOD)])
    assert tables[0].rows == tuple(GOOD) and not issues


def test_a_plan_row_about_indicators_is_no_header() -> None:
    rows = [
        _row("Penyusunan indikator kinerja", "Indikator kinerja tersusun", ALL),
        _row("Sub kegiatan reformasi", "Indikator keberhasilan tercapai"),
        _row("Sub kegiatan", "Indikator keberhasilan tercapai sesuai target", ALL),
        *GOOD,
    ]
    tables, issues = drop_unreadable([_page()], [_table(*rows)])
    assert tables[0].rows == tuple(rows) and not issues
