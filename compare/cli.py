"""``rencana compare`` and ``rencana dataset``: thin commands over :mod:`rencana.compare`.

Registered on the ``rencana`` click group by ``pipeline/cli.py``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

log = logging.getLogger(__name__)

EXIT_NOTHING = 2


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--province", help="Province: 2-digit code (35) or name (Jawa Timur). Default: every province.")
@click.option("--year", type=int, help="Plan year to compare. Default: the latest year in OUT_DIR.")
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of the template activities (area_no, kegiatan_id, kegiatan, sub_kegiatan_id, sub_kegiatan). "
    "Default: the canonical activity ids when the output has them, else the activities planned by at "
    "least --min-support decrees.",
)
@click.option("--min-support", default=2, show_default=True, help="Observed template: decrees per activity.")
@click.option(
    "--to",
    "dest",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the report files. Default: OUT_DIR.",
)
@click.option(
    "--lang",
    type=click.Choice(["id", "en"]),
    default="id",
    show_default=True,
    help="Language of the report: Bahasa Indonesia or English.",
)
def compare(
    out_dir: Path,
    province: str | None,
    year: int | None,
    template: Path | None,
    min_support: int,
    dest: Path | None,
    lang: str,
) -> None:
    """Compare the satkers' plans in OUT_DIR: writes compare-<province>-<year>.html and .xlsx there.

    One plan per satker and year: other copies of a decree and replaced decrees are
    set aside (and listed with the reason).  Views: the province's roster of satkers
    (KPU Provinsi and every kab/kota) with those that have not submitted a plan;
    a summary per plan (number, date, rows, areas, kegiatan, months, decree problems
    apart from reading confidence); failed and partial files with their reason in
    plain words; a coverage matrix of the template activities (present / missing /
    extra); schedule heatmaps; a plan card per plan; and, for satkers with two or
    more plan years, the activities added, dropped and rescheduled.  Bahasa
    Indonesia by default (--lang en for English).

    \b
    Examples:
      rencana compare data/processed --province 35 --year 2023   # compare-35-2023.html
      rencana compare data/processed --lang en
    """
    from rencana.compare.activities import load_template
    from rencana.compare.load import NoDocumentsError, load
    from rencana.compare.report import build_views, write_reports

    try:
        data = load(out_dir, province=province, year=year)
        tmpl = load_template(template) if template else None
    except (FileNotFoundError, NoDocumentsError, ValueError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_NOTHING)
    views = build_views(data, tmpl, min_support=min_support)
    target = dest or out_dir
    target.mkdir(parents=True, exist_ok=True)
    html, xlsx = write_reports(views, target, "en" if lang == "en" else "id")
    yoy = len(views.yoy_summary)
    missing = int((~views.roster["submitted"].astype(bool)).sum()) if len(views.roster) else 0
    click.echo(
        f"{len(views.summary)} plan(s), plan year {views.focus_year}; {len(views.problems)} problem file(s); "
        f"{len(views.set_aside)} copy(ies) set aside; {missing} satker(s) without a plan; "
        f"{len(views.coverage)} kegiatan in the coverage matrix; {yoy} year-on-year pair(s)"
    )
    click.echo(f"wrote {html}")
    click.echo(f"wrote {xlsx}")


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def dataset(out_dir: Path, dest: Path) -> None:
    """Copy OUT_DIR's tables into DEST as a Hive-partitioned dataset (year=YYYY/).

    The flat files in OUT_DIR stay the contract; DEST is a derived copy for
    large collections: DEST/<table>/year=YYYY/<table>.parquet (year=0: files
    without a plan year); pandas.read_parquet(DEST/<table>) reads it back.  A
    partition is rewritten only when its documents changed, so adding a year
    of decrees writes that year's partition and leaves the others alone.

    \b
    Example:
      rencana dataset data/processed data/dataset
      python -c "import pandas as pd; print(pd.read_parquet('data/dataset/plan_rows').year.value_counts())"
    """
    from rencana.compare.dataset import write_dataset

    try:
        result = write_dataset(out_dir, dest)
    except FileNotFoundError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_NOTHING)
    click.echo(
        f"partitions: {result.written} written, {result.unchanged} unchanged, {result.removed} removed "
        f"({', '.join(result.partitions) or 'none'}) in {dest}"
    )
