"""Quarantine copies: safe names from the input's own name, a note, the input left in place."""

from __future__ import annotations

from pathlib import Path

from rencana.pipeline.quarantine import quarantine, quarantine_name, safe_name
from rencana.schema.reasons import REASONS, Reason


def test_names_keep_spaces_quotes_and_letters_but_not_separators() -> None:
    assert safe_name('KPU "Kota" Bañjar (salinan).pdf') == 'KPU "Kota" Bañjar (salinan).pdf'
    assert safe_name("a/b\\c\x00d.pdf") == "a_b_c_d.pdf"
    assert safe_name("..") == "unnamed" and safe_name(".hidden.pdf") == "hidden.pdf"
    long = "ä" * 300 + ".pdf"
    assert len(safe_name(long).encode()) <= 200 and safe_name(long).endswith(".pdf")
    assert quarantine_name("/x/y/rusak.pdf", "ab" * 32) == "abababababab-rusak.pdf"


def test_quarantine_copies_and_notes(tmp_path: Path) -> None:
    src = tmp_path / "in" / "unduhan 'gagal'.pdf"
    src.parent.mkdir()
    src.write_text("<html>502</html>")
    folder = tmp_path / "quarantine"
    note = quarantine(str(src), "f" * 64, "not_a_pdf", "not_a_pdf: looks like an HTML page", folder)
    copy = folder / f"{'f' * 12}-unduhan 'gagal'.pdf"
    assert src.exists() and copy.read_text() == "<html>502</html>"
    text = note.read_text(encoding="utf-8")
    assert "reason: not_a_pdf" in text and str(src) in text and "left where it was" in text
    assert quarantine(str(src), "f" * 64, "not_a_pdf", "not_a_pdf: looks like an HTML page", folder) == note
    assert len(list(folder.iterdir())) == 2


def test_every_reason_is_documented() -> None:
    assert set(REASONS) == set(Reason)
    assert all(status in ("failed", "partial") and len(text) > 15 for status, text in REASONS.values())
