"""Find the action-plan table's header on a page by its labels, not by position.

The header is ``No | AREA PERUBAHAN | KEGIATAN | SUB KEGIATAN | INDIKATOR
KEBERHASILAN | PELAKSANAAN (BULAN)`` with the month numbers 1..12 (or month
names) under PELAKSANAAN, often followed by a row of column numbers 1..17.
Labels are matched fuzzily (typos, OCR noise, words split over lines) and
located by their geometry; the result gives the x-centre of each of the 17
columns, which :mod:`rencana.extract.columns` turns into boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from rencana.extract.geometry import cluster
from rencana.schema.records import Word

TEXT_COLUMNS = ("no", "area", "kegiatan", "sub_kegiatan", "indikator")
MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGU", "SEP", "OKT", "NOV", "DES")
_MONTH_ALIASES = {"AGT": "AGU", "AGS": "AGU", "AUG": "AGU", "MAY": "MEI", "OCT": "OKT", "DEC": "DES", "PEB": "FEB"}
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
    """Where the header sits and the x-centre of each column it names."""

    top: float
    bottom: float  # lowest header element (month numbers or column-number row)
    left: float
    right: float
    centres: tuple[float, ...]  # 17 x-centres: No, Area, Kegiatan, Sub, Indikator, months 1..12
    month_centres_found: int  # how many month positions were read (the rest interpolated)
    column_number_row: bool
    label_score: float  # 0..1, how well the labels matched


def _norm(text: str) -> str:
    return re.sub(r"[^A-Z0-9 ]", "", text.upper().replace("-", " ")).strip()


def _score(text: str, label: str) -> float:
    return float(fuzz.ratio(_norm(text), label))


def _groups(words: Sequence[Word], h: float) -> list[list[Word]]:
    """Union words that belong to one header cell (same line and close, or stacked)."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(words):
        for j in range(i + 1, len(words)):
            b = words[j]
            same_line = abs(a.cy - b.cy) < 0.5 * h
            near_x = min(abs(b.x0 - a.x1), abs(a.x0 - b.x1)) < 0.9 * h
            v_gap = max(b.top - a.bottom, a.top - b.bottom)
            x_ov = min(a.x1, b.x1) - max(a.x0, b.x0)
            if (same_line and near_x) or (v_gap < 0.9 * h and x_ov > -0.2 * h and not same_line):
                parent[find(i)] = find(j)
    out: dict[int, list[Word]] = {}
    for i, w in enumerate(words):
        out.setdefault(find(i), []).append(w)
    return list(out.values())


def _group_text(group: Sequence[Word], h: float) -> str:
    lines = sorted(group, key=lambda w: (round(w.cy / (0.6 * h)), w.x0))
    return " ".join(w.text for w in lines)


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


def _number_line(words: Sequence[Word], wanted: int, top: float, bottom: float, h: float) -> list[Word]:
    """The line in [top, bottom] holding the longest increasing run 1..wanted of numbers."""
    nums = [w for w in words if top <= w.cy <= bottom and w.text.strip(".") .isdigit()]
    best: list[Word] = []
    for group in cluster((w.cy for w in nums), 0.45 * h):
        line = sorted((w for w in nums if group[0] <= w.cy <= group[-1]), key=lambda w: w.x0)
        run: list[Word] = []
        for w in line:
            n = int(w.text.strip("."))
            if 1 <= n <= wanted and (not run or n > int(run[-1].text.strip("."))):
                run.append(w)
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


def find_header(words: Sequence[Word], min_score: float = 72.0) -> Header | None:
    """Locate the action-plan header among a page's words, or ``None``."""
    if not words:
        return None
    heights = sorted(w.bottom - w.top for w in words)
    h = max(4.0, heights[len(heights) // 2])
    anchors = [w for w in words if max(_score(w.text, "INDIKATOR"), _score(w.text, "PELAKSANAAN")) >= min_score]
    for anchor in sorted(anchors, key=lambda w: w.top):
        band_top, band_bottom = anchor.top - 4 * h, anchor.bottom + 4 * h
        band = [w for w in words if band_top <= w.cy <= band_bottom and not w.text.strip(".()").isdigit()]
        found: dict[str, tuple[float, float, float, float]] = {}  # key -> (score, x0, x1, bottom)
        for group in _groups(band, h):
            key, score = _classify(_group_text(group, h))
            if score < min_score:
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
        if len(core) < 3 or "pelaksanaan" not in found and "indikator" not in found:
            continue
        header = _build(words, found, h)
        if header is not None:
            return header
    return None


def _build(words: Sequence[Word], found: dict[str, tuple[float, float, float, float]], h: float) -> Header | None:
    label_bottom = max(v[3] for v in found.values())
    label_top = min(w.top for w in words if any(v[1] - 1 <= w.cx <= v[2] + 1 for v in found.values())
                    and abs(w.cy - label_bottom) < 6 * h)
    pel = found.get("pelaksanaan")
    ind = found.get("indikator")
    lo = (pel[1] - 2 * h) if pel else (ind[2] if ind else 0.0)
    month_words = [w for w in words if w.cx >= lo]
    months = _number_line(month_words, 12, label_top - h, label_bottom + 3.5 * h, h)
    month_pos: dict[int, float] = {int(w.text.strip(".")): w.cx for w in months}
    bottom = max(label_bottom, max((w.bottom for w in months), default=label_bottom))
    if len(month_pos) < 6:
        named = _month_name_line(month_words, label_top - h, label_bottom + 3.5 * h)
        if len(named) >= 6:
            month_pos = {k: w.cx for k, w in named}
            bottom = max(bottom, max(w.bottom for _, w in named))
    colnums = _number_line(words, 17, bottom + 0.1 * h, bottom + 3.0 * h, h)
    colnum_row = len(colnums) >= 12 and len({round(w.cy) for w in colnums}) <= 3
    col_pos: dict[int, float] = {int(w.text.strip(".")): w.cx for w in colnums} if colnum_row else {}
    if colnum_row:
        bottom = max(bottom, max(w.bottom for w in colnums))
        for k in range(6, 18):
            if k in col_pos and (k - 5) not in month_pos:
                month_pos[k - 5] = col_pos[k]
    if len(month_pos) < 2:
        return None
    month_centres = _fit(month_pos, 12)
    spacing = (month_centres[-1] - month_centres[0]) / 11 if month_centres[-1] > month_centres[0] else 2 * h
    centres: list[float] = []
    for k, key in enumerate(TEXT_COLUMNS, start=1):
        if k in col_pos:
            centres.append(col_pos[k])
        elif key in found:
            centres.append((found[key][1] + found[key][2]) / 2)
        else:
            centres.append(float("nan"))
    centres = _fill_text_centres(centres, month_centres[0] - spacing)
    if centres is None:
        return None
    score = sum(found[k][0] for k in found) / (100.0 * max(1, len(found)))
    return Header(
        top=label_top,
        bottom=bottom,
        left=min(w.x0 for w in words if abs(w.cy - label_bottom) < 6 * h and w.cx <= centres[1]) - 2,
        right=month_centres[-1] + spacing / 2,
        centres=tuple(centres + month_centres),
        month_centres_found=len(month_pos),
        column_number_row=colnum_row,
        label_score=round(score, 3),
    )


def _fill_text_centres(centres: list[float], months_left: float) -> list[float] | None:
    """Interpolate a missing text-column centre between its known neighbours."""
    known = [i for i, c in enumerate(centres) if c == c]
    if len(known) < 3:
        return None
    out = list(centres)
    for i, c in enumerate(out):
        if c != c:
            left = max((j for j in known if j < i), default=None)
            right = min((j for j in known if j > i), default=None)
            if left is not None and right is not None:
                out[i] = out[left] + (out[right] - out[left]) * (i - left) / (right - left)
            elif left is not None:
                out[i] = (out[left] + months_left) / 2
            elif right is not None:
                out[i] = out[right] - 0.6 * (out[right + 1] - out[right] if right + 1 < len(out) else 40.0)
    ordered = all(a < b for a, b in zip(out, out[1:], strict=False))
    return out if ordered else None
