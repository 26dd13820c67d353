"""The README's `rencana show` picture: a phone photo of a generated decree's table page beside the
page as the OCR path read it, with what it saw drawn over it.

    .venv/bin/python scripts/make_show_picture.py docs/img/show.png

Deterministic inputs (corpus seed 901, its first table page, scanned with the phone profile and
``random.Random(3)``); the picture is the two PNGs of ``rencana show`` side by side, scaled down.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from rencana.corpus.__main__ import main as corpus_main
from rencana.corpus.render_scan import profile_settings
from rencana.corpus.scan import scan_pdf
from rencana.show import show_pdf

WIDTH = 1200


def main(dest: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus_main(["generate", str(work / "c"), "--n", "1", "--seed", "901"])
        (pdf,) = (work / "c").glob("*.pdf")
        src, one = pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument.new()
        one.import_pages(src, [2])  # page 3: the table's first page
        one.save(str(work / "page.pdf"))
        scan_pdf(work / "page.pdf", work / "phone.pdf", random.Random(3), profile_settings("phone", 0.0))
        show_pdf(work / "phone.pdf", work / "show")
        photo, read = Image.open(work / "show/page-001-scan.png"), Image.open(work / "show/page-001.png")
        pair = Image.new("RGB", (photo.width + read.width + 10, max(photo.height, read.height)), "white")
        pair.paste(photo, (0, 0))
        pair.paste(read, (photo.width + 10, 0))
        small = pair.resize((WIDTH, round(pair.height * WIDTH / pair.width)), Image.Resampling.LANCZOS)
        small.quantize(64).save(dest, optimize=True)
    print(f"wrote {dest}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img/show.png"))
