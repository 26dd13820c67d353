"""Inline SVG charts for the HTML report: heatmaps and stacked bars, no script, no network.

Every text that goes into the markup passes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT_PX = 11
CHAR_PX = 6.3  # average glyph width of an 11 px sans-serif, for label columns
CELL_W, CELL_H, HEAD_H, GAP = 34, 18, 20, 10
LOW, HIGH = (247, 251, 255), (8, 69, 148)  # light to dark blue
BAR_COLOURS = {"added": "#2e7d32", "dropped": "#c62828", "rescheduled": "#ef8f00"}


def colour(value: float, top: float) -> str:
    """Sequential colour of ``value`` on 0..top (white-ish to dark blue)."""
    t = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    rgb = (round(lo + (hi - lo) * t) for lo, hi in zip(LOW, HIGH, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _text_colour(value: float, top: float) -> str:
    return "#ffffff" if top > 0 and value / top > 0.55 else "#1a1a1a"


def _label_width(labels: Sequence[str], cap: int = 320) -> int:
    return min(cap, int(max((len(s) for s in labels), default=4) * CHAR_PX) + 24)


def _clip(text: str, width: int) -> str:
    room = int((width - 16) / CHAR_PX)
    return text if len(text) <= room else text[: max(1, room - 1)] + "…"


@dataclass(frozen=True, slots=True)
class Block:
    """A group of heatmap columns sharing one colour scale (the months; the quarters; the total)."""

    columns: Sequence[str]
    values: Sequence[Sequence[float]]  # one list per row, len(columns) each
    shade: bool = True


def heatmap(title: str, row_labels: Sequence[str], blocks: Sequence[Block], *, row_title: str = "") -> str:
    """A heatmap of several column blocks side by side, each block with its own colour scale."""
    label_w = _label_width(row_labels)
    widths = [len(b.columns) * CELL_W for b in blocks]
    width = label_w + sum(widths) + GAP * (len(blocks) - 1) + 4
    height = HEAD_H + CELL_H * len(row_labels) + 4
    parts = [
        f'<svg class="chart heatmap" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-size="{FONT_PX}" '
        f'font-family="sans-serif"><title>{escape(title)}</title>',
        f'<text x="4" y="{HEAD_H - 6}" font-weight="bold">{escape(row_title)}</text>',
    ]
    for i, label in enumerate(row_labels):
        y = HEAD_H + i * CELL_H
        parts.append(
            f'<text class="row-label" x="4" y="{y + CELL_H - 5}"><title>{escape(label)}</title>'
            f"{escape(_clip(label, label_w))}</text>"
        )
    x0 = label_w
    for block, w in zip(blocks, widths, strict=True):
        top = max((v for row in block.values for v in row), default=0.0)
        for j, col in enumerate(block.columns):
            parts.append(
                f'<text x="{x0 + j * CELL_W + CELL_W / 2}" y="{HEAD_H - 6}" text-anchor="middle" '
                f'font-weight="bold">{escape(col)}</text>'
            )
        for i, (label, row) in enumerate(zip(row_labels, block.values, strict=True)):
            y = HEAD_H + i * CELL_H
            for j, (col, v) in enumerate(zip(block.columns, row, strict=True)):
                x = x0 + j * CELL_W
                fill = colour(v, top) if block.shade else "#f2f2f2"
                ink = _text_colour(v, top) if block.shade else "#1a1a1a"
                shown = f"{v:g}"
                parts.append(
                    f'<rect class="cell" x="{x}" y="{y}" width="{CELL_W - 1}" height="{CELL_H - 1}" '
                    f'fill="{fill}"><title>{escape(f"{label} · {col}: {shown}")}</title></rect>'
                    f'<text x="{x + CELL_W / 2}" y="{y + CELL_H - 5}" text-anchor="middle" '
                    f'fill="{ink}">{escape(shown)}</text>'
                )
        x0 += w + GAP
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(
    title: str, row_labels: Sequence[str], series: dict[str, Sequence[int]], *, unit: str = ""
) -> str:
    """Horizontal stacked bars, one per row (e.g. added / dropped / rescheduled per satker)."""
    label_w = _label_width(row_labels)
    totals = [sum(vals[i] for vals in series.values()) for i in range(len(row_labels))]
    top = max(totals, default=0) or 1
    bar_w = 360
    width = label_w + bar_w + 60
    legend_h = 22
    height = legend_h + CELL_H * len(row_labels) + 4
    parts = [
        f'<svg class="chart bars" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-size="{FONT_PX}" '
        f'font-family="sans-serif"><title>{escape(title)}</title>',
    ]
    lx = label_w
    for name in series:
        fill = BAR_COLOURS.get(name, "#607d8b")
        parts.append(
            f'<rect class="legend" x="{lx}" y="4" width="12" height="12" fill="{fill}"/>'
            f'<text x="{lx + 16}" y="14">{escape(name)}</text>'
        )
        lx += 16 + int(len(name) * CHAR_PX) + 18
    for i, label in enumerate(row_labels):
        y = legend_h + i * CELL_H
        parts.append(
            f'<text class="row-label" x="4" y="{y + CELL_H - 5}"><title>{escape(label)}</title>'
            f"{escape(_clip(label, label_w))}</text>"
        )
        x = float(label_w)
        for name, vals in series.items():
            v = vals[i]
            if not v:
                continue
            w = bar_w * v / top
            parts.append(
                f'<rect class="cell" x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{CELL_H - 5}" '
                f'fill="{BAR_COLOURS.get(name, "#607d8b")}"><title>'
                f"{escape(f'{label} · {name}: {v}{unit}')}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + CELL_H - 5}">{totals[i]}</text>')
    parts.append("</svg>")
    return "".join(parts)
