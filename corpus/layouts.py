"""Seeded sampling of :class:`LayoutSpec` so the corpus covers many ways of drawing a decree."""

from __future__ import annotations

import random

from rencana.corpus.model import LayoutSpec, MarkStyle, Paper, RuleStyle, Ruling, VAlign

FONTS = ("DejaVuSans", "LiberationSans", "LiberationSerif", "DejaVuSerif", "DejaVuSansCondensed")


def sample_layout(rng: random.Random) -> LayoutSpec:
    """A random but plausible layout: paper, ruling, marks, fonts, widths, splitting all vary."""
    paper: Paper = rng.choice(("A4", "A4", "F4"))
    ruling: Ruling = "horizontal" if rng.random() < 0.25 else "full"
    valign: VAlign = rng.choice(("top", "top", "middle"))
    mark: MarkStyle = rng.choice(("V", "V", "V", "v", "√", "✓", "shade", "shade", "mixed"))
    rule_style: RuleStyle = rng.choice(("lines", "rects", "fills", "fills"))
    font_size = rng.choice((7.0, 7.5, 8.0, 8.0, 8.5, 9.0, 9.5, 10.0))
    big = font_size >= 9.5 or (paper == "A4" and font_size >= 9.0)
    margin = rng.choice((10.0, 12.7, 15.0) if big else (10.0, 12.7, 15.0, 15.0, 20.0, 25.4))
    month_min = 4.2 + 0.2 * font_size  # room for "10".."12" in the header
    month_col = round(rng.uniform(max(5.0, month_min), 7.0 if big else 8.0), 1)
    weights = (
        round(rng.uniform(0.7, 1.4), 2),
        round(rng.uniform(1.0, 1.8), 2),
        round(rng.uniform(1.6, 2.6), 2),
        round(rng.uniform(1.6, 2.8), 2),
    )
    return LayoutSpec(
        paper=paper,
        ruling=ruling,
        merged_valign=valign,
        mark_style=mark,
        font=rng.choice(FONTS),
        font_size=font_size,
        column_number_row=rng.random() < 0.65,
        header_repeat=rng.random() < 0.9,
        allow_row_split=rng.random() < 0.7,
        header_fill=rng.random() < 0.4,
        margin_mm=margin,
        month_col_mm=month_col,
        line_width=round(rng.uniform(0.3, 1.0), 2),
        rule_style=rule_style,
        header_bold=rng.random() < 0.8,
        shade_gray=round(rng.uniform(0.6, 0.85), 2),
        col_weights=weights,
        no_col_mm=round(rng.uniform(6.5, 11.0), 1),
        cell_pad_pt=round(rng.uniform(2.0, 4.5), 1),
        leading=round(rng.uniform(1.12, 1.35), 2),
        item_breaks=rng.random() < 0.75,
        hanging_indent=rng.random() < 0.6,
        mark_valign=rng.choice(("top", "middle", "middle")),
        front_font_size=rng.choice((10.0, 11.0, 11.0, 12.0)),
        page_numbers=rng.random() < 0.3,
        lampiran_right=rng.random() < 0.7,
        logo=rng.random() < 0.4,
    )


def seed_layout() -> LayoutSpec:
    """A plain Word-export look for the seed decree: full ruling, "V" marks, F4 paper."""
    return LayoutSpec(
        paper="F4",
        ruling="full",
        merged_valign="top",
        mark_style="V",
        font="LiberationSans",
        font_size=8.0,
        column_number_row=True,
        header_repeat=True,
        allow_row_split=True,
        header_fill=False,
        margin_mm=15.0,
        month_col_mm=6.0,
        rule_style="fills",
        line_width=0.5,
    )
