"""One page of the action-plan table: rows, cells, merged spans and month marks.

Rows come from horizontal rules that cross the leaf columns (sub-kegiatan,
indikator); where a page has no such rules, from text lines (a new row starts
where a numbered item opens in the sub-kegiatan or kegiatan column).  Merged
cells of No / Area / Kegiatan are the runs of rows between rules that cross
*that* column; their text, wherever it sits in the span (top or middle), is
anchored on the span's first row.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rencana.extract.table.columns import column_bounds, column_of
from rencana.extract.table.header import MONTH_ROLES, Header
from rencana.extract.text.geometry import HLine, VLine, cluster, horizontal_lines, separators, vertical_lines
from rencana.schema.records import BBox, MonthMark, PageContent, RawRow, Word

MERGED_ROLES = ("no", "area", "kegiatan")
MARKS: dict[str, MonthMark] = {
    "V": "V",
    "v": "v",
    "√": "√",
    "✓": "✓",
    "✔": "✓",
    "X": "X",
    "x": "X",
    "1": "1",
    "●": "•",
    "•": "•",
    "■": "•",
    "◆": "•",
    "*": "•",
    "⬤": "•",
}
SHADE_COVER = 0.4  # share of a month cell a fill must cover to count as shading
SHADE_MAX_GRAY = 0.965  # light yellow Gantt fills are ~0.95
_ITEM = re.compile(r"^\(?(\d{1,2})[.)]")
_MARKER_WORD = re.compile(r"^\(?(\d{1,2}|[a-zA-Z])[.)]$")
_FOOTER = re.compile(
    r"^(ditetapkan|pada\s+tanggal|salinan|ketua|sekretaris|halaman\s+\d+|hal\.?\s*\d+|-\s*\d+\s*-$)", re.I
)


@dataclass(frozen=True, slots=True)
class PageTable:
    """The rows one page contributes, with what stitching needs to know."""

    page: int
    rows: tuple[RawRow, ...]
    bounds: tuple[float, ...]
    table_top: float
    table_bottom: float
    page_height: float
    ruled_rows: bool
    ruled_columns: bool
    line_height: float = 8.0


def _text(words: Sequence[Word], h: float, right: float = 0.0) -> str:
    """Words of one cell in reading order, lines joined as the typist wrote them.

    A line ending in a hyphen joins the next without a space ("Perundang-" +
    "undangan"); a line holding a single word that runs to the column's right
    text edge ``right`` was broken inside that word by the word processor
    (the word is wider than the cell), so it joins without a space too.
    """
    if not words:
        return ""
    ordered = sorted(words, key=lambda w: w.cy)
    lines: list[list[Word]] = []
    for w in ordered:
        if lines and abs(w.cy - lines[-1][-1].cy) < 0.5 * h:
            lines[-1].append(w)
        else:
            lines.append([w])
    out = ""
    prev: list[Word] = []
    for line in lines:
        line.sort(key=lambda w: w.x0)
        text = " ".join(x.text for x in line)
        if out:
            glued = out.endswith("-") and text[:1].isalpha() and not out.endswith(" -")
            solo = prev[1:] if len(prev) == 2 and _MARKER_WORD.match(prev[0].text) else prev
            char_w = (solo[0].x1 - solo[0].x0) / max(1, len(solo[0].text)) if solo else 0.0
            forced = (
                right > 0 and len(solo) == 1 and len(solo[0].text) >= 6 and solo[0].x1 >= right - 0.6 * char_w
            )
            out = out + text if glued or (forced and text[:1].islower()) else f"{out} {text}"
        else:
            out = text
        prev = line
    return out


def _mark(
    words: Sequence[Word],
    content: PageContent,
    cell: tuple[float, float, float, float],
    months_span: tuple[float, float],
) -> MonthMark:
    """The mark in one month cell: a mark glyph, shading, or (scans) a blob of ink.

    A fill counts when it covers most of the cell and stays inside the month
    columns: one fill may run over several months (a Gantt bar drawn as one
    rectangle by a spreadsheet), but a fill reaching into the text columns is
    row or header shading, not a plan.
    """
    x0, top, x1, bottom = cell
    for w in words:
        mark = MARKS.get(w.text.strip(" .,;:'\"()"))
        # an OCR word far wider than the cell is Tesseract running several cells'
        # marks together: its text says nothing about this cell, the pixels do
        if mark and (w.source == "text" or w.x1 - w.x0 <= 1.5 * (x1 - x0)):
            return mark
    area = max(1e-6, (x1 - x0) * (bottom - top))
    for f in content.fills:
        if f.gray > SHADE_MAX_GRAY or f.x0 < months_span[0] - 2 or f.x1 > months_span[1] + 2:
            continue
        ov = max(0.0, min(f.x1, x1) - max(f.x0, x0)) * max(0.0, min(f.bottom, bottom) - max(f.top, top))
        if ov / area >= SHADE_COVER:
            return "shade"
    for f in content.ink:
        if x0 <= (f.x0 + f.x1) / 2 <= x1 and top <= (f.top + f.bottom) / 2 <= bottom:
            return "ink"
    return ""


def _text_bands(
    words: Sequence[Word], bounds: Sequence[float], header: Header, top: float, h: float
) -> list[tuple[float, float]]:
    """Row bands from text lines when the page has no row rules."""
    opening = [
        i
        for i in (header.index("no"), header.index("kegiatan"), header.index("sub_kegiatan"))
        if i is not None
    ]
    area, sub = header.index("area"), header.index("sub_kegiatan")
    body = [w for w in words if w.cy > top and column_of(w.cx, bounds) is not None]
    lines = cluster((w.cy for w in body), 0.5 * h)
    starts: list[float] = []
    end = top
    for group in lines:
        line = sorted((w for w in body if group[0] <= w.cy <= group[-1]), key=lambda w: w.x0)
        if _FOOTER.match(" ".join(w.text for w in line)):
            break
        end = max(w.bottom for w in line)
        first_by_col: dict[int, Word] = {}
        for w in line:
            col = column_of(w.cx, bounds)
            if col is not None:
                first_by_col.setdefault(col, w)
        opens = any(col in first_by_col and _ITEM.match(first_by_col[col].text) for col in opening)
        new_area = area in first_by_col and first_by_col[area].text[:1].isupper() and sub not in first_by_col
        if not starts or opens or new_area:
            starts.append(min(w.top for w in line) - 0.3 * h)
    return [(a, b) for a, b in zip(starts, [*starts[1:], end + 0.3 * h], strict=False)]


def build_page_table(content: PageContent, header: Header) -> PageTable:
    """Rebuild the cell grid below ``header`` on one page."""
    words = content.words
    h = max(4.0, sorted(w.bottom - w.top for w in words)[len(words) // 2]) if words else 8.0
    hlines = horizontal_lines(content.segments)
    vlines = vertical_lines(content.segments)
    below = [ln for ln in hlines if ln.y >= header.bottom - 1]
    # provisional bounds from the header alone, to find the leaf columns' rules
    body_guess = [w for w in words if w.cy > header.bottom]
    bounds, ruled_cols = column_bounds(header, vlines, hlines, body_guess, header.bottom, content.height)
    leaf_cols = [i for i in (header.index("sub_kegiatan"), header.index("indikator")) if i is not None]
    leaf = [y for i in leaf_cols for y in separators(below, bounds[i], bounds[i + 1], 0.5)]
    ys = [sum(g) / len(g) for g in cluster(leaf, 2.0)]
    ruled_rows = len(ys) >= 2
    if ruled_rows:
        table_bottom = ys[-1]
        body_words = [w for w in words if header.bottom < w.cy < table_bottom]
        bounds, ruled_cols = column_bounds(header, vlines, hlines, body_words, ys[0], table_bottom)
        edges = ys if ys[0] <= header.bottom + 2 * h else [header.bottom, *ys]
        bands = [(a, b) for a, b in itertools.pairwise(edges) if b - a > 0.6 * h]
    else:
        bands = _text_bands(words, bounds, header, header.bottom, h)
        table_bottom = bands[-1][1] if bands else header.bottom
    rows = _rows(content, header, bounds, bands, below if ruled_rows else [], vlines if ruled_cols else [], h)
    return PageTable(
        content.page,
        tuple(rows),
        tuple(bounds),
        header.top,
        table_bottom,
        content.height,
        ruled_rows,
        ruled_cols,
        h,
    )


def _rows(
    content: PageContent,
    header: Header,
    bounds: Sequence[float],
    bands: Sequence[tuple[float, float]],
    hlines: Sequence[HLine],
    vlines: Sequence[VLine],
    h: float,
) -> list[RawRow]:
    n_cols = len(header.roles)
    cells: list[list[list[Word]]] = [[[] for _ in range(n_cols)] for _ in bands]
    for w in content.words:
        col = column_of(w.cx, bounds)
        if col is None:
            continue
        for r, (a, b) in enumerate(bands):
            if a <= w.cy < b:
                cells[r][col].append(w)
                break
    # the right text edge of each text column: where its longest lines end
    right_edge = [max((w.x1 for row in cells for w in row[c]), default=0.0) for c in range(n_cols)]
    merged = [header.index(role) for role in MERGED_ROLES]
    # merged columns: a row opens a new cell in column c when a rule crosses c at its top
    starts: list[list[bool]] = [[True] * 3 for _ in bands]
    if hlines:
        for k, c in enumerate(merged):
            if c is None:
                continue
            ys = separators(hlines, bounds[c], bounds[c + 1], 0.5)
            for r, (a, _) in enumerate(bands):
                starts[r][k] = r == 0 or any(abs(y - a) <= 2.5 for y in ys)
    anchored: list[list[str]] = [["", "", ""] for _ in bands]
    for k, c in enumerate(merged):
        if c is None:
            continue
        r = 0
        while r < len(bands):
            end = r + 1
            while end < len(bands) and not starts[end][k]:
                end += 1
            span_words = [w for q in range(r, end) for w in cells[q][c]]
            anchored[r][k] = _text(span_words, h, right_edge[c])
            r = end
    month_cols = [header.roles.index(m) for m in MONTH_ROLES]
    month_set = set(month_cols)
    months_span = (bounds[month_cols[0]], bounds[month_cols[-1] + 1])
    sub_col, ind_col = header.index("sub_kegiatan"), header.index("indikator")
    rows: list[RawRow] = []
    for r, (a, b) in enumerate(bands):
        marks = tuple(
            _mark(cells[r][m], content, (bounds[m], a, bounds[m + 1], b), months_span) for m in month_cols
        )
        sub = _text(cells[r][sub_col], h, right_edge[sub_col]) if sub_col is not None else ""
        ind = _text(cells[r][ind_col], h, right_edge[ind_col]) if ind_col is not None else ""
        if _is_header_echo(cells[r]):
            continue
        section = _section_text([w for col in cells[r] for w in col], bounds, vlines, a, b, h)
        if section:
            rows.append(
                RawRow(
                    content.page,
                    BBox(bounds[0], a, bounds[-1], b),
                    "",
                    section,
                    "",
                    "",
                    "",
                    ("",) * 12,
                    section=True,
                )
            )
            continue
        if not (sub or ind or any(marks) or any(anchored[r])):
            continue
        confs = [_cell_conf(col) for c, col in enumerate(cells[r]) if c not in month_set]
        cell_confs = [conf for conf in confs if conf is not None]
        rows.append(
            RawRow(
                page=content.page,
                bbox=BBox(bounds[0], a, bounds[-1], b),
                no=anchored[r][0],
                area=anchored[r][1],
                kegiatan=anchored[r][2],
                sub_kegiatan=sub,
                indikator=ind,
                marks=marks,
                starts_area=starts[r][1],
                starts_kegiatan=starts[r][2],
                # the weakest text cell: one garbled cell is what a reviewer must see
                ocr_conf=round(min(cell_confs), 2) if cell_confs else None,
            )
        )
    return rows


def _cell_conf(words: Sequence[Word]) -> float | None:
    """OCR confidence of a cell: its words' confidences weighted by their letters and digits.

    A cell with less than two letters or digits (a speck read as "s" or "|") says too
    little to judge the row by; month cells are decided from pixels and left out.
    """
    weighted = [
        (w.ocr_conf, n) for w in words if w.ocr_conf is not None and (n := sum(map(str.isalnum, w.text)))
    ]
    total = sum(n for _, n in weighted)
    return sum(c * n for c, n in weighted) / total if total >= 2 else None


def _section_text(
    words: Sequence[Word],
    bounds: Sequence[float],
    vlines: Sequence[VLine],
    top: float,
    bottom: float,
    h: float,
) -> str:
    """The text of a full-width heading row ("I. MANAJEMEN PERUBAHAN"), or "".

    Ruled tables: no vertical rule crosses the row inside the table.  Unruled:
    one line of evenly spaced words running across two or more column bounds.
    """
    if not words:
        return ""
    inner = bounds[1:-1]
    if vlines:
        crossed = sum(
            1 for x in inner if any(abs(v.x - x) < 2.5 and v.covers(top, bottom) >= 0.6 for v in vlines)
        )
        return _text(words, h) if crossed <= 1 else ""
    ordered = sorted(words, key=lambda w: w.x0)
    if len(ordered) < 2 or max(w.cy for w in ordered) - min(w.cy for w in ordered) > 0.5 * h:
        return ""
    if max(b.x0 - a.x1 for a, b in itertools.pairwise(ordered)) > 0.8 * h:
        return ""
    crossed = sum(1 for x in inner if ordered[0].x0 < x < ordered[-1].x1)
    return _text(words, h) if crossed >= 2 else ""


def _longest_increasing(values: Sequence[int]) -> int:
    """Length of the longest strictly increasing subsequence."""
    tails: list[int] = []
    for v in values:
        i = bisect.bisect_left(tails, v)
        if i == len(tails):
            tails.append(v)
        else:
            tails[i] = v
    return len(tails)


def _is_header_echo(cells: Sequence[Sequence[Word]]) -> bool:
    """A column-number row (1..17) or a repeated header that slipped below the header."""
    texts = [" ".join(w.text for w in col) for col in cells]
    numbers = [int(t) for t in texts if t.strip().isdigit()]
    if len(numbers) >= 12 and all(a < b for a, b in itertools.pairwise(numbers)):
        return True
    if any(w.source == "ocr" for col in cells for w in col) and len(numbers) >= len(cells) // 2:
        # a scanned column-number row: some numbers unread or misread ("190"), the
        # rest in order, and no text (a mark, at most, where a digit was unread)
        wordy = any(sum(ch.isalpha() for ch in t) >= 2 for t in texts)
        if not wordy and _longest_increasing(numbers) >= len(cells) // 2:
            return True
    joined = " ".join(texts).upper()
    return "INDIKATOR" in joined and "KEGIATAN" in joined and "PERUBAHAN" in joined
