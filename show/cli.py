"""``rencana show``: a thin command over :mod:`rencana.show`."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--page", "pages", type=int, multiple=True, help="Page to draw (1-based; repeat). Default: all."
)
@click.option(
    "--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Folder for the pictures."
)
@click.option("--doc", "doc_id", help="With an output folder as SOURCE: the document (doc_id or a prefix).")
@click.option("--row", "row_no", type=int, help="With --doc: the plan row (plan_rows.row_no) to draw.")
def show(
    source: Path, pages: tuple[int, ...], out: Path | None, doc_id: str | None, row_no: int | None
) -> None:
    """Draw what the pipeline saw over each page: header cells and roles, column bounds, ruling
    accepted and rejected, row bands, month marks, section rows, front matter, issues.

    \b
      rencana show decree.pdf --page 3 --out show/        # PNGs, show.json, index.html
      rencana show data/processed --doc 3f2a --row 12     # one plan row on its page(s)
    """
    from rencana.show import show_pdf
    from rencana.show.row import show_row

    if source.is_dir():
        if not doc_id or row_no is None:
            click.echo("Error: an output folder needs --doc DOC_ID and --row N", err=True)
            sys.exit(2)
        try:
            index = show_row(source, doc_id, row_no, out)
        except (LookupError, FileNotFoundError) as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
    else:
        index = show_pdf(source, out or Path(f"show-{source.stem}"), pages)
    click.echo(f"wrote {index}")
