"""The test-corpus generator: content, canvas rendering, ground truth, CLI."""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from rencana.corpus.__main__ import main
from rencana.corpus.canvas_table import Frame, TableFonts, plan_table
from rencana.corpus.canvas_text import wrap
from rencana.corpus.content import build_decree, build_seed_decree
from rencana.corpus.fonts import register, width
from rencana.corpus.generate import generate, plan_documents
from rencana.corpus.layouts import sample_layout, seed_layout
from rencana.corpus.model import DecreeSpec, LayoutSpec, RowSpec
from rencana.corpus.render_canvas import render_canvas
from rencana.corpus.satkers import pick_satkers, satker_for
from rencana.corpus.textitems import break_items, split_items
from rencana.corpus.truth import load_truth, truth_path, write_truth

CANONICAL_AREAS = {
    1: "Manajemen Perubahan",
    2: "Deregulasi Kebijakan",
    3: "Penataan dan Penguatan Organisasi",
    4: "Penataan Tata Laksana",
    5: "Penataan Sistem Manajemen SDM Aparatur",
    6: "Penguatan Akuntabilitas",
    7: "Penguatan Pengawasan",
    8: "Peningkatan Kualitas Pelayanan Publik",
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_text(page: Any) -> str:
    return _flat(page.extract_text(x_tolerance=1) or "")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict[str, Any]]]:
    out = tmp_path_factory.mktemp("corpus")
    written = generate(out, n=3, seed=11, renderer="canvas", with_seed=True)
    return [(g.pdf, load_truth(g.truth)) for g in written]


# ---------------------------------------------------------------- determinism
def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", n=2, seed=5, with_seed=True)
    b = generate(tmp_path / "b", n=2, seed=5, with_seed=True)
    assert [g.pdf.name for g in a] == [g.pdf.name for g in b]
    for x, y in zip(a, b, strict=True):
        assert x.pdf.read_bytes() == y.pdf.read_bytes()
        assert x.truth.read_bytes() == y.truth.read_bytes()


def test_other_seed_gives_other_documents() -> None:
    a = plan_documents(3, seed=1)
    b = plan_documents(3, seed=2)
    assert [d.rows for d, _ in a] != [d.rows for d, _ in b]


def test_document_i_does_not_depend_on_n() -> None:
    assert plan_documents(2, seed=9)[1] == plan_documents(4, seed=9)[1]


# ---------------------------------------------------------------- content
@pytest.mark.parametrize("seed", range(12))
def test_generated_rows_are_consistent(seed: int) -> None:
    rng = random.Random(seed)
    satker = pick_satkers(rng, 8)[seed % 8]
    spec = build_decree(rng, satker, 2022, f"t{seed}")
    assert 25 <= len(spec.rows) <= 60
    assert {r.area_no for r in spec.rows} == set(range(1, 9))
    assert [r.area_no for r in spec.rows] == sorted(r.area_no for r in spec.rows)
    for r in spec.rows:
        assert list(r.months) == sorted(set(r.months))
        assert all(1 <= m <= 12 for m in r.months)
        assert r.area_canonical == CANONICAL_AREAS[r.area_no]
        assert "<satker>" not in r.sub_kegiatan_text + r.indikator_text + r.kegiatan_text
        # the truth's items are what a reader splitting the printed cell gets
        assert list(r.indikator_items) == split_items(r.indikator_text)
    assert sum(1 for r in spec.rows if len(r.months) > 0) > len(spec.rows) * 0.8


def test_build_decree_is_deterministic() -> None:
    satker = satker_for("3279", 2022)
    assert build_decree(random.Random(3), satker, 2022, "k") == build_decree(
        random.Random(3), satker, 2022, "k"
    )


def test_planted_preamble_names_another_satker() -> None:
    satker = satker_for("3279", 2022)
    spec = build_decree(random.Random(4), satker, 2022, "k", plant_preamble=True)
    assert spec.other_satker_in_preamble
    assert spec.other_satker_in_preamble != "Kota Banjar"
    assert spec.other_satker_in_preamble in spec.menimbang[0]
    clean = build_decree(random.Random(4), satker, 2022, "k", plant_preamble=False)
    assert clean.other_satker_in_preamble is None
    assert all("Kota Banjar" in m for m in clean.menimbang)


def test_satker_names_and_codes() -> None:
    assert satker_for("3279", 2022).name == "KPU Kota Banjar"
    assert satker_for("6303", 2022).name == "KPU Kabupaten Banjar"
    assert satker_for("6303", 2022).province == "Kalimantan Selatan"
    assert satker_for("32", 2022).name == "KPU Provinsi Jawa Barat"
    assert satker_for("RI", 2022).name == "KPU RI"
    aceh = satker_for("11", 2022)
    assert (aceh.name, aceh.body_upper) == ("KIP Aceh", "KOMISI INDEPENDEN PEMILIHAN ACEH")
    besar = satker_for("1106", 2022)
    assert besar.name == "KIP Kabupaten Aceh Besar"
    assert besar.body_upper == "KOMISI INDEPENDEN PEMILIHAN KABUPATEN ACEH BESAR"
    # Merauke: 9101 in Papua until 2022, 9301 in Papua Selatan afterwards
    assert (satker_for("9301", 2022).region_code, satker_for("9301", 2022).province) == ("9101", "Papua")
    assert satker_for("9301", 2023).region_code == "9301"


def test_pick_satkers_mixes_levels_and_clashes() -> None:
    picked = pick_satkers(random.Random(0), 12)
    names = [s.name for s in picked]
    assert len(set(names)) == 12
    for must in ("KPU Kota Banjar", "KPU Kabupaten Banjar", "KPU RI", "KIP Kabupaten Aceh Besar"):
        assert must in names
    assert {s.level for s in picked} == {"pusat", "provinsi", "kabupaten", "kota"}


def test_decree_numbers_embed_the_region_code() -> None:
    for code in ("3279", "32", "1106"):
        satker = satker_for(code, 2022)
        spec = build_decree(random.Random(1), satker, 2022, "k")
        parts = [p.strip() for p in spec.decree_number.split("/")]
        assert parts[1].startswith("ORT.") and parts[2] == code and parts[3] == "2022"
    ri = build_decree(random.Random(1), satker_for("RI", 2022), 2022, "k")
    assert re.fullmatch(r"\d+/ORT\.04-Kpt/05/KPU/[IVX]+/2022", ri.decree_number)
    assert 1 <= ri.decree_date.month <= 3


# ---------------------------------------------------------------- items and wrapping
def test_split_items() -> None:
    cell = "1. Adanya program : a. Jumlah program; b. Jumlah kegiatan 2. % Capaian 100% atau lebih 3. Peta"
    assert split_items(cell) == [
        "Adanya program : a. Jumlah program; b. Jumlah kegiatan",
        "% Capaian 100% atau lebih",
        "Peta",
    ]
    assert split_items("a. kartu tamu b. buku tamu") == ["kartu tamu", "buku tamu"]
    assert split_items("Dokumentasi dari 6 area Zona Integritas") == [
        "Dokumentasi dari 6 area Zona Integritas"
    ]
    assert split_items("") == []
    assert break_items("1. A; 2. B : a. x b. y") == "1. A;\n2. B :\na. x\nb. y"


def test_wrap_fits_the_width() -> None:
    font = register("LiberationSans")[0]
    text = "3. Pengembangan Jabtan Fungsional Perundang-undangan yang terkait dengan Akuntabilitas Kinerja"
    for avail in (40.0, 70.0, 120.0):
        lines = wrap(text, font, 8.0, avail, hanging=True)
        assert all(ln.indent + width(ln.text, font, 8.0) <= avail + 0.01 for ln in lines)
        if avail > 60:  # wide enough for every word: breaks only at spaces and after hyphens
            assert _flat(" ".join(ln.text for ln in lines)).replace("- ", "-") == text


# ---------------------------------------------------------------- seed decree
def _seed_row(spec: DecreeSpec, start: str) -> RowSpec:
    hits = [r for r in spec.rows if _flat(r.sub_kegiatan_text).startswith(start)]
    assert len(hits) == 1, start
    return hits[0]


def test_seed_rows_match_the_dump() -> None:
    """Expectations read by hand from ../shared/seed/kpu-kota-banjar-2022-rencana-aksi-rb.txt."""
    spec = build_seed_decree()
    assert len(spec.rows) == 21
    assert [sum(r.area_no == a for r in spec.rows) for a in (6, 7, 8)] == [9, 9, 3]
    first = spec.rows[0]
    assert (first.area_no, first.area_text, first.kegiatan_text) == (
        6,
        "Penguatan Akuntabilitas",
        "1. Keterlibatan Pimpinan",
    )
    assert (first.sub_kegiatan_no, first.months) == (3, (4, 5, 6, 7, 8, 9, 10, 11, 12))
    assert _seed_row(spec, "5. Pemanfaatan aplikasi").months == (4,)
    assert _seed_row(spec, "6. Pengukuran Capaian").months == (3, 6, 9, 12)
    assert _seed_row(spec, "8. Pelaporan Kinerja").months == (2, 3)
    assert _seed_row(spec, "8. Pelaporan Kinerja").indikator_items == ("Reviu Lakip KPU Kota Banjar",)
    elapkin = _seed_row(spec, "1. Pemutakhiran data kinerja")
    assert (elapkin.kegiatan_no, elapkin.months) == (2, (3, 6, 9, 12))
    assert elapkin.indikator_items == (
        "Terisinya aplikasi e- Lapkin",
        "Data e-Lapkin KPU Kota Banjar termutakhir",
    )
    # the dump's tab shift ("month 13") is repaired to the quarterly pattern
    assert _seed_row(spec, "2. Pelatihan SDM").months == (3, 6, 9, 12)
    zi = _seed_row(spec, "1. Pencanaan Zona Integritas")
    assert (zi.area_no, zi.area_text, zi.kegiatan_text) == (
        7,
        "Pengawasan",
        "1. Pembangunan Zona Integrita di KPU Kota Banjar",
    )
    assert zi.area_canonical == "Penguatan Pengawasan"
    assert zi.months == (2,)
    assert _flat(zi.indikator_text) == "Terbentuknya Tim Zoa Integritas"
    assert _seed_row(spec, "3. Pelaksanaan Rencana Aksi").months == (2, 3, 4)
    assert _seed_row(spec, "5. Pengisian Lembar Kerja").months == (3, 5, 8, 12)
    assert _seed_row(spec, "4. Monitoring, evaluasi, pelaporan dan pelaksanaan").months == (4, 8)
    wbs = _seed_row(spec, "1. PERNBANGUNAN aplikasi")
    assert (wbs.kegiatan_text, wbs.months) == ("3. Pelaksanaan Whistle Browing System KPU Kota Banjar", (5,))
    assert len(wbs.indikator_items) == 3
    for row in spec.rows[-3:]:
        assert row.area_no == 8 and row.months == ()
    assert "b. Ketersedian moto pelayanan" in _flat(spec.rows[-3].sub_kegiatan_text)
    assert spec.rows[-1].sub_kegiatan_no is None


def test_seed_front_matter() -> None:
    spec = build_seed_decree()
    assert spec.decree_number == "04/ORT.07/3279/2022"
    assert spec.decree_date.isoformat() == "2022-01-18"
    assert (spec.ketua, spec.sekretaris) == ("DANI DANIAL MUHKLIS", "Imam Mustafa Kamal")
    assert spec.other_satker_in_preamble == "Kota Pasuruan"
    assert "Kota Pasuruan" in spec.menimbang[0]
    assert len(spec.mengingat) == 8
    assert spec.satker.name == "KPU Kota Banjar"


# ---------------------------------------------------------------- rendered PDFs and truth
def test_truth_files_are_consistent(corpus: list[tuple[Path, dict[str, Any]]]) -> None:
    for pdf, truth in corpus:
        doc = truth["document"]
        rows = truth["rows"]
        assert truth["format"] == "rencana-truth/1" and truth["renderer"] == "canvas"
        assert truth["source_file"] == pdf.name and truth_path(pdf).is_file()
        assert set(truth["layout"]) >= {f.name for f in dataclasses.fields(LayoutSpec)}
        assert [r["row_no"] for r in rows] == list(range(1, len(rows) + 1))
        pages = [r["page"] for r in rows]
        assert pages == sorted(pages) and pages[0] > 1 and pages[-1] <= doc["pages"]
        for r in rows:
            assert r["months"] == sorted(set(r["months"])) and all(1 <= m <= 12 for m in r["months"])
            assert r["area"] == CANONICAL_AREAS[r["area_no"]]
            assert "\n" not in r["sub_kegiatan_raw"] + r["indikator_raw"]
        if "seed" not in pdf.name:
            assert 25 <= len(rows) <= 60
            assert {r["area_no"] for r in rows} == set(range(1, 9))
        with pdfplumber.open(pdf) as p:
            assert len(p.pages) == doc["pages"]


def test_pdf_text_matches_truth(corpus: list[tuple[Path, dict[str, Any]]]) -> None:
    for pdf, truth in corpus:
        doc = truth["document"]
        with pdfplumber.open(pdf) as p:
            texts = [_page_text(page) for page in p.pages]
            front = " ".join(texts[:2])
            assert doc["decree_number"] in front
            assert doc["signed_by"] in " ".join(texts)
            assert doc["title"].split()[-1] in front
            first_table = truth["rows"][0]["page"]
            for i, page in enumerate(p.pages, start=1):
                assert (page.width > page.height) == (i >= first_table), (pdf.name, i)
            for r in truth["rows"]:
                words = r["sub_kegiatan_raw"].split()[:2]
                assert " ".join(words) in texts[r["page"] - 1], (pdf.name, r["row_no"], words)


def test_header_has_twelve_month_columns(corpus: list[tuple[Path, dict[str, Any]]]) -> None:
    for pdf, truth in corpus:
        with pdfplumber.open(pdf) as p:
            page = p.pages[truth["rows"][0]["page"] - 1]
            words = page.extract_words(x_tolerance=1)
            label = next(w for w in words if w["text"] == "PELAKSANAAN")
            below = [w for w in words if 0 < w["top"] - label["bottom"] < 20 and w["x0"] >= label["x0"] - 80]
            numbers = sorted(int(w["text"]) for w in below if w["text"].isdigit())
            assert numbers == list(range(1, 13)), pdf.name


def _render(tmp_path: Path, layout: LayoutSpec, seed: int = 2) -> tuple[Path, dict[str, Any], DecreeSpec]:
    spec = build_decree(random.Random(seed), satker_for("3279", 2022), 2022, "k")
    pdf = tmp_path / f"{layout.mark_style}-{layout.ruling}.pdf"
    result = render_canvas(spec, layout, pdf)
    return pdf, load_truth(write_truth(spec, layout, result, "canvas")), spec


def _month_x0(pdf: Path, truth: dict[str, Any]) -> float:
    """Left edge of the month columns: just left of the month number "1" under PELAKSANAAN."""
    with pdfplumber.open(pdf) as p:
        words = p.pages[truth["rows"][0]["page"] - 1].extract_words()
    label = next(w for w in words if w["text"] == "PELAKSANAAN")
    one = next(w for w in words if w["text"] == "1" and 0 < w["top"] - label["bottom"] < 20)
    return float(one["x0"]) - 4


@pytest.mark.parametrize("mark", ["✓", "√", "V"])
def test_every_planned_month_has_one_mark(tmp_path: Path, mark: str) -> None:
    layout = dataclasses.replace(seed_layout(), mark_style=mark, font="DejaVuSans")  # type: ignore[arg-type]
    pdf, truth, _ = _render(tmp_path, layout)
    month_x0 = _month_x0(pdf, truth)
    with pdfplumber.open(pdf) as p:
        first = truth["rows"][0]["page"]
        marks = sum(  # whole words only: a signatory named "NOVI" right of the grid holds a V too
            1
            for page in p.pages[first - 1 :]
            for w in page.extract_words(x_tolerance=1)
            if w["text"] == mark and w["x0"] > month_x0
        )
    assert marks == sum(len(r["months"]) for r in truth["rows"])


def test_shaded_months_are_filled_rects(tmp_path: Path) -> None:
    layout = dataclasses.replace(seed_layout(), mark_style="shade", rule_style="lines", allow_row_split=False)
    pdf, truth, _ = _render(tmp_path, layout)
    month_x0 = _month_x0(pdf, truth)
    with pdfplumber.open(pdf) as p:
        tables = p.pages[truth["rows"][0]["page"] - 1 :]
        grey = [r for page in tables for r in page.rects if r["fill"] and r["x1"] > month_x0 + 6]
        fills = [r["non_stroking_color"] for r in grey]
        assert all(0.5 < float(c if isinstance(c, float | int) else c[0]) < 0.9 for c in fills)
        for page in tables:  # no mark in the month cells (above the table's last rule)
            if not page.lines:
                continue  # the signature block alone on the last page
            table_bottom = max(line["bottom"] for line in page.lines)
            header = min(w["bottom"] for w in page.extract_words() if w["text"] == "PELAKSANAAN")
            cells = [ch for ch in page.chars if ch["x0"] > month_x0 and header < ch["top"] < table_bottom]
            assert all(ch["text"].isdigit() for ch in cells)
    assert len(grey) == sum(len(r["months"]) for r in truth["rows"])


def test_horizontal_ruling_has_no_vertical_lines(tmp_path: Path) -> None:
    for style in ("lines", "fills", "rects"):
        layout = dataclasses.replace(seed_layout(), ruling="horizontal", rule_style=style)  # type: ignore[arg-type]
        pdf, truth, _ = _render(tmp_path, layout)
        with pdfplumber.open(pdf) as p:
            last_row_page = max(r["page"] for r in truth["rows"])
            for page in p.pages[truth["rows"][0]["page"] - 1 : last_row_page]:
                assert page.edges, style
                assert not [e for e in page.edges if e["orientation"] == "v" and e["height"] > 2], style


# ---------------------------------------------------------------- pagination
def _plan(layout: LayoutSpec, rows: tuple[RowSpec, ...]) -> Any:
    regular, bold = register(layout.font)
    fonts = TableFonts(regular, bold, register("DejaVuSans")[0])
    return plan_table(rows, layout, fonts, Frame(842.0, 595.0, 30.0, 60.0))


def _tall_rows() -> tuple[RowSpec, ...]:
    spec = build_decree(random.Random(5), satker_for("3279", 2022), 2022, "k")
    long = " ".join(f"{i}. Adanya dokumen pendukung pelaksanaan kegiatan nomor {i}" for i in range(1, 16))
    return tuple(
        dataclasses.replace(r, indikator_text=long) if i % 3 == 0 else r for i, r in enumerate(spec.rows)
    )


def test_rows_split_across_pages_only_when_allowed() -> None:
    rows = _tall_rows()
    split = _plan(dataclasses.replace(seed_layout(), allow_row_split=True), rows)

    def pages_of(plan: Any, r: int) -> set[int]:
        return {f.page for f in plan.frags if f.row == r}

    assert any(len(pages_of(split, r)) > 1 for r in range(len(rows)))
    whole = _plan(dataclasses.replace(seed_layout(), allow_row_split=False), rows)
    assert all(len(pages_of(whole, r)) == 1 for r in range(len(rows)))
    for plan in (split, whole):
        for f in plan.frags:
            assert f.bottom <= 595.0 - 30.0 + 0.01
        # every content line is printed exactly once
        for r in range(len(rows)):
            frags = [f for f in plan.frags if f.row == r]
            n = max(len(plan.sub_lines[r]), len(plan.ind_lines[r]), 1)
            assert frags[0].lines_from == 0 and frags[-1].lines_to == n
            assert all(a.lines_to == b.lines_from for a, b in itertools.pairwise(frags))


@pytest.mark.parametrize("valign", ["top", "middle"])
def test_merged_cell_text_is_placed_once_inside_its_span(valign: str) -> None:
    layout = dataclasses.replace(seed_layout(), merged_valign=valign)  # type: ignore[arg-type]
    rows = _tall_rows()
    plan = _plan(layout, rows)
    lh = layout.font_size * layout.leading
    for col in (1, 2):
        parts = [p for p in plan.parts if p.col == col]
        for p in parts:
            assert p.text_top >= p.top - 0.01
            assert p.text_top + len(p.lines) * lh <= p.bottom + 0.01
        if valign == "middle":
            single = [p for p in parts if p.lines and p.bottom - p.top > 3 * len(p.lines) * lh]
            assert single
            for p in single:
                assert abs(p.text_top + len(p.lines) * lh / 2 - (p.top + p.bottom) / 2) < 0.5


def test_sampled_layouts_vary_and_render(tmp_path: Path) -> None:
    layouts = [sample_layout(random.Random(i)) for i in range(40)]
    for name in ("paper", "ruling", "merged_valign", "mark_style", "font", "rule_style", "allow_row_split"):
        assert len({getattr(lay, name) for lay in layouts}) > 1, name
    spec = build_decree(random.Random(8), satker_for("1106", 2021), 2021, "k")
    for i, layout in enumerate(layouts[:6]):
        result = render_canvas(spec, layout, tmp_path / f"{i}.pdf")
        assert result.pages >= 4 and len(result.row_pages) == len(spec.rows)


# ---------------------------------------------------------------- CLI
def test_cli_generate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(tmp_path), "--n", "1", "--seed", "3"]) == 0
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and truth_path(pdfs[0]).is_file()
    assert str(pdfs[0]) in capsys.readouterr().out


def test_cli_help_and_lazy_docx_import() -> None:
    code = (
        "import sys, tempfile; from rencana.corpus.__main__ import main; "
        "main(['generate', tempfile.mkdtemp(), '--n', '1']); "
        "print('rencana.corpus.render_docx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")
    helptext = subprocess.run(
        [sys.executable, "-m", "rencana.corpus", "generate", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for flag in ("--n", "--seed", "--renderer", "--with-seed", "OUT_DIR"):
        assert flag in helptext
