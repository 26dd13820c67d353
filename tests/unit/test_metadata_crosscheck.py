"""Issue 10: the decree number chosen between its two copies, the signatory between its two blocks."""

from __future__ import annotations

import datetime as dt

from rencana.normalise.decree_number import choose_number, dated_month, ocr_repaired
from rencana.normalise.names import checked_names
from rencana.normalise.ocr_front import choose_date, ocr_title, title_copies, voted_title
from rencana.schema.issues import IssueCode

CAPTION = "LAMPIRAN KEPUTUSAN KPU KOTA BANJAR NOMOR : 62/ORT.06/3279/2022 TANGGAL 18 JANUARI 2022"


def _codes(issues: list) -> list[IssueCode]:  # type: ignore[type-arg]
    return [i.code for i in issues]


def test_ocr_slips_are_repaired_with_the_printed_spacing_kept() -> None:
    assert ocr_repaired("62 / 0RT.06 / 3279 / 2O22") == "62 / ORT.06 / 3279 / 2022"
    assert ocr_repaired("07/ORT.07-Kpt/1106/KIP-Kab/1/2024") == "07/ORT.07-Kpt/1106/KIP-Kab/I/2024"
    assert ocr_repaired("@/ORT.06/3279/2022") == "@/ORT.06/3279/2022"  # no guess at a digit


def test_a_scanned_front_number_that_parses_and_agrees_is_kept_repaired() -> None:
    choice = choose_number("62/0RT.06/3279/2022", CAPTION, scanned=True)
    assert (choice.text, choice.issues) == ("62/ORT.06/3279/2022", [])


def test_an_unreadable_front_number_is_taken_from_the_lampiran_and_said_so() -> None:
    choice = choose_number("@/ORT.06/3279/2022", CAPTION, scanned=True)
    assert choice.text == "62/ORT.06/3279/2022"
    assert _codes(choice.issues) == [IssueCode.FROM_LAMPIRAN_COPY]
    assert "@/ORT.06" in choice.issues[0].detail


def test_two_readings_that_parse_but_differ_keep_the_front_flagged_and_neither_leaves_it_empty() -> None:
    differ = choose_number("51/ORT.06/3279/2022", CAPTION.replace("62/", "151/"), scanned=True)
    assert differ.text == "51/ORT.06/3279/2022"
    assert [(i.code, i.detail) for i in differ.issues] == [
        (IssueCode.DECREE_NUMBER_MISMATCH, "151/ORT.06/3279/2022")
    ]
    neither = choose_number("@/ORT.06/3278/2022", "LAMPIRAN NOMOR : 6@/0RT", scanned=True)
    assert neither.text == "" and _codes(neither.issues) == [IssueCode.DECREE_NUMBER_UNREADABLE]


def test_a_text_layer_number_is_kept_as_printed_and_flagged() -> None:
    malformed = choose_number("62/ORT.06", "", scanned=False)
    assert malformed.text == "62/ORT.06" and _codes(malformed.issues) == [IssueCode.DECREE_NUMBER_MALFORMED]
    mismatch = choose_number("62/ORT.06/3278/2022", CAPTION, scanned=False)
    assert mismatch.text == "62/ORT.06/3278/2022"
    assert _codes(mismatch.issues) == [IssueCode.DECREE_NUMBER_MISMATCH]


def test_signature_blocks_agreeing_keep_the_name() -> None:
    signed, _, issues = checked_names("FITRI GILANG FAUZI, S.H., S.AP.", "", "FITRI GILANG FAUZI, S.H, S.AP.")
    assert (signed, issues) == ("FITRI GILANG FAUZI, S.H., S.AP.", [])


def test_one_readable_block_gives_the_name_and_says_so() -> None:
    signed, _, issues = checked_names("TTR GILANG FAUZI, S.H., S.AP.", "", "FITRI GILANG FAUZI, S.H., S.AP.")
    assert signed == "FITRI GILANG FAUZI, S.H., S.AP."
    assert [(i.code, i.detail) for i in issues] == [
        (IssueCode.NAME_FROM_OTHER_BLOCK, "TTR GILANG FAUZI, S.H., S.AP.")
    ]


def test_two_different_names_leave_it_empty() -> None:
    signed, _, issues = checked_names("MAYA NUGROHO", "", "DEWI NUGROHO")
    assert signed == "" and _codes(issues) == [IssueCode.SIGNATURES_DISAGREE]
    assert issues[0].detail == "'MAYA NUGROHO' vs 'DEWI NUGROHO'"


def test_a_name_cut_short_under_a_signature_gives_way_to_the_whole_one() -> None:
    signed, _, issues = checked_names("YA NUGROHO", "", "MAYA NUGROHO")
    assert signed == "MAYA NUGROHO" and _codes(issues) == [IssueCode.NAME_FROM_OTHER_BLOCK]
    signed, _, issues = checked_names("AYU HENDRA TANJUNG", "", "HENDRA TANJUNG")
    assert (signed, issues) == ("AYU HENDRA TANJUNG", [])
    signed, _, issues = checked_names("TAUFIK WULAN NUGROHO", "", "NUGROHO")
    assert (signed, issues) == ("TAUFIK WULAN NUGROHO", [])


def test_a_name_word_that_lost_its_capital_is_not_a_name() -> None:
    _, certified, issues = checked_names("", "gus Rosyid", "")
    assert certified == "" and _codes(issues) == [IssueCode.NAME_UNREADABLE]


def test_a_title_printed_in_capitals_loses_ocr_case_and_speck_slips() -> None:
    read = 'RENCANA AKSI REFORMASI BIROKRASI Di LINGKUNGAN KOMISI "PEMILIHAN UMUM TAHUN 2024'
    assert (
        ocr_title(read) == "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM TAHUN 2024"
    )
    mixed = "Rencana Aksi Reformasi Birokrasi di Lingkungan Komisi Pemilihan Umum Tahun 2022"
    assert ocr_title(mixed) == mixed


def test_a_scanned_date_is_cross_checked_with_the_lampiran_header() -> None:
    caption = "LAMPIRAN KEPUTUSAN NOMOR : 1/ORT.07/32/2024 TANGGAL : 16 Februari 2024 TENTANG RENCANA"
    assert choose_date("16 Februari 2024", caption, scanned=True) == ("16 Februari 2024", [])
    text, issues = choose_date("116 Februari 2024", caption, scanned=True)
    assert text == "16 Februari 2024" and _codes(issues) == [IssueCode.FROM_LAMPIRAN_COPY]
    text, issues = choose_date("26 Februari 2024", caption, scanned=True)
    assert text == "26 Februari 2024" and _codes(issues) == [IssueCode.DECREE_DATE_UNSURE]
    assert choose_date("18 Februari 2024", caption, scanned=False) == ("18 Februari 2024", [])


def test_a_front_date_with_a_stray_number_before_the_day_gives_way_to_a_clean_copy() -> None:
    """733-005 (photocopy): the front read "8 1 Maret 2022" (a speck before the day), the lampiran
    "8 Maret 2022"; the 1 was taken.  Both clean and different: the front's, flagged, as before."""
    caption = "LAMPIRAN KEPUTUSAN NOMOR : 5/ORT.07/32/2022 TANGGAL : 8 Maret 2022 TENTANG RENCANA"
    text, issues = choose_date("8 1 Maret 2022", caption, scanned=True)
    assert text == "8 Maret 2022" and _codes(issues) == [IssueCode.FROM_LAMPIRAN_COPY]
    text, issues = choose_date("3 Maret 2022", caption, scanned=True)
    assert text == "3 Maret 2022" and _codes(issues) == [IssueCode.DECREE_DATE_UNSURE]


def test_a_name_whose_end_a_stroke_hid_gives_way_to_the_whole_one() -> None:
    """719-010 (photocopy): "FAJAR MAN" under the front matter's signature, "FAJAR MANURUNG" after
    the table; only letters of the last word, the cut inside it, count as lost."""
    signed, _, issues = checked_names("FAJAR MAN", "", "FAJAR MANURUNG")
    assert signed == "FAJAR MANURUNG" and _codes(issues) == [IssueCode.NAME_FROM_OTHER_BLOCK]
    signed, _, issues = checked_names("FAJAR MANURUNG", "", "FAJAR MAN")
    assert (signed, issues) == ("FAJAR MANURUNG", [])
    signed, _, issues = checked_names("FAJAR MAN", "", "FAJAR MANURUNG SIREGAR")
    assert signed == "" and _codes(issues) == [IssueCode.SIGNATURES_DISAGREE]


def test_a_number_with_bars_read_for_its_spaced_slashes_is_repaired() -> None:
    """719-009 (photocopy): " / " read as " | " between the fields."""
    assert ocr_repaired("146 | ORT.06 | 7172 | 2022") == "146 / ORT.06 / 7172 / 2022"
    choice = choose_number("146 | ORT.06 | 7172 | 2022", "", scanned=True)
    assert choice.text == "146 / ORT.06 / 7172 / 2022" and choice.issues == []


def test_specks_after_a_title_word_are_dropped() -> None:
    """719-010 "DI. LINGKUNGAN", 721-000 "DI: LINGKUNGAN", 719-004 "DI - LINGKUNGAN"."""
    want = "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KPU KAB. BANJAR TAHUN 2022"
    for speck in (". ", ": ", " - ", "."):
        assert ocr_title(want.replace("DI ", f"DI{speck}")) == want


MENETAPKAN = (
    "KEPUTUSAN KPU PROVINSI JAWA BARAT TENTANG RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN {} TAHUN 2021"
)
LAMPIRAN = (
    "LAMPIRAN NOMOR : 31/ORT.07/32/2021 TANGGAL : 2 Mei 2021 "
    "TENTANG : RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN {} TAHUN 2021 RENCANA AKSI"
)


def test_the_title_is_voted_with_its_two_printed_copies() -> None:
    """721-005: "RENCA NA … EMILIHAN" where the Menetapkan and the lampiran header both read the
    words; 719-005: no TENTANG read at all, the two copies agreeing give the title."""
    body = "KOMISI PEMILIHAN UMUM"
    want = f"RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN {body} TAHUN 2021"
    copies = title_copies(MENETAPKAN.format(body), LAMPIRAN.format(body))
    assert copies == [want, want]
    assert voted_title(want.replace("RENCANA", "RENCA NA").replace(" PEM", " EM"), copies) == want
    assert voted_title("", copies) == want
    # the two copies disagreeing there, or one spacing a word as the front does: the front's stays
    other = title_copies(MENETAPKAN.format(body), LAMPIRAN.format("KOMISI PEMILIHEN UMUM"))
    assert voted_title(want.replace(" PEM", " EM"), other) == want.replace(" PEM", " EM")
    assert voted_title("", other) == ""
    spaced = title_copies(MENETAPKAN.format("KOM ISI PEMILIHAN UMUM"), LAMPIRAN.format(body))
    assert voted_title(want, spaced) == want
    mixed = "Rencana Aksi Reformasi Birokrasi di Lingkungan Komisi Pemilihan Umum Tahun 2021"
    assert voted_title(mixed, copies) == mixed


def test_a_copy_with_a_slip_of_its_own_nearby_still_seconds_the_other() -> None:
    """715-005: the title "… PEMILIHAN UM UU …", the Menetapkan "… PEM LIHAN UMUM …", the lampiran
    "… PEMILIHAN UMUM …": "UMUM" is read by both copies (the Menetapkan's slip is its own)."""
    want = "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM TAHUN 2021"
    copies = title_copies(
        MENETAPKAN.format("KOMISI PEM LIHAN UMUM"), LAMPIRAN.format("KOMISI PEMILIHAN UMUM")
    )
    assert voted_title(ocr_title(want.replace("UMUM", "UM UU") + " ."), copies) == want
    assert voted_title(want.replace(" 2021", ""), copies) == want  # the year lost, put back once


def test_a_name_word_a_stroke_hid_letters_inside_gives_way_to_the_whole_one() -> None:
    """722-009 (phone photo): "FR BUDI SETIAWAN" in one block, "FITRI BUDI SETIAWAN" in the other."""
    signed, _, issues = checked_names("FR BUDI SETIAWAN", "", "FITRI BUDI SETIAWAN")
    assert signed == "FITRI BUDI SETIAWAN" and _codes(issues) == [IssueCode.NAME_FROM_OTHER_BLOCK]
    # another first letter, or letters lost in two words: two names, left empty
    for short in ("TR BUDI SETIAWAN", "FR BDI SETIAWAN"):
        signed, _, issues = checked_names(short, "", "FITRI BUDI SETIAWAN")
        assert signed == "" and _codes(issues) == [IssueCode.SIGNATURES_DISAGREE]


def test_a_title_with_one_copy_gets_back_the_letters_ocr_lost() -> None:
    """731-010 (photocopy): the title "RENCANA AKSI REFO ASI … BUPATEN WAY KANAN", no Menetapkan
    read, the lampiran header "… REFORMASI … KABUPATEN WAY KANAN": the title's letters in order
    with a few more are the letters a speck hid.  A stretch reading other letters stays."""
    body = "KOMISI PEMILIHAN UMUM KABUPATEN WAY KANAN"
    want = f"RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN {body} TAHUN 2021"
    copies = title_copies("", LAMPIRAN.format(body))
    assert copies == [want]
    read = want.replace("REFORMASI", "REFO ASI").replace("KABUPATEN", "BUPATEN")
    assert voted_title(read, copies) == want
    other = want.replace("WAY KANAN", "WAY KIRI")
    assert voted_title(other, copies) == other
    assert voted_title(ocr_title(want.replace("LINGKUNGAN", "LINGKUNGAN .")), copies) == want


def test_a_name_read_as_scraps_under_a_signature_gives_way_to_the_whole_one() -> None:
    """731-004 (photocopy): "MA NG NAL AGUS LUBIS" under the front signature, "ZAINAL AGUS LUBIS"
    after the table; two whole readings that differ still disagree (733-007)."""
    signed, _, issues = checked_names("MA NG NAL AGUS LUBIS, M.M.", "", "ZAINAL AGUS LUBIS, M.M.", True)
    assert signed == "ZAINAL AGUS LUBIS, M.M." and _codes(issues) == [IssueCode.NAME_FROM_OTHER_BLOCK]
    signed, _, issues = checked_names("ZAINAL AGUS LUBIS, M.M.", "", "MA NG NAL AGUS LUBIS, M.M.", True)
    assert signed == "ZAINAL AGUS LUBIS, M.M." and issues == []
    signed, _, issues = checked_names("SURYANI HIDAYAT", "", "SIRYANI HIDAYAT", True)
    assert signed == "" and _codes(issues) == [IssueCode.SIGNATURES_DISAGREE]


def test_of_two_readings_of_one_name_the_one_whose_degrees_close_is_kept() -> None:
    """733-009 (photocopy): "EKO HARAHAP, M.SL, M.M." in front, "EKO HARAHAP, M.Si., M.M." after
    the table: the stop of "Si." read as a letter left the degree open."""
    signed, _, _ = checked_names("EKO HARAHAP, M.SL, M.M.", "", "EKO HARAHAP, M.Si., M.M.", True)
    assert signed == "EKO HARAHAP, M.Si., M.M."
    signed, _, issues = checked_names("EKO HARAHAP, M.Si., M.M.", "", "EKO HARAHAP, M.SL, M.M.", True)
    assert signed == "EKO HARAHAP, M.Si., M.M." and issues == []


def test_a_title_word_read_twice_goes_where_both_copies_lack_it() -> None:
    """725-011 (photocopy): "LINGKUNGAN RENCANA AKSI … DI LINGKUNGAN KOMISI … TAHUN —- 2022 —",
    the word of the title's second line read again at its start, dashes read around the year;
    both copies read the title without it.  A word the title reads once stays."""
    body = "KOMISI PEMILIHAN UMUM"
    want = f"RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN {body} TAHUN 2021"
    copies = title_copies(MENETAPKAN.format(body), LAMPIRAN.format(body))
    read = ocr_title(f"LINGKUNGAN {want.replace(' 2021', ' —- 2021 —')}")
    assert voted_title(read, copies) == want
    extra = want.replace("AKSI", "AKSI KERJA")
    assert voted_title(extra, copies) == extra


def test_a_roman_month_slot_a_stroke_off_the_dated_month_takes_the_dates() -> None:
    """753-002 (photocopy): the front's number unreadable ("KPU/U2022"), the lampiran's copy read
    "/KPU/I/2022" on a decree dated in February: the month of issue is II."""
    caption = "LAMPIRAN KEPUTUSAN NOMOR : 40/ORT.04-Kpt/O5/KPU/I/2022 TANGGAL : 1 Februari 2022"
    choice = choose_number("40/ORT. 04-Kpt/05/KPU/U2022.", caption, scanned=True)
    assert choice.text == "40/ORT.04-Kpt/05/KPU/I/2022"
    fixed = dated_month(choice, dt.date(2022, 2, 1))
    assert fixed.text == "40/ORT.04-Kpt/05/KPU/II/2022" and fixed.parsed is not None
    assert (fixed.parsed.month, fixed.parsed.normalised) == (2, "40/ORT.04-Kpt/05/KPU/II/2022")
    assert fixed.issues == choice.issues
    # IV read for V, spaced slashes kept
    spaced = choose_number("12 / ORT.07 / 3279 / KPU-Kota / IV / 2023", "", scanned=True)
    assert dated_month(spaced, dt.date(2023, 5, 2)).text == "12 / ORT.07 / 3279 / KPU-Kota / V / 2023"
    # the date's month agrees, or lies further off than one stroke (IV and VI; I and III): as read
    for month in (1, 6, 3):
        assert dated_month(spaced, dt.date(2023, month, 2)) == spaced
    assert dated_month(spaced, None) == spaced


def test_a_name_cut_short_takes_the_other_blocks_name_words_when_only_their_degrees_fail() -> None:
    """753-007 (photocopy): "EGUH SUSANTO, M.H., S.E." (a stroke over the name's start) and
    "TEGUH SUSANTO, MB, S.E." (M.H. read as MB) in the other block: the name from the one, the
    degrees from the other.  The other's name words another name: as before, the reading kept."""
    signed, _, issues = checked_names("EGUH SUSANTO, M.H., S.E.", "", "TEGUH SUSANTO, MB, S.E.", True)
    assert signed == "TEGUH SUSANTO, M.H., S.E." and _codes(issues) == [IssueCode.NAME_FROM_OTHER_BLOCK]
    signed, _, issues = checked_names("EGUH SUSANTO, M.H., S.E.", "", "BUDI SANTOSO, MB, S.E.", True)
    assert (signed, issues) == ("EGUH SUSANTO, M.H., S.E.", [])


def test_an_unreadable_name_whose_letters_run_past_the_other_readings_start_leaves_it_empty() -> None:
    """713-006 (photocopy): "miVULAN HAKIM, S.IP." does not read as a name, the other block's
    "ULAN HAKIM, S.IP." does but lost the name's start too (WULAN): neither says what it was."""
    signed, _, issues = checked_names("miVULAN HAKIM, S.IP.", "", "ULAN HAKIM, S.IP.", True)
    assert signed == "" and _codes(issues) == [IssueCode.NAME_UNREADABLE, IssueCode.SIGNATURES_DISAGREE]
    signed, _, issues = checked_names("NUR 1 MAULANA, S.IP.", "", "NUR MAULANA, S.IP.", True)
    assert signed == "NUR MAULANA, S.IP." and IssueCode.NAME_FROM_OTHER_BLOCK in _codes(issues)
