"""Issue 14: the grid's index structures find exactly what the all-pairs loops found, and kept
decisions are the decisions.

* ``near_pairs`` yields every pair of boxes within the margins (brute force on random boxes,
  overlapping, nested, touching and far apart), and ``header_cells`` built on it groups the
  words of every real sample page exactly as the all-pairs union did;
* ``Bands.of`` finds the band the first-match scan finds, for ordered bands (bisection) and for
  bands out of order or overlapping (the scan kept);
* ``fill_mark`` over the fills ``Spans`` says reach into the row marks every cell as the loop
  over all the page's fills did (random fills: bars, shading, thin rules, inverted, tall);
* ``Lexicon.fix`` gives the same decisions from its store as computed afresh, and a caller
  changing the list it got back changes nothing kept.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from rencana.extract.table import labels, marks
from rencana.extract.table.index import Bands, Spans, near_pairs
from rencana.extract.table.settings import TableSettings
from rencana.extract.text import geometry
from rencana.extract.text.geometry import horizontal_lines
from rencana.extract.text.layer import read_page
from rencana.extract.text.lines import line_height
from rencana.normalise.reconcile import default_reconciler
from rencana.schema.records import Fill, Segment, Word

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def _gap(a: Word, b: Word) -> tuple[float, float]:
    across = max(a.x0, b.x0) - min(a.x1, b.x1)
    down = max(a.top, b.top) - min(a.bottom, b.bottom)
    return across, down


def _random_words(rng: random.Random, n: int) -> list[Word]:
    out = []
    for _ in range(n):
        x0, top = rng.choice([rng.uniform(0, 300), float(rng.randint(0, 30) * 10)]), rng.uniform(0, 200)
        w, h = rng.choice([0.0, rng.uniform(1, 60)]), rng.choice([0.0, rng.uniform(4, 30)])
        out.append(Word(1, x0, top, x0 + w, top + h, "x"))
    return out


def test_near_pairs_is_every_pair_within_the_margins() -> None:
    rng = random.Random(14)
    for _ in range(200):
        words = _random_words(rng, rng.randint(0, 40))
        mx, my = rng.choice([0.0, 3.0, 12.5]), rng.choice([0.0, 5.0, 20.0])
        expected = {
            (i, j)
            for i in range(len(words))
            for j in range(i + 1, len(words))
            if _gap(words[i], words[j])[0] <= mx and _gap(words[i], words[j])[1] <= my
        }
        got = list(near_pairs(words, mx, my))
        assert len(got) == len(set(got))
        assert all(i < j for i, j in got)
        assert set(got) == expected


def _all_pairs_cells(words: list[Word], h: float, hlines: list, s: TableSettings) -> list[list[Word]]:
    """``header_cells`` as it was before issue 14: every pair tested."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            if labels._one_cell(words[i], words[j], h, hlines, s):
                parent[find(i)] = find(j)
    out: dict[int, list[Word]] = {}
    for i, w in enumerate(words):
        out.setdefault(find(i), []).append(w)
    return list(out.values())


def test_header_cells_group_real_pages_as_all_pairs_did() -> None:
    s = TableSettings()
    pages = 0
    for path in sorted(SAMPLES.glob("*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        try:
            for i in range(min(3, len(pdf))):
                content = read_page(pdf, i)
                h = line_height(content.words, s.min_line_height, s.default_line_height)
                hlines = horizontal_lines(content.segments)
                words = list(content.words[:150])  # the page's top: title and header
                assert labels.header_cells(words, h, hlines, s) == _all_pairs_cells(words, h, hlines, s)
                pages += 1
        finally:
            pdf.close()
    assert pages >= 6


def _scan(bands: list[tuple[float, float]], y: float) -> int | None:
    return next((r for r, (a, b) in enumerate(bands) if a <= y < b), None)


def test_bands_find_the_band_the_scan_finds() -> None:
    rng = random.Random(41)
    for _ in range(300):
        edges = sorted(rng.uniform(0, 500) for _ in range(rng.randint(0, 12)))
        bands = [(a, b) for a, b in itertools.pairwise(edges) if rng.random() > 0.2]
        if rng.random() < 0.3 and bands:  # out of order or overlapping: the scan must be kept
            bands.append((rng.uniform(0, 500), rng.uniform(0, 500)))
            rng.shuffle(bands)
        index = Bands(bands)
        for y in [*edges, *(rng.uniform(-10, 510) for _ in range(30))]:
            assert index.of(y) == _scan(bands, y), (bands, y)


def test_kept_lexicon_decisions_are_the_decisions() -> None:
    lex = default_reconciler().lexicon
    texts = [
        "Pelaksanan sosialisasi di tunjuk Zona Integritas",
        "Penyusunan SOP pelayanan publik KPU Kota Banjar",
        "Dilingkungan sekretariat pemutakhiranya data",
    ]
    for text in texts:
        first = lex.fix(text, "sub_kegiatan", ["zona"])
        afresh = lex._fix(text, "sub_kegiatan", frozenset({"zona"}))
        first.clear()  # a caller's list is its own
        assert lex.fix(text, "sub_kegiatan", ["Zona"]) == afresh
    assert any(lex.fix(t) for t in texts)  # the texts hold repairs: the store was exercised


def _scanned_lines(segments: list[Segment], horizontal: bool) -> list[tuple[float, float, float]]:
    """``horizontal_lines`` / ``vertical_lines`` as they were before issue 14: every piece scanned
    for every cluster."""
    if horizontal:
        pieces = [((s.top + s.bottom) / 2, s.x0, s.x1) for s in segments if s.horizontal]
    else:
        pieces = [((s.x0 + s.x1) / 2, s.top, s.bottom) for s in segments if not s.horizontal]
    lines = []
    for group in geometry.cluster((p[0] for p in pieces), 1.5):
        at = sum(group) / len(group)
        spans = [(p[1], p[2]) for p in pieces if group[0] <= p[0] <= group[-1]]
        lines.extend((at, a, b) for a, b in geometry._join_intervals(spans, 3.0))
    return sorted(lines, key=lambda ln: (ln[0], ln[1]))


def test_ruling_lines_are_the_scanned_ones() -> None:
    rng = random.Random(7)
    for trial in range(300):
        segments = []
        for _ in range(rng.randint(0, 40)):
            x0, y = rng.choice([rng.uniform(0, 600), float(rng.randint(0, 20) * 30)]), rng.uniform(0, 800)
            y = rng.choice([y, round(y), y + rng.uniform(-1, 1), -0.0])
            length = rng.uniform(0, 200)
            if rng.random() < 0.5:
                segments.append(Segment(x0, y, x0 + length, y + rng.choice([0.0, 0.4])))
            else:
                segments.append(Segment(y, x0, y + rng.choice([0.0, 0.4]), x0 + length))
        if trial % 10 == 0 and segments:
            segments.append(Segment(float("nan"), float("nan"), 5.0, float("nan")))
        for _ in range(2):  # the second call is answered from what was kept
            got_h = [(ln.y, ln.x0, ln.x1) for ln in geometry.horizontal_lines(tuple(segments))]
            got_v = [(ln.x, ln.top, ln.bottom) for ln in geometry.vertical_lines(tuple(segments))]
            assert repr(got_h) == repr(_scanned_lines(segments, True))
            assert repr(got_v) == repr(_scanned_lines(segments, False))


def test_kept_candidates_are_the_candidates() -> None:
    lex = default_reconciler().lexicon
    for word in ("Pelaksanan", "pemutakhiranya", "sosialiasi", "Integritass", "xqzvbn"):
        for stems in (False, True):
            got = lex.candidates(word, stems)
            assert got == lex._candidates(word, stems)
            got[1].append("changed by the caller")
            assert lex.candidates(word, stems) == lex._candidates(word, stems)
        derived = lex.derived_candidates(word)
        assert derived == lex._derived_candidates(word.lower())
        derived.append("changed by the caller")
        assert lex.derived_candidates(word) == lex._derived_candidates(word.lower())
    assert lex.candidates("Pelaksanan")[1]  # a repair was found: the store holds a real answer


def _rejoin_all_pairs(words: list[Word], h: float) -> list[Word]:
    """The broken-label join as first written: every head against every tail."""
    from dataclasses import replace

    from rencana.extract.table.timegrid import month_of
    from rencana.schema.numbering import number_value

    short = [w for w in words if len(w.text) <= 7 and w.text.isalpha()]
    heads = [a for a in short if len(a.text) >= 2 and number_value(a.text, True, maximum=12) is None]
    tails = [b for b in short if len(b.text) <= 5 and (len(b.text) < 3 or month_of(b.text) is None)]
    used: set[int] = set()
    joined: list[Word] = []
    for a in heads:
        for b in tails:
            if id(b) in used or id(a) in used or b is a or abs(a.cx - b.cx) >= 0.8 * h:
                continue
            if not (0 <= b.top - a.bottom < h or 0 < b.cy - a.cy < 2 * h):
                continue
            if month_of(a.text + b.text) is not None:
                used.update((id(a), id(b)))
                box = {"x0": min(a.x0, b.x0), "x1": max(a.x1, b.x1), "bottom": b.bottom}
                joined.append(replace(a, **box, text=a.text + b.text))
                break
    return [w for w in words if id(w) not in used] + joined if joined else list(words)


def test_broken_month_labels_join_as_all_pairs_did() -> None:
    from rencana.extract.table.timegrid import rejoin_broken_labels

    pieces = ["Fe", "b", "SEPTEMB", "ER", "No", "v", "i", "Mar", "et", "Ap", "ril", "Ok", "t", "X", "I"]
    rng = random.Random(14)
    joins = 0
    for _ in range(800):
        words = []
        for _ in range(rng.randint(1, 30)):
            x, y = rng.uniform(0, 200), rng.uniform(0, 60)
            right, low = x + rng.uniform(3, 20), y + rng.uniform(4, 9)
            words.append(Word(1, x, y, right, low, rng.choice(pieces)))
        h = rng.uniform(5, 12)
        got = rejoin_broken_labels(words, h)
        assert got == _rejoin_all_pairs(words, h)
        joins += len(got) < len(words)
    assert joins > 100  # the random pages do break labels, so the comparison means something


def _all_fills_mark(fills: list[Fill], cell: tuple[float, float, float, float], s: TableSettings) -> str:
    """``fill_mark`` as first written: every fill of the page tested for every cell."""
    x0, top, x1, bottom = cell
    area = max(1e-6, (x1 - x0) * (bottom - top))
    for f in fills:
        reach = max(-s.fill_slack_pt - f.x0, f.x1 - 400 - s.fill_slack_pt)
        if f.gray > s.shade_max_gray or reach > s.fill_overhang * (x1 - x0):
            continue
        ov_x = max(0.0, min(f.x1, x1) - max(f.x0, x0))
        ov = ov_x * max(0.0, min(f.bottom, bottom) - max(f.top, top))
        if ov / area >= s.shade_cover or marks._bar(f, cell, ov_x, s):
            return "shade"
    return ""


def test_fill_marks_from_the_fills_reaching_the_row_are_the_all_fills_marks() -> None:
    rng = random.Random(14)
    s = TableSettings()
    shaded = 0
    for _ in range(300):
        fills = []
        for _ in range(rng.randint(0, 30)):
            x0, top = rng.uniform(0, 380), rng.uniform(0, 300)
            w, h = rng.choice([1.0, rng.uniform(2, 40)]), rng.choice([1.0, 3.0, rng.uniform(2, 30), 250.0])
            h = -h if rng.random() < 0.03 else h
            fills.append(Fill(x0, top, x0 + w, top + h, rng.choice([0.5, 0.8, 0.99])))
        fills_t = tuple(fills)
        for _ in range(30):
            x0, top = rng.uniform(0, 380), rng.uniform(0, 300)
            cell = (x0, top, x0 + rng.uniform(5, 30), top + rng.choice([0.0, rng.uniform(5, 25), -3.0]))
            got = marks.fill_mark(fills_t, cell, (0.0, 400.0), s)
            assert got == _all_fills_mark(fills, cell, s), (fills, cell)
            shaded += got == "shade"
        assert Spans(fills).across(0.0, 300.0) is not None
    assert shaded > 50


def test_a_page_reads_its_part_ruled_rules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules of a part-ruled grid are the page's: read once a table page, not once a row."""
    from rencana.extract import document
    from rencana.extract.table import page_table

    calls: list[int] = []
    real = page_table.part_ruled

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(page_table, "part_ruled", counted)
    pdf = SAMPLES / "KPU Kota Banjar 2022 - Rencana Aksi RB.pdf"
    doc = document.extract_document(pdf)
    pages = set(doc.table_pages)
    assert len(doc.rows) > 3 * len(pages)  # rows enough to tell a page from a row
    assert 0 < len(calls) <= len(pages)


def test_filled_templates_are_kept_and_are_the_fills() -> None:
    """``fill_template`` kept per (template, cell) gives what a fresh fill gives."""
    from rencana.normalise.match import fill_template

    cases = [
        ("Pembangunan Zona Integritas di <satker>", "Pembangunan ZI di KPU Kota Banjar"),
        ("Laporan <year> di <satker>", "Laporan 2023 di KPU Kabupaten Banjar"),
        ("Laporan <year>", "Laporan tanpa tahun"),
        ("Rapat <satker> dengan KPU RI", "Rapat KPU Kota Binjai dengan KPU RI"),
    ]
    for template, printed in cases * 2:
        assert fill_template(template, printed) == fill_template.__wrapped__(template, printed)
    assert fill_template.cache_info().hits >= len(cases)


def _period_line_by_list(words: list[Word], context: str, h: float, s: TableSettings) -> object:
    """``period_line`` as first written: each parsed label looked for in its line's list."""
    from rencana.extract.table import timegrid as tg

    parsed = [(p, w) for text, w in tg.period_tokens(words) if (p := tg.period_of(text)) is not None]
    hint = "quarter" if "TRIWULAN" in context else "semester" if "SEMESTER" in context else None
    for line in tg._lines([(n, w) for (_, n), w in parsed], h, s):
        kinds = {kind for (kind, n), w in parsed if (n, w) in line and kind}
        unit = kinds.pop() if len(kinds) == 1 else None
        for candidate in (unit,) if unit else (hint, "quarter", "semester"):
            if candidate is None:
                continue
            run = tg._runs(line, tg.SIZE[candidate])
            if len(run) == tg.SIZE[candidate] and len(line) == len(run):
                return tg._grid(candidate, run)
    return None


def test_period_lines_are_the_ones_found_by_list() -> None:
    from rencana.extract.table.timegrid import period_line

    pieces = [
        "TW",
        "I",
        "II",
        "III",
        "IV",
        "1",
        "2",
        "3",
        "4",
        "Semester",
        "Smt",
        "Triwulan",
        "Q3",
        "Kw",
        "X",
    ]
    rng, s = random.Random(14), TableSettings()
    found = 0
    for _ in range(600):
        words = []
        for _ in range(rng.randint(1, 24)):
            x, y = rng.choice([rng.uniform(0, 300), 40.0 * rng.randint(0, 7)]), rng.choice([20.0, 40.0, 41.0])
            words.append(Word(1, x, y, x + rng.uniform(4, 30), y + 7, rng.choice(pieces)))
        if rng.random() < 0.4:  # a whole period line, sometimes under stray labels
            labels = rng.choice([["I", "II", "III", "IV"], ["1", "2"], ["TW 1", "TW 2", "TW 3", "TW 4"]])
            words += [Word(1, 100 + 40 * k, 40, 110 + 40 * k, 47, t) for k, t in enumerate(labels)]
        # a word printed twice (overprinted bold): an equal word, another object
        words += [replace(w) for w in words[: rng.randint(0, 2)]]
        context = rng.choice(["", "TRIWULAN", "SEMESTER"])
        got = period_line(words, context, 9.0, s)
        assert got == _period_line_by_list(words, context, 9.0, s)
        found += got is not None
    assert found > 20  # the random lines do hold periods, so the comparison means something
