"""``rencana``: the command line.  Thin: parse, call the Python API, exit code.

Exit codes: 0 all files ok (or skipped), 1 some files failed or were partial,
2 usage error / nothing could run.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from rencana import PIPELINE_VERSION

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(PIPELINE_VERSION, prog_name="rencana")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Turn KPU 'Rencana Aksi Reformasi Birokrasi' decree PDFs into Parquet.

    \b
    Typical use:
      rencana extract data/raw --out data/processed
      rencana evaluate data/corpus data/processed
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(logging.DEBUG, level), format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default=Path("data/processed"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory for the Parquet tables.",
)
@click.option("--jobs", "-j", default=0, show_default=True, help="Worker processes; 0 = one per CPU core.")
@click.option("--force", is_flag=True, help="Redo files even if their content hash is already in the output.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR image-only pages (they are flagged needs_ocr).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def extract(
    paths: tuple[Path, ...], out_dir: Path, jobs: int, force: bool, no_ocr: bool, quiet: bool
) -> None:
    """Extract decree PDFs (files or directories, searched recursively) into OUT.

    Writes documents.parquet (one row per file), plan_rows.parquet (one row per
    row of the action-plan table) and corrections.parquet (every change from
    the printed text) into OUT.  Files already in OUT with the same content
    hash are skipped (use --force to redo them); a file that cannot be read
    gets status 'failed' and a reason, and the batch goes on.

    \b
    Examples:
      rencana extract data/raw --out data/processed
      rencana extract "KPU Kota Banjar 2022.pdf" --out /tmp/out --jobs 2
    """
    from tqdm import tqdm

    from rencana.pipeline.run import FileResult, RunSettings, cpu_jobs, run

    settings = RunSettings(jobs=jobs or cpu_jobs(), force=force, ocr=not no_ocr)
    bar: tqdm[None] | None = None

    def on_start(todo: list[Path], skipped: int) -> None:
        nonlocal bar
        if skipped:
            click.echo(
                f"{skipped} file(s) unchanged since the last run: skipped (--force redoes them)", err=True
            )
        if not quiet and todo:
            bar = tqdm(total=len(todo), unit="file", desc="extract", file=sys.stderr)

    def on_file(result: FileResult) -> None:
        if bar is not None:
            bar.set_postfix_str(f"{Path(result.source_file).name[:30]} {result.status}", refresh=False)
            bar.update(1)

    try:
        summary = run(list(paths), out_dir, settings, progress=on_file, on_start=on_start)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
    click.echo(
        f"files: {summary.files} (ok {summary.ok}, partial {summary.partial}, failed {summary.failed}, "
        f"skipped {summary.skipped}); rows: {summary.rows}; pages: {summary.pages}; {summary.seconds:.1f} s"
    )
    for source, reason in summary.failures:
        click.echo(f"  {source}: {reason}", err=True)
    if summary.files == 0:
        click.echo("no PDF files found", err=True)
        sys.exit(EXIT_NOTHING)
    sys.exit(EXIT_SOME_FAILED if summary.failed or summary.partial else EXIT_OK)


@main.command()
@click.argument("truth_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--per-doc", is_flag=True, help="Also print one line per document.")
def evaluate(truth_dir: Path, out_dir: Path, as_json: bool, per_doc: bool) -> None:
    """Score OUT_DIR (output of `rencana extract`) against the *.truth.json files in TRUTH_DIR.

    Prints row recall and precision, raw-text similarity, exact month sets,
    indicator counts and document metadata accuracy.

    \b
    Example:
      rencana evaluate data/corpus data/corpus-out
    """
    import json

    from rencana.pipeline.evaluate import evaluate_dir, format_report

    report = evaluate_dir(truth_dir, out_dir)
    click.echo(json.dumps(report.as_dict(), indent=2) if as_json else format_report(report, per_doc=per_doc))


@main.command()
@click.option(
    "--out",
    "out_file",
    default=Path("docs/data-dictionary.md"),
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
def dictionary(out_file: Path) -> None:
    """Write the data dictionary (Markdown) generated from the Arrow schemas."""
    from rencana.schema.dictionary import render_dictionary

    out_file.write_text(render_dictionary(), encoding="utf-8")
    click.echo(f"wrote {out_file}")


if __name__ == "__main__":
    main()
