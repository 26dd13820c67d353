"""``rencana``: the command line.  Thin: parse, call the Python API, exit code.

Exit codes: 0 all files ok (or skipped), 1 some files failed or were partial,
2 usage error / nothing could run (a missing input, an unwritable output: one line), 130
interrupted (Ctrl-C: run again to resume).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from rencana import PIPELINE_VERSION

if TYPE_CHECKING:  # the CLI imports the pipeline lazily, so --help stays fast
    from rencana.pipeline.model import FileResult, RunSettings
    from rencana.pipeline.run import RunSummary

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING, EXIT_INTERRUPTED = 0, 1, 2, 130


def _interrupted() -> NoReturn:
    """Ctrl-C: what to do next, exit 130 (finished files are in the ledger: a re-run resumes)."""
    click.echo("interrupted — run again to resume (finished files are kept)", err=True)
    sys.exit(EXIT_INTERRUPTED)


def _fail(message: str) -> NoReturn:
    """One clear line on stderr, exit 2 (nothing could run)."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(EXIT_NOTHING)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(PIPELINE_VERSION, prog_name="rencana")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.pass_context
def main(ctx: click.Context, verbose: int) -> None:
    """Turn KPU 'Rencana Aksi Reformasi Birokrasi' decree PDFs into Parquet.

    \b
    Typical use:
      rencana extract data/raw --out data/processed
      rencana evaluate data/corpus data/processed
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(logging.DEBUG, level), format="%(levelname)s %(name)s: %(message)s")
    if ctx.invoked_subcommand == "extract" and "--help" not in sys.argv and "-h" not in sys.argv:
        # the workers' fork server imports and warms the pipeline (~0.4 s) while this process
        # hashes the inputs and reads the previous output (the console script started it already)
        from rencana.pipeline.forkserver import prestart

        prestart()


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
@click.option(
    "--retry-failed", is_flag=True, help="Redo the files that failed last time (timeouts, crashes…)."
)
@click.option("--no-ocr", is_flag=True, help="Do not OCR image-only pages (they are flagged needs_ocr).")
@click.option(
    "--scheduler",
    metavar="tcp://HOST:8786",
    default=None,
    help="Run the files on this Dask distributed scheduler's workers instead of local processes.",
)
@click.option(
    "--memory-mb",
    default=2048,
    show_default=True,
    type=click.IntRange(256),
    help="Memory cap of each worker process (address space, RLIMIT_AS).",
)
@click.option(
    "--timeout",
    "timeout_base",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds a file may take, plus --timeout-per-page for each page.",
)
@click.option("--timeout-per-page", default=10.0, show_default=True, type=click.FloatRange(min=0.1))
@click.option(
    "--timeout-max",
    default=1800.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Cap of the budget.",
)
@click.option(
    "--quarantine",
    "quarantine_dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where failed inputs are copied, with a note.  [default: OUT/quarantine]",
)
@click.option(
    "--wait",
    "lock_wait",
    default=0.0,
    type=click.FloatRange(min=0),
    help="When another run is writing OUT, wait up to this many seconds instead of stopping.",
)
@click.option(
    "--keep-missing",
    is_flag=True,
    help="Keep the rows of files in OUT that this run was not given (default: OUT mirrors the inputs; "
    "the dropped files' work stays cached, so giving them back costs nothing).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def extract(
    paths: tuple[Path, ...],
    out_dir: Path,
    jobs: int,
    force: bool,
    retry_failed: bool,
    no_ocr: bool,
    scheduler: str | None,
    memory_mb: int,
    timeout_base: float,
    timeout_per_page: float,
    timeout_max: float,
    quarantine_dir: Path | None,
    lock_wait: float,
    keep_missing: bool,
    quiet: bool,
) -> None:
    """Extract decree PDFs (files or directories, searched recursively) into OUT.

    Writes documents.parquet (one row per distinct file content, every name
    in source_files; other copies of a decree marked duplicate_of, replaced
    decrees superseded_by), plan_rows.parquet (one row per
    row of the action-plan table), corrections.parquet (every change from the
    printed text) and issues.parquet (every quality finding) into OUT.  Each
    file runs in a worker process of its own, with a memory cap and a time
    budget (scaled by its page count); a file that cannot be read gets status
    'failed' and a reason code, is copied to the
    quarantine folder, and the batch goes on.  Files already in OUT with the
    same content hash, rencana, vocabulary and settings are skipped (--force
    redoes them); a killed run resumes where it stopped.  OUT mirrors the
    inputs: files not given any more are dropped (--keep-missing keeps them).

    \b
    Exit codes: 0 every file ok, 1 some failed or partial, 2 nothing could run
    (no PDF found, every file failed, an input path missing, OUT not writable or
    locked by another run, cluster unreachable), 130 interrupted (Ctrl-C: run
    again to resume).

    \b
    Examples:
      rencana extract data/raw --out data/processed
      rencana extract "KPU Kota Banjar 2022.pdf" --out /tmp/out --jobs 2
      rencana extract data/raw --out data/processed --scheduler tcp://10.0.0.5:8786
    """
    try:
        import tqdm as tqdm_module

        from rencana.pipeline.overlay import activate
        from rencana.pipeline.run import Limits, RunSettings, cpu_jobs

        tqdm_module.tqdm.monitor_interval = 0  # no monitor thread
        activate()  # the user's review decisions, if any
        settings = RunSettings(
            jobs=jobs or cpu_jobs(),
            force=force,
            retry_failed=retry_failed,
            ocr=not no_ocr,
            limits=Limits(memory_mb, timeout_base, timeout_per_page, timeout_max),
            scheduler=scheduler,
            keep_missing=keep_missing,
        )
    except KeyboardInterrupt:
        _interrupted()
    summary = _run_extract(list(paths), out_dir, settings, quarantine_dir, lock_wait, quiet)
    _echo_summary(summary)
    sys.exit(int(summary.exit_code))


def _run_extract(
    paths: list[Path],
    out_dir: Path,
    settings: RunSettings,
    quarantine_dir: Path | None,
    lock_wait: float,
    quiet: bool,
) -> RunSummary:
    """The run with its progress bar; every way it can stop early is one line and an exit code."""
    from rencana.pipeline.cluster import ClusterError
    from rencana.pipeline.ledger import OutputLocked
    from rencana.pipeline.run import run
    from rencana.schema.io import arrow_without_pandas

    arrow_without_pandas()  # this process builds tables from lists only
    bar = _Progress(quiet)
    try:
        return run(
            paths,
            out_dir,
            settings,
            progress=bar.on_file,
            on_start=bar.on_start,
            quarantine_dir=quarantine_dir,
            lock_wait=lock_wait,
        )
    except FileNotFoundError as exc:  # an input path that does not exist
        _fail(str(exc))
    except (PermissionError, NotADirectoryError, FileExistsError) as exc:
        _fail(f"cannot write to {exc.filename or out_dir}: {exc.strerror or exc} (choose another --out)")
    except (OutputLocked, ClusterError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        bar.close()
        _interrupted()
    finally:
        bar.close()


class _Progress:
    """The progress bar of ``rencana extract`` (none when quiet or nothing to do)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None

    def on_start(self, todo: list[Path], skipped: int) -> None:
        if skipped:
            click.echo(
                f"{skipped} file(s) unchanged since the last run: skipped (--force redoes them)", err=True
            )
        if not self.quiet and todo:
            import tqdm

            self.bar = tqdm.tqdm(total=len(todo), unit="file", desc="extract", file=sys.stderr)

    def on_file(self, result: FileResult) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"{Path(result.source_file).name[:30]} {result.status}", refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _echo_summary(summary: RunSummary) -> None:
    click.echo(
        f"files: {summary.files} (ok {summary.ok}, partial {summary.partial}, failed {summary.failed}, "
        f"skipped {summary.skipped}, resumed {summary.resumed}); rows: {summary.rows}; "
        f"pages: {summary.pages}; {summary.seconds:.1f} s"
    )
    if summary.reasons:
        by_reason = ", ".join(
            f"{code} {n}" for code, n in sorted(summary.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        click.echo(f"by reason: {by_reason}")
    if summary.removed:
        click.echo(
            f"removed: {summary.removed} file(s) of the previous output not given this time "
            "(their work stays cached; --keep-missing keeps them)"
        )
    if summary.quarantined:
        click.echo(f"quarantine: {summary.quarantined} failed file(s) copied to {summary.quarantine_dir}")
    for source, reason in summary.failures:
        click.echo(f"  {source}: {reason}", err=True)
    if summary.files == 0:
        click.echo("no PDF files found", err=True)


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

    from rencana.evaluate import evaluate_dir, format_report

    if not (out_dir / "documents.parquet").exists():
        _fail(
            f"no rencana output in {out_dir} (no documents.parquet): "
            f"run `rencana extract … --out {out_dir}` first"
        )
    if not any(truth_dir.glob("*.truth.json")):
        _fail(f"no *.truth.json in {truth_dir}: evaluate needs a generated corpus (make corpus)")
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


# ---- rencana compare / rencana dataset: analyst views (rencana.compare; reads Parquet only) ----
from rencana.compare import cli as _compare_cli  # noqa: E402

main.add_command(_compare_cli.compare)
main.add_command(_compare_cli.dataset)
# ---- end compare ----

# ---- rencana show: what the pipeline saw, drawn over the pages (rencana.show) ----
from rencana.show.cli import show as _show  # noqa: E402

main.add_command(_show)


# ---- rencana review: the vocabulary review loop (rencana.pipeline.review) ----
@main.command()
@click.argument("out_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--apply",
    "sheet",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Store the decisions of a filled-in review sheet (.xlsx or .csv) as manual overrides.",
)
@click.option(
    "--all", "include_all", is_flag=True, help="List every vocabulary decision, not only uncertain ones."
)
@click.option(
    "--vocabulary",
    "vocabulary",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Vocabulary directory to use (default: $RENCANA_VOCABULARY, else the packaged schema/vocabulary "
    "with your decisions from the overlay).",
)
@click.option(
    "--overlay",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where --apply stores your decisions (default: $RENCANA_OVERLAY, else "
    "~/.config/rencana/vocabulary); never the repository's schema/vocabulary.",
)
@click.option(
    "--pictures",
    is_flag=True,
    help="Also draw the picture each row's example_picture link opens (OUT/show/…; reads the PDFs "
    "again: under a second per digital page, seconds per scanned one).",
)
def review(
    out_dir: Path | None,
    sheet: Path | None,
    include_all: bool,
    vocabulary: Path | None,
    overlay: Path | None,
    pictures: bool,
) -> None:
    """Review uncertain vocabulary decisions, then apply the analyst's answers.

    `rencana review OUT` writes OUT/review.xlsx and OUT/review.csv: every kegiatan /
    sub-kegiatan name and every word whose match is uncertain or unmatched, once per
    distinct text, with the best suggestion, the alternatives and the cell it came from.
    Fill the `decision` column with accept (take the suggestion), reject (the printed
    text is right) or replace (use `replace_with`: a canonical id such as PWS.01.02, a
    name, or a word).  `rencana review --apply SHEET` stores the decisions in your
    vocabulary overlay (--overlay, $RENCANA_OVERLAY, else ~/.config/rencana/vocabulary:
    your manual_overrides.csv beside links to the packaged files; with $RENCANA_VOCABULARY
    set, in that directory), never in the repository's files; the next `rencana extract`
    uses them, redoes every file (the vocabulary version changed) and human decisions win
    over fuzzy ones.  A review sheet that holds decisions is never overwritten (the new
    one is review-2.xlsx).

    `--pictures` also draws, beside the sheet, the picture of the plan row each item was
    seen in (the sheet's example_picture links to it; without the flag the link's picture
    is drawn on demand by `rencana show OUT --doc DOC --row N`).

    \b
    Examples:
      rencana review data/processed
      rencana review data/processed --pictures
      rencana review --apply data/processed/review.xlsx
    """
    from rencana.normalise.vocabulary import VocabularyError, load_vocabulary
    from rencana.pipeline.overlay import activate, target_for_apply
    from rencana.pipeline.review import ReviewError, apply_review, build_review, write_review

    try:
        if sheet is not None:
            summary = apply_review(sheet, vocabulary or target_for_apply(overlay))
            click.echo(
                f"{summary.accepted} accepted, {summary.rejected} rejected, {summary.replaced} replaced "
                f"({summary.skipped} rows without a decision) -> {summary.overrides}"
            )
            click.echo("run `rencana extract` again to apply them (changed vocabulary: every file is redone)")
            return
        if out_dir is None:
            raise click.UsageError("give the output directory OUT, or --apply SHEET")
        if not (out_dir / "corrections.parquet").exists():
            raise click.ClickException(f"no corrections.parquet in {out_dir}: run `rencana extract` first")
        activate(overlay)
        frame = build_review(out_dir, include_all, load_vocabulary(vocabulary))
        xlsx, csv_path = write_review(frame, out_dir)
        labels = int((frame["kind"] == "label").sum())
        click.echo(
            f"{len(frame)} items to review ({labels} labels, {len(frame) - labels} words): {xlsx}, {csv_path}"
        )
        if pictures:
            _review_pictures(out_dir, list(frame["example_picture"]))
    except (ReviewError, VocabularyError) as exc:
        raise click.ClickException(str(exc)) from exc


def _review_pictures(out_dir: Path, links: list[object]) -> None:
    """Draw the review sheet's linked row pictures, with progress; a row that fails says why."""
    from tqdm import tqdm

    from rencana.show.links import write_linked_pictures

    todo = len({x for x in links if isinstance(x, str) and x.startswith("show/")})
    with tqdm(total=todo, unit="picture", desc="pictures", disable=todo == 0, file=sys.stderr) as bar:
        done = write_linked_pictures(out_dir, links, lambda _link: bar.update())
    for link, reason in done.failed:
        click.echo(f"picture not drawn: {link}: {reason}", err=True)
    click.echo(f"{len(done.written)} pictures in {out_dir / 'show'} ({len(done.failed)} not drawn)")


# ---- end review ----

if __name__ == "__main__":
    main()
