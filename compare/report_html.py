"""``compare.html``: one self-contained page (inline CSS, inline SVG), every text escaped."""

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

from rencana.compare.load import tuples
from rencana.compare.report import Views
from rencana.compare.svg import Block, heatmap, stacked_bars
from rencana.compare.views import MONTH_NAMES, QUARTERS
from rencana.compare.yoy import ADDED, DROPPED, RESCHEDULED
from rencana.schema.issues import ISSUE_CODES

log = logging.getLogger(__name__)

SECTIONS = (
    ("satkers", "Satkers"),
    ("coverage", "Coverage"),
    ("schedule", "Schedule"),
    ("yoy", "Year on year"),
    ("cards", "Plan cards"),
)
# opens the collapsed parts before printing, so paper shows everything
PRINT_SCRIPT = (
    '<script>window.addEventListener("beforeprint",function(){'
    'document.querySelectorAll("details").forEach(function(d){d.open=true;});});</script>'
)
EXTRA_MARK = " <em class=muted>(extra)</em>"
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


def _months_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    months = [int(m) for m in value]  # type: ignore[attr-defined]
    return ", ".join(MONTH_NAMES[m - 1] for m in months) if months else "none"


def _table(
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    cell: Callable[[str, Any, Any], str] | None = None,
    cls: str = "",
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
    return (
        f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


# ---------------------------------------------------------------- sections
def _satkers(v: Views) -> str:
    s = v.summary
    if s.empty:
        return "<p>No decree.</p>"

    def cell(name: str, value: Any, row: Any) -> str:
        if name == "flag_list":
            flags = [f for f in str(value).split("; ") if f]
            badges = "".join(
                f'<span class="badge{" bad" if f.split(":")[0] in BAD_FLAGS else ""}">{e(f)}</span>'
                for f in flags
            )
            return f"<td>{badges or '<span class=ok>none</span>'}</td>"
        if name == "label":
            return f'<td class="name">{e(value)}</td>'
        if name in ("decree_date", "decree_number"):
            return f'<td class="nowrap">{e(value)}</td>'
        if name == "status" and value != "ok":
            return (
                f'<td class="bad">{e(value)}{": " + e(row.error) if isinstance(row.error, str) else ""}</td>'
            )
        if name == "areas_covered":
            missing = f' <span class="muted">(no {e(row.missing_areas)})</span>' if row.missing_areas else ""
            return f'<td class="num">{e(value)}/8{missing}</td>'
        return ""

    columns = [
        ("label", "satker · year"),
        ("decree_number", "decree number"),
        ("decree_date", "date"),
        ("status", "status"),
        ("rows", "rows"),
        ("areas_covered", "areas"),
        ("kegiatan", "kegiatan"),
        ("sub_kegiatan", "sub kegiatan"),
        ("months_active", "months with work"),
        ("activity_months", "activity-months"),
        ("rows_without_months", "rows without months"),
        ("corrections", "corrections"),
        ("typo_fixes", "typo fixes"),
        ("flag_list", "quality flags"),
    ]
    flagged = int((s["flags"] > 0).sum())
    return (
        f'<p class="note">{len(s)} decree(s); {flagged} with at least one quality flag. '
        "Flags in red name another satker in the preamble, a region code that disagrees with the name, "
        "a malformed decree number or a missing table.</p>" + _table(s, columns, cell)
    )


def _matrix(matrix: pd.DataFrame, title: str) -> str:
    fixed = ("area_no", "area", "activity", "key", "in_template", "planned_by", "missing_in")
    labels = [c for c in matrix.columns if c not in fixed]
    head = '<th>activity</th><th class="num">planned by</th><th class="num">missing in</th>' + "".join(
        f'<th class="col" title="{e(c)}">{e(short_label(c))}</th>' for c in labels
    )
    body = []
    area = None
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
            f'<td class="wrap">{e(values["activity"])}{EXTRA_MARK if extra else ""}</td>',
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


def _coverage(v: Views) -> str:
    legend = (
        '<p class="legend"><span class="present" style="background:var(--present)">n = rows planned</span>'
        '<span style="background:var(--missing)">✕ in the template, not planned</span>'
        '<span style="background:var(--extra)">extra: planned, not in the template</span></p>'
    )
    gaps = v.coverage[v.coverage["in_template"] & (v.coverage["missing_in"] > 0)]
    top = gaps.sort_values(["missing_in", "area_no"], ascending=[False, True]).head(10)
    items = "".join(
        f"<li>{e(r.activity)} <span class=muted>({e(r.area)})</span>: missing in {r.missing_in} "
        f"of {r.missing_in + r.planned_by}</li>"
        for r in tuples(top)
    )
    return (
        f'<p class="note">Each activity of the RB template (kegiatan) against each decree of '
        f"{e(v.focus_year)}. {e(v.template_source)}. Within each area the activities missing most often "
        "come first; the decrees with the most gaps are on the left.</p>"
        + legend
        + (f"<h3>Most often missing</h3><ul class=tight>{items}</ul>" if items else "")
        + "<h3>Kegiatan</h3>"
        + _matrix(v.coverage, "coverage: kegiatan x decree")
        + "<details><summary>Sub kegiatan (every activity of the template)</summary>"
        + _matrix(v.coverage_sub, "coverage: sub kegiatan x decree")
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


def _schedule(v: Views) -> str:
    if v.schedule.empty:
        return "<p>No plan rows.</p>"
    parts = [
        '<p class="note">Number of plan rows (sub kegiatan) scheduled in each month; a quarter adds up its '
        "three months (activity-months). Darker = busier. Hover a cell for its value.</p>",
        "<h3>Per satker</h3>",
        heatmap(
            "schedule: satker x month", list(v.schedule["label"]), _blocks(v.schedule), row_title="satker"
        ),
        "<h3>Per area (all satkers)</h3>",
        heatmap(
            "schedule: area x month",
            [f"{r.area_no}. {r.area}" for r in tuples(v.schedule_areas)],
            _blocks(v.schedule_areas),
            row_title="area",
        ),
    ]
    for (area_no, area), frame in v.schedule_area_decree.groupby(["area_no", "area"], sort=True):
        parts.append(
            f"<details><summary>{e(area_no)}. {e(area)}: per satker</summary>"
            + heatmap(f"schedule: {area} x month", list(frame["label"]), _blocks(frame), row_title="satker")
            + "</details>"
        )
    return "".join(parts)


def _yoy(v: Views) -> str:
    if v.yoy_summary.empty:
        years = ", ".join(map(str, v.years)) or "none"
        return f"<p>No satker has decrees for two plan years here (years present: {e(years)}).</p>"
    s = v.yoy_summary
    labels = [f"{r.satker} {r.year_from}→{r.year_to}" for r in tuples(s)]
    chart = stacked_bars(
        "year on year: changed activities per satker",
        labels,
        {ADDED: list(s[ADDED]), DROPPED: list(s[DROPPED]), RESCHEDULED: list(s[RESCHEDULED])},
    )
    parts = [
        '<p class="note">Each satker\'s plan against its previous plan year, sub kegiatan by sub kegiatan: '
        "added (new this year), dropped (planned last year, not this year), rescheduled (other months). "
        "Unchanged activities are counted in the workbook.</p>",
        chart,
    ]
    for (satker, y0, y1), frame in v.yoy.groupby(["satker", "year_from", "year_to"], sort=True):
        counts = frame["change"].value_counts()
        summary = ", ".join(f"{counts.get(c, 0)} {c}" for c in (ADDED, DROPPED, RESCHEDULED))
        rows = "".join(
            f'<tr><td class="change-{e(r.change)}">{e(r.change)}</td><td>{e(r.area_no)}</td>'
            f'<td class="wrap">{e(r.kegiatan)}</td><td class="wrap">{e(r.activity)}</td>'
            f"<td>{e(_months_text(r.months_from))}</td><td>{e(_months_text(r.months_to))}</td></tr>"
            for r in tuples(frame)
        )
        parts.append(
            f"<details><summary>{e(satker)} {e(y0)} → {e(y1)}: {e(summary)}</summary>"
            '<div class="scroll"><table><thead><tr><th>change</th><th>area</th><th>kegiatan</th>'
            f"<th>sub kegiatan</th><th>months {e(y0)}</th><th>months {e(y1)}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div></details>"
        )
    return "".join(parts)


def _cards(v: Views) -> str:
    summary = v.summary.set_index("label") if not v.summary.empty else pd.DataFrame()
    month_heads = "".join(f'<th class="m">{i}</th>' for i in range(1, 13))
    parts = [
        '<p class="note">Each decree\'s table as planned: one line per sub kegiatan, a filled cell per '
        "planned month (like the decree's own grid). Lines with no month are highlighted.</p>"
    ]
    for label, frame in v.plan_cards.groupby("label", sort=True):
        info = summary.loc[label] if label in summary.index else None
        head = f"<strong>{e(label)}</strong>"
        if info is not None:
            head += (
                f"<span>No. {e(info['decree_number'])}</span><span>{e(info['decree_date'])}</span>"
                f"<span>{e(info['rows'])} rows · {e(info['areas_covered'])}/8 areas</span>"
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
            flag = ' class="empty-months"' if not any(months) else ""
            body.append(
                f'<tr><td class="area">{e(show_area)}</td><td class="wrap">{e(show_keg)}</td>'
                f'<td class="wrap"{flag}>{e(r.sub_kegiatan)}</td>{cells}</tr>'
            )
        parts.append(
            f'<section class="card"><header>{head}</header><div class="scroll"><table class="grid">'
            f"<thead><tr><th>area</th><th>kegiatan</th><th>sub kegiatan</th>{month_heads}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div></section>"
        )
    return "".join(parts)


def render_html(v: Views) -> str:
    """The whole report as one string."""
    where = f"province {v.province}" if v.province else "all provinces"
    years = ", ".join(map(str, v.years)) or "none"
    nav = "".join(f'<a href="#{key}">{e(title)}</a>' for key, title in SECTIONS)
    bodies = {
        "satkers": _satkers(v),
        "coverage": _coverage(v),
        "schedule": _schedule(v),
        "yoy": _yoy(v),
        "cards": _cards(v),
    }
    sections = "".join(
        f'<h2 id="{key}"{" class=first" if i == 0 else ""}>{e(title)}</h2><section>{bodies[key]}</section>'
        for i, (key, title) in enumerate(SECTIONS)
    )
    title = f"Rencana Aksi RB {v.focus_year or ''}: {where}"
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{_css()}</style></head><body>"
        f"<h1>{e(title)}</h1>"
        f'<p class="meta">{len(v.summary)} decree(s) of plan year {e(v.focus_year)} · '
        f"plan years in the data: {e(years)} · {e(v.template_source)} · source {e(v.source_dir)} · "
        f"made {e(v.created)} by "
        "<code>rencana compare</code></p>"
        f"<nav>{nav}</nav>{sections}{PRINT_SCRIPT}</body></html>"
    )


def write_html(v: Views, path: Path) -> Path:
    """Write the report atomically (temp file, rename)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(render_html(v), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
