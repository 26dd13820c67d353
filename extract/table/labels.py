"""Header labels: which words form a header cell, and which column label a cell's text names.

Labels are matched fuzzily (typos, OCR noise, words split over lines) and never across a
horizontal rule; :mod:`rencana.extract.table.header` places the matched cells.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from rencana.extract.table.index import near_pairs
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.geometry import HLine, VLine
from rencana.extract.text.lines import group_lines, left_to_right, near_first, near_last, one_line
from rencana.schema.calendar import MONTH_NAMES
from rencana.schema.records import Word

# Written from what decrees print (the seed decree, the public RB/ZI texts, the issue reports);
# within a key the first labels are the strongest (a tie between two cells goes to the earlier).
LABELS = {
    "area": ("AREA PERUBAHAN", "AREA"),
    "kegiatan": ("KEGIATAN",),
    "sub_kegiatan": (
        "SUB KEGIATAN",
        "SUBKEGIATAN",
        "RINCIAN KEGIATAN",
        "URAIAN KEGIATAN",
        "TAHAPAN KEGIATAN",
    ),
    "indikator": ("INDIKATOR KEBERHASILAN", "INDIKATOR", "INDIKATOR KINERJA", "TARGET CAPAIAN", "OUTPUT"),
    "pelaksanaan": (
        "PELAKSANAAN BULAN",
        "PELAKSANAAN",
        "WAKTU PELAKSANAAN",
        "JADWAL PELAKSANAAN",
        "BULAN",
        "TRIWULAN",
        "SEMESTER",
    ),
    "no": ("NO", "NOMOR"),
}
# labels that head the indikator in some decrees and an extra column in others (a column of
# "Dokumen" / "Laporan" beside "HASIL / OUTPUT"): the body must confirm them
WEAK_LABELS = ("OUTPUT", "TARGET CAPAIAN", "TARGET")
# words that, alone in a header cell with other words, still name the cell's column
# ("NAMA KEGIATAN", "KEGIATAN UTAMA", "TAHAPAN" under a SUB KEGIATAN-less header)
KEY_WORDS = {
    "KEGIATAN": "kegiatan",
    "INDIKATOR": "indikator",
    "PELAKSANAAN": "pelaksanaan",
    "TAHAPAN": "sub_kegiatan",
    "RINCIAN": "sub_kegiatan",
    "URAIAN": "sub_kegiatan",
    "TRIWULAN": "pelaksanaan",
    "SEMESTER": "pelaksanaan",
    "BULAN": "pelaksanaan",
}
# month names and the abbreviations decrees use (Agt/Agu/Ags, Nop/Nov, Peb/Feb, Sept, …)
MONTHS_ID = tuple(name.upper() for name in MONTH_NAMES)
MONTH_SPELLINGS = {
    "PEBRUARI": 2,
    "NOPEMBER": 11,
    "AUGUST": 8,
    "MAY": 5,
    "OCTOBER": 10,
    "DECEMBER": 12,
    "MARCH": 3,
}
# the time grid's coarse periods: a header cell "TW II", "Triwulan 2", "Semester I", "Q3"
QUARTER_WORDS = ("TW", "TRIWULAN", "TRW", "Q", "KUARTAL", "TRIWULAN KE")
SEMESTER_WORDS = ("SEMESTER", "SMT", "SEM", "S", "SEMESTER KE")
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
    "TAHAPAN",
    "TARGET",
    "CAPAIAN",
    "TRIWULAN",
    "SEMESTER",
)
_NO = ("NO", "NOMOR", "N0")

Found = dict[str, tuple[float, float, float, float]]
"""Label key -> (score, x0, x1, bottom) of the header cell that names it."""


_ABBREVIATION = re.compile(r"\b([A-Z]{3,})\.")


def _expand(match: re.Match[str]) -> str:
    """A label word cut short with a dot ("KEG.", "IND.", "PERUB.") written out, when it starts
    one label word only; anything else as it was."""
    head = match.group(1)
    words = {w for w in _LABEL_WORDS if w.startswith(head) and len(w) > len(head)}
    return words.pop() if len(words) == 1 else match.group(0)


@functools.lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Upper case, letters, digits and spaces; label abbreviations written out."""
    return re.sub(r"[^A-Z0-9 ]", "", _ABBREVIATION.sub(_expand, text.upper().replace("-", " "))).strip()


@functools.lru_cache(maxsize=262144)
def score(text: str, label: str) -> float:
    """How well a header word or cell reads as a label (cached: the same words recur on every
    page and every decree of a batch; issue 14)."""
    return float(fuzz.ratio(norm(text), label))


def _ruled_between(a: Word, b: Word, hlines: Sequence[HLine]) -> bool:
    """Whether a horizontal rule separates two vertically stacked words."""
    upper, lower = (a, b) if a.cy < b.cy else (b, a)
    x0, x1 = max(a.x0, b.x0) - 2, min(a.x1, b.x1) + 2
    return any(upper.cy < ln.y < lower.cy and ln.x0 <= x1 and ln.x1 >= x0 for ln in hlines)


def _ruled_beside(a: Word, b: Word, vlines: Sequence[VLine]) -> bool:
    """Whether a vertical rule runs between two words of one line (a label that fills its cell
    touches the next cell's: "AREA PERUBAHAAN|KEGIATAN").  Text-layer words only: on a scan a
    streak or a fold can pass between two words of one label."""
    if a.source != "text" or b.source != "text":
        return False
    left, right = (a, b) if a.x0 < b.x0 else (b, a)
    if right.x0 < left.x1:
        return False
    return any(
        left.x1 - 0.5 <= ln.x <= right.x0 + 0.5
        and ln.covers(max(a.top, b.top), min(a.bottom, b.bottom)) > 0.5
        for ln in vlines
    )


def _one_cell(
    a: Word, b: Word, h: float, hlines: Sequence[HLine], s: TableSettings, vlines: Sequence[VLine] = ()
) -> bool:
    """Same line and close with no rule between, or stacked with no rule between."""
    same_line = one_line(a, b, h)
    near_x = min(abs(b.x0 - a.x1), abs(a.x0 - b.x1)) < s.cell_gap * h and not _ruled_beside(a, b, vlines)
    v_gap = max(b.top - a.bottom, a.top - b.bottom)
    x_ov = min(a.x1, b.x1) - max(a.x0, b.x0)
    stacked = v_gap < s.cell_stack * h and x_ov > -0.2 * h and not same_line
    return (same_line and near_x) or (stacked and not _ruled_between(a, b, hlines))


def header_cells(
    words: Sequence[Word], h: float, hlines: Sequence[HLine], s: TableSettings, vlines: Sequence[VLine] = ()
) -> list[list[Word]]:
    """Union words that belong to one header cell (same line and close, or stacked, no rule between)."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # only words this near can be one cell: same line within half a line or stacked within
    # cell_stack lines; within cell_gap across on a line, 0.2 line stacked (issue 14: no all pairs)
    mx = max(s.cell_gap * h, 0.2 * h, 0.0) + 1e-6
    my = max(s.cell_stack * h, 0.5 * h, 0.0) + 1e-6
    for i, j in near_pairs(words, mx, my):
        if _one_cell(words[i], words[j], h, hlines, s, vlines):
            parent[find(i)] = find(j)
    out: dict[int, list[Word]] = {}
    for i, w in enumerate(words):
        out.setdefault(find(i), []).append(w)
    return list(out.values())


@functools.lru_cache(maxsize=65536)
def is_label_word(text: str, least: float) -> bool:
    """A word of a header label, matching one at least ``least`` (OCR words are let off more)."""
    parts = [p for p in re.split(r"[/\-]", text) if p.strip("()[].,:")]
    if len(parts) > 1:
        return all(is_label_word(p, least) for p in parts)
    t = norm(text)
    if t in ("NO", "NOMOR", "KE", "N0"):
        return True
    return len(t) >= 3 and any(
        fuzz.ratio(t, word) >= least or _swapped(t, word) for word in _LABEL_WORDS if len(word) >= 3
    )


def _swapped(text: str, word: str) -> bool:
    """``text`` is ``word`` with two neighbouring letters swapped, a typist's slip ("ARAE")."""
    return len(text) == len(word) >= 4 and sorted(text) == sorted(word) and OSA.distance(text, word) == 1


def word_score(w: Word, s: TableSettings) -> float:
    """How well a word must match a label word to be one."""
    return s.label_word_score_ocr if w.source == "ocr" else s.label_word_score


def group_text(group: Sequence[Word], h: float) -> str:
    """The words of a header cell in reading order: lines top to bottom, words left to right.

    A word joins a line when it sits on one line with the line's first word (OCR boxes
    of one line differ by a point or two, so rounding centres to a grid would split a
    line at a grid edge).
    """
    lines = group_lines(group, near_first(h))
    return " ".join(w.text for line in lines for w in left_to_right(line))


def classify(text: str) -> tuple[str, float]:
    """The label key ``text`` reads best as, and how well."""
    best, best_score = "", 0.0
    for key, labels in LABELS.items():
        for label in labels:
            s = score(text, label)
            if key == "no" and norm(text) not in _NO:
                s = 0.0
            if s > best_score:
                best, best_score = key, s
    return best, best_score


def best_window(group: Sequence[Word], h: float, s: TableSettings) -> tuple[list[Word], str, float]:
    """The run of 1-3 consecutive lines of ``group`` that reads best as a header label."""
    lines = group_lines(group, near_last(h))
    best: tuple[list[Word], str, float] = ([], "", 0.0)
    for size in (1, 2, 3):
        for start in range(len(lines) - size + 1):
            window = [w for line in lines[start : start + size] for w in line]
            words = [w for w in window if is_label_word(w.text, word_score(w, s))]
            # other words may only be ones drawn over a label (a clipped cell's text),
            # never a sentence that happens to contain "pelaksanaan" or "kegiatan"
            stray = [w for w in window if w not in words]
            if not words or any(not any(min(w.x1, v.x1) > max(w.x0, v.x0) for v in words) for w in stray):
                continue
            key, score = classify(group_text(words, h))
            if score > best[2] or (score == best[2] and len(words) > len(best[0])):
                best = (words, key, score)
    return best


def _label_of(cell: list[Word], h: float, s: TableSettings) -> tuple[list[Word], str, float]:
    """The words of ``cell`` that name a label, the label's key and score (0 when none does)."""
    pure = all(is_label_word(w.text, word_score(w, s)) or not norm(w.text) for w in cell)
    key, score = classify(group_text(cell, h)) if pure else ("", 0.0)
    if score < s.label_min_score and not pure:
        # text from a clipped merged cell or the title can sit in a header
        # cell: classify the best run of its label words alone, strictly
        group, key, score = best_window(cell, h, s)
        if score >= s.label_strict_score and _set_as_label(group):
            return group, key, score
        # the cell's last line under lines of other text: a merged cell's lines printed over it
        low = max(w.cy for w in cell)
        words = [w for w in cell if w.cy > low - 0.5 * h]
        # ... set as a label is (every word capitalised), not a sentence's end ("… pendukung tahapan")
        above = len(words) < len(cell) and _set_as_label(words)
        key, score = key_word(group_text(words, h), s) if above else ("", 0.0)
        if key:
            # its label words alone name the column by a key word ("PROGRAM / KEGIATAN" under a
            # merged cell's text a spreadsheet printed over the repeated header: 9000-008)
            return words, key, score
    if score < s.label_min_score:
        # label words inside a sentence name nothing (9100-039 p8: "1. Pembangunan dan
        # pelaksanaan reward", a body cell's first line under the header, named the time grid
        # and the header's bottom taken down to it swallowed the page's first row)
        named = pure or _set_as_label(cell)
        return cell, *(key_word(group_text(cell, h), s) if named else ("", 0.0))
    return cell, key, score


def _set_as_label(words: Sequence[Word]) -> bool:
    """Words set as a label is: every word capitalised ("Nama Kegiatan", "PROGRAM / KEGIATAN"),
    not a sentence ("… dan pelaksanaan reward", "… pendukung tahapan")."""
    return all(w.text[:1].isupper() for w in words if w.text[:1].isalpha())


def key_word(text: str, s: TableSettings) -> tuple[str, float]:
    """A short cell naming its column by one key word beside others ("NAMA KEGIATAN",
    "KEGIATAN UTAMA", "TAHAPAN"): that column, at the lowest passing score."""
    words = norm(text).split()
    if not 0 < len(words) <= 4:
        return "", 0.0
    keys = {KEY_WORDS[k] for w in words for k in KEY_WORDS if fuzz.ratio(w, k) >= s.label_word_score}
    if "pelaksanaan" in keys:
        keys = {"pelaksanaan"}  # "TAHAPAN TRIWULAN", "KEGIATAN BULAN": the time grid's top label
    return (keys.pop(), s.label_min_score) if len(keys) == 1 else ("", 0.0)


def find_labels(
    band: Sequence[Word], h: float, hlines: Sequence[HLine], s: TableSettings, vlines: Sequence[VLine] = ()
) -> tuple[Found, list[list[Word]]]:
    """The header cells of ``band`` that name a label, and those that name none (``vlines``: the
    page's vertical rules, which a cell's words never cross)."""
    found: Found = {}
    found_cells: dict[str, list[Word]] = {}
    unknown: list[list[Word]] = []
    for whole in sorted(header_cells(band, h, hlines, s, vlines), key=lambda c: min(w.x0 for w in c)):
        group, key, score = _label_of(whole, h, s)
        if score < s.label_min_score:
            unknown.append(whole)
            continue
        x0, x1 = min(w.x0 for w in group), max(w.x1 for w in group)
        gbottom = max(w.bottom for w in group)
        if key == "kegiatan" and "kegiatan" in found:
            # two KEGIATAN cells: the right one is SUB KEGIATAN written with SUB elsewhere
            prev = found["kegiatan"]
            if x0 > prev[1] and "sub_kegiatan" not in found:
                found["sub_kegiatan"] = (score, x0, x1, gbottom)
                found_cells["sub_kegiatan"] = whole
                continue
        top = min(w.top for w in group)
        held = found_cells.get(key, [])
        if key in found and not _stronger(group_text(group, h), top, score, held, found[key][0], key, h, s):
            # a second cell naming a known column: an extra column, or a fragment of a
            # label ("PERUBAHAN" beside "AREA"), which the header drops (all label words)
            unknown.append(whole)
            continue
        if key in found:
            unknown.append(found_cells[key])
        found[key] = (score, x0, x1, gbottom)
        found_cells[key] = whole
    return found, unknown


def _rank(text: str, key: str) -> int:
    """Index of the label of ``key`` that ``text`` reads best as (0 = the strongest)."""
    labels = LABELS[key]
    return max(range(len(labels)), key=lambda i: (score(text, labels[i]), -i))


def _stronger(
    text: str, top: float, new: float, held: list[Word], old: float, key: str, h: float, s: TableSettings
) -> bool:
    """Whether a cell reading ``text`` names ``key`` better than the cell already holding it:
    two clear matches go by the label's rank ("INDIKATOR KEBERHASLAN" over "OUTPUT"), else by score."""
    if new >= s.label_strict_score and old >= s.label_strict_score:
        a, b = _rank(text, key), _rank(group_text(held, h), key)
        # equal labels: the higher cell is the header's, the lower one body text
        return a < b or (a == b and top < min(w.top for w in held))
    return new > old
