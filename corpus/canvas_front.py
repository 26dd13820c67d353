"""Portrait front matter, the LAMPIRAN heading and the signature blocks (canvas renderer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from rencana.corpus.canvas_text import Line, Painter, wrap
from rencana.corpus.fonts import width
from rencana.corpus.model import DecreeSpec
from rencana.corpus.satkers import satker_body_title

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DIKTUM = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def format_date(d: dt.date) -> str:
    """ "18 Januari 2022"."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def ketua_lines(spec: DecreeSpec) -> list[str]:
    """The signatory's office over two lines: "KETUA KOMISI PEMILIHAN UMUM" / "KOTA BANJAR,"."""
    body = spec.satker.body_upper
    short = spec.satker.short_upper
    head = body[: len(body) - len(short)].strip() if body.endswith(short) else body
    return [f"KETUA {head}", f"{short},"]


def sekretaris_title(spec: DecreeSpec) -> str:
    if spec.satker.level == "pusat":
        return "Sekretaris Jenderal KPU"
    return f"Sekretaris {spec.satker.name}"


class Flow:
    """A top-down text cursor over portrait pages of one canvas."""

    def __init__(
        self,
        pt: Painter,
        page_w: float,
        margins: tuple[float, float, float, float],  # left, top, right, bottom
        fonts: tuple[str, str],
        size: float,
        leading: float,
        new_page: Callable[[], None],
    ) -> None:
        self.pt, self.page_w = pt, page_w
        self.left, self.top, self.right, self.bottom = margins
        self.regular, self.bold = fonts
        self.size, self.lh = size, size * leading
        self.y = self.top
        self._new_page = new_page

    @property
    def x1(self) -> float:
        return self.page_w - self.right

    def need(self, h: float) -> None:
        """Start a new page unless ``h`` more points fit on this one."""
        if self.y + h > self.pt.page_height - self.bottom:
            self._new_page()
            self.y = self.top

    def gap(self, lines: float = 1.0) -> None:
        self.y += self.lh * lines

    def baseline(self) -> float:
        return self.y + 0.8 * self.size

    def centred(self, text: str, bold: bool = False, frac: float = 0.85, size: float | None = None) -> None:
        size = size or self.size
        font = self.bold if bold else self.regular
        span = (self.x1 - self.left) * frac
        x0 = self.left + ((self.x1 - self.left) - span) / 2
        for ln in wrap(text, font, size, span):
            self.need(self.lh)
            self.pt.centred(x0, x0 + span, self.baseline(), ln.text, font, size)
            self.y += self.lh

    def labeled(
        self, label: str, items: Sequence[tuple[str, str]], label_w: float, bold: bool = False
    ) -> None:
        """``label : marker text`` with every item's lines wrapped after its marker."""
        colon_x = self.left + label_w
        marker_x = colon_x + width(": ", self.regular, self.size)
        for k, (marker, text) in enumerate(items):
            text_x = marker_x + (width("00. ", self.regular, self.size) if marker else 0.0)
            lines = wrap(text, self.regular, self.size, self.x1 - text_x)
            for i, ln in enumerate(lines):
                self.need(self.lh)
                if i == 0:
                    if k == 0:
                        self.pt.text(
                            self.left, self.baseline(), label, self.bold if bold else self.regular, self.size
                        )
                        self.pt.text(colon_x, self.baseline(), ":", self.regular, self.size)
                    if marker:
                        self.pt.text(marker_x, self.baseline(), marker, self.regular, self.size)
                self.pt.text(text_x, self.baseline(), ln.text, self.regular, self.size)
                self.y += self.lh
            self.y += self.lh * 0.3


def signature_block(
    pt: Painter, spec: DecreeSpec, x: float, top: float, fonts: tuple[str, str], size: float, leading: float
) -> float:
    """Place and date, "KETUA …", "ttd.", the name, then the certified-copy block; returns the bottom."""
    regular, bold = fonts
    lh = size * leading
    label_w = max(width(s, regular, size) for s in ("Ditetapkan di", spec.date_label)) + size * 0.5
    y = top
    for label, value in (
        ("Ditetapkan di", spec.satker.place),
        (spec.date_label, format_date(spec.decree_date)),
    ):
        base = y + 0.8 * size
        pt.text(x, base, label, regular, size)
        pt.text(x + label_w, base, f": {value}", regular, size)
        y += lh
    y += lh * 0.5
    for s in ketua_lines(spec):
        pt.text(x, y + 0.8 * size, s, bold, size)
        y += lh
    y += lh
    pt.text(x, y + 0.8 * size, "ttd.", regular, size)
    y += lh * 2
    pt.text(x, y + 0.8 * size, spec.ketua, bold, size)
    y += lh * 2
    for s in ("Salinan sesuai dengan aslinya", sekretaris_title(spec)):
        pt.text(x, y + 0.8 * size, s, regular, size)
        y += lh
    y += lh * 2
    pt.text(x, y + 0.8 * size, spec.sekretaris, regular, size)
    return y + lh


def signature_height(size: float, leading: float) -> float:
    return size * leading * 14.5


def signature_width(spec: DecreeSpec, fonts: tuple[str, str], size: float) -> float:
    texts = [
        *ketua_lines(spec),
        spec.ketua,
        "Salinan sesuai dengan aslinya",
        sekretaris_title(spec),
        f"Pada Tanggal : {format_date(spec.decree_date)}",
        f"Ditetapkan di : {spec.satker.place}",
    ]
    return float(max(width(t, fonts[1], size) for t in texts))


def front_matter(flow: Flow, spec: DecreeSpec, logo: bool) -> None:
    """Kop, title, preamble, diktum and signature on portrait pages."""
    s = spec.satker
    if logo:
        cx = (flow.left + flow.x1) / 2
        flow.pt.c.setFillGray(0.55)
        flow.pt.c.circle(cx, flow.pt.page_height - flow.y - 22, 20, stroke=0, fill=1)
        flow.pt.c.setFillGray(0)
        flow.y += 50
    flow.centred(s.body_upper, bold=True, size=flow.size * 1.15)
    flow.gap(0.6)
    flow.centred(f"KEPUTUSAN {s.body_upper}", bold=True)
    flow.centred(f"NOMOR : {spec.decree_number}", bold=True)
    flow.gap(0.6)
    flow.centred("TENTANG", bold=True)
    flow.gap(0.6)
    flow.centred(spec.title, bold=True, frac=0.7)
    flow.gap(0.8)
    if spec.rahmat:
        flow.centred("DENGAN RAHMAT TUHAN YANG MAHA ESA", bold=True)
        flow.gap(0.8)
    flow.centred(f"KETUA {s.body_upper},", bold=True)
    flow.gap(0.8)
    labels = ["Menimbang", "Mengingat", "Menetapkan", *DIKTUM[: len(spec.diktum)]]
    label_w = max(width(t, flow.regular, flow.size) for t in labels) + flow.size * 0.8
    flow.labeled("Menimbang", [(f"{LETTERS[i]}.", t) for i, t in enumerate(spec.menimbang)], label_w)
    flow.gap(0.3)
    flow.labeled("Mengingat", [(f"{i + 1}.", t) for i, t in enumerate(spec.mengingat)], label_w)
    flow.gap(0.5)
    flow.need(flow.lh * 3)
    flow.centred("MEMUTUSKAN:", bold=True)
    flow.gap(0.5)
    title_case = satker_body_title(s)
    menetapkan = spec.menetapkan or f"KEPUTUSAN {s.body_upper} TENTANG {spec.title}."
    flow.labeled("Menetapkan", [("", menetapkan)], label_w)
    diktum = spec.diktum or (
        f"Menetapkan Rencana Aksi Reformasi Birokrasi di Lingkungan {title_case} Tahun {spec.plan_year} "
        "sebagaimana tercantum dalam Lampiran Keputusan ini.",
        "Keputusan ini mulai berlaku sejak tanggal ditetapkan.",
    )
    for name, text in zip(DIKTUM, diktum, strict=False):
        flow.labeled(name, [("", text)], label_w)
    flow.gap(1.0)
    fonts = (flow.regular, flow.bold)
    flow.need(signature_height(flow.size, flow.lh / flow.size))
    x = max(
        flow.left,
        min(flow.left + (flow.x1 - flow.left) * 0.5, flow.x1 - signature_width(spec, fonts, flow.size)),
    )
    flow.y = signature_block(flow.pt, spec, x, flow.y, fonts, flow.size, flow.lh / flow.size)


def lampiran_block(
    pt: Painter,
    spec: DecreeSpec,
    x0: float,
    x1: float,
    top: float,
    fonts: tuple[str, str],
    size: float,
    leading: float,
    right: bool,
) -> float:
    """The LAMPIRAN reference block and the table title; returns the y below them."""
    regular, bold = fonts
    lh = size * leading
    block_w = (x1 - x0) * 0.42
    bx = x1 - block_w if right else x0
    label_w = max(width(t, regular, size) for t in ("NOMOR", "TANGGAL", "TENTANG")) + size * 0.6
    y = top
    head = [Line("LAMPIRAN"), *wrap(f"KEPUTUSAN {spec.satker.body_upper}", regular, size, block_w)]
    for ln in head:
        pt.text(bx, y + 0.8 * size, ln.text, regular, size)
        y += lh
    rows = (
        ("NOMOR", spec.decree_number),
        ("TANGGAL", format_date(spec.decree_date)),
        ("TENTANG", spec.title),
    )
    for label, value in rows:
        vx = bx + label_w + width(": ", regular, size)
        lines: list[Line] = wrap(value, regular, size, bx + block_w - vx)
        pt.text(bx, y + 0.8 * size, label, regular, size)
        pt.text(bx + label_w, y + 0.8 * size, ":", regular, size)
        for ln in lines:
            pt.text(vx, y + 0.8 * size, ln.text, regular, size)
            y += lh
    y += lh
    for text in ("RENCANA AKSI REFORMASI BIROKRASI", f"{spec.satker.body_upper} TAHUN {spec.plan_year}"):
        for ln in wrap(text, bold, size * 1.1, x1 - x0):
            pt.centred(x0, x1, y + 0.8 * size * 1.1, ln.text, bold, size * 1.1)
            y += lh * 1.1
    return y + lh * 0.6
