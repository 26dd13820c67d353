"""Find the action-plan table's header on a page by its labels, not by position.

The header is ``No | AREA PERUBAHAN | KEGIATAN | SUB KEGIATAN | INDIKATOR
KEBERHASILAN | PELAKSANAAN (BULAN)`` with the month numbers 1..12 (or month
names) under PELAKSANAAN, often followed by a row of column numbers 1..17.
Labels are matched fuzzily (typos, OCR noise, words split over lines) and
located by their geometry; the result gives the x-centre of each of the 17
columns, which :mod:`rencana.extract.table.columns` turns into boundaries.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from rencana.extract.text.geometry import HLine, cluster
from rencana.schema.records import Word

TEXT_COLUMNS = ("no", "area", "kegiatan", "sub_kegiatan", "indikator")
MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGU", "SEP", "OKT", "NOV", "DES")
_MONTH_ALIASES = {
    "AGT": "AGU",
    "AGS": "AGU",
    "AUG": "AGU",
    "MAY": "MEI",
    "OCT": "OKT",
    "DEC": "DES",
    "PEB": "FEB",
}
_LABELS = {
    "area": ("AREA PERUBAHAN", "AREA"),
    "kegiatan": ("KEGIATAN",),
    "sub_kegiatan": ("SUB KEGIATAN", "SUBKEGIATAN", "RINCIAN KEGIATAN"),
    "indikator": ("INDIKATOR KEBERHASILAN", "INDIKATOR", "INDIKATOR KINERJA", "OUTPUT"),
    "pelaksanaan": ("PELAKSANAAN BULAN", "PELAKSANAAN", "WAKTU PELAKSANAAN", "JADWAL PELAKSANAAN", "BULAN"),
    "no": ("NO", "NOMOR"),
}


@dataclass(frozen=True, slots=True)
class Header:
    """Where the header sits and the x-centre of each column it names, left to right.

    ``roles`` names each column: ``no``, ``area``, ``kegiatan``, ``sub_kegiatan``,
    ``indikator``, ``m1`` … ``m12``, or ``extra`` for a column rencana does not
    read (Penanggung Jawab, Keterangan, …) but must keep apart from the others.
    A decree without a No column simply has no ``no`` role.
    """

    top: float
    bottom: float  # lowest header element (month numbers or column-number row)
    left: float
    right: float
    roles: tuple[str, ...]
    centres: tuple[float, ...]
    month_centres_found: int  # how many month positions were read (the rest interpolated)
    column_number_row: bool
    label_score: float  # 0..1, how well the labels matched

    def index(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None


STRICT_SCORE = 88.0  # label words picked out of a mixed cell must match this well
MONTH_ROLES = tuple(f"m{k}" for k in range(1, 13))


def _norm(text: str) -> str:
    return re.sub(r"[^A-Z0-9 ]", "", text.upper().replace("-", " ")).strip()


def _score(text: str, label: str) -> float:
    return float(fuzz.ratio(_norm(text), label))


def _one_line(a: Word, b: Word, h: float) -> bool:
    """Whether two words sit on one text line: centres within half a line, or (OCR) boxes that
    overlap by half the shorter one's height (a speck above a word stretches its box upwards)."""
    if abs(a.cy - b.cy) < 0.5 * h:
        return True
    if a.source != "ocr" or b.source != "ocr":
        return False
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _ruled_between(a: Word, b: Word, hlines: Sequence[HLine]) -> bool:
    """Whether a horizontal rule separates two vertically stacked words."""
    upper, lower = (a, b) if a.cy < b.cy else (b, a)
    x0, x1 = max(a.x0, b.x0) - 2, min(a.x1, b.x1) + 2
    return any(upper.cy < ln.y < lower.cy and ln.x0 <= x1 and ln.x1 >= x0 for ln in hlines)


def _groups(words: Sequence[Word], h: float, hlines: Sequence[HLine] = ()) -> list[list[Word]]:
    """Union words that belong to one header cell (same line and close, or stacked, no rule between)."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(words):
        for j in range(i + 1, len(words)):
            b = words[j]
            same_line = _one_line(a, b, h)
            near_x = min(abs(b.x0 - a.x1), abs(a.x0 - b.x1)) < 0.6 * h
            v_gap = max(b.top - a.bottom, a.top - b.bottom)
            x_ov = min(a.x1, b.x1) - max(a.x0, b.x0)
            stacked = v_gap < 0.9 * h and x_ov > -0.2 * h and not same_line
            if (same_line and near_x) or (stacked and not _ruled_between(a, b, hlines)):
                parent[find(i)] = find(j)
    out: dict[int, list[Word]] = {}
    for i, w in enumerate(words):
        out.setdefault(find(i), []).append(w)
    return list(out.values())


_LABEL_WORDS = (
    "AREA",
    "PERUBAHAN",
    "KEGIATAN",
    "SUB",
    "SUBKEGIATAN",
    "RINCIAN",
    "URAIAN",
    "INDIKATOR",
    "KEBERHASILAN",
    "KINERJA",
    "OUTPUT",
    "PELAKSANAAN",
    "BULAN",
    "WAKTU",
    "JADWAL",
    "KE",
)


def _is_label_word(text: str, ocr: bool = False) -> bool:
    """A word of a header label; an OCR word may have one letter in four wrong ("ARFA")."""
    parts = [p for p in re.split(r"[/\-]", text) if p.strip("()[].,:")]
    if len(parts) > 1:
        return all(_is_label_word(p, ocr) for p in parts)
    t = _norm(text)
    if t in ("NO", "NOMOR", "KE", "N0"):
        return True
    least = 75 if ocr else 85
    return len(t) >= 3 and any(fuzz.ratio(t, word) >= least for word in _LABEL_WORDS if len(word) >= 3)


def _best_window(group: Sequence[Word], h: float) -> tuple[list[Word], str, float]:
    """The run of 1-3 consecutive lines of ``group`` that reads best as a header label."""
    ordered = sorted(group, key=lambda w: w.cy)
    lines: list[list[Word]] = []
    for w in ordered:
        if lines and abs(w.cy - lines[-1][-1].cy) < 0.5 * h:
            lines[-1].append(w)
        else:
            lines.append([w])
    best: tuple[list[Word], str, float] = ([], "", 0.0)
    for size in (1, 2, 3):
        for start in range(len(lines) - size + 1):
            window = [w for line in lines[start : start + size] for w in line]
            words = [w for w in window if _is_label_word(w.text, w.source == "ocr")]
            # other words may only be ones drawn over a label (a clipped cell's text),
            # never a sentence that happens to contain "pelaksanaan" or "kegiatan"
            stray = [w for w in window if w not in words]
            if not words or any(not any(min(w.x1, v.x1) > max(w.x0, v.x0) for v in words) for w in stray):
                continue
            key, score = _classify(_group_text(words, h))
            if score > best[2] or (score == best[2] and len(words) > len(best[0])):
                best = (words, key, score)
    return best


def _group_text(group: Sequence[Word], h: float) -> str:
    """The words of a header cell in reading order: lines top to bottom, words left to right.

    A word joins a line when its centre is within half a line height of the
    line's first word (OCR boxes of one line differ by a point or two, so
    rounding centres to a grid would split a line at a grid edge).
    """
    lines: list[list[Word]] = []
    for w in sorted(group, key=lambda w: w.cy):
        if lines and _one_line(w, lines[-1][0], h):
            lines[-1].append(w)
        else:
            lines.append([w])
    return " ".join(w.text for line in lines for w in sorted(line, key=lambda w: w.x0))


def _classify(text: str) -> tuple[str, float]:
    best, best_score = "", 0.0
    for key, labels in _LABELS.items():
        for label in labels:
            s = _score(text, label)
            if key == "no" and _norm(text) not in ("NO", "NOMOR", "N0"):
                s = 0.0
            if s > best_score:
                best, best_score = key, s
    return best, best_score


_ROMAN = {
    r: i
    for i, r in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], start=1)
}


def _as_number(text: str, roman: bool) -> int | None:
    t = text.strip(".")
    if t.isdigit():
        return int(t)
    return _ROMAN.get(t.upper()) if roman else None


def _number_line(
    words: Sequence[Word], wanted: int, top: float, bottom: float, h: float, roman: bool = False
) -> list[Word]:
    """The line in [top, bottom] holding the longest increasing run 1..wanted of numbers (or I..XII)."""
    nums = [w for w in words if top <= w.cy <= bottom and _as_number(w.text, roman) is not None]
    best: list[Word] = []
    for group in cluster((w.cy for w in nums), 0.45 * h):
        line = sorted((w for w in nums if group[0] <= w.cy <= group[-1]), key=lambda w: w.x0)
        run: list[Word] = []
        last = 0
        for w in line:
            n = _as_number(w.text, roman) or 0
            if last < n <= wanted:
                run.append(w)
                last = n
        if len(run) > len(best):
            best = run
    return best


def _month_name_line(words: Sequence[Word], top: float, bottom: float) -> list[tuple[int, Word]]:
    out: list[tuple[int, Word]] = []
    for w in words:
        if not top <= w.cy <= bottom:
            continue
        key = _norm(w.text)[:3]
        key = _MONTH_ALIASES.get(key, key)
        if key in MONTH_NAMES:
            out.append((MONTH_NAMES.index(key) + 1, w))
    return out


def _fit(points: dict[int, float], n: int) -> list[float]:
    """Fill missing positions 1..n linearly from the ones found (least squares)."""
    ks = sorted(points)
    if len(ks) == 1:
        return [points[ks[0]]] * n
    mk = sum(ks) / len(ks)
    mx = sum(points[k] for k in ks) / len(ks)
    slope = sum((k - mk) * (points[k] - mx) for k in ks) / sum((k - mk) ** 2 for k in ks)
    return [points.get(k, mx + slope * (k - mk)) for k in range(1, n + 1)]


def find_header(
    words: Sequence[Word], hlines: Sequence[HLine] = (), min_score: float = 72.0
) -> Header | None:
    """Locate the action-plan header among a page's words, or ``None``.

    ``hlines`` (the page's horizontal rules) keep a header cell from swallowing
    the line of text above the table.
    """
    if not words:
        return None
    heights = sorted(w.bottom - w.top for w in words)
    h = max(4.0, heights[len(heights) // 2])
    anchors = [
        w for w in words if max(_score(w.text, "INDIKATOR"), _score(w.text, "PELAKSANAAN")) >= min_score
    ]
    for anchor in sorted(anchors, key=lambda w: w.top):
        band_top, band_bottom = anchor.top - 4 * h, anchor.bottom + 4 * h
        band = [w for w in words if band_top <= w.cy <= band_bottom and not w.text.strip(".()").isdigit()]
        found: dict[str, tuple[float, float, float, float]] = {}  # key -> (score, x0, x1, bottom)
        unknown: list[list[Word]] = []
        for whole in _groups(band, h, hlines):
            group = whole
            pure = all(_is_label_word(w.text, w.source == "ocr") or not _norm(w.text) for w in whole)
            key, score = _classify(_group_text(group, h)) if pure else ("", 0.0)
            if score < min_score and not pure:
                # text from a clipped merged cell or the title can sit in a header
                # cell: classify the best run of its label words alone, strictly
                group, key, score = _best_window(whole, h)
                score = score if score >= STRICT_SCORE else 0.0
            if score < min_score:
                unknown.append(whole)
                continue
            x0, x1 = min(w.x0 for w in group), max(w.x1 for w in group)
            gbottom = max(w.bottom for w in group)
            if key == "kegiatan" and "kegiatan" in found:
                # two KEGIATAN cells: the right one is SUB KEGIATAN written with SUB elsewhere
                prev = found["kegiatan"]
                if x0 > prev[1]:
                    found.setdefault("sub_kegiatan", (score, x0, x1, gbottom))
                    continue
                found["sub_kegiatan"] = prev
            if key not in found or score > found[key][0]:
                found[key] = (score, x0, x1, gbottom)
        core = [k for k in ("area", "kegiatan", "sub_kegiatan", "indikator", "pelaksanaan") if k in found]
        if len(core) < 3 or ("pelaksanaan" not in found and "indikator" not in found):
            continue
        header = _build(words, found, _extra_columns(unknown, found, anchor, h), h)
        if header is not None:
            return header
    return None


def _extra_columns(
    groups: Sequence[Sequence[Word]],
    found: dict[str, tuple[float, float, float, float]],
    anchor: Word,
    h: float,
) -> list[tuple[float, float]]:
    """Header cells that name a column rencana does not read (Penanggung Jawab, Keterangan…)."""
    taken = [(v[1], v[2]) for v in found.values()]
    pel = found.get("pelaksanaan")
    out: list[tuple[float, float]] = []
    for group in groups:
        text = _norm(_group_text(group, h)).replace(" ", "")
        if len(text) < 4 or not text.isalpha():
            continue
        x0, x1 = min(w.x0 for w in group), max(w.x1 for w in group)
        if abs((min(w.top for w in group) + max(w.bottom for w in group)) / 2 - anchor.cy) > 2.5 * h:
            continue
        if any(min(x1, b) - max(x0, a) > 0 for a, b in taken):
            continue
        if pel and pel[1] - 4 * h <= (x0 + x1) / 2 <= pel[2] + 4 * h:
            continue
        out.append((x0, x1))
    return out


def _snap_to_column_numbers(
    cx: list[float], month_pos: dict[int, float], text_cols: list[tuple[str, float]]
) -> tuple[dict[int, float], list[tuple[str, float]]]:
    """Use the column-number row (1..N, one per column) as the exact column centres.

    Months take the numbers nearest their fitted positions; each known text
    column the nearest number left; a number no label claimed is a column the
    labels missed: ``no`` when it is the leftmost and there is no No yet,
    otherwise ``extra``.
    """
    if len(cx) < 12 + len(text_cols):
        return month_pos, text_cols
    fitted = _fit(month_pos, 12)
    free = list(cx)
    months: dict[int, float] = {}
    for k, x in enumerate(fitted, start=1):
        best = min(free, key=lambda c: abs(c - x))
        months[k] = best
        free.remove(best)
    if any(b <= a for a, b in zip(list(months.values()), list(months.values())[1:], strict=False)):
        return month_pos, text_cols
    snapped: list[tuple[str, float]] = []
    for role, x in sorted(text_cols, key=lambda rc: rc[1]):
        best = min(free, key=lambda c: abs(c - x))
        snapped.append((role, best))
        free.remove(best)
    roles = {r for r, _ in snapped}
    for c in sorted(free):
        role = "no" if "no" not in roles and all(c < x for _, x in snapped) else "extra"
        roles.add(role)
        snapped.append((role, c))
    return months, snapped


def _build(
    words: Sequence[Word],
    found: dict[str, tuple[float, float, float, float]],
    extras: list[tuple[float, float]],
    h: float,
) -> Header | None:
    label_bottom = max(v[3] for v in found.values())
    label_top = min(
        w.top
        for w in words
        if any(v[1] - 1 <= w.cx <= v[2] + 1 for v in found.values()) and abs(w.cy - label_bottom) < 6 * h
    )
    pel = found.get("pelaksanaan")
    ind = found.get("indikator")
    # months sit right of the indicator column; the PELAKSANAAN label is centred over
    # them and may be much narrower than the twelve columns
    lo = ind[2] if ind else (pel[1] - 8 * h if pel else 0.0)
    month_words = [w for w in words if w.cx >= lo]
    months = _number_line(month_words, 12, label_top - h, label_bottom + 3.5 * h, h, roman=True)
    month_pos: dict[int, float] = {_as_number(w.text, True) or 0: w.cx for w in months}
    bottom = label_bottom
    if len(month_pos) >= 6:
        bottom = max(bottom, max(w.bottom for w in months))
    else:
        named = _month_name_line(month_words, label_top - h, label_bottom + 3.5 * h)
        if len(named) >= 6:
            month_pos = {k: w.cx for k, w in named}
            bottom = max(bottom, max(w.bottom for _, w in named))
        elif months:
            bottom = max(bottom, max(w.bottom for w in months))
    text_cols = [(key, (v[1] + v[2]) / 2) for key, v in found.items() if key in TEXT_COLUMNS]
    text_cols += [("extra", (a + b) / 2) for a, b in extras]
    n_cols = len(text_cols) + 12
    colnums = _number_line(words, n_cols, bottom + 0.1 * h, bottom + 3.0 * h, h)
    scanned = [w for w in words if w.source == "ocr"]
    if scanned:
        # OCR can miss a label ("No" read as "N fe)"): the column numbers then count more
        # columns than the labels; take them all, the snapping below names the unclaimed one
        more = _number_line(scanned, n_cols + 2, bottom + 0.1 * h, bottom + 3.0 * h, h)
        colnums = more if len(more) > len(colnums) else colnums
    if colnums and all(w.source == "ocr" for w in colnums):
        # a scan: a few digits unread or misread, and boxes a point or two apart
        spread = max(w.cy for w in colnums) - min(w.cy for w in colnums)
        colnum_row = len(colnums) >= max(9, n_cols - 6) and spread <= 0.6 * h
    else:
        colnum_row = len(colnums) >= 12 and len({round(w.cy) for w in colnums}) <= 3
    if colnum_row:
        bottom = max(bottom, max(w.bottom for w in colnums))
        if len(month_pos) >= 2:
            month_pos, text_cols = _snap_to_column_numbers(
                sorted(w.cx for w in colnums), month_pos, text_cols
            )
    if len(month_pos) < 2:
        return None
    month_centres = _fit(month_pos, 12)
    if not all(a < b for a, b in itertools.pairwise(month_centres)):
        return None
    spacing = (month_centres[-1] - month_centres[0]) / 11
    named_text = [c for r, c in text_cols if r != "extra"]
    if any(c >= month_centres[0] for c in named_text):
        return None  # the months come after No..Indikator: anything else is body text, not a header
    if any(abs(month_pos[k] - month_centres[k - 1]) > 0.35 * spacing for k in month_pos):
        return None  # month positions must be (nearly) evenly spaced
    columns = sorted(text_cols + list(zip(MONTH_ROLES, month_centres, strict=True)), key=lambda rc: rc[1])
    score = sum(found[k][0] for k in found) / (100.0 * max(1, len(found)))
    first_x = columns[0][1]
    near = [w.x0 for w in words if abs(w.cy - label_bottom) < 6 * h and w.cx <= first_x]
    return Header(
        top=label_top,
        bottom=bottom,
        left=min([first_x - spacing, *near]) - 2,
        right=max(c for _, c in columns) + spacing / 2,
        roles=tuple(r for r, _ in columns),
        centres=tuple(c for _, c in columns),
        month_centres_found=len(month_pos),
        column_number_row=colnum_row,
        label_score=round(score, 3),
    )
