"""What to draw for one page, layer by layer, from the extraction's trace.

Each function draws one layer of the legend (:data:`~rencana.show.paint.LAYERS`) with a
:class:`~rencana.show.paint.Painter`; none of them decides anything the pipeline did not: the
header, bounds, bands, rules and rows come from :class:`~rencana.extract.trace.PageTrace`, the
marks from the rows, the issues and front matter from the extracted document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rencana.extract.trace import PageTrace
from rencana.schema.calendar import MONTH_NAMES
from rencana.schema.issues import Issue, IssueCode
from rencana.schema.records import FrontMatter, PageContent, RawRow, Segment, Word
from rencana.show.paint import Painter

SNAP_PT = 2.0  # a segment within this of an accepted rule is that rule


def ruling(p: Painter, pt: PageTrace | None, segments: Sequence[Segment], refused: Sequence[Segment]) -> None:
    """Rules that drew the grid (green), the page's other ruling and what the OCR path refused (red)."""
    hl, vl = (pt.hlines, pt.vlines) if pt is not None else ((), ())
    for h in hl:
        p.line("ruling", (h.x0, h.y), (h.x1, h.y), width=3)
    for v in vl:
        p.line("ruling", (v.x, v.top), (v.x, v.bottom), width=3)
    for g in segments:
        if g.horizontal:
            used = any(abs(h.y - (g.top + g.bottom) / 2) <= SNAP_PT and h.x0 - SNAP_PT <= g.x0 for h in hl)
        else:
            used = any(abs(v.x - (g.x0 + g.x1) / 2) <= SNAP_PT and v.top - SNAP_PT <= g.top for v in vl)
        if not used:
            p.line("ruling_rejected", (g.x0, g.top), (g.x1, g.bottom), width=1)
    for g in refused:
        p.line("ruling_rejected", (g.x0, g.top), (g.x1, g.bottom), width=2)


def grid(p: Painter, pt: PageTrace) -> None:
    """Header cells with their roles, column bounds, and every row band."""
    header, bounds = pt.header, pt.bounds
    if header is None or len(bounds) < 2:
        return
    bottom = pt.bands[-1][1] if pt.bands else header.bottom
    for i, role in enumerate(header.roles[: len(bounds) - 1]):
        p.rect("header", (bounds[i], header.top, bounds[i + 1], header.bottom), role, width=2)
        p.text("header", bounds[i] + 1, header.top + 1, _short(role), size=9)
    for x in bounds:
        p.line("column", (x, header.top), (x, bottom), width=1)
    for k, (a, b) in enumerate(pt.bands):
        p.rect("band", (bounds[0] - 6, a, bounds[0] - 2, b), f"band {k + 1}", width=1, fill_alpha=90)


def _short(role: str) -> str:
    return {"sub_kegiatan": "sub", "kegiatan": "keg", "indikator": "ind"}.get(role, role)


def rows(p: Painter, pt: PageTrace, content: PageContent) -> None:
    """Plan rows and section rows; in each plan row its month cells with the marks read there."""
    header, bounds = pt.header, pt.bounds
    if header is None:
        return
    for n, row in enumerate(pt.rows, start=1):
        box = (row.bbox.x0, row.bbox.top, row.bbox.x1, row.bbox.bottom)
        if row.section:
            p.rect("section", box, row.area, width=3, fill_alpha=40)
            p.text("section", box[0] + 2, box[1] + 1, "section", size=10)
            continue
        p.rect("row", box, f"row {n}", width=2)
        marks(p, row, header.roles, header.period_roles, bounds, content)


def marks(
    p: Painter,
    row: RawRow,
    roles: Sequence[str],
    periods: Sequence[str],
    bounds: Sequence[float],
    content: PageContent,
) -> None:
    """One shape per marked period cell, coloured by the kind of mark, labelled with its months."""
    per = 12 // len(periods)
    for k, role in enumerate(periods):
        mark = row.marks[k * per]
        if not mark or role not in roles:
            continue
        c = roles.index(role)
        cell = (bounds[c], row.bbox.top, bounds[c + 1], row.bbox.bottom)
        months = MONTH_NAMES[k * per][:3] + (f"-{MONTH_NAMES[k * per + per - 1][:3]}" if per > 1 else "")
        layer = _mark_layer(mark, cell, content)
        p.rect(layer, cell, f"{mark} {months}", width=2, fill_alpha=70)
        p.text(layer, cell[0] + 0.5, cell[3] - 6, months[:3], size=8)


def _mark_layer(mark: str, cell: tuple[float, float, float, float], content: PageContent) -> str:
    """The legend's kind of mark: a glyph, ink, or a fill (a Gantt bar when one fill runs on
    over more than one cell)."""
    if mark == "ink":
        return "mark_ink"
    if mark != "shade":
        return "mark_glyph"
    width = cell[2] - cell[0]
    for f in content.fills:
        inside = f.x0 <= (cell[0] + cell[2]) / 2 <= f.x1 and f.top <= (cell[1] + cell[3]) / 2 <= f.bottom
        if inside and f.x1 - f.x0 > 1.5 * width:
            return "mark_gantt"
    return "mark_fill"


_FIELDS = (("decree_number", "number"), ("date_text", "date"), ("signed_by", "signatory"))


def front(p: Painter, fm: FrontMatter, content: PageContent) -> None:
    """The front-matter fields found, boxed where their words are printed on this page."""
    for attr, name in _FIELDS:
        value = str(getattr(fm, attr))
        box = find_words(content.words, value) if value else None
        if box is not None:
            box = (box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2)  # around the words, not over them
            p.rect("front", box, f"{name}: {value}", width=2)
            p.text("front", box[2] + 3, box[1], name, size=10)


def find_words(words: Sequence[Word], value: str) -> tuple[float, float, float, float] | None:
    """The box of the first run of words reading ``value`` (spacing and case aside)."""
    want = re.sub(r"\s+", "", value).lower()
    ordered = sorted(words, key=lambda w: (round(w.cy / 4), w.x0))
    for i in range(len(ordered)):
        text = ""
        for j in range(i, min(len(ordered), i + 12)):
            text += ordered[j].text.lower()
            if not want.startswith(text):
                break
            if text == want:
                run = ordered[i : j + 1]
                return (
                    min(w.x0 for w in run),
                    min(w.top for w in run),
                    max(w.x1 for w in run),
                    max(w.bottom for w in run),
                )
    return None


def issues(p: Painter, found: Sequence[Issue], pt: PageTrace | None) -> None:
    """Each issue of this page at its row when it names one (a low OCR confidence: the row read
    with that confidence), else as a labelled box in the page's top margin, one under another."""
    y = 4.0
    for issue in found:
        label = f"{issue.code.value}" + (f": {issue.detail}" if issue.detail else "")
        row = _row_of(issue, pt)
        if row is not None:
            x, top = row.bbox.x0, row.bbox.top
            p.rect("issue", (x - 14, top + 1, x - 8, top + 7), label[:120], width=2, fill_alpha=200)
            continue
        p.rect("issue", (4.0, y, 12.0, y + 8), label[:120], width=2, fill_alpha=160)
        p.text("issue", 14.0, y - 1, label[:90], size=10)
        y += 11


def _row_of(issue: Issue, pt: PageTrace | None) -> RawRow | None:
    """The page's row an issue is about, when the issue says which (its confidence)."""
    if pt is None or issue.code is not IssueCode.LOW_OCR_CONFIDENCE:
        return None
    return next((r for r in pt.rows if r.ocr_conf is not None and f"{r.ocr_conf:.0f}" == issue.detail), None)
