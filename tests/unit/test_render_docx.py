"""render_docx: python-docx + real LibreOffice, checked with pdfplumber (no skip: soffice must exist)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from docx.enum.section import WD_ORIENT
from pdfplumber.page import Page
from pdfplumber.pdf import PDF

from rencana.corpus.docx_text import cell_items
from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult, RowSpec, SatkerSpec
from rencana.corpus.render_docx import build_docx, font_name, render_docx, render_docx_batch
from rencana.corpus.soffice import SofficeError, SofficeNotFoundError, convert_to_pdf, find_soffice

AREAS = (
    ("Manajemen Perubahan", "Manajemen Perubahan"),
    ("Penataan Peraturan Perundang-undangan", "Deregulasi Kebijakan"),
    ("Penataan dan Penguatan Organisasi", "Penataan dan Penguatan Organisasi"),
    ("Penataan Tatalaksana", "Penataan Tata Laksana"),
    ("Penataan Sistem Manajemen SDM Aparatur", "Penataan Sistem Manajemen SDM Aparatur"),
    ("Penguatan Akuntabilitas Kinerja", "Penguatan Akuntabilitas"),
    ("Pengawasan", "Penguatan Pengawasan"),
    ("Peningkatan Kualitas Pelayanan Publik", "Peningkatan Kualitas Pelayanan Publik"),
)
# (area index, kegiatan text, [(sub kegiatan body, indikator items, months)])
# fmt: off
WORK: tuple[tuple[int, str, list[tuple[str, list[str], tuple[int, ...]]]], ...] = (
    (0, "Pembentukan Tim Reformasi Birokrasi", [
        ("Penyusunan SK Tim Reformasi Birokrasi", ["Adanya SK Tim RB"], (1,)),
        ("Penyusunan Rencana Kerja Tim RB", ["Adanya rencana kerja", "Rencana kerja ditetapkan"], (1, 2)),
        ("Rapat koordinasi Tim RB secara berkala", ["Notulen rapat", "Daftar hadir"], (3, 6, 9, 12)),
    ]),
    (0, "Penguatan Agen Perubahan", [
        ("Penetapan Agen Perubahan di lingkungan satker", ["Adanya SK Agen Perubahan"], (2,)),
        ("Monitoring kinerja Agen Perubahan", [], (6, 12)),
    ]),
    (1, "Harmonisasi Peraturan", [
        ("Identifikasi dan pemetaan peraturan yang tidak harmonis", ["Adanya daftar peraturan"], (4, 5)),
        ("Penyusunan rekomendasi deregulasi", ["Jumlah rekomendasi", "% rekomendasi ditindaklanjuti"], (7,)),
    ]),
    (2, "Evaluasi Kelembagaan", [
        ("Evaluasi struktur organisasi sekretariat", ["Laporan evaluasi kelembagaan"], (3,)),
        ("Penyederhanaan birokrasi", ["Adanya peta jabatan baru"], (8, 9)),
        ("Penyusunan uraian tugas :\na. Subbagian Keuangan\nb. Subbagian Teknis\nc. Subbagian Hukum",
         ["Uraian tugas tersusun"], (10,)),
    ]),
    (3, "Penerapan SPBE", [
        ("Pemanfaatan aplikasi persuratan elektronik", ["Surat elektronik terkirim", "Arsip digital"],
         tuple(range(1, 13))),
        ("Penyusunan SOP administrasi pemerintahan", ["Jumlah SOP yang ditetapkan"], (2, 3, 4)),
    ]),
    (3, "Keterbukaan Informasi Publik", [
        ("Pengelolaan PPID dan JDIH", ["Adanya PPID", "JDIH termutakhir"], (1, 4, 7, 10)),
        ("Penyusunan Daftar Informasi Publik", ["Adanya DIP"], (5,)),
    ]),
    (4, "Penerapan Sistem Merit", [
        ("Penyusunan analisis jabatan dan analisis beban kerja", ["Dokumen Anjab dan ABK"], (1, 2, 3)),
        ("Pengembangan kompetensi pegawai minimal 20 JP", ["% pegawai memenuhi 20 JP"], (3, 6, 9, 12)),
        ("Penilaian kinerja pegawai melalui e-Kinerja", ["SKP seluruh pegawai"], (1, 12)),
    ]),
    (5, "Keterlibatan Pimpinan", [
        ("Penetapan Kinerja dengan menerapkan reward and punishment",
         ["Adanya dokumen penetapan Kinerja hingga level Eselon IV",
          "% Capaian kinerja merupakan unsur pemberian reward and punishment"], (1, 2)),
        ("Pengukuran Capaian Kinerja", ["% Capaian kinerja"], (3, 6, 9, 12)),
        ("Evaluasi Capaian Kinerja", ["Adanya rencana tindak lanjut"], (3, 6, 9, 12)),
    ]),
    (5, "Pengelolaan Akuntabilitas Kinerja", [
        ("Pemutakhiran data kinerja di aplikasi e-Lapkin", ["Terisinya aplikasi e-Lapkin"], (3, 6, 9, 12)),
        ("Pelatihan SDM pengelola Akuntabilitas Kinerja", ["% pegawai terlatih", "Pengelola PPBJ"],
         (4, 8)),
    ]),
    (6, "Pembangunan Zona Integritas", [
        ("Pencanangan Zona Integritas", ["Terbentuknya Tim Zona Integritas"], (2,)),
        ("Pelaksanaan Rencana Aksi Zona Integritas", ["Dokumentasi kegiatan", "% terlaksana"], (2, 3, 4)),
        ("Pengisian Lembar Kerja Evaluasi Zona Integritas", ["Terisinya LKE ZI", "Terisinya PMPRB"],
         (3, 5, 8, 12)),
    ]),
    (6, "Pengendalian Gratifikasi", [
        ("Pembentukan Unit Pengendali Gratifikasi (UPG)", ["Adanya UPG"], (4,)),
        ("<i>Public Campaign</i> Anti Gratifikasi", ["Adanya alat sosialisasi"], (4, 10)),
    ]),
    (7, "Standar Pelayanan", [
        ("Penetapan standar pelayanan", ["Adanya SK standar pelayanan", "Maklumat pelayanan"], (1,)),
        ("Survei Kepuasan Masyarakat", ["Nilai IKM"], (6, 12)),
    ]),
    (7, "Penerapan partisipasi publik dalam pelayanan publik", [
        ("Pelibatan masyarakat dalam kegiatan Pemilu", [], ()),
    ]),
)
# fmt: on


def make_spec() -> DecreeSpec:
    """A 30-row decree over all 8 areas with one- and multi-item cells."""
    satker = SatkerSpec("KPU Kota Banjar", "kota", "3279", "Jawa Barat",
                        "KOMISI PEMILIHAN UMUM KOTA BANJAR", "KOTA BANJAR", "Kota Banjar")  # fmt: skip
    rows: list[RowSpec] = []
    keg_no: dict[int, int] = {}
    for area, kegiatan, subs in WORK:
        keg_no[area] = keg_no.get(area, 0) + 1
        area_text, canonical = AREAS[area]
        for s, (body, ind, months) in enumerate(subs, start=1):
            ind_text = "\n".join(f"{i}. {t}" for i, t in enumerate(ind, 1)) if len(ind) > 1 else "".join(ind)
            rows.append(RowSpec(
                area_no=area + 1, area_text=area_text, area_canonical=canonical,
                kegiatan_no=keg_no[area], kegiatan_text=f"{keg_no[area]}. {kegiatan}",
                sub_kegiatan_no=s, sub_kegiatan_text=f"{s}. {body}", indikator_text=ind_text,
                indikator_items=tuple(ind), months=months,
            ))  # fmt: skip
    assert len(rows) == 30
    title = "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA BANJAR TAHUN 2022"
    return DecreeSpec(
        doc_key="test-banjar-2022", satker=satker, plan_year=2022, decree_number="04/ORT.07/3279/2022",
        decree_date=dt.date(2022, 1, 18), title=title, ketua="DANI DANIAL MUHKLIS",
        sekretaris="Imam Mustafa Kamal",
        menimbang=("bahwa untuk melaksanakan tugas Tim Reformasi Birokrasi, Komisi Pemilihan Umum Kota "
                   "Banjar berkewajiban menyusun Rencana Aksi Reformasi Birokrasi Tahun 2022;",
                   "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
                   "Keputusan Komisi Pemilihan Umum Kota Banjar;"),
        mengingat=("Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;",
                   "Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand Design Reformasi Birokrasi "
                   "2010-2025;",
                   "Keputusan Komisi Pemilihan Umum Nomor 314 Tahun 2021 tentang Petunjuk Teknis "
                   "Pelaksanaan Reformasi Birokrasi;"),
        rows=tuple(rows),
    )  # fmt: skip


VARIANTS = {
    "full_check": LayoutSpec(mark_style="√", font_size=8.0),
    "shade_f4": LayoutSpec(paper="F4", mark_style="shade", merged_valign="middle", font="LiberationSerif",
                           font_size=9.0, column_number_row=False, extra={"preamble": "tabs"},
                           page_numbers=True, lampiran_right=False, hanging_indent=False, header_bold=False,
                           line_width=0.75, shade_gray=0.6, col_weights=(1.0, 1.0, 1.0, 1.0)),
    "horizontal": LayoutSpec(ruling="horizontal", mark_style="V", font="LiberationSans", font_size=10.0,
                             item_breaks=False, mark_valign="top", leading=1.35),
}  # fmt: skip


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RenderResult]:
    out = tmp_path_factory.mktemp("docx")
    spec = make_spec()
    jobs = [(spec, layout, out / f"{name}.pdf") for name, layout in VARIANTS.items()]
    results = render_docx_batch(jobs, keep_docx=True)
    return dict(zip(VARIANTS, results, strict=True))


def _table_pages(pdf: PDF, first: int) -> list[Page]:
    """Landscape pages from ``first`` on that hold table rulings (not the signature-only page)."""
    return [p for p in pdf.pages[first - 1 :] if len([e for e in p.edges if e["orientation"] == "h"]) > 5]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_soffice_found() -> None:
    assert Path(find_soffice()).is_file()


def test_missing_soffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENCANA_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(SofficeNotFoundError, match="RENCANA_SOFFICE"):
        find_soffice()


def test_cell_items() -> None:
    text = "1. Adanya program :\na. Jumlah program;\nb. Jumlah kegiatan\n2. Eselon IV 3. Selesai"
    items = cell_items(text)
    assert [(i.marker, i.level) for i in items] == [("1.", 0), ("a.", 1), ("b.", 1), ("2.", 0)]
    assert items[-1].text == "Eselon IV 3. Selesai"
    flat = cell_items(text, item_breaks=False)
    assert len(flat) == 1 and flat[0].marker == "1." and "b. Jumlah kegiatan 2. Eselon" in flat[0].text
    assert cell_items("Tanpa nomor") == [cell_items("Tanpa nomor")[0]] and cell_items("  ") == []


def test_font_names() -> None:
    assert font_name("DejaVuSans") == "DejaVu Sans"
    assert font_name("LiberationSerif") == "Liberation Serif"
    assert font_name("TimesNewRoman") == "Times New Roman"


@pytest.mark.parametrize("name", list(VARIANTS))
def test_table_pages(rendered: dict[str, RenderResult], name: str) -> None:
    res = rendered[name]
    spec = make_spec()
    assert Path(res.pdf_path).with_suffix(".docx").is_file()
    assert res.table_first_page is not None and res.table_first_page > 1
    assert res.row_pages == (None,) * len(spec.rows)
    with pdfplumber.open(res.pdf_path) as pdf:
        assert len(pdf.pages) == res.pages
        assert all(p.width < p.height for p in pdf.pages[: res.table_first_page - 1])
        assert all(p.width > p.height for p in pdf.pages[res.table_first_page - 1 :])
        pages = _table_pages(pdf, res.table_first_page)
        assert len(pages) >= 2  # the 30 rows must break over pages for the header check to bite
        texts = [_norm(p.extract_text()) for p in pages]
        for text in texts:
            for head in (
                "AREA",
                "PERUBAHAN",
                "SUB KEGIATAN",
                "INDIKATOR",
                "KEBERHASILAN",
                "PELAKSANAAN (BULAN)",
            ):
                assert head in text  # header cells wrap, so check word by word
        joined = " ".join(texts)
        for row in spec.rows:
            words = cell_items(row.sub_kegiatan_text)[0].text.replace("<i>", "").replace("</i>", "").split()
            assert " ".join(words[:2]) in joined, row.sub_kegiatan_text
        layout = VARIANTS[name]
        n_marks = sum(len(r.months) for r in spec.rows)
        if layout.mark_style == "shade":
            fills = [
                r for p in pages for r in p.rects
                if r["fill"] and r["non_stroking_color"] not in (None, (1,), (1, 1, 1), [1], [1, 1, 1])
                and r["width"] > 5 and r["height"] > 5
            ]  # fmt: skip
            assert len(fills) >= n_marks
        elif layout.mark_style == "√":
            assert sum(1 for p in pages for c in p.chars if c["text"] == "√") == n_marks
        else:
            assert sum(1 for p in pages for c in p.chars if c["text"] == layout.mark_style) >= n_marks


def test_horizontal_ruling_has_no_verticals(rendered: dict[str, RenderResult]) -> None:
    res = rendered["horizontal"]
    with pdfplumber.open(res.pdf_path) as pdf:
        assert res.table_first_page is not None
        pages = _table_pages(pdf, res.table_first_page)
        assert pages
        for page in pages:
            verticals = [e for e in page.edges if e["orientation"] == "v" and e["height"] > 2]
            assert verticals == []


def test_full_ruling_has_verticals(rendered: dict[str, RenderResult]) -> None:
    res = rendered["full_check"]
    with pdfplumber.open(res.pdf_path) as pdf:
        assert res.table_first_page is not None
        for page in _table_pages(pdf, res.table_first_page):
            assert len([e for e in page.edges if e["orientation"] == "v" and e["height"] > 2]) > 17


def test_build_docx_structure() -> None:
    """The DOCX itself: two sections, header rows repeat, vertical merges, control chars dropped."""
    spec = make_spec()
    rows = (replace(spec.rows[0], sub_kegiatan_text="1. Teks\x0cdengan karakter kontrol"), *spec.rows[1:])
    doc = build_docx(replace(spec, rows=rows), LayoutSpec(allow_row_split=False, mark_style="shade"))
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    xml = doc.tables[-1]._tbl.xml
    assert xml.count("<w:tblHeader/>") == 3
    assert xml.count("<w:cantSplit/>") == 3 + len(spec.rows)
    assert xml.count('w:vMerge w:val="restart"') >= 5 + 8 * 2
    assert xml.count('w:fill="BFBFBF"') == sum(len(r.months) for r in spec.rows)
    assert "\x0c" not in xml


def test_timeout_kills_libreoffice(tmp_path: Path) -> None:
    src = tmp_path / "slow.docx"
    build_docx(make_spec(), LayoutSpec()).save(str(src))
    with pytest.raises(SofficeError, match="timed out"):
        convert_to_pdf([src], tmp_path / "out", timeout_s=0.05)


def test_render_docx_single_without_docx(tmp_path: Path) -> None:
    spec = make_spec()
    small = replace(spec, rows=spec.rows[:3])
    res = render_docx(small, LayoutSpec(header_repeat=False), tmp_path / "sub" / "one.pdf")
    assert Path(res.pdf_path).is_file() and not (tmp_path / "sub" / "one.docx").exists()
    assert res.pages >= 2 and res.table_first_page == res.pages  # 3 rows fit on one landscape page
    assert len(res.row_pages) == 3
