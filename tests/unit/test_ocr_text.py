"""Word-level repairs of Tesseract's regular slips (ocr_text), on hand-made boxes."""

from __future__ import annotations

from rencana.extract.ocr.tesseract import OcrWord
from rencana.extract.ocr.words import glue_punctuation, repair


def line(*texts: str, top: int = 100, gap: int = 12) -> list[OcrWord]:
    """Words left to right on one line, 10 px per character, ``gap`` px apart."""
    out, x = [], 50
    for t in texts:
        out.append(OcrWord(t, x, top, x + 10 * len(t), top + 30, 90.0))
        x += 10 * len(t) + gap
    return out


def test_percent_read_as_yo_before_a_word() -> None:
    assert [w.text for w in repair(line("Yo", "pegawai", "yang"))] == ["%", "pegawai", "yang"]
    assert [w.text for w in repair(line("Yo"))] == ["Yo"]  # alone: nothing says it is a "%"


def test_item_marker_comma_and_doubled_letter() -> None:
    assert repair(line("1,", "Pemanfaatan", "aplikasi"))[0].text == "1."
    assert repair(line("Cc.", "SILON"))[0].text == "c."
    # a comma after a number inside a sentence stays
    assert [w.text for w in repair(line("tahap", "1,", "dan", "2"))][1] == "1,"


def test_punctuation_read_apart_joins_the_word_before_it() -> None:
    words = line("a", ".", "SIPOL", gap=2)
    glued = glue_punctuation(words)
    assert [w.text for w in glued] == ["a.", "SIPOL"]
    assert glued[0].x0 == words[0].x0 and glued[0].x1 == words[1].x1
    far = line("kegiatan", ".", gap=40)  # a speck far from the word is not its full stop
    assert [w.text for w in glue_punctuation(far)] == ["kegiatan", "."]


def test_repair_is_idempotent() -> None:
    words = line("1,", "Yo", "pegawai", "a", ".", "Cc.")
    once = repair(words)
    assert repair(once) == once


def test_a_rule_read_as_a_stretched_word_without_confidence_is_dropped() -> None:
    # 724-000 p7: "YA" at confidence 0 over 158 pt of the shaded header's top edge, glued to the
    # SUB KEGIATAN label, cost the page its sub-activity column and every row
    words = line("SUB", "KEGIATAN")
    phantom = OcrWord("YA", 40, 80, 520, 110, 0.0)
    assert [w.text for w in repair([phantom, *words])] == ["SUB", "KEGIATAN"]
    # a short word read unsure is kept, and so is a wide word read with some confidence
    unsure = OcrWord("V", 40, 80, 60, 110, 0.0)
    wide = OcrWord("V", 40, 80, 340, 110, 27.6)
    assert [w.text for w in repair([unsure, wide, *words])] == ["V", "V", "SUB", "KEGIATAN"]
