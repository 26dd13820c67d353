"""Turn a generated (vector) decree PDF into a realistic scanned certified copy.

Each page is rasterised at 200–300 dpi; marks that sit on the paper (a round
stamp and a signature over the certified-copy block, found through the source's
text layer) go on first, then the page is laid on the scanner (a quarter turn
for the odd table page, a small skew), then sensor effects (blur, noise,
speckles) in random order, then JPEG.  The output is an image-only PDF whose
pages have the source's size (width and height swapped on a quarter-turned page).

Sign conventions, recorded per page in :class:`PageScan`: ``skew`` is degrees
counter-clockwise the content was turned on the glass; ``rotation`` is degrees
clockwise the content appears turned in the image (0, 90, 180, 270).  An OCR
backend that undoes them reports ``rotation = (360 - scan.rotation) % 360``
and ``skew ≈ -scan.skew``.
"""

from __future__ import annotations

import io
import logging
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from rencana.corpus.scan_profiles import degrade

log = logging.getLogger(__name__)

Image = npt.NDArray[np.uint8]  # H x W x 3, BGR
Range = tuple[float, float]
Box = tuple[float, float, float, float]

STAMP_COLOURS_BGR = ((170, 60, 40), (150, 50, 110), (160, 70, 70))  # blue, purple, blue-violet
SIGNATURE_BGR = (110, 40, 25)
SATKER_RE = re.compile(r"KOMISI PEMILIHAN UMUM\s+((?:KOTA|KABUPATEN|PROVINSI)\s+[A-Z][A-Z ]{2,30})")
STAMP_ANCHORS = ("Salinan sesuai", "Sekretaris")
SIGNATURE_ANCHORS = ("Sekretaris", "ttd.")


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """How hard the scanner is on the pages; ranges are drawn uniformly per page."""

    dpi: tuple[int, int] = (200, 300)
    skew: Range = (-1.5, 1.5)  # degrees counter-clockwise
    noise_sigma: Range = (3.0, 9.0)  # gaussian, in 0..255 levels
    blur_sigma: Range = (0.3, 0.8)  # pixels at 300 dpi, scaled with dpi
    jpeg_quality: tuple[int, int] = (40, 85)
    paper: Range = (236.0, 250.0)  # background level after scanning
    speckle_prob: float = 0.6
    speckles: tuple[int, int] = (15, 120)
    stamp: bool = True
    signature: bool = True
    rotate_table_page_prob: float = 0.0  # chance that one table page is scanned turned
    rotations: tuple[int, ...] = (90, 180, 270)
    rotate_pages: dict[int, int] = field(default_factory=dict)  # 1-based page -> clockwise degrees, forced
    stamp_text: str = ""  # ring text; "" = taken from the source ("KOMISI PEMILIHAN UMUM KOTA …")
    profile: str = "clean"  # damage after the skew (rencana.corpus.scan_profiles.degrade)
    table_stamp_prob: float = 0.0  # chance that a table page gets a stamp over its cells

    def __post_init__(self) -> None:
        checks = (
            ("dpi", 50 <= self.dpi[0] <= self.dpi[1] <= 600),
            ("skew", -5 <= self.skew[0] <= self.skew[1] <= 5),
            ("noise_sigma", 0 <= self.noise_sigma[0] <= self.noise_sigma[1] <= 60),
            ("blur_sigma", 0 <= self.blur_sigma[0] <= self.blur_sigma[1] <= 5),
            ("jpeg_quality", 5 <= self.jpeg_quality[0] <= self.jpeg_quality[1] <= 100),
            ("paper", 150 <= self.paper[0] <= self.paper[1] <= 255),
            ("speckle_prob", 0 <= self.speckle_prob <= 1),
            ("speckles", 0 <= self.speckles[0] <= self.speckles[1]),
            ("rotate_table_page_prob", 0 <= self.rotate_table_page_prob <= 1),
            ("profile", self.profile in ("clean", "photocopy", "phone")),
            ("table_stamp_prob", 0 <= self.table_stamp_prob <= 1),
            ("rotations", all(r in (90, 180, 270) for r in self.rotations) and bool(self.rotations)),
            ("rotate_pages", all(r in (0, 90, 180, 270) for r in self.rotate_pages.values())),
        )
        for name, ok in checks:
            if not ok:
                raise ValueError(f"ScanSettings.{name} out of range: {getattr(self, name)!r}")


@dataclass(frozen=True, slots=True)
class PageScan:
    """What was done to one page."""

    page: int  # 1-based
    dpi: int
    skew: float  # degrees counter-clockwise
    rotation: int  # degrees clockwise, 0/90/180/270
    jpeg_quality: int
    effects: tuple[str, ...]  # in the order applied
    width: float  # output page size in points
    height: float
    stamp_box: tuple[float, float, float, float] | None = None  # source points, top-left origin
    signature_box: tuple[float, float, float, float] | None = None
    profile: str = "clean"
    table_stamp_box: tuple[float, float, float, float] | None = None  # a stamp over table cells


@dataclass(frozen=True, slots=True)
class ScanReport:
    source: str
    output: str
    pages: tuple[PageScan, ...]


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.getrandbits(64))


def _find_text(page: pdfium.PdfPage, needles: tuple[str, ...]) -> tuple[float, float, float, float] | None:
    """Box (top-left origin, points) of the first needle found on the page's text layer."""
    textpage = page.get_textpage()
    height = page.get_size()[1]
    try:
        for needle in needles:
            found = textpage.search(needle, match_case=False).get_next()
            if found:
                first, count = found
                boxes = [textpage.get_charbox(i) for i in range(first, first + count)]
                left = min(b[0] for b in boxes)
                right = max(b[2] for b in boxes)
                return left, height - max(b[3] for b in boxes), right, height - min(b[1] for b in boxes)
    finally:
        textpage.close()
    return None


def _satker(pdf: pdfium.PdfDocument) -> str:
    textpage = pdf[0].get_textpage()
    try:
        m = SATKER_RE.search(textpage.get_text_range())
    finally:
        textpage.close()
    return f"KOMISI PEMILIHAN UMUM {m.group(1).strip()}" if m else "KOMISI PEMILIHAN UMUM"


def _multiply(img: Image, alpha: npt.NDArray[np.float32], colour: tuple[int, int, int]) -> Image:
    """Lay ink of ``colour`` with coverage ``alpha`` (0..1) over ``img``, like ink on paper."""
    out = img.astype(np.float32)
    for ch in range(3):
        out[:, :, ch] *= 1.0 - alpha * (1.0 - colour[ch] / 255.0)
    return np.clip(out, 0, 255).astype(np.uint8)


def _stamp(img: Image, centre: tuple[float, float], scale: float, text: str, rng: random.Random) -> Image:
    """A round office stamp: two rings, ring text, a star, with patchy ink."""
    radius = 0.55 * 72 * scale
    size = int(radius * 2.4)
    mask = np.zeros((size, size), np.uint8)
    c = size // 2
    thick = max(2, round(2.2 * scale))
    cv2.circle(mask, (c, c), int(radius), 255, thick, cv2.LINE_AA)
    cv2.circle(mask, (c, c), int(radius * 0.68), 255, max(1, thick // 2), cv2.LINE_AA)
    font_scale = 0.28 * scale
    letters = text.upper()
    span = 300.0  # degrees of ring the text covers
    for i, ch in enumerate(letters):
        ang = math.radians(-90 - span / 2 + span * (i + 0.5) / max(1, len(letters)))
        r = radius * 0.84
        x, y = c + r * math.cos(ang), c + r * math.sin(ang)
        (tw, th), _ = cv2.getTextSize(ch, cv2.FONT_HERSHEY_SIMPLEX, font_scale, 1)
        cv2.putText(
            mask,
            ch,
            (int(x - tw / 2), int(y + th / 2)),
            cv2.FONT_HERSHEY_SIMPLEX,
            font_scale,
            255,
            max(1, round(scale / 2.5)),
            cv2.LINE_AA,
        )
    star = [
        (
            c + radius * 0.4 * (1 if k % 2 == 0 else 0.45) * math.cos(math.radians(-90 + 36 * k)),
            c + radius * 0.4 * (1 if k % 2 == 0 else 0.45) * math.sin(math.radians(-90 + 36 * k)),
        )
        for k in range(10)
    ]
    cv2.fillPoly(mask, [np.array(star, np.int32)], 255, cv2.LINE_AA)
    rot = cv2.getRotationMatrix2D((c, c), rng.uniform(-30, 30), 1.0)
    mask = np.asarray(cv2.warpAffine(mask, rot, (size, size)), dtype=np.uint8)
    nrng = _np_rng(rng)
    alpha = mask.astype(np.float32) / 255.0 * rng.uniform(0.65, 0.9)
    alpha *= cv2.GaussianBlur(nrng.uniform(0.55, 1.0, mask.shape).astype(np.float32), (0, 0), 3 * scale / 4)
    colour = STAMP_COLOURS_BGR[rng.randrange(len(STAMP_COLOURS_BGR))]
    return _paste(img, alpha, colour, centre)


def _paste(
    img: Image, alpha: npt.NDArray[np.float32], colour: tuple[int, int, int], centre: tuple[float, float]
) -> Image:
    h, w = alpha.shape
    x0, y0 = round(centre[0] - w / 2), round(centre[1] - h / 2)
    ix0, iy0 = max(0, x0), max(0, y0)
    ix1, iy1 = min(img.shape[1], x0 + w), min(img.shape[0], y0 + h)
    if ix1 <= ix0 or iy1 <= iy0:
        return img
    out = img.copy()
    patch = alpha[iy0 - y0 : iy1 - y0, ix0 - x0 : ix1 - x0]
    out[iy0:iy1, ix0:ix1] = _multiply(img[iy0:iy1, ix0:ix1], patch, colour)
    return out


def _signature(img: Image, centre: tuple[float, float], scale: float, rng: random.Random) -> Image:
    """A hand-drawn scribble: a few loops and a flourish, about 1.8 x 0.6 inch."""
    w, h = int(130 * scale), int(45 * scale)
    mask = np.zeros((h, w), np.uint8)
    t = np.linspace(0, 1, 400)
    loops = rng.uniform(3, 6)
    xs = 0.08 * w + 0.84 * w * t + 0.06 * w * np.sin(2 * math.pi * loops * t + rng.uniform(0, 6))
    ys = h / 2 + 0.35 * h * np.sin(2 * math.pi * loops * t * rng.uniform(0.8, 1.3)) * np.exp(-1.2 * t)
    ys += 0.15 * h * np.sin(2 * math.pi * rng.uniform(0.3, 0.8) * t)
    pts = np.stack([xs, ys], axis=1).astype(np.int32)
    cv2.polylines(mask, [pts], False, 255, max(1, round(0.9 * scale)), cv2.LINE_AA)
    fl = np.array([[int(0.1 * w), int(0.85 * h)], [int(0.95 * w), int(0.7 * h)]], np.int32)
    cv2.polylines(mask, [fl], False, 255, max(1, round(0.8 * scale)), cv2.LINE_AA)
    alpha = mask.astype(np.float32) / 255.0 * rng.uniform(0.8, 0.95)
    return _paste(img, alpha, SIGNATURE_BGR, centre)


def _speckles(img: Image, scale: float, rng: random.Random, count: int) -> Image:
    out = img.copy()
    for _ in range(count):
        x, y = rng.randrange(out.shape[1]), rng.randrange(out.shape[0])
        r = max(1, round(rng.uniform(0.3, 1.2) * scale / 4))
        level = rng.randrange(20, 140)
        cv2.circle(out, (x, y), r, (level, level, level), -1, cv2.LINE_AA)
    return out


def _skew(img: Image, angle: float, paper: float) -> Image:
    h, w = img.shape[:2]
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    fill = (paper, paper, paper)
    out = cv2.warpAffine(
        img, rot, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=fill
    )
    return np.asarray(out, dtype=np.uint8)


def _marks(
    img: Image, page: pdfium.PdfPage, scale: float, rng: random.Random, s: ScanSettings, stamp_text: str
) -> tuple[Image, list[str], Box | None, Box | None]:
    """The stamp and the signature over the certified-copy block, in a random order."""
    effects: list[str] = []
    stamp_box = sig_box = None
    marks: list[str] = []
    sig_anchor = _find_text(page, SIGNATURE_ANCHORS) if s.signature else None
    stamp_anchor = _find_text(page, STAMP_ANCHORS) if s.stamp else None
    if stamp_anchor:
        marks.append("stamp")
    if sig_anchor:
        marks.append("signature")
    rng.shuffle(marks)
    for mark in marks:
        if mark == "stamp" and stamp_anchor:
            cx, cy = stamp_anchor[0] - 10 + rng.uniform(-8, 8), stamp_anchor[3] + 14 + rng.uniform(-6, 6)
            img = _stamp(img, (cx * scale, cy * scale), scale, stamp_text, rng)
            stamp_box = (cx - 48, cy - 48, cx + 48, cy + 48)
        elif mark == "signature" and sig_anchor:
            cx, cy = sig_anchor[0] + 60 + rng.uniform(-10, 10), sig_anchor[3] + 16 + rng.uniform(-4, 4)
            img = _signature(img, (cx * scale, cy * scale), scale, rng)
            sig_box = (cx - 65, cy - 23, cx + 65, cy + 23)
        effects.append(mark)
    return img, effects, stamp_box, sig_box


def _table_stamp(
    img: Image, page: pdfium.PdfPage, scale: float, rng: random.Random, stamp_text: str
) -> tuple[Image, Box | None]:
    """A stamp pressed over the table's cells (a table page only: below its header)."""
    header = _find_text(page, ("PELAKSANAAN", "KEGIATAN"))
    if header is None:
        return img, None
    w, h = page.get_size()
    cx = rng.uniform(0.2, 0.8) * w
    cy = rng.uniform(min(header[3] + 60, h * 0.8), h * 0.85)
    return _stamp(img, (cx * scale, cy * scale), scale, stamp_text, rng), (cx - 48, cy - 48, cx + 48, cy + 48)


def _scan_page(
    page: pdfium.PdfPage, page_no: int, rotation: int, rng: random.Random, s: ScanSettings, stamp_text: str
) -> tuple[bytes, PageScan]:
    dpi = rng.randint(*s.dpi)
    scale = dpi / 72.0
    img = np.ascontiguousarray(page.render(scale=scale).to_numpy()[:, :, :3])
    paper = rng.uniform(*s.paper)
    tint = np.array([paper - rng.uniform(2, 8), paper - rng.uniform(0, 3), paper], np.float32) / 255.0
    img = np.clip(img.astype(np.float32) * tint, 0, 255).astype(np.uint8)
    img, effects, stamp_box, sig_box = _marks(img, page, scale, rng, s, stamp_text)
    table_box = None
    if s.table_stamp_prob and rng.random() < s.table_stamp_prob:  # clean scans draw as before
        img, table_box = _table_stamp(img, page, scale, rng, stamp_text)
        if table_box:
            effects.append("table-stamp")

    if rotation:
        img = np.ascontiguousarray(np.rot90(img, k=-(rotation // 90)))  # clockwise
        effects.append(f"rotate{rotation}")
    skew = rng.uniform(*s.skew)
    img = _skew(img, skew, paper)
    effects.append("skew")
    img, damage = degrade(img, s.profile, rng, scale)
    effects.extend(damage)

    sensor = ["blur", "noise"]
    if rng.random() < s.speckle_prob:
        sensor.append("speckles")
    rng.shuffle(sensor)
    nrng = _np_rng(rng)
    for eff in sensor:
        if eff == "blur":
            sigma = rng.uniform(*s.blur_sigma) * dpi / 300
            if sigma > 0.05:
                img = np.asarray(cv2.GaussianBlur(img, (0, 0), sigma), dtype=np.uint8)
        elif eff == "noise":
            sigma = rng.uniform(*s.noise_sigma)
            noise = nrng.normal(0.0, sigma, img.shape[:2]).astype(np.float32)[:, :, None]
            img = np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)
        else:
            img = _speckles(img, scale, rng, rng.randint(*s.speckles))
        effects.append(eff)
    quality = rng.randint(*s.jpeg_quality)
    grey = s.profile == "photocopy"
    encoded = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if grey else img
    ok, buf = cv2.imencode(".jpg", encoded, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError(f"JPEG encoding failed on page {page_no}")
    effects.append("jpeg")
    w, h = page.get_size()
    if rotation in (90, 270):
        w, h = h, w
    return buf.tobytes(), PageScan(
        *(page_no, dpi, round(skew, 4), rotation, quality, tuple(effects), w, h, stamp_box, sig_box),
        s.profile,
        table_box,
    )


def _is_table_page(page: pdfium.PdfPage) -> bool:
    return _find_text(page, ("PELAKSANAAN",)) is not None


def scan_pdf(src: Path, dst: Path, rng: random.Random, settings: ScanSettings) -> ScanReport:
    """Write a scanned copy of ``src`` to ``dst``; deterministic for the state of ``rng``."""
    pdf = pdfium.PdfDocument(str(src))
    try:
        n = len(pdf)
        rotations = {p: r for p, r in settings.rotate_pages.items() if 1 <= p <= n}
        if not rotations and rng.random() < settings.rotate_table_page_prob:
            tables = [i + 1 for i in range(n) if _is_table_page(pdf[i])]
            if tables:
                rotations[rng.choice(tables)] = rng.choice(settings.rotations)
        stamp_text = settings.stamp_text or _satker(pdf)
        canvas = Canvas(str(dst), pageCompression=1, invariant=1)  # same seed, same bytes
        canvas.setTitle(f"scan of {src.name}")
        pages: list[PageScan] = []
        for i in range(n):
            page = pdf[i]
            try:
                jpeg, info = _scan_page(page, i + 1, rotations.get(i + 1, 0), rng, settings, stamp_text)
            finally:
                page.close()
            canvas.setPageSize((info.width, info.height))
            canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, info.width, info.height)
            canvas.showPage()
            pages.append(info)
            log.debug("scanned %s p%d: %s", src.name, i + 1, info)
        canvas.save()
    finally:
        pdf.close()
    return ScanReport(str(src), str(dst), tuple(pages))
