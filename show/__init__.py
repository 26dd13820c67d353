"""``rencana show``: what the pipeline saw, drawn over each page.

``rencana.show(path, page)`` (this module is callable) returns the picture of one page as a
PIL image, for a notebook; :func:`show_pdf` writes every page's picture, ``show.json`` (the
record of what was drawn) and ``index.html``; :func:`show_row` draws one plan row of an
output folder on its page.  See docs/show.md.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported on use: the command line loads this package for --help
    from PIL import Image

__all__ = ["picture", "show_pdf"]


def picture(path: str | Path, page: int = 1) -> Image.Image:
    """Page ``page`` (1-based) of ``path`` with its grid, rows, marks and issues drawn."""
    from rencana.show.page import look
    from rencana.show.write import draw_pages

    seen = look(Path(path), [page])
    (pic,) = draw_pages(seen, [page])
    return pic.image


def show_pdf(path: str | Path, out: str | Path, pages: Sequence[int] | None = None) -> Path:
    """Draw ``pages`` (all when empty) of ``path`` into ``out``; returns ``out/index.html``."""
    from rencana.show.page import look
    from rencana.show.write import draw_pages, write_pictures

    seen = look(Path(path), pages or None)
    return write_pictures(seen, draw_pages(seen, pages or None), Path(out))


class _CallableModule(types.ModuleType):
    """``rencana.show(path, page)``: the module called is :func:`picture`."""

    def __call__(self, path: str | Path, page: int = 1) -> Image.Image:
        return picture(path, page)


sys.modules[__name__].__class__ = _CallableModule
