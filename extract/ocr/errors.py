"""What to install when the OCR path cannot run (importing this module needs nothing)."""

from __future__ import annotations

INSTALL_HINT = "apt-get install -y tesseract-ocr tesseract-ocr-ind tesseract-ocr-osd"
OCR_STACK_FIX = "`make install` (Debian: apt-get install tesseract-ocr tesseract-ocr-ind)"
"""How to get the OCR's Python stack (tesserocr, OpenCV) and Tesseract itself."""


class OcrUnavailableError(RuntimeError):
    """Tesseract, the language model asked for, or the OCR's Python stack is not installed;
    says how to fix it."""

    def __init__(self, what: str, fix: str = INSTALL_HINT) -> None:
        super().__init__(f"{what}; install it with: {fix}")
        self.fix = fix
