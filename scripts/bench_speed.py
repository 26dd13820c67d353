"""Benchmark of issue 14: where a page's time goes, and what a user waits for.

What `make bench` runs first:

    python scripts/bench_speed.py --corpus data/bench-speed --n 40 --seed 14

Measures, on generated digital decrees (canvas renderer):

* in-process CPU per page (``time.process_time``, best of ``--repeat``): the PDFium floor
  (open the page, read every character with its box), rencana's text layer alone
  (``read_page``: words, ruling, fills), rencana's whole per-file work
  (``rencana.pipeline.work.process_file``: pre-check, triage, front matter, grid, stitch,
  normalise) and pdfplumber's ``extract_tables`` alone, on the same first ``--docs`` decrees;
  the per-file work twice: a new worker's first pass (a new process warmed as the fork server
  warms it, each file once: what ``--jobs 1`` costs) and again in one process (caches warm);
* the commands as a user runs them (a new process, start to exit, wall seconds):
  ``rencana --help``; ``rencana extract --jobs 1`` on 1 decree (the first of ``--one-pages``
  pages, five: the size issue 14's target names) and on ``--docs`` decrees
  (beside pdfplumber's ``extract_tables`` on the same pages, wall, in this process); a
  no-change re-run; ``--jobs 1`` vs ``--jobs 2`` on all ``--n`` decrees;
* which heavy modules the main process of ``rencana --help`` and of a no-change re-run
  imported (none of pandas, cv2, tesserocr is the goal);
* peak memory of a worker process: resident (RSS) and unique (USS: its private pages;
  what the machine loses per extra worker), sampled from ``/proc`` every 20 ms.

Prints the Markdown rows of the table in docs/benchmarks.md.  The machine's load average is
printed beside: on a shared machine wall seconds wander, CPU seconds much less.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from rencana.bench import canvas_corpus, count_pages
from rencana.bench import pdfplumber_tables as pdfplumber_file

CLI = [sys.executable, "-c", "from rencana.pipeline.entry import main; main()"]  # the console script
HEAVY = ("pandas", "cv2", "tesserocr", "pyarrow.dataset")
# the CLI, and at its exit the heavy modules it imported, on stderr
_PROBE = "\n".join(
    [
        "import atexit, sys",
        f"names = {HEAVY!r}",
        "report = lambda: print('HEAVY', [m for m in names if m in sys.modules], file=sys.__stderr__)",
        "atexit.register(report)",
        "from rencana.pipeline.entry import main; main()",
    ]
)


# ---------------------------------------------------------------- in-process, CPU per page
def floor(paths: list[Path]) -> None:
    """PDFium alone: open each page, read every character with its box."""
    for p in paths:
        pdf = pdfium.PdfDocument(str(p))
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage()
            for k in range(text.count_chars()):
                text.get_charbox(k, loose=True)
            text.close()
            page.close()
        pdf.close()


def text_layer(paths: list[Path]) -> None:
    from rencana.extract.text.layer import read_page

    for p in paths:
        pdf = pdfium.PdfDocument(str(p))
        for i in range(len(pdf)):
            read_page(pdf, i)
        pdf.close()


def whole(paths: list[Path]) -> None:
    from rencana.pipeline.model import RunSettings
    from rencana.pipeline.work import process_file

    for p in paths:
        assert process_file(p, RunSettings(ocr=False)).status != "failed", p


def pdfplumber_tables(paths: list[Path]) -> None:
    for p in paths:
        pdfplumber_file(p)


_FIRST_PASS = "\n".join(
    [
        "import logging, sys, time",
        "logging.disable(logging.WARNING)",
        "import rencana.pipeline.warm",  # what the fork server preloads before a worker forks
        "from pathlib import Path",
        "from rencana.pipeline.model import RunSettings",
        "from rencana.pipeline.work import process_file",
        "start = time.process_time()",
        "for p in sys.argv[1:]:",
        "    assert process_file(Path(p), RunSettings(ocr=False)).status != 'failed', p",
        "print(time.process_time() - start)",
    ]
)


def first_pass(paths: list[Path], repeat: int) -> float:
    """CPU seconds of one worker's first pass over ``paths`` in a new process (warmed as the fork
    server warms it, no file read before): what ``--jobs 1`` costs, caches filled as the run goes.
    Best of ``repeat`` new processes."""
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    runs = []
    for _ in range(repeat):
        cmd = [sys.executable, "-c", _FIRST_PASS, *map(str, paths)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return min(runs)


def _cpu(fn: Callable[[list[Path]], None], paths: list[Path], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(paths)
        best = min(best, time.process_time() - start)
    return best


def _wall(fn: Callable[[list[Path]], None], paths: list[Path]) -> float:
    start = time.perf_counter()
    fn(paths)
    return time.perf_counter() - start


# ---------------------------------------------------------------- commands, wall
class _Memory(threading.Thread):
    """Peak RSS and USS (MB) of the worker processes under ``root`` (its grandchildren)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.rss, self.uss, self.done = root, 0.0, 0.0, False

    @staticmethod
    def _children() -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                out.setdefault(ppid, []).append(int(entry))
        return out

    def run(self) -> None:
        while not self.done:
            tree = self._children()
            for server in tree.get(self.root, []):
                for worker in tree.get(server, []):
                    self._sample(worker)
            time.sleep(0.02)

    def _sample(self, pid: int) -> None:
        fields: dict[str, int] = {}
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
                name, value, *_ = line.split()
                fields[name.rstrip(":")] = int(value)
        except (OSError, ValueError):
            return
        self.rss = max(self.rss, fields.get("Rss", 0) / 1024)
        self.uss = max(self.uss, (fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)) / 1024)


def command(args: list[str], probe: bool = False) -> tuple[float, str, _Memory]:
    """Run the CLI in a new process: (wall seconds, its stderr, the worker memory sampler)."""
    argv = [sys.executable, "-c", _PROBE] if probe else CLI
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen([*argv, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = _Memory(proc.pid)
    memory.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    memory.done = True
    return seconds, err.decode(errors="replace"), memory


def _heavy(stderr: str) -> str:
    line = next((x for x in stderr.splitlines() if x.startswith("HEAVY")), "HEAVY ?")
    found = line.removeprefix("HEAVY ").strip()
    return "none" if found == "[]" else found


def extract(inputs: list[Path], out: Path, jobs: int, fresh: bool = True) -> tuple[float, _Memory]:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    seconds, _, memory = command(["extract", *map(str, inputs), "--out", str(out), "-q", "--jobs", str(jobs)])
    return seconds, memory


def best_of(repeat: int, fn: Callable[[], float]) -> float:
    return min(fn() for _ in range(repeat))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("data/bench-speed"))
    ap.add_argument("--n", type=int, default=40, help="decrees for the --jobs 2 scaling")
    ap.add_argument("--docs", type=int, default=24, help="decrees for the per-page and ratio figures")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--repeat", type=int, default=3, help="runs per measure; the fastest counts")
    ap.add_argument("--one-pages", type=int, default=5, help="pages of the single decree timed alone")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    paths = canvas_corpus(args.corpus, args.n, args.seed)
    subset = paths[: args.docs]
    pages, pages_all = count_pages(subset), count_pages(paths)
    load = os.getloadavg()[0]
    whole(subset[:1])  # imports and caches warm, as in a worker
    cpu = {fn.__name__: _cpu(fn, subset, args.repeat) for fn in (floor, text_layer, whole)}
    cpu["first_pass"] = first_pass(subset, args.repeat)
    cpu["pdfplumber_tables"] = _cpu(pdfplumber_tables, subset, 1)
    work = Path(tempfile.mkdtemp(prefix="rencana-bench-speed-"))
    try:
        rows = _commands(args, paths, subset, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ms = {k: v / pages * 1000 for k, v in cpu.items()}
    print(
        f"{len(subset)} / {len(paths)} decrees ({pages} / {pages_all} pages, canvas, seed {args.seed}); "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; best of {args.repeat}"
    )
    print()
    print("| measure | value | × |")
    print("|---|---:|---:|")
    print(f"| PDFium floor: open page + every char with its box, CPU | {ms['floor']:.2f} ms/page | 1.0 |")
    text_x = ms["text_layer"] / ms["floor"]
    print(f"| text layer (`read_page`), CPU | {ms['text_layer']:.2f} ms/page | {text_x:.1f} |")
    whole_x = ms["whole"] / ms["floor"]
    first_x = ms["first_pass"] / ms["floor"]
    print(
        f"| rencana per-file work, digital, first pass of a new worker, CPU "
        f"| **{ms['first_pass']:.2f} ms/page** | {first_x:.1f} |"
    )
    warm = f"{ms['whole']:.2f} ms/page | {whole_x:.1f}"
    print(f"| the same, again in one process (warm caches), CPU | {warm} |")
    plumber_x = ms["pdfplumber_tables"] / ms["floor"]
    plumber = f"{ms['pdfplumber_tables']:.1f} ms/page | {plumber_x:.0f}"
    print(f"| pdfplumber `extract_tables` alone, CPU | {plumber} |")
    for row in rows:
        print(row)


def _commands(args: argparse.Namespace, paths: list[Path], subset: list[Path], work: Path) -> list[str]:
    """The rows of the whole-command figures."""
    rows = []
    help_s = best_of(args.repeat, lambda: command(["--help"])[0])
    rows.append(f"| `rencana --help`, wall | **{help_s:.2f} s** | |")
    rows.append(f"| heavy modules imported by `rencana --help` | {_heavy(command(['--help'], True)[1])} | |")
    one = work / "one"
    one.mkdir()
    # issue 14's target is stated for a five-page decree: the first of --one-pages pages
    single = next((p for p in paths if count_pages([p]) == args.one_pages), paths[0])
    shutil.copy(single, one / single.name)
    one_s = best_of(args.repeat, lambda: extract([one], work / "one-out", 1)[0])
    one_pages = count_pages([single])
    rows.append(f"| `rencana extract --jobs 1`, 1 decree ({one_pages} pages), wall | **{one_s:.2f} s** | |")
    rerun, err, _ = command(["extract", str(one), "--out", str(work / "one-out"), "-q"], probe=True)
    rows.append(f"| no-change re-run of it, wall; heavy modules imported | {rerun:.2f} s; {_heavy(err)} | |")
    many = work / "many"
    many.mkdir()
    for p in subset:
        shutil.copy(p, many / p.name)
    ours, memory = extract([many], work / "many-out", 1)
    theirs = _wall(pdfplumber_tables, subset)
    rows.append(
        f"| `rencana extract --jobs 1`, {len(subset)} decrees vs pdfplumber `extract_tables` alone, wall "
        f"| {ours:.1f} s vs {theirs:.1f} s | **{ours / theirs:.2f}** |"
    )
    rows.append(f"| peak memory of a worker: RSS / USS | {memory.rss:.0f} / {memory.uss:.0f} MB | |")
    all_in = work / "all"
    all_in.mkdir()
    for p in paths:
        shutil.copy(p, all_in / p.name)
    j1 = best_of(1, lambda: extract([all_in], work / "j1", 1)[0])
    j2, memory2 = extract([all_in], work / "j2", 2)
    scaling = f"{j2:.1f} s vs {j1:.1f} s | **{j1 / j2:.2f}×**"
    rows.append(f"| `--jobs 2` vs `--jobs 1`, {len(paths)} decrees, wall | {scaling} |")
    rows.append(
        f"| peak memory of a worker with `--jobs 2`: RSS / USS | {memory2.rss:.0f} / {memory2.uss:.0f} MB | |"
    )
    return rows


if __name__ == "__main__":
    main()
