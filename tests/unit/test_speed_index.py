"""Issue 14: the grid's index structures find exactly what the all-pairs loops found, and kept
decisions are the decisions.

* ``near_pairs`` yields every pair of boxes within the margins (brute force on random boxes,
  overlapping, nested, touching and far apart), and ``header_cells`` built on it groups the
  words of every real sample page exactly as the all-pairs union did;
* ``Bands.of`` finds the band the first-match scan finds, for ordered bands (bisection) and for
  bands out of order or overlapping (the scan kept);
* ``Lexicon.fix`` gives the same decisions from its store as computed afresh, and a caller
  changing the list it got back changes nothing kept.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pypdfium2 as pdfium

from rencana.extract.table import labels
from rencana.extract.table.index import Bands, near_pairs
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.geometry import horizontal_lines
from rencana.extract.text.layer import read_page
from rencana.extract.text.lines import line_height
from rencana.normalise.reconcile import default_reconciler
from rencana.schema.records import Word

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
