"""The layout fuzzer's catalogue: every way a satker draws its action-plan table, as data.

A :class:`TableForm` says which columns a table has and in what order, what each header
cell reads (synonyms, typos, case), how deep the header is, how the time grid is labelled
(months as numbers, abbreviations, full names or Roman numerals; quarters; semesters; a
Triwulan/Semester/year tier above the months), how planned periods are marked (glyphs, fills
of any colour, Gantt bars with or without month borders), how areas are shown (a column or
full-width section rows), and whether a second lampiran table follows.  :func:`sample_form`
draws one from the catalogue below; the renderers read it from ``LayoutSpec.extra["form"]``.

This catalogue is the corpus's own and is never imported by ``rencana.extract``: on purpose
it holds labels and spellings the extractor's label file (``extract/table/labels.py``) does
not list, so the fuzzed corpus measures how the extractor generalises (a test checks both).
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, replace
from typing import Literal

from rencana.corpus.model import LayoutSpec, RowSpec

GridUnit = Literal["month", "quarter", "semester"]

# header labels per known column: as decrees print them, plus synonyms and typos the
# extractor's label file does not list (the body content must identify those columns)
LABELS: dict[str, tuple[str, ...]] = {
    "no": ("No", "NO", "No.", "NO.", "Nomor", "NOMOR"),
    "area": (
        "AREA PERUBAHAN", "Area Perubahan", "AREA", "AREA PERUBAHAAN", "AREA  PERUBAHAN", "ARAE PERUBAHAN",
        "AREA RB", "AREA PERUBAHAN RB", "KOMPONEN", "Area Perub.",
    ),
    "keg": (
        "KEGIATAN", "Kegiatan", "KEGIATAN UTAMA", "KEGIAATAN", "NAMA KEGIATAN", "PROGRAM / KEGIATAN",
        "PROGRAM", "KEG.", "Keg. Utama", "KEGIATAN PRIORITAS", "KEGIATN", "PROGRAM KERJA", "STRATEGI",
    ),
    "sub": (
        "SUB KEGIATAN", "Sub Kegiatan", "SUB-KEGIATAN", "RINCIAN KEGIATAN", "SUB KEGIATN", "TAHAPAN",
        "TAHAPAN KEGIATAN", "LANGKAH KERJA", "RENCANA AKSI", "URAIAN KEGIATAN", "DETAIL KEGIATAN",
        "SUB KEG.", "AKSI", "Rincian Aksi", "LANGKAH-LANGKAH", "RENCANA KEGIATAN", "SUB KEGIATAAN", "URAIAN",
    ),
    "ind": (
        "INDIKATOR KEBERHASILAN", "Indikator Keberhasilan", "INDIKATOR", "INDIKATOR KINERJA",
        "TARGET CAPAIAN", "UKURAN KEBERHASILAN", "INDIKATOR KEBERHASLAN", "HASIL YANG DIHARAPKAN",
        "TOLOK UKUR", "IND. KEBERHASILAN", "KRITERIA KEBERHASILAN", "OUTCOME", "INDIKATR KEBERHASILAN",
        "Indikator Capaian", "HASIL / OUTPUT",
    ),
}  # fmt: skip
TIME_LABELS = (
    "PELAKSANAAN (BULAN)", "PELAKSANAAN", "WAKTU PELAKSANAAN", "JADWAL PELAKSANAAN", "BULAN KE",
    "Waktu Pelaksanaan", "TIME SCHEDULE", "JADWAL", "PELAKSANAAN KEGIATAN", "TAHUN {year}",
    "TARGET WAKTU", "RENCANA JADWAL", "TAHUN ANGGARAN {year}", "KALENDER KERJA", "WAKTU", "Tahun {year}",
    "BULAN PELAKSANAAN TAHUN {year}", "SCHEDULE",
)  # fmt: skip
QUARTER_TOP = (
    "TRIWULAN", "TAHAPAN TRIWULAN", "JADWAL PELAKSANAAN", "TAHUN {year}", "WAKTU PELAKSANAAN", "TARGET WAKTU",
    "JADWAL", "KUARTAL",
)  # fmt: skip
SEMESTER_TOP = (
    "SEMESTER",
    "WAKTU PELAKSANAAN",
    "TAHUN {year}",
    "JADWAL PELAKSANAAN",
    "JADWAL",
    "TARGET WAKTU",
)
MONTH_LABELS: tuple[tuple[str, ...], ...] = (
    tuple(str(m) for m in range(1, 13)),
    ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"),
    ("Jan", "Peb", "Mar", "Apr", "Mei", "Jun", "Jul", "Ags", "Sept", "Okt", "Nop", "Des"),
    ("JAN", "FEB", "MAR", "APR", "MEI", "JUNI", "JULI", "AGST", "SEPT", "OKT", "NOP", "DES"),
    ("Jan", "Feb", "Mrt", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
     "November", "Desember"),
    ("Jan.", "Feb.", "Mar.", "Apr.", "Mei", "Jun.", "Jul.", "Agu.", "Sep.", "Okt.", "Nov.", "Des."),
    ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"),
    ("JANUARI", "PEBRUARI", "MARET", "APRIL", "MEI", "JUNI", "JULI", "AGUSTUS", "SEPTEMBER", "OKTOBER",
     "NOPEMBER", "DESEMBER"),
    ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"),
)  # fmt: skip
QUARTER_LABELS = (
    ("TW I", "TW II", "TW III", "TW IV"),
    ("I", "II", "III", "IV"),
    ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"),
    ("TW 1", "TW 2", "TW 3", "TW 4"),
    ("Trw I", "Trw II", "Trw III", "Trw IV"),
    ("Q1", "Q2", "Q3", "Q4"),
    ("Trw. I", "Trw. II", "Trw. III", "Trw. IV"),
    ("TRIWULAN 1", "TRIWULAN 2", "TRIWULAN 3", "TRIWULAN 4"),
    ("Kw I", "Kw II", "Kw III", "Kw IV"),
    ("TW-1", "TW-2", "TW-3", "TW-4"),
)
SEMESTER_LABELS = (
    ("I", "II"),
    ("Semester I", "Semester II"),
    ("Smt I", "Smt II"),
    ("SEMESTER 1", "SEMESTER 2"),
    ("Sem. I", "Sem. II"),
    ("S1", "S2"),
)
MIDDLE_TIERS = (
    ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"),
    ("TW I", "TW II", "TW III", "TW IV"),
    ("Semester I", "Semester II"),
    ("TAHUN {year}",),
    ("TW I", "TW II", "TW III", "TW IV"),
    ("BULAN KE-",),
    ("Tahun Anggaran {year}",),
)
GLYPHS = ("V", "v", "√", "✓", "✔", "X", "x", "●", "•", "1")
FILL_RGB = ((0.75, 0.75, 0.75), (0.55, 0.55, 0.55), (1.0, 1.0, 0.6), (0.6, 0.8, 1.0), (0.57, 0.82, 0.31),
            (1.0, 0.75, 0.0), (0.97, 0.8, 0.68), (0.3, 0.3, 0.3), (0.0, 0.44, 0.75))  # fmt: skip
# extra columns: header labels and what their cells hold
EXTRAS: dict[str, tuple[str, ...]] = {
    "OUTPUT": ("Dokumen", "Laporan", "SK", "Notulen", "Daftar Hadir"),
    "TARGET": ("100%", "1 Dokumen", "4 Laporan", "12 Kali", "1 SK"),
    "SATUAN": ("Dokumen", "Kegiatan", "Laporan", "Orang"),
    "ANGGARAN": ("Rp 5.000.000", "-", "Rp 12.500.000", "Rp 0"),
    "SUMBER DANA": ("DIPA", "APBN", "DIPA 2023", "-"),
    "PENANGGUNG JAWAB": ("Sekretaris", "Kasubag Umum", "Kasubag Hukum", "Kasubag Teknis"),
    "PIC": ("Sekretaris", "Kasubag", "Tim RB", "Bendahara"),
    "KETERANGAN": ("", "", "Rutin", "Tentatif"),
    "BUKTI DUKUNG": ("SK, Foto", "Laporan", "Notulen", "Daftar hadir"),
    "DATA DUKUNG": ("Foto", "Laporan", "Undangan"),
    "UNIT KERJA": ("Sekretariat", "Subbag Umum", "Subbag Teknis"),
}
SECTION_FORMATS = ("letter_upper", "roman_upper", "arabic_title", "letter_title", "area_word")
OTHER_TABLES = ("tim_rb", "budget", "signatures", "")


@dataclass(frozen=True, slots=True)
class TableForm:
    """One table's form: columns and labels, the time grid, marks, sections, a second table."""

    columns: tuple[tuple[str, str], ...]  # (key, header label) left of the time grid: no/area/keg/sub/ind/x
    after: tuple[tuple[str, str], ...]  # extra columns right of the time grid
    grid: GridUnit
    period_labels: tuple[str, ...]  # bottom tier: 12, 4 or 2 labels
    top_label: str  # the label spanning the whole time grid
    middle: tuple[str, ...]  # an optional tier between them ("" = none)
    column_numbers: bool
    mark: str  # a glyph, "fill" or "gantt"
    fill_rgb: tuple[float, float, float]
    month_borders: bool  # vertical rules between period cells
    sections: str  # "" (an area column) or a SECTION_FORMATS entry
    other_table: str  # "" or an OTHER_TABLES entry
    portrait: bool

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> TableForm:
        d = json.loads(text)
        for k in ("columns", "after"):
            d[k] = tuple(tuple(c) for c in d[k])
        for k in ("period_labels", "middle", "fill_rgb"):
            d[k] = tuple(d[k])
        return TableForm(**d)

    @property
    def periods(self) -> int:
        return len(self.period_labels)


def form_of(layout: LayoutSpec) -> TableForm | None:
    """The form stored in ``layout.extra`` (None: the renderer's classic table)."""
    text = layout.extra.get("form")
    return TableForm.from_json(text) if text else None


def _time_grid(rng: random.Random, year: int) -> tuple[GridUnit, tuple[str, ...], str, tuple[str, ...]]:
    roll = rng.random()
    if roll < 0.14:
        return "quarter", rng.choice(QUARTER_LABELS), rng.choice(QUARTER_TOP).format(year=year), ()
    if roll < 0.22:
        return "semester", rng.choice(SEMESTER_LABELS), rng.choice(SEMESTER_TOP).format(year=year), ()
    labels = rng.choice(MONTH_LABELS)
    middle: tuple[str, ...] = ()
    if rng.random() < 0.35:
        middle = tuple(t.format(year=year) for t in rng.choice(MIDDLE_TIERS))
    return "month", labels, rng.choice(TIME_LABELS).format(year=year), middle


def _columns(
    rng: random.Random, sections: str, crowded: bool
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    keys = ["no"] if rng.random() < 0.8 else []
    keys += [] if sections else ["area"]
    keys += ["keg", "sub", "ind"]
    cols = [(k, rng.choice(LABELS[k])) for k in keys]
    extras = rng.sample(sorted(EXTRAS), k=rng.choice((0, 1) if crowded else (0, 0, 1, 1, 2, 3)))
    after: list[tuple[str, str]] = []
    for label in extras:
        if rng.random() < 0.5:
            after.append(("x", label))
        else:
            cols.insert(rng.randint(len(cols) - 1, len(cols)), ("x", label))
    return tuple(cols), tuple(after)


def sample_form(rng: random.Random, year: int) -> TableForm:
    """A random table form from the catalogue."""
    sections = rng.choice(SECTION_FORMATS) if rng.random() < 0.4 else ""
    grid, labels, top, middle = _time_grid(rng, year)
    portrait = grid != "month" and rng.random() < 0.5
    columns, after = _columns(rng, sections, portrait or max(map(len, labels)) > 4)
    roll = rng.random()
    mark = "gantt" if roll < 0.2 else "fill" if roll < 0.35 else rng.choice(GLYPHS)
    return TableForm(
        columns=columns,
        after=after,
        grid=grid,
        period_labels=labels,
        top_label=top,
        middle=middle,
        column_numbers=rng.random() < 0.5,
        mark=mark,
        fill_rgb=rng.choice(FILL_RGB),
        month_borders=mark != "gantt" or rng.random() < 0.5,
        sections=sections,
        other_table=rng.choice(OTHER_TABLES),
        portrait=portrait,
    )


def period_of(month: int, grid: GridUnit) -> int:
    """0-based period index of ``month`` in a grid."""
    return (month - 1) // {"month": 1, "quarter": 3, "semester": 6}[grid]


def grid_months(months: tuple[int, ...], grid: GridUnit) -> tuple[int, ...]:
    """Every month of each period holding one of ``months`` (the truth of a coarse grid)."""
    size = {"month": 1, "quarter": 3, "semester": 6}[grid]
    marked = {period_of(m, grid) for m in months}
    return tuple(sorted(p * size + k for p in marked for k in range(1, size + 1)))


def fuzz_rows(rows: tuple[RowSpec, ...], form: TableForm) -> tuple[RowSpec, ...]:
    """Rows as the form prints them: a coarse grid marks whole periods."""
    return tuple(replace(r, months=grid_months(r.months, form.grid)) for r in rows)


def fuzz_layout(rng: random.Random, layout: LayoutSpec, year: int) -> LayoutSpec:
    """``layout`` with a sampled :class:`TableForm` in ``extra["form"]`` (paper and font vary too)."""
    form = sample_form(rng, year)
    return replace(
        layout,
        paper=rng.choice(("A4", "F4")),
        extra={**layout.extra, "form": form.to_json()},
        ruling="full" if rng.random() < 0.8 else "horizontal",
    )


def extra_text(label: str, row_no: int) -> str:
    """What an extra column's cell holds on one row."""
    values = EXTRAS.get(label, ("-",))
    return values[row_no % len(values)]
