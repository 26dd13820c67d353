"""The capped pre-check on hand-made bytes: what a file looks like, and Flate bombs found cheaply."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest

from rencana.extract.precheck import ExtractError, PrecheckSettings, looks_like, scan_streams, sniff
from rencana.schema.reasons import Reason

SMALL = PrecheckSettings(max_stream_mb=1, max_inflated_mb=3)


def _pdf_with_stream(tmp_path: Path, dictionary: str, data: bytes) -> Path:
    body = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n4 0 obj\n"
        + dictionary.encode()
        + b"\nstream\n"
        + data
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    path = tmp_path / "t.pdf"
    path.write_bytes(body)
    return path


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (b"<!DOCTYPE html><html><head><title>404</title>", "an HTML page"),
        (b"\n\n  <html><body>Bad Gateway</body></html>", "an HTML page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml word/document.xml", "a Word .docx file"),
        (b"PK\x03\x04\x14\x00\x00\x00some.txt", "a ZIP archive"),
        (b"II*\x00\x08\x00\x00\x00", "a TIFF image"),
        (b"Surat Keputusan KPU nomor 12 tahun 2022\n", "plain text"),
        (bytes(range(256)), "unknown binary data"),
    ],
)
def test_a_non_pdf_is_named(head: bytes, said: str) -> None:
    assert looks_like(head).startswith(said)


def test_sniff_rejects_with_stable_codes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ExtractError, match=r"^empty_file: ") as info:
        sniff(empty, PrecheckSettings())
    assert info.value.reason is Reason.EMPTY_FILE
    late = tmp_path / "late.pdf"
    late.write_bytes(b"\x00" * 2000 + b"%PDF-1.4\n")
    with pytest.raises(ExtractError, match=r"^not_a_pdf: the %PDF- header starts at byte 2000"):
        sniff(late, PrecheckSettings())
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 << 20))
    with pytest.raises(ExtractError, match=r"^file_too_large: "):
        sniff(big, PrecheckSettings(max_file_mb=1))
    assert sniff(big, PrecheckSettings()) == big.stat().st_size


def test_a_flate_bomb_is_refused_without_inflating_it_all(tmp_path: Path) -> None:
    bomb = zlib.compress(b" " * (64 << 20), 9)  # 64 MiB of spaces in ~64 KiB
    path = _pdf_with_stream(tmp_path, f"<< /Length {len(bomb)} /Filter /FlateDecode >>", bomb)
    start = time.process_time()
    with pytest.raises(ExtractError, match=r"^decompression_bomb: stream at byte \d+ \(1× FlateDecode\)"):
        scan_streams(path, SMALL)
    assert time.process_time() - start < 2


def test_a_doubly_compressed_bomb_is_followed_through_both_layers(tmp_path: Path) -> None:
    inner = zlib.compress(b"\x00" * (32 << 20), 9)
    outer = zlib.compress(inner, 9)
    path = _pdf_with_stream(tmp_path, "<< /Filter [/FlateDecode /FlateDecode] >>", outer)
    assert len(outer) < len(inner) < 64 * 1024  # small at every layer but the last
    with pytest.raises(ExtractError, match=r"2× FlateDecode\) inflates past 1 MiB"):
        scan_streams(path, SMALL)


def test_normal_streams_images_and_corrupt_data_pass(tmp_path: Path) -> None:
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Rencana Aksi) Tj ET\n" * 1000)
    path = _pdf_with_stream(tmp_path, "<< /Filter /FlateDecode >>", content)
    scan = scan_streams(path, SMALL)
    assert scan.streams == 1 and scan.inflated == 44 * 1000
    image = zlib.compress(b"\xff" * (4 << 20))  # a big image: bounded by the renderer, not here
    path = _pdf_with_stream(
        tmp_path, "<< /Subtype /Image /Width 2048 /Height 2048 /Filter /FlateDecode >>", image
    )
    assert scan_streams(path, SMALL).streams == 0
    path = _pdf_with_stream(tmp_path, "<< /Filter /FlateDecode >>", b"not zlib at all" * 100)
    assert scan_streams(path, SMALL).inflated == 0


def test_streams_together_are_capped(tmp_path: Path) -> None:
    one = zlib.compress(b"q\n" * (400 << 10))  # 800 KiB each, under the per-stream cap
    body = b"%PDF-1.7\n" + b"".join(
        f"{i} 0 obj\n<< /Filter /FlateDecode >>\nstream\n".encode() + one + b"\nendstream\nendobj\n"
        for i in range(1, 6)
    )
    path = tmp_path / "many.pdf"
    path.write_bytes(body)
    with pytest.raises(ExtractError, match=r"past 3 MiB in total"):
        scan_streams(path, SMALL)
