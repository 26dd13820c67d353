"""The province report as HTML: one self-contained page (inline CSS, inline SVG), every text escaped.

Bahasa Indonesia by default (``lang="en"`` for English): every word comes from
:mod:`rencana.compare.i18n`.  Fits a 1366 px screen (the plans table wraps, never scrolls
sideways) and prints on A4 landscape.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Iterable, Sequence
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from rencana.compare.i18n import Lang, plain, tr
from rencana.compare.load import tuples
from rencana.compare.report import Views
from rencana.compare.svg import Block, heatmap, stacked_bars
from rencana.compare.views import MONTH_NAMES, QUARTERS
from rencana.compare.yoy import ADDED, DROPPED, RESCHEDULED
from rencana.schema.issues import ISSUE_CODES
from rencana.show.names import row_picture

log = logging.getLogger(__name__)

SECTIONS = ("roster", "satkers", "files", "coverage", "schedule", "yoy", "cards")


def section_titles(lang: Lang) -> list[tuple[str, str]]:
    """(anchor, title) of every section, in order."""
    return [(key, tr(lang, f"sec.{key}")) for key in SECTIONS]


# opens the collapsed parts before printing, so paper shows everything
PRINT_SCRIPT = (
    '<script>window.addEventListener("beforeprint",function(){'
    'document.querySelectorAll("details").forEach(function(d){d.open=true;});});</script>'
)
# the flags badged red: codes of severity error (no table, a malformed number, another satker named)
BAD_FLAGS = frozenset(code.value for code, spec in ISSUE_CODES.items() if spec.severity == "error")


def e(value: object) -> str:
    """Escaped text of a cell; empty for None / NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is pd.NaT:
        return ""
    return escape(str(value), quote=True)


def short_label(label: str) -> str:
    """A decree label for narrow headers: "KPU Kabupaten Malang 2023" -> "Kab. Malang 2023"."""
    out = str(label)
    for long, short in (("Kabupaten ", "Kab. "), ("Provinsi ", "Prov. "), ("KPU ", ""), ("KIP ", "KIP ")):
        out = out.replace(long, short)
    return out


def _css() -> str:
    return (resources.files("rencana.compare") / "assets" / "report.css").read_text(encoding="utf-8")


def _months_text(value: object, lang: Lang) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    months = [int(m) for m in value]  # type: ignore[attr-defined]
    return ", ".join(MONTH_NAMES[m - 1] for m in months) if months else tr(lang, "no_months")


def _table(
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    cell: Callable[[str, Any, Any], str] | None = None,
    cls: str = "",
    scroll: bool = True,
) -> str:
    """A plain table of ``columns`` (name, header); ``cell(name, value, row)`` may return a whole <td>."""
    head = "".join(
        f'<th class="{"num" if frame[c].dtype.kind in "iuf" else ""}">{e(h)}</th>' for c, h in columns
    )
    body = []
    for row in tuples(frame):
        tds = []
        for c, _ in columns:
            value = getattr(row, c)
            custom = cell(c, value, row) if cell else ""
            if custom:
                tds.append(custom)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                tds.append(f'<td class="num">{e(value)}</td>')
            else:
                tds.append(f"<td>{e(value)}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    table = f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    return f'<div class="scroll">{table}</div>' if scroll else table


# ---------------------------------------------------------------- sections
def _badges(value: object, lang: Lang) -> str:
    """Findings as badges in plain words; the code and detail on hover; red for severity error."""
    flags = [f for f in str(value or "").split("; ") if f]
    out = []
    for flag in flags:
        code, _, detail = flag.partition(":")
        bad = " bad" if code in BAD_FLAGS else ""
        text = plain(lang, code) + (f" ({detail})" if detail and len(detail) <= 12 else "")
        out.append(f'<span class="badge{bad}" title="{e(flag)}">{e(text)}</span>')
    return "".join(out) or f"<span class=ok>{e(tr(lang, 'none'))}</span>"


def _legend(s: pd.DataFrame, lang: Lang) -> str:
    codes = sorted(
        {
            f.split(":")[0]
            for col in ("decree_issues", "reading_issues")
            for v in s[col]
            for f in str(v).split("; ")
            if f
        }
    )
    if not codes:
        return ""
    items = "".join(
        f'<li><span class="badge{" bad" if c in BAD_FLAGS else ""}">{e(plain(lang, c))}</span> '
        f"<code>{e(c)}</code>: {e(ISSUE_CODES[c].description) if lang == 'en' else e(plain(lang, c))}</li>"  # type: ignore[index]
        for c in codes
    )
    summary = f"<summary>{e(tr(lang, 'legend'))}</summary>"
    return f"<details class=legend-list>{summary}<ul class=tight>{items}</ul></details>"


def _satkers(v: Views, lang: Lang) -> str:
    s = v.summary
    if s.empty:
        return f"<p>{e(tr(lang, 'no_plan'))}</p>"

    def cell(name: str, value: Any, row: Any) -> str:
        if name in ("decree_issues", "reading_issues"):
            return f'<td class="flags">{_badges(value, lang)}</td>'
        if name == "label":
            return f'<td class="name">{e(value)}</td>'
        if name == "decree_number":
            return f'<td class="number">{e(value)}</td>'
        if name == "decree_date":
            return f'<td class="nowrap">{e(value)}</td>'
        if name == "status":
            cls = "" if value == "ok" else ' class="bad"'
            return f"<td{cls}>{e(tr(lang, f'state.{value}'))}</td>"
        if name == "areas_covered":
            gaps = f' <span class="muted">{e(tr(lang, "missing_areas", areas=row.missing_areas))}</span>'
            return f'<td class="num">{e(value)}/8{gaps if row.missing_areas else ""}</td>'
        return ""

    keys = [
        ("label", "col.label"),
        ("decree_number", "col.decree_number"),
        ("decree_date", "col.decree_date"),
        ("status", "col.status"),
        ("rows", "col.rows"),
        ("areas_covered", "col.areas"),
        ("kegiatan", "col.kegiatan"),
        ("sub_kegiatan", "col.sub_kegiatan"),
        ("months_active", "col.months_active"),
        ("rows_without_months", "col.rows_without_months"),
        ("decree_issues", "col.decree_issues"),
        ("reading_issues", "col.reading"),
    ]
    columns = [(c, tr(lang, k)) for c, k in keys]
    return (
        f'<p class="note">{e(tr(lang, "satkers.note"))}</p>'
        + _table(s, columns, cell, cls="fit plans", scroll=False)
        + _legend(s, lang)
    )


def _roster(v: Views, lang: Lang) -> str:
    r = v.roster
    if r.empty:
        return f"<p>{e(tr(lang, 'roster.none'))}</p>"
    got = int(r["submitted"].sum())
    missing = r[~r["submitted"]]
    note = tr(lang, "roster.note", year=v.focus_year, got=got, total=len(r), missing=len(missing))
    items = "".join(f"<li>{e(x.satker)}</li>" for x in tuples(missing))
    table_rows = "".join(
        f'<tr class="{"sent" if x.submitted else "not-sent"}"><td class="name">{e(x.satker)}</td>'
        f"<td>{e(x.region_code)}</td>"
        f"<td>{e(tr(lang, 'roster.received' if x.submitted else 'roster.missing'))}"
        f"</td><td>{e(x.decree_number) if x.submitted else ''}</td></tr>"
        for x in tuples(r)
    )
    head = "".join(
        f"<th>{e(tr(lang, k))}</th>" for k in ("col.satker", "col.code", "col.state", "col.decree_number")
    )
    return (
        f'<p class="note">{e(note)}</p>'
        + (
            f"<h3>{e(tr(lang, 'roster.missing'))} ({len(missing)})</h3>"
            f'<ul class="tight missing-list">{items}</ul>'
            if items
            else ""
        )
        + f"<details><summary>{e(tr(lang, 'sec.roster'))} ({len(r)})</summary>"
        f'<table class="roster"><thead><tr>{head}</tr></thead><tbody>{table_rows}</tbody></table></details>'
    )


def _files(v: Views, lang: Lang) -> str:
    p, a = v.problems, v.set_aside

    def cell(name: str, value: Any, row: Any) -> str:
        if name == "reason":
            why = plain(lang, str(value), reason=True) if isinstance(value, str) else ""
            return f'<td class="wrap">{e(why)}<br><span class="muted">{e(row.error)}</span></td>'
        if name == "status":
            return f'<td class="bad">{e(tr(lang, f"state.{value}"))}</td>'
        if name == "why":
            number = row.decree_number if isinstance(row.decree_number, str) else ""
            key = "dup.why" if value == "duplicate" else "sup.why"
            return f'<td class="wrap">{e(tr(lang, key, number=number))}</td>'
        return ""

    failed_cols = [
        (c, tr(lang, f"col.{k}"))
        for c, k in (
            ("file", "file"),
            ("other_names", "other_names"),
            ("status", "status"),
            ("reason", "why"),
        )
    ]
    aside_cols = [
        (c, tr(lang, f"col.{k}"))
        for c, k in (("file", "file"), ("label", "label"), ("why", "why"), ("kept_label", "kept"))
    ]
    none = f"<p>{e(tr(lang, 'files.none'))}</p>"
    return (
        f'<h3 id="failed">{e(tr(lang, "files.failed"))} ({len(p)})</h3>'
        f'<p class="note">{e(tr(lang, "files.failed_note"))}</p>'
        + (_table(p, failed_cols, cell, cls="fit problems", scroll=False) if len(p) else none)
        + f'<h3 id="aside">{e(tr(lang, "files.aside"))} ({len(a)})</h3>'
        f'<p class="note">{e(tr(lang, "files.aside_note"))}</p>'
        + (_table(a, aside_cols, cell, cls="fit aside", scroll=False) if len(a) else none)
    )


def _matrix(matrix: pd.DataFrame, title: str, lang: Lang) -> str:
    fixed = ("area_no", "area", "activity", "key", "in_template", "planned_by", "missing_in")
    labels = [c for c in matrix.columns if c not in fixed]
    head = (
        f'<th>{e(tr(lang, "col.activity"))}</th><th class="num">{e(tr(lang, "col.planned_by"))}</th>'
        f'<th class="num">{e(tr(lang, "col.missing_in"))}</th>'
    ) + "".join(f'<th class="col" title="{e(c)}">{e(short_label(c))}</th>' for c in labels)
    body = []
    area = None
    mark = f" <em class=muted>{e(tr(lang, 'extra'))}</em>"
    for row in tuples(matrix):
        values = dict(zip(matrix.columns, row, strict=True))
        if values["area_no"] != area:
            area = values["area_no"]
            body.append(
                f'<tr class="area-head"><td colspan="{3 + len(labels)}">{e(values["area_no"])}. '
                f"{e(values['area'])}</td></tr>"
            )
        extra = not bool(values["in_template"])
        tds = [
            f'<td class="wrap">{e(values["activity"])}{mark if extra else ""}</td>',
            f'<td class="num">{e(values["planned_by"])}</td>',
            f'<td class="num">{e(values["missing_in"]) if not extra else ""}</td>',
        ]
        for c in labels:
            n = values[c]
            if n is None or (isinstance(n, float) and math.isnan(n)):
                tds.append('<td class="c"></td>')
            elif n == 0:
                tds.append(f'<td class="c missing" title="{e(c)}: missing">✕</td>')
            else:
                kind = "extra" if extra else "present"
                tds.append(f'<td class="c {kind}" title="{e(c)}: {int(n)} row(s)">{int(n)}</td>')
        body.append("<tr>" + "".join(tds) + "</tr>")
    return (
        f'<div class="scroll"><table class="matrix" aria-label="{e(title)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _coverage(v: Views, lang: Lang) -> str:
    legend = (
        '<p class="legend">'
        f'<span style="background:var(--present)">{e(tr(lang, "coverage.legend_present"))}</span>'
        f'<span style="background:var(--missing)">{e(tr(lang, "coverage.legend_missing"))}</span>'
        f'<span style="background:var(--extra)">{e(tr(lang, "coverage.legend_extra"))}</span></p>'
    )
    gaps = v.coverage[v.coverage["in_template"] & (v.coverage["missing_in"] > 0)]
    top = gaps.sort_values(["missing_in", "area_no"], ascending=[False, True]).head(10)
    items = "".join(
        f"<li>{e(r.activity)} <span class=muted>({e(r.area)})</span>: "
        f"{e(tr(lang, 'coverage.missing_in', n=r.missing_in, total=r.missing_in + r.planned_by))}</li>"
        for r in tuples(top)
    )
    note = tr(
        lang,
        "coverage.note",
        year=v.focus_year,
        template=tr(lang, v.template_note[0], value=v.template_note[1]),
    )
    return (
        f'<p class="note">{e(note)}</p>'
        + legend
        + (f"<h3>{e(tr(lang, 'coverage.top'))}</h3><ul class=tight>{items}</ul>" if items else "")
        + "<h3>Kegiatan</h3>"
        + _matrix(v.coverage, "coverage: kegiatan x decree", lang)
        + f"<details><summary>{e(tr(lang, 'coverage.sub'))}</summary>"
        + _matrix(v.coverage_sub, "coverage: sub kegiatan x decree", lang)
        + "</details>"
    )


def _blocks(frame: pd.DataFrame) -> list[Block]:
    def rows(cols: Iterable[str]) -> list[list[float]]:
        cols = list(cols)
        return [[float(x) for x in r] for r in tuples(frame[cols])]

    return [
        Block(MONTH_NAMES, rows(MONTH_NAMES)),
        Block(tuple(QUARTERS), rows(QUARTERS)),
        Block(("total",), rows(["total"]), shade=False),
    ]


def _schedule(v: Views, lang: Lang) -> str:
    if v.schedule.empty:
        return f"<p>{e(tr(lang, 'no_rows'))}</p>"
    parts = [
        f'<p class="note">{e(tr(lang, "schedule.note"))}</p>',
        f"<h3>{e(tr(lang, 'schedule.per_satker'))}</h3>",
        heatmap(
            "schedule: satker x month", list(v.schedule["label"]), _blocks(v.schedule), row_title="satker"
        ),
        f"<h3>{e(tr(lang, 'schedule.per_area'))}</h3>",
        heatmap(
            "schedule: area x month",
            [f"{r.area_no}. {r.area}" for r in tuples(v.schedule_areas)],
            _blocks(v.schedule_areas),
            row_title="area",
        ),
    ]
    for (area_no, area), frame in v.schedule_area_decree.groupby(["area_no", "area"], sort=True):
        parts.append(
            f"<details><summary>{e(tr(lang, 'schedule.area_satker', area=f'{area_no}. {area}'))}</summary>"
            + heatmap(f"schedule: {area} x month", list(frame["label"]), _blocks(frame), row_title="satker")
            + "</details>"
        )
    return "".join(parts)


def _yoy(v: Views, lang: Lang) -> str:
    if v.yoy_summary.empty:
        years = ", ".join(map(str, v.years)) or tr(lang, "none")
        return f"<p>{e(tr(lang, 'yoy.none', years=years))}</p>"
    s = v.yoy_summary
    labels = [f"{r.satker} {r.year_from}→{r.year_to}" for r in tuples(s)]
    chart = stacked_bars(
        "year on year: changed activities per satker",
        labels,
        {ADDED: list(s[ADDED]), DROPPED: list(s[DROPPED]), RESCHEDULED: list(s[RESCHEDULED])},
    )
    parts = [f'<p class="note">{e(tr(lang, "yoy.note"))}</p>', chart]
    for (satker, y0, y1), frame in v.yoy.groupby(["satker", "year_from", "year_to"], sort=True):
        counts = frame["change"].value_counts()
        summary = ", ".join(
            f"{counts.get(c, 0)} {tr(lang, f'change.{c}')}" for c in (ADDED, DROPPED, RESCHEDULED)
        )
        rows = "".join(
            f'<tr><td class="change-{e(r.change)}">{e(tr(lang, f"change.{r.change}"))}</td>'
            f"<td>{e(r.area_no)}</td>"
            f'<td class="wrap">{e(r.kegiatan)}</td><td class="wrap">{e(r.activity)}</td>'
            f"<td>{e(_months_text(r.months_from, lang))}</td>"
            f"<td>{e(_months_text(r.months_to, lang))}</td></tr>"
            for r in tuples(frame)
        )
        heads = "".join(
            f"<th>{e(h)}</th>"
            for h in (
                tr(lang, "col.change"),
                tr(lang, "col.area"),
                "kegiatan",
                "sub kegiatan",
                tr(lang, "col.months_in", year=y0),
                tr(lang, "col.months_in", year=y1),
            )
        )
        parts.append(
            f"<details><summary>{e(satker)} {e(y0)} → {e(y1)}: {e(summary)}</summary>"
            f'<div class="scroll"><table><thead><tr>{heads}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div></details>"
        )
    return "".join(parts)


def _picture_link(r: Any) -> str:
    """A link to the row's picture beside the report (made on demand: the title says how)."""
    doc, row_no = getattr(r, "doc_id", None), getattr(r, "row_no", None)
    if not isinstance(doc, str) or row_no is None or pd.isna(row_no):
        return "<td></td>"
    how = f"rencana show OUT --doc {doc[:16]} --row {int(row_no)}"
    return f'<td class="pic"><a href="{e(row_picture(doc, int(row_no)))}" title="{e(how)}">&#9635;</a></td>'


def _cards(v: Views, lang: Lang) -> str:
    summary = v.summary.set_index("label") if not v.summary.empty else pd.DataFrame()
    month_heads = "".join(f'<th class="m">{i}</th>' for i in range(1, 13))
    parts = [f'<p class="note">{e(tr(lang, "cards.note"))}</p>']
    for label, frame in v.plan_cards.groupby("label", sort=True):
        info = summary.loc[label] if label in summary.index else None
        head = f"<strong>{e(label)}</strong>"
        if info is not None:
            head += (
                f"<span>No. {e(info['decree_number'])}</span><span>{e(info['decree_date'])}</span>"
                f"<span>{e(tr(lang, 'cards.head', rows=info['rows'], areas=info['areas_covered']))}</span>"
            )
        body = []
        last_area = last_keg = None
        for r in tuples(frame):
            area = f"{int(r.area_no)}. {r.area}" if pd.notna(r.area_no) else str(r.area)
            show_area = area if area != last_area else ""
            show_keg = r.kegiatan if (area, r.kegiatan) != (last_area, last_keg) else ""
            last_area, last_keg = area, r.kegiatan
            months = [bool(getattr(r, m)) for m in MONTH_NAMES]
            cells = "".join('<td class="m on"></td>' if on else '<td class="m"></td>' for on in months)
            sub_cls = "wrap empty-months" if not any(months) else "wrap"  # one class attribute
            body.append(
                f'<tr><td class="area">{e(show_area)}</td><td class="wrap">{e(show_keg)}</td>'
                f'<td class="{sub_cls}">{e(r.sub_kegiatan)}</td>{cells}{_picture_link(r)}</tr>'
            )
        parts.append(
            f'<section class="card"><header>{head}</header><div class="scroll"><table class="grid">'
            f"<thead><tr><th>{e(tr(lang, 'col.area'))}</th><th>kegiatan</th><th>sub kegiatan</th>"
            f"{month_heads}<th></th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div></section>"
        )
    return "".join(parts)


def render_html(v: Views, lang: Lang = "id") -> str:
    """The whole report as one string."""
    name = v.province_name or v.province
    where = tr(lang, "where.province", name=name) if name else tr(lang, "where.all")
    years = ", ".join(map(str, v.years)) or tr(lang, "none")
    titles = section_titles(lang)
    nav = "".join(f'<a href="#{key}">{e(title)}</a>' for key, title in titles)
    render = {
        "roster": _roster,
        "satkers": _satkers,
        "files": _files,
        "coverage": _coverage,
        "schedule": _schedule,
        "yoy": _yoy,
        "cards": _cards,
    }
    sections = "".join(
        f'<h2 id="{key}"{" class=first" if i == 0 else ""}>{e(title)}</h2>'
        f"<section>{render[key](v, lang)}</section>"
        for i, (key, title) in enumerate(titles)
    )
    title = tr(lang, "title", year=v.focus_year or "", where=where)
    meta = tr(
        lang,
        "meta",
        plans=len(v.summary),
        year=e(v.focus_year),
        files=v.files,
        years=e(years),
        template=e(tr(lang, v.template_note[0], value=v.template_note[1])),
        source=e(v.source_dir),
        created=e(v.created),
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{_css()}</style></head><body>"
        f'<h1>{e(title)}</h1><p class="meta">{meta}</p>'
        f"<nav>{nav}</nav>{sections}{PRINT_SCRIPT}</body></html>"
    )


def write_html(v: Views, path: Path, lang: Lang = "id") -> Path:
    """Write the report atomically (temp file, rename)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(render_html(v, lang), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
