"""Tesseract behind one small interface: words with pixel boxes and confidences, and OSD.

Two engines: ``tesserocr`` (the C++ API in-process, model loaded once per
process; the default, chosen by measurement in ``docs/ocr.md``) and ``cli`` (the
``tesseract`` program with TSV output, used when tesserocr is not importable).
Engines are cached per process, so a process pool pays the model load once per
worker.  Neither is thread-safe: use processes, not threads.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from rencana.extract.ocr.errors import INSTALL_HINT, OcrUnavailableError
from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.settings import EngineName

log = logging.getLogger(__name__)

TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word, box in pixels of the image given to the engine."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    conf: float  # 0..100
    chars: tuple[tuple[int, int], ...] = ()  # x-extent of each character, when the engine gives them


@dataclass(frozen=True, slots=True)
class Osd:
    """Tesseract's orientation guess: turn the image ``rotate`` degrees clockwise to read it."""

    rotate: int
    confidence: float
    script: str


Box = tuple[int, int, int, int]  # x, y, width, height in pixels


class TesseractEngine(Protocol):
    name: str

    def words(self, image: Gray, dpi: float, psm: int) -> list[OcrWord]: ...

    def read_regions(self, image: Gray, dpi: float, boxes: Sequence[Box], psm: int) -> list[OcrWord]:
        """Words read inside each box of ``image`` alone (small regions a page read left out)."""
        ...

    def osd(self, image: Gray, dpi: float) -> Osd | None: ...


def tessdata_dir(langs: tuple[str, ...]) -> Path:
    """The tessdata folder holding every model in ``langs``; raises with the fix if none does."""
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = ([env, str(Path(env) / "tessdata")] if env else []) + list(TESSDATA_CANDIDATES)
    existing = [Path(c) for c in candidates if Path(c).is_dir()]
    for p in existing:
        if all((p / f"{lang}.traineddata").is_file() for lang in langs):
            return p
    missing = [lang for lang in langs if not existing or not (existing[0] / f"{lang}.traineddata").is_file()]
    fix = (
        INSTALL_HINT
        if not existing
        else "apt-get install -y " + " ".join(f"tesseract-ocr-{m}" for m in missing)
    )
    raise OcrUnavailableError(
        f"Tesseract language model(s) {'+'.join(missing)} not found (looked in {', '.join(candidates)})", fix
    )


class TesserocrEngine:
    """tesserocr: no process spawn, no PNG round trip, the model loaded once."""

    name = "tesserocr"

    def __init__(self, lang: str) -> None:
        import tesserocr  # noqa: F401  (import error -> caller falls back)

        self.lang = lang
        self.path = str(tessdata_dir(tuple(lang.split("+"))))
        self._apis: dict[int, Any] = {}
        self._apis_psm: dict[int, int] = {}  # id(api) -> the psm it was made for
        self._osd_api: Any = None
        self._page: tuple[Gray, float, Any] | None = None

    def _api(self, psm: int) -> Any:
        from tesserocr import PyTessBaseAPI

        if psm not in self._apis:
            self._apis[psm] = PyTessBaseAPI(path=self.path, lang=self.lang, psm=psm)
            self._apis_psm[id(self._apis[psm])] = psm
        return self._apis[psm]

    def _set_image(self, image: Gray, dpi: float, psm: int) -> Any:
        """The API with ``image`` loaded; the second read of a page reuses the loaded copy."""
        if self._page is not None and self._page[0] is image and self._page[1] == dpi:
            api = self._page[2]
            api.SetPageSegMode(psm)
            return api
        api = self._api(psm)
        h, w = image.shape
        api.SetImageBytes(image.tobytes(), w, h, 1, w)
        api.SetSourceResolution(round(dpi))
        self._page = (image, dpi, api)  # held, so ``is`` cannot match a recycled array
        return api

    def words(self, image: Gray, dpi: float, psm: int) -> list[OcrWord]:
        api = self._set_image(image, dpi, psm)
        api.Recognize()
        words = _collect(api)
        api.SetPageSegMode(self._apis_psm[id(api)])
        return words

    def read_regions(self, image: Gray, dpi: float, boxes: Sequence[Box], psm: int) -> list[OcrWord]:
        if not boxes:
            return []
        api = self._set_image(image, dpi, psm)
        out: list[OcrWord] = []
        h, w = image.shape[:2]
        for x, y, bw, bh in boxes:
            # inside the image: Leptonica prints "boxClipToRectangle: box outside rectangle"
            # and "pixScanForForeground: invalid box" on stderr for a box across its edge
            x0, y0, x1, y1 = max(0, x), max(0, y), min(w, x + bw), min(h, y + bh)
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            api.SetRectangle(x0, y0, x1 - x0, y1 - y0)
            api.Recognize()
            out.extend(_collect(api))  # boxes come back in whole-image pixels
        api.SetRectangle(0, 0, *reversed(image.shape))
        api.SetPageSegMode(self._apis_psm[id(api)])
        return out

    def osd(self, image: Gray, dpi: float) -> Osd | None:
        from tesserocr import PSM, PyTessBaseAPI

        try:
            path = str(tessdata_dir(("osd",)))
        except OcrUnavailableError:
            return None
        if self._osd_api is None:
            self._osd_api = PyTessBaseAPI(path=path, lang="osd", psm=PSM.OSD_ONLY)
        api = self._osd_api
        h, w = image.shape
        api.SetImageBytes(image.tobytes(), w, h, 1, w)
        api.SetSourceResolution(round(dpi))
        try:
            res = api.DetectOrientationScript()
        except RuntimeError:
            return None
        if not res:
            return None
        return Osd((360 - int(res["orient_deg"])) % 360, float(res["orient_conf"]), str(res["script_name"]))


def _collect(api: Any) -> list[OcrWord]:
    """The words of the last ``Recognize``, with per-character x-extents."""
    from tesserocr import RIL, iterate_level

    it = api.GetIterator()
    if it is None:
        return []
    # One pass at symbol level: word text, box and confidence at each word start, then its characters.
    raw: list[tuple[str, tuple[int, int, int, int], float, list[tuple[int, int]]]] = []
    for r in iterate_level(it, RIL.SYMBOL):
        if r.IsAtBeginningOf(RIL.WORD) or not raw:
            box = r.BoundingBox(RIL.WORD)
            raw.append((_text(r, RIL.WORD), box, float(r.Confidence(RIL.WORD)), []))
        sym = r.BoundingBox(RIL.SYMBOL)
        if sym is not None:
            raw[-1][3].append((int(sym[0]), int(sym[2])))
    return [
        OcrWord(text, *box, conf, tuple(chars) if len(chars) == len(text) else ())
        for text, box, conf, chars in raw
        if text and box is not None
    ]


def _text(result: Any, level: int) -> str:
    """A result's text; tesserocr raises instead of returning nothing for an empty element."""
    try:
        return str(result.GetUTF8Text(level) or "").strip()
    except RuntimeError:
        return ""


class CliEngine:
    """The ``tesseract`` program, TSV on stdout; one process per call."""

    name = "cli"

    def __init__(self, lang: str, binary: str = "tesseract", threads: int = 1) -> None:
        exe = shutil.which(binary)
        if exe is None:
            raise OcrUnavailableError(f"the {binary!r} program is not on PATH")
        tessdata_dir(tuple(lang.split("+")))
        self.exe, self.lang = exe, lang
        self.env = {**os.environ, "OMP_THREAD_LIMIT": str(threads)}

    def _run(self, image: Gray, args: list[str]) -> str:
        with tempfile.TemporaryDirectory(prefix="rencana-ocr-") as tmp:
            png = Path(tmp) / "page.png"
            cv2.imwrite(str(png), image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
            proc = subprocess.run(
                [self.exe, str(png), "stdout", *args],
                capture_output=True,
                env=self.env,
                text=True,
                check=False,
            )
        if proc.returncode != 0:
            raise RuntimeError(f"tesseract failed ({proc.returncode}): {proc.stderr.strip()[:300]}")
        return proc.stdout

    def words(self, image: Gray, dpi: float, psm: int) -> list[OcrWord]:
        tsv = self._run(image, ["-l", self.lang, "--psm", str(psm), "--dpi", str(round(dpi)), "tsv"])
        return parse_tsv(tsv)

    def read_regions(self, image: Gray, dpi: float, boxes: Sequence[Box], psm: int) -> list[OcrWord]:
        """All regions in one run: the crops stacked on a white strip, one text line each."""
        if not boxes:
            return []
        gap = max(8, round(dpi / 12))
        width = max(b[2] for b in boxes) + 2 * gap
        height = sum(b[3] for b in boxes) + gap * (len(boxes) + 1)
        strip = np.full((height, width), 255, np.uint8)
        slots: list[tuple[int, int, Box]] = []  # (top, bottom) in the strip, and the source box
        y = gap
        for box in boxes:
            x0, y0, bw, bh = box
            strip[y : y + bh, gap : gap + bw] = image[y0 : y0 + bh, x0 : x0 + bw]
            slots.append((y, y + bh, box))
            y += bh + gap
        tsv = self._run(strip, ["-l", self.lang, "--psm", "6", "--dpi", str(round(dpi)), "tsv"])
        out: list[OcrWord] = []
        for w in parse_tsv(tsv):
            cy = (w.top + w.bottom) / 2
            slot = next((s for s in slots if s[0] - gap / 2 <= cy < s[1] + gap / 2), None)
            if slot is None:
                continue
            top, _, (x0, y0, _, _) = slot
            dx, dy = x0 - gap, y0 - top
            out.append(OcrWord(w.text, w.x0 + dx, w.top + dy, w.x1 + dx, w.bottom + dy, w.conf))
        return out

    def osd(self, image: Gray, dpi: float) -> Osd | None:
        try:
            tessdata_dir(("osd",))
            out = self._run(image, ["--psm", "0", "--dpi", str(round(dpi))])
        except (OcrUnavailableError, RuntimeError):
            return None
        fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
        try:
            return Osd(
                int(fields["Rotate"]) % 360,
                float(fields["Orientation confidence"]),
                fields.get("Script", "").strip(),
            )
        except (KeyError, ValueError):
            return None


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Words (level 5 rows with text) from Tesseract's TSV output."""
    out: list[OcrWord] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        x0, y0 = int(row["left"]), int(row["top"])
        out.append(OcrWord(text, x0, y0, x0 + int(row["width"]), y0 + int(row["height"]), float(row["conf"])))
    return out


@functools.lru_cache(maxsize=8)
def get_engine(name: EngineName = "auto", lang: str = "ind") -> TesseractEngine:
    """A cached engine for this process: ``auto`` = tesserocr if importable, else the CLI."""
    if name in ("auto", "tesserocr"):
        try:
            return TesserocrEngine(lang)
        except ImportError as err:
            if name == "tesserocr":
                raise OcrUnavailableError(
                    "the tesserocr package is not importable", "pip install tesserocr"
                ) from err
            log.warning("tesserocr not importable; OCR uses the slower tesseract CLI (run `make install`)")
    return CliEngine(lang)
