"""The plan's columns found by the table's shape when no header label names them.

A decree may head its columns "PROGRAM | AKSI | OUTCOME | JADWAL": no word rencana knows.  The
table is still recognisable: a time grid (a run of narrow, evenly spaced period columns labelled
1…12, month names, Roman numerals or named quarters/semesters, under any spanning label) whose
body holds nothing but marks, with columns of running text left of it.  Those text columns take
their roles by order — kegiatan, sub-kegiatan, indikator, with an area column before them when
there are four — and the columns holding a word or two a row (Satuan, Target, Anggaran, PIC) stay
extra.  The header reports which columns it mapped this way (``columns_by_position``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rencana.extract.table.body_roles import column_words, distinct_words, running_text
from rencana.extract.table.labels import WEAK_LABELS, Found, classify, group_text, header_cells, norm
from rencana.extract.table.settings import TableSettings
from rencana.extract.table.timegrid import TimeGrid, shaped_grid
from rencana.extract.text.geometry import HLine, VLine
from rencana.schema.numbering import number_value
from rencana.schema.records import Word

MARK_LETTERS = 2  # a word in a period column's body this short is a mark ("V", "√", "X", "1")
MARK_SHARE = 0.95  # ... and this share of the grid's body words at least are marks
HEADER_DEPTH = 5.0  # lines above the period labels that a column's label may start
LABEL_REACH = 3.0  # a label cell ends at most this many lines above the period labels
LABEL_WORDS = 6  # a column label has at most this many words ("INDIKATOR KEBERHASILAN (OUTPUT)")
RUN_GAP = 1.0  # words of one line stand closer than this (in line heights); columns' labels farther
ROLES = ("area", "kegiatan", "sub_kegiatan", "indikator")


@dataclass(frozen=True, slots=True)
class ShapedColumns:
    """The columns read by shape: labels as :func:`find_labels` gives them, and what was mapped."""

    found: Found
    unknown: list[list[Word]]
    anchor: Word
    mapped: tuple[str, ...]  # "role=LABEL" for each column given its role by position


def _grid_span(grid: TimeGrid) -> tuple[float, float]:
    """Left and right edge of the time grid's columns."""
    ks = sorted(grid.centres)
    step = (grid.centres[ks[-1]] - grid.centres[ks[0]]) / max(1, ks[-1] - ks[0])
    first = grid.centres[ks[0]] - (ks[0] - 1) * step
    return first - step / 2, first + (grid.count - 0.5) * step


def _marks_only(body: Sequence[Word], left: float, right: float) -> bool:
    """Whether the grid's body holds marks only (a budget's amounts or a text column do not)."""
    inside = [w for w in body if left <= w.cx <= right]
    marks = sum(len(norm(w.text).replace(" ", "")) <= MARK_LETTERS for w in inside)
    return not inside or marks >= MARK_SHARE * len(inside)


def _numbers_only(col: Sequence[Word]) -> bool:
    """A No column's body: item numbers (1, 2., I, II) and nothing else."""
    return bool(col) and all(number_value(w.text.rstrip("."), True, maximum=99) is not None for w in col)


def columns_by_shape(
    words: Sequence[Word], hlines: Sequence[HLine], vlines: Sequence[VLine], h: float, s: TableSettings
) -> ShapedColumns | None:
    """The plan's columns from a time grid's shape and the text columns left of it, or None."""
    grid = shaped_grid(words, h, s)
    if grid is None:
        return None
    left, right = _grid_span(grid)
    body = [w for w in words if w.top > grid.bottom + 0.3 * h]
    if not _marks_only(body, left, right):
        return None
    top = _tiers_top(words, grid, (left, right), h)
    cells = _label_cells(words, top, grid, h, hlines, vlines, s, lambda w: w.x1 < left)
    cells = [c for c in cells if not _runs_into_grid(c, words, left, h)]
    if len(cells) < 3:
        return None
    centres = [(min(w.x0 for w in c) + max(w.x1 for w in c)) / 2 for c in cells]
    cols = column_words(centres, body, left)
    richness = [distinct_words(c) for c in cols]
    named = _named(cells, h, s)
    text = sorted({i for i, n in enumerate(richness) if running_text(n, max(richness))} | set(named))
    roles = _roles(text, named)
    if roles is None or (_numbers_only(cols[0]) and 0 in text):
        return None
    found: Found = {}
    mapped: list[str] = []
    for i, role in zip(text, roles, strict=True):
        found[role] = _entry(cells[i], s)
        if i not in named:
            mapped.append(f"{role}={group_text(cells[i], h)}")
    if text[0] > 0 and _no_column(cells[0], cols[0], max(richness), h, s):
        found["no"] = _entry(cells[0], s)
    unknown = [c for i, c in enumerate(cells) if i not in text and not (i == 0 and "no" in found)]
    # a column after the grid (Data Dukung, Keterangan) is one rencana does not read, but it is a
    # column: without it the last month's cell runs to the table's edge (9100-044: December lost)
    unknown += _label_cells(words, top, grid, h, hlines, vlines, s, lambda w: w.x0 > right)
    return ShapedColumns(found, unknown, cells[text[0]][0], tuple(mapped))


def _tiers_top(words: Sequence[Word], grid: TimeGrid, span: tuple[float, float], h: float) -> float:
    """The top of the time grid's tiers: of the group label printed right over the periods and
    within their span ("RENCANA JADWAL", "Triwulan I"), else of the period labels.  The other
    columns' labels stand centred beside every tier: in a tall two-tier header they end higher
    than the reach counted from the periods alone (9300-042, a spreadsheet's header)."""
    left, right = span
    over = [w for w in words if grid.top - HEADER_DEPTH * h <= w.bottom <= grid.top and left <= w.cx <= right]
    if not over:
        return grid.top
    low = max(over, key=lambda w: w.bottom)
    run = _run_of(low, [w for w in words if abs(w.cy - low.cy) < 0.5 * h], h)
    if min(w.x0 for w in run) < left - h or max(w.x1 for w in run) > right + h:
        return grid.top  # a line that runs on past the grid (a title over the table) is no tier of it
    return min(grid.top, min(w.top for w in run))


def _run_of(word: Word, line: Sequence[Word], h: float) -> list[Word]:
    """The words of ``line`` that run on from ``word`` either way, each within a word gap."""
    ordered = sorted(line, key=lambda w: w.x0)
    i = ordered.index(word)
    lo = hi = i
    while lo > 0 and ordered[lo].x0 - ordered[lo - 1].x1 < RUN_GAP * h:
        lo -= 1
    while hi + 1 < len(ordered) and ordered[hi + 1].x0 - ordered[hi].x1 < RUN_GAP * h:
        hi += 1
    return ordered[lo : hi + 1]


def _label_cells(
    words: Sequence[Word],
    top: float,
    grid: TimeGrid,
    h: float,
    hlines: Sequence[HLine],
    vlines: Sequence[VLine],
    s: TableSettings,
    beside: Callable[[Word], bool],
) -> list[list[Word]]:
    """The header's label cells on one side of the time grid (``beside``), left to right, under
    ``top``, the grid's tiers' top."""
    band = [
        w
        for w in words
        if top - HEADER_DEPTH * h <= w.cy <= grid.bottom + 0.3 * h and beside(w) and not w.text.isdigit()
    ]
    cells = [c for c in header_cells(band, h, hlines, s, vlines) if _label_like(c, top, h)]
    return sorted(cells, key=lambda c: min(w.x0 for w in c))


def _no_column(cell: Sequence[Word], col: Sequence[Word], richest: int, h: float, s: TableSettings) -> bool:
    """The first column is the No column: its body holds item numbers only, or its label says
    NO / NOMOR and its body numbers and a few words that are no running text (the words of
    section rows printed across the table: 9100-015 "A. Manajemen Perubahan" over "NOMOR")."""
    if _numbers_only(col):
        return True
    key, score = classify(group_text(cell, h))
    numbered = any(number_value(w.text.rstrip("."), True, maximum=99) is not None for w in col)
    return (
        key == "no"
        and score >= s.label_strict_score
        and numbered
        and not running_text(distinct_words(col), richest)
    )


def _named(cells: Sequence[Sequence[Word]], h: float, s: TableSettings) -> dict[int, str]:
    """The cells whose label clearly names a text column ("AREA PERUBAHAN" beside "PROGRAM"); a
    weak label ("OUTPUT": the indikator in one decree, a column of "Dokumen" in the next) names
    none, its body decides."""
    out: dict[int, str] = {}
    for i, cell in enumerate(cells):
        text = group_text(cell, h)
        key, score = classify(text)
        if norm(text) in WEAK_LABELS:
            continue
        if key in ROLES and score >= s.label_strict_score and key not in out.values():
            out[i] = key
    return out


def _roles(text: Sequence[int], named: dict[int, str]) -> tuple[str, ...] | None:
    """Roles for the text columns in order (kegiatan, sub-kegiatan, indikator; area before them
    when four) that agree with the labels that name theirs, or None (fewer than three)."""
    if not 3 <= len(text) <= len(ROLES):
        return None
    for roles in reversed(list(itertools.combinations(ROLES, len(text)))):
        if all(named.get(i, role) == role for i, role in zip(text, roles, strict=True)):
            return roles
    return None


def _label_like(cell: Sequence[Word], top: float, h: float) -> bool:
    """A column label: a few words ending near the grid's tiers' ``top`` (a caption or title
    above the table is a sentence, and stands higher)."""
    return len(cell) <= LABEL_WORDS and max(w.bottom for w in cell) >= top - LABEL_REACH * h


def _runs_into_grid(cell: Sequence[Word], words: Sequence[Word], left: float, h: float) -> bool:
    """A cell whose line runs on, word after word, over the time grid: a title printed in the
    table's top row ("RENCANA AKSI REFORMASI BIROKRASI KOMISI …" across every column), cut at the
    grid's edge, not a column's label."""
    last = max(cell, key=lambda w: w.x1)
    return any(
        o.x1 >= left and abs(o.cy - last.cy) < 0.5 * h and 0 <= o.x0 - last.x1 < RUN_GAP * h for o in words
    )


def _entry(cell: Sequence[Word], s: TableSettings) -> tuple[float, float, float, float]:
    """A cell as :data:`Found` holds it: the weakest passing score, its extent and bottom."""
    return (s.label_min_score, min(w.x0 for w in cell), max(w.x1 for w in cell), max(w.bottom for w in cell))
