"""Write a document's pictures: one PNG per page, ``show.json`` (what was drawn) and ``index.html``."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber

from rencana.show.page import PagePicture, Seen, draw_page
from rencana.show.paint import LAYERS, counts


def draw_pages(seen: Seen, pages: Sequence[int] | None = None) -> list[PagePicture]:
    """The asked pages (all when None) drawn; one pdfplumber document opened for them all."""
    numbers = list(pages) if pages else list(range(1, len(seen.trace.contents) + 1))
    with pdfplumber.open(seen.path) as pdf:
        return [draw_page(seen, n, pdf) for n in numbers if 1 <= n <= len(seen.trace.contents)]


def write_pictures(seen: Seen, pictures: Sequence[PagePicture], out: Path, stem: str = "page") -> Path:
    """PNG files, ``show.json`` and ``index.html`` in ``out``; returns the index's path."""
    out.mkdir(parents=True, exist_ok=True)
    record: dict[str, Any] = {"source_file": str(seen.path), "doc_id": seen.document.doc_id, "pages": []}
    for pic in pictures:
        name = f"{stem}-{pic.page:03d}.png"
        pic.image.save(out / name, optimize=False)
        entry: dict[str, Any] = {"page": pic.page, "route": pic.route, "image": name}
        if pic.original is not None:
            entry["original"] = f"{stem}-{pic.page:03d}-scan.png"
            pic.original.save(out / entry["original"])
        entry |= {"counts": counts(pic.drawn), "drawn": pic.drawn}
        record["pages"].append(entry)
    (out / "show.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    index = out / "index.html"
    index.write_text(render_index(record), encoding="utf-8")
    return index


_CSS = (
    "body{font:14px system-ui,sans-serif;margin:1em}figure{margin:0 0 2em}"
    ".pair{display:flex;gap:8px;align-items:flex-start}.pair img{max-width:49vw;border:1px solid #ccc}"
    ".one img{max-width:98vw;border:1px solid #ccc}.legend span{display:inline-block;margin:2px 10px 2px 0}"
    ".legend i{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}"
    "figcaption{font-weight:600;margin:4px 0}"
)


def render_index(record: dict[str, Any]) -> str:
    """The pictures side by side (a scan beside what the OCR path read), with the legend."""
    e = html.escape
    legend = "".join(
        f'<span><i style="background:rgba{colour}"></i>{e(text)}</span>' for colour, text in LAYERS.values()
    )
    figures = []
    for p in record["pages"]:
        c = p["counts"]
        what = ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
        imgs = f'<img src="{e(p["image"])}" alt="page {p["page"]} as read">'
        cls = "one"
        if "original" in p:
            imgs = f'<img src="{e(p["original"])}" alt="page {p["page"]} as scanned">' + imgs
            cls = "pair"
        issues = "".join(f"<li>{e(d['label'])}</li>" for d in p["drawn"] if d["layer"] == "issue")
        figures.append(
            f'<figure id="p{p["page"]}"><figcaption>page {p["page"]} ({e(p["route"])}): {e(what)}'
            f'</figcaption><div class="{cls}">{imgs}</div><ul>{issues}</ul></figure>'
        )
    title = f"rencana show: {e(Path(record['source_file']).name)}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_CSS}</style></head><body><h1>{title}</h1>"
        f'<p class="legend">{legend}</p>{"".join(figures)}</body></html>'
    )
