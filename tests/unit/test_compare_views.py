"""rencana.compare on hand-made output directories: keys, coverage, schedule, year on year, writers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from rencana.compare import build_views, load
from rencana.compare.activities import Template, activity_items, load_template, norm_text, split_items
from rencana.compare.report_html import render_html
from rencana.compare.report_xlsx import write_xlsx
from rencana.schema.io import to_arrow, write_table

MALANG, BATU = "KPU Kabupaten Malang", "KPU Kota Batu"


def _doc(doc_id: str, satker: str, year: int, code: str, **extra: Any) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "source_file": f"{doc_id}.pdf",
        "status": "ok",
        "satker": satker,
        "satker_level": "kabupaten",
        "region_code": code,
        "province": "Jawa Timur",
        "decree_number": f"1/ORT.07/{code}/{year}",
        "decree_date": dt.date(year, 1, 18),
        "plan_year": year,
        "flags": [],
        "pipeline_version": "test",
        **extra,
    }


def _row(
    doc_id: str, row_no: int, area: int, keg: str, sub: str, months: list[int], **extra: Any
) -> dict[str, Any]:
    names = {1: "Manajemen Perubahan", 7: "Penguatan Pengawasan"}
    return {
        "doc_id": doc_id,
        "row_no": row_no,
        "page": 3,
        "area_no": area,
        "area": names[area],
        "kegiatan": keg,
        "sub_kegiatan": sub,
        "indikator": ["Adanya laporan"],
        "months": months,
        **extra,
    }


def _write(out: Path, docs: list[dict[str, Any]], rows: list[dict[str, Any]]) -> Path:
    write_table(to_arrow("documents", docs), "documents", out)
    write_table(to_arrow("plan_rows", rows), "plan_rows", out)
    write_table(to_arrow("corrections", []), "corrections", out)
    return out


TIM = "Pembentukan Tim Reformasi Birokrasi {s}"
SK = "Penyusunan SK Tim Reformasi Birokrasi {s} Tahun {y}"
RAPAT = "Rapat koordinasi Tim RB secara berkala"
ZI = "Pembangunan Zona Integritas"
PENCANANGAN = "Pencanangan Zona Integritas di {s}"


def _plans(out: Path) -> Path:
    docs = [
        _doc("m22", MALANG, 2022, "3507"),
        _doc("m23", MALANG, 2023, "3507"),
        _doc("b23", BATU, 2023, "3579"),
    ]
    rows = [
        _row("m22", 1, 1, TIM.format(s=MALANG), SK.format(s=MALANG, y=2022), [1, 2]),
        _row("m22", 2, 1, TIM.format(s=MALANG), RAPAT, [3, 6, 9, 12]),
        _row("m22", 3, 7, ZI, PENCANANGAN.format(s=MALANG), [2]),
        # 2023: SK kept, rapat moved, pencanangan dropped, a new one added
        _row("m23", 1, 1, TIM.format(s=MALANG), SK.format(s=MALANG, y=2023), [1, 2]),
        _row("m23", 2, 1, TIM.format(s=MALANG), RAPAT, [4, 7, 10]),
        _row("m23", 3, 7, ZI, "Monitoring dan evaluasi ZI", [6, 12]),
        _row("b23", 1, 1, TIM.format(s=BATU), SK.format(s=BATU, y=2023) + "; 2. " + RAPAT, [1]),
        _row("b23", 2, 7, ZI, PENCANANGAN.format(s=BATU), []),
    ]
    return _write(out, docs, rows)


def _template(tmp: Path) -> Template:
    path = tmp / "template.csv"
    pd.DataFrame(
        [
            (
                "1",
                "T1",
                "Pembentukan Tim Reformasi Birokrasi <satker>",
                "T1.1",
                SK.format(s="<satker>", y="<year>"),
            ),
            ("1", "T1", "Pembentukan Tim Reformasi Birokrasi <satker>", "T1.2", RAPAT),
            ("7", "Z1", ZI, "Z1.1", PENCANANGAN.format(s="<satker>")),
            ("7", "Z1", ZI, "Z1.2", "Penyusunan rencana aksi ZI"),
        ],
        columns=["area_no", "kegiatan_id", "kegiatan", "sub_kegiatan_id", "sub_kegiatan"],
    ).to_csv(path, index=False)
    return load_template(path)


# ---------------------------------------------------------------- keys
def test_norm_text_puts_placeholders_for_the_office_and_the_year() -> None:
    a = norm_text("Penyusunan SK Tim RB KPU Kabupaten Malang Tahun 2022", MALANG)
    b = norm_text("Penyusunan SK Tim RB KPU KOTA BATU Tahun 2023.", BATU)
    assert a == b == "penyusunan sk tim rb <satker> tahun <year>"


@given(st.text(max_size=60))
def test_norm_text_is_idempotent(text: str) -> None:
    once = norm_text(text)
    assert norm_text(once) == once


def test_split_items_splits_numbered_items_of_one_cell() -> None:
    assert split_items("Rapat koordinasi; 2. Monitoring berkala") == [
        "Rapat koordinasi",
        "Monitoring berkala",
    ]
    assert split_items("Pemanfaatan aplikasi: a. SIPOL b. SILON") == [
        "Pemanfaatan aplikasi: a. SIPOL b. SILON"
    ]
    assert split_items(None) == [""]


def test_canonical_ids_win_and_unmatched_rows_fall_back_to_text(tmp_path: Path) -> None:
    rows = pd.DataFrame(
        [
            {"doc_id": "d", "row_no": 1, "area_no": 1, "area": "Manajemen Perubahan", "kegiatan": "Tim",
             "kegiatan_id": "MP.01", "sub_kegiatan": "SK Tim; 2. Rapat",
             "sub_kegiatan_ids": ["MP.01.01", None], "months": [1]},
        ]
    )  # fmt: skip
    docs = pd.DataFrame([{"doc_id": "d", "satker": MALANG}])
    items = activity_items(rows, docs)
    assert list(items["sub_key"]) == ["MP.01.01", "1|rapat"]
    assert list(items["sub_in_template"]) == [True, None]
    assert set(items["kegiatan_key"]) == {"MP.01"}


# ---------------------------------------------------------------- views
def test_coverage_against_a_template(tmp_path: Path) -> None:
    views = build_views(load(_plans(tmp_path / "out")), _template(tmp_path))
    long = views.coverage_long.set_index(["label", "key"])["status"]
    assert long[(f"{MALANG} 2023", "T1.1")] == "present"
    assert long[(f"{MALANG} 2023", "Z1.1")] == "missing"
    assert long[(f"{MALANG} 2023", "7|monitoring dan evaluasi zi")] == "extra"
    assert long[(f"{BATU} 2023", "T1.2")] == "present", "second item of a two-item cell"
    assert long[(f"{BATU} 2023", "Z1.2")] == "missing"
    matrix = views.coverage_sub.set_index("key")
    assert matrix.loc["Z1.2", "missing_in"] == 2 and matrix.loc["T1.1", "planned_by"] == 2
    assert views.coverage.set_index("key").loc["T1", f"{BATU} 2023"] == 1


def test_observed_template_marks_rare_activities_extra(tmp_path: Path) -> None:
    views = build_views(load(_plans(tmp_path / "out")), min_support=2)
    status = views.coverage_long.set_index(["label", "key"])["status"]
    sk = "1|penyusunan sk tim reformasi birokrasi <satker> tahun <year>"
    assert status[(f"{MALANG} 2023", sk)] == "present"
    assert status[(f"{MALANG} 2023", "7|monitoring dan evaluasi zi")] == "extra"
    assert views.template_source.startswith("template observed")


def test_schedule_counts_rows_per_month_and_quarter(tmp_path: Path) -> None:
    views = build_views(load(_plans(tmp_path / "out")))
    s = views.schedule.set_index("label").loc[f"{MALANG} 2023"]
    assert (s["Jan"], s["Feb"], s["Apr"], s["Jun"], s["Des"]) == (1, 1, 1, 1, 1)
    assert (s["Q1"], s["Q2"], s["Q3"], s["Q4"], s["total"]) == (2, 2, 1, 2, 7)
    batu = views.schedule.set_index("label").loc[f"{BATU} 2023"]
    assert batu["rows_without_months"] == 1 and batu["total"] == 1


def test_year_on_year_added_dropped_rescheduled(tmp_path: Path) -> None:
    views = build_views(load(_plans(tmp_path / "out")), _template(tmp_path))
    changes = {(r.change, r.key, r.months_from, r.months_to) for r in views.yoy.itertuples(index=False)}
    assert changes == {
        ("rescheduled", "T1.2", (3, 6, 9, 12), (4, 7, 10)),
        ("dropped", "Z1.1", (2,), None),
        ("added", "7|monitoring dan evaluasi zi", None, (6, 12)),
    }
    summary = views.yoy_summary.iloc[0]
    assert (summary["added"], summary["dropped"], summary["rescheduled"], summary["unchanged"]) == (
        1,
        1,
        1,
        1,
    )


def test_focus_year_defaults_to_the_latest(tmp_path: Path) -> None:
    data = load(_plans(tmp_path / "out"))
    assert data.focus_year == 2023 and set(data.docs["doc_id"]) == {"m23", "b23"}
    assert set(data.history_docs["doc_id"]) == {"m22", "m23", "b23"}


# ---------------------------------------------------------------- writers: untrusted text
EVIL = "KPU Kota <script>alert('x')</script>"


def _hostile(out: Path) -> Path:
    docs = [_doc("e23", EVIL, 2023, "3579", flags=['preamble_satker_mismatch:<img src=x onerror="1">'])]
    rows = [
        _row("e23", 1, 1, '=HYPERLINK("http://x","klik")', "+SUM(A1:A9)", [1]),
        _row("e23", 2, 1, "@cmd", "-2+3", [2]),
        _row("e23", 3, 7, "\tTab", "=1+1", [3]),
    ]
    return _write(out, docs, rows)


def test_html_escapes_every_text(tmp_path: Path) -> None:
    html = render_html(build_views(load(_hostile(tmp_path / "out"))))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert html.count("<script>") == 1, "only the report's own print helper"
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;klik&quot;)" in html, "shown as text"
    assert '<a href="http' not in html


def test_xlsx_never_turns_text_into_formulas(tmp_path: Path) -> None:
    path = write_xlsx(build_views(load(_hostile(tmp_path / "out"))), tmp_path / "compare.xlsx")
    wb = openpyxl.load_workbook(path)
    texts = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} became a formula: {cell.value}"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    assert {'=HYPERLINK("http://x","klik")', "+SUM(A1:A9)", "@cmd", "-2+3", "=1+1"} <= texts
    cards = wb["Kartu rencana"]
    risky = [
        c for row in cards.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"
    ]
    assert risky and all(c.quotePrefix for c in risky)


# ---------------------------------------------------------------- the report's words (issue 13)
def test_rows_without_months_are_highlighted_on_one_class_attribute(tmp_path: Path) -> None:
    html = render_html(build_views(load(_plans(tmp_path / "out"))))
    assert not re.search(r"<td[^>]*class=[^>]*class=", html), "a second class attribute is dropped"
    cell = re.findall(r'<td class="wrap empty-months">([^<]*)</td>', html)
    assert cell == [PENCANANGAN.format(s=BATU)], "the one row of b23 without months"


def test_labels_show_no_placeholders(tmp_path: Path) -> None:
    views = build_views(load(_plans(tmp_path / "out")), _template(tmp_path))
    labels = [*views.coverage["activity"], *views.coverage_sub["activity"], *views.yoy["activity"]]
    assert labels and not [x for x in labels if re.search(r"[<\[](satker|year|tahun)[>\]]", str(x))]
    html = render_html(views)
    assert "[satker]" not in html and "[tahun]" not in html


def test_every_finding_and_reason_has_an_indonesian_description() -> None:
    from rencana.compare.i18n import PLAIN, TEXT, plain
    from rencana.schema.issues import IssueCode
    from rencana.schema.reasons import Reason

    assert not [c for c in IssueCode if c not in PLAIN], "add the Indonesian text in compare/i18n.py"
    assert not [r for r in Reason if r not in PLAIN]
    assert plain("id", "encrypted", reason=True) != plain("id", "encrypted")  # failed vs opened
    assert plain("en", "not_a_pdf", reason=True) == Reason.NOT_A_PDF.description
    assert all(len(pair) == 2 and all(pair) for pair in TEXT.values())


def test_english_on_request_indonesian_by_default(tmp_path: Path) -> None:
    views = build_views(load(_plans(tmp_path / "out")))
    html_id, html_en = render_html(views), render_html(views, "en")
    assert '<html lang="id">' in html_id and "Kartu rencana" in html_id and "Plan cards" not in html_id
    assert '<html lang="en">' in html_en and "Plan cards" in html_en and "Kartu rencana" not in html_en
