"""The report's words, in Bahasa Indonesia (default) and English: one place for every label.

``TEXT`` holds the interface (section titles, headers, legends, sheet names); ``PLAIN``
holds the plain-language Indonesian description of every finding and failure reason,
beside the English one of :data:`rencana.schema.issues.ISSUE_CODES` /
:data:`rencana.schema.reasons.REASONS` (a test fails when a code lacks one).
"""

from __future__ import annotations

from typing import Literal

from rencana.schema.issues import IssueCode, describe
from rencana.schema.reasons import Reason

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")

TEXT: dict[str, tuple[str, str]] = {
    # sections
    "sec.roster": ("Satker dan rencana", "Satkers and plans"),
    "sec.satkers": ("Rencana per satker", "Plans per satker"),
    "sec.files": ("Berkas bermasalah dan salinan", "Problem files and copies"),
    "sec.coverage": ("Cakupan kegiatan", "Coverage"),
    "sec.schedule": ("Jadwal", "Schedule"),
    "sec.yoy": ("Perbandingan antartahun", "Year on year"),
    "sec.cards": ("Kartu rencana", "Plan cards"),
    # header
    "title": ("Rencana Aksi RB {year}: {where}", "Rencana Aksi RB {year}: {where}"),
    "where.province": ("Provinsi {name}", "province {name}"),
    "where.all": ("semua provinsi", "all provinces"),
    "meta": (
        "{plans} rencana (satu per satker) tahun {year} · {files} berkas dibaca · tahun rencana dalam "
        "data: {years} · {template} · sumber {source} · dibuat {created} dengan <code>rencana compare</code>",
        "{plans} plan(s) (one per satker) of plan year {year} · {files} file(s) read · plan years in "
        "the data: {years} · {template} · source {source} · made {created} by <code>rencana compare</code>",
    ),
    # roster
    "roster.note": (
        "Semua satker provinsi ini menurut daftar wilayah Kemendagri (KPU Provinsi dan setiap "
        "kabupaten/kota) terhadap rencana yang diterima untuk tahun {year}: {got} dari {total} satker "
        "sudah menyampaikan, {missing} belum menyampaikan.",
        "Every satker of the province in the Kemendagri region list (the provincial KPU and every "
        "kab/kota) against the plans received for {year}: {got} of {total} satkers submitted, "
        "{missing} have not.",
    ),
    "roster.missing": ("Belum menyampaikan", "Not submitted"),
    "roster.received": ("Sudah menyampaikan", "Submitted"),
    "roster.none": (
        "Pilih satu provinsi (--province) untuk melihat daftar satkernya.",
        "Choose one province (--province) to see its roster of satkers.",
    ),
    # column headers
    "col.satker": ("satker", "satker"),
    "col.label": ("satker · tahun", "satker · year"),
    "col.code": ("kode wilayah", "region code"),
    "col.state": ("keadaan", "state"),
    "col.decree_number": ("nomor keputusan", "decree number"),
    "col.decree_date": ("tanggal", "date"),
    "col.status": ("status", "status"),
    "col.rows": ("baris", "rows"),
    "col.areas": ("area", "areas"),
    "col.kegiatan": ("kegiatan", "kegiatan"),
    "col.sub_kegiatan": ("sub kegiatan", "sub kegiatan"),
    "col.months_active": ("bulan berkegiatan", "months with work"),
    "col.rows_without_months": ("baris tanpa bulan", "rows without months"),
    "col.corrections": ("koreksi", "corrections"),
    "col.decree_issues": ("masalah keputusan", "decree problems"),
    "col.reading": ("keyakinan pembacaan", "reading confidence"),
    "col.file": ("berkas", "file"),
    "col.other_names": ("nama lain", "other names"),
    "col.why": ("alasan", "why"),
    "col.kept": ("rencana yang dipakai", "plan used"),
    "col.activity": ("kegiatan", "activity"),
    "col.planned_by": ("direncanakan oleh", "planned by"),
    "col.missing_in": ("tidak ada di", "missing in"),
    "col.area": ("area", "area"),
    "col.change": ("perubahan", "change"),
    "col.months_in": ("bulan {year}", "months {year}"),
    # states and words
    "state.ok": ("lengkap", "ok"),
    "state.partial": ("sebagian", "partial"),
    "state.failed": ("gagal dibaca", "failed"),
    "none": ("tidak ada", "none"),
    "no_months": ("tanpa bulan", "none"),
    "missing_areas": ("(tanpa area {areas})", "(no {areas})"),
    "extra": ("(tambahan)", "(extra)"),
    "dup.why": (
        "salinan lain dari keputusan yang sama (nomor {number})",
        "another copy of the same decree (number {number})",
    ),
    "sup.why": ("diganti keputusan yang lebih baru", "replaced by a later decree"),
    "tmpl.file": ("templat: {value}", "template: {value}"),
    "tmpl.ids": (
        "templat: kode kegiatan baku dari kosakata",
        "template: the canonical activity ids of the vocabulary",
    ),
    "tmpl.observed": (
        "templat dari data: kegiatan yang direncanakan sedikitnya {value} rencana",
        "template observed: activities planned by at least {value} plans of this selection",
    ),
    # notes and legends
    "satkers.note": (
        "Satu baris per rencana (satker dan tahun). Masalah keputusan (merah: nama satker lain, kode wilayah "
        "tidak sesuai nama, nomor tidak lazim) dipisahkan dari keyakinan pembacaan (seberapa yakin rencana "
        "membaca berkasnya). Arahkan kursor ke tanda untuk penjelasannya; keterangan ada di bawah.",
        "One line per plan (satker and year). Decree problems (red: another satker named, a region code "
        "that disagrees with the name, an unusual number) are kept apart from reading confidence (how sure "
        "rencana is of what it read). Hover a badge for its meaning; the legend is below.",
    ),
    "legend": ("Keterangan tanda", "Legend of the badges"),
    "files.failed": ("Berkas gagal atau terbaca sebagian", "Failed and partial files"),
    "files.failed_note": (
        "Berkas yang tidak dapat dibaca seluruhnya, dengan alasannya. Berkas yang gagal dibaca tidak "
        "diketahui provinsinya dan ditampilkan di setiap laporan provinsi.",
        "Files that could not be read in full, with the reason. A failed file's province is unknown, "
        "so it is listed in every province's report.",
    ),
    "files.aside": ("Salinan yang disisihkan", "Copies set aside"),
    "files.aside_note": (
        "Berkas yang tidak dihitung sebagai rencana tersendiri: salinan lain dari keputusan yang sama "
        "(mis. hasil pindai dari berkas Word), atau keputusan yang diganti keputusan yang lebih baru.",
        "Files not counted as a plan of their own: another copy of the same decree (a scan of the "
        "Word export), or a decree replaced by a later one.",
    ),
    "files.none": ("Tidak ada.", "None."),
    "coverage.note": (
        "Setiap kegiatan templat RB terhadap setiap rencana tahun {year}. {template}. Dalam setiap area, "
        "kegiatan yang paling sering tidak ada di atas; rencana dengan kekurangan terbanyak di kiri.",
        "Each activity of the RB template (kegiatan) against each plan of {year}. {template}. Within each "
        "area the activities missing most often come first; the plans with the most gaps are on the left.",
    ),
    "coverage.legend_present": ("n = baris yang direncanakan", "n = rows planned"),
    "coverage.legend_missing": ("✕ ada di templat, tidak direncanakan", "✕ in the template, not planned"),
    "coverage.legend_extra": (
        "tambahan: direncanakan, tidak ada di templat",
        "extra: planned, not in the template",
    ),
    "coverage.top": ("Paling sering tidak ada", "Most often missing"),
    "coverage.missing_in": ("tidak ada di {n} dari {total}", "missing in {n} of {total}"),
    "coverage.sub": (
        "Sub kegiatan (setiap kegiatan templat)",
        "Sub kegiatan (every activity of the template)",
    ),
    "schedule.note": (
        "Jumlah baris rencana (sub kegiatan) yang dijadwalkan tiap bulan; triwulan menjumlahkan tiga "
        "bulannya. Makin gelap makin sibuk.",
        "Number of plan rows (sub kegiatan) scheduled in each month; a quarter adds up its three months. "
        "Darker = busier.",
    ),
    "schedule.per_satker": ("Per satker", "Per satker"),
    "schedule.per_area": ("Per area (semua satker)", "Per area (all satkers)"),
    "schedule.area_satker": ("{area}: per satker", "{area}: per satker"),
    "yoy.none": (
        "Belum ada satker dengan rencana untuk dua tahun (tahun dalam data: {years}).",
        "No satker has plans for two plan years here (years present: {years}).",
    ),
    "yoy.note": (
        "Rencana setiap satker dibandingkan dengan tahun sebelumnya, per sub kegiatan: ditambah, "
        "dihapus, dijadwal ulang. Yang tidak berubah dihitung di buku kerja.",
        "Each satker's plan against its previous plan year, sub kegiatan by sub kegiatan: added, "
        "dropped, rescheduled. Unchanged activities are counted in the workbook.",
    ),
    "change.added": ("ditambah", "added"),
    "change.dropped": ("dihapus", "dropped"),
    "change.rescheduled": ("dijadwal ulang", "rescheduled"),
    "change.unchanged": ("tetap", "unchanged"),
    "cards.note": (
        "Tabel setiap rencana: satu baris per sub kegiatan, sel terisi per bulan yang direncanakan. "
        "Baris tanpa bulan disorot kuning.",
        "Each plan's table: one line per sub kegiatan, a filled cell per planned month. Lines with no "
        "month are highlighted in yellow.",
    ),
    "cards.head": ("{rows} baris · {areas}/8 area", "{rows} rows · {areas}/8 areas"),
    "no_plan": ("Tidak ada rencana.", "No plan."),
    "no_rows": ("Tidak ada baris rencana.", "No plan rows."),
    # workbook
    "sheet.about": ("Tentang", "About"),
    "sheet.roster": ("Satker", "Roster"),
    "sheet.summary": ("Ringkasan", "Summary"),
    "sheet.files": ("Berkas bermasalah", "Problem files"),
    "sheet.aside": ("Salinan disisihkan", "Copies set aside"),
    "sheet.coverage": ("Cakupan", "Coverage"),
    "sheet.coverage_sub": ("Cakupan sub", "Coverage sub"),
    "sheet.coverage_list": ("Daftar cakupan", "Coverage list"),
    "sheet.schedule": ("Jadwal", "Schedule"),
    "sheet.schedule_area": ("Jadwal per area", "Schedule by area"),
    "sheet.cards": ("Kartu rencana", "Plan cards"),
    "sheet.yoy": ("Antartahun", "Year on year"),
    "sheet.yoy_summary": ("Ringkasan antartahun", "YoY summary"),
}

HEADERS: dict[str, tuple[str, str]] = {
    "label": ("satker · tahun", "satker · year"),
    "satker": ("satker", "satker"),
    "satker_level": ("tingkat", "level"),
    "level": ("tingkat", "level"),
    "region_code": ("kode wilayah", "region code"),
    "province": ("provinsi", "province"),
    "plan_year": ("tahun rencana", "plan year"),
    "decree_number": ("nomor keputusan", "decree number"),
    "decree_date": ("tanggal keputusan", "decree date"),
    "status": ("status", "status"),
    "error": ("pesan", "message"),
    "rows": ("baris", "rows"),
    "areas_covered": ("area tercakup", "areas covered"),
    "missing_areas": ("area tidak ada", "missing areas"),
    "months_active": ("bulan berkegiatan", "months with work"),
    "activity_months": ("kegiatan-bulan", "activity-months"),
    "rows_without_months": ("baris tanpa bulan", "rows without months"),
    "flags": ("jumlah temuan", "findings"),
    "flag_list": ("semua temuan (kode)", "all findings (codes)"),
    "decree_issues": ("masalah keputusan", "decree problems"),
    "reading_issues": ("keyakinan pembacaan", "reading confidence"),
    "preamble_names": ("satker lain disebut", "other satkers named"),
    "corrections": ("koreksi", "corrections"),
    "typo_fixes": ("perbaikan salah ketik", "typo fixes"),
    "corrections_to_review": ("koreksi perlu dicek", "corrections to review"),
    "submitted": ("sudah menyampaikan", "submitted"),
    "file": ("berkas", "file"),
    "other_names": ("nama lain", "other names"),
    "reason": ("alasan (kode)", "reason (code)"),
    "reason_text": ("alasan", "reason"),
    "why": ("alasan", "why"),
    "kept_label": ("rencana yang dipakai", "plan used"),
    "area_no": ("no area", "area no"),
    "area": ("area", "area"),
    "activity": ("kegiatan", "activity"),
    "key": ("kode", "key"),
    "in_template": ("di templat", "in template"),
    "planned_by": ("direncanakan oleh", "planned by"),
    "missing_in": ("tidak ada di", "missing in"),
    "support": ("dukungan", "support"),
    "row_no": ("no baris", "row no"),
    "indikator": ("indikator", "indikator"),
    "months": ("bulan", "months"),
    "change": ("perubahan", "change"),
    "year_from": ("dari tahun", "year from"),
    "year_to": ("ke tahun", "year to"),
    "months_from": ("bulan sebelumnya", "months before"),
    "months_to": ("bulan sesudahnya", "months after"),
    "added": ("ditambah", "added"),
    "dropped": ("dihapus", "dropped"),
    "rescheduled": ("dijadwal ulang", "rescheduled"),
    "unchanged": ("tetap", "unchanged"),
    "total": ("jumlah", "total"),
}
"""Column headers of the workbook (a column not listed keeps its own name: kegiatan, Jan, Q1...)."""


def header(lang: Lang, column: str) -> str:
    pair = HEADERS.get(column)
    return pair[0 if lang == "id" else 1] if pair else column


PLAIN: dict[str, str] = {
    # findings (schema/issues.py)
    IssueCode.REPAIRED: "berkas rusak ringan; diperbaiki otomatis lalu dibaca",
    IssueCode.ENCRYPTED: "berkas terkunci tanpa kata sandi pengguna; tetap dapat dibaca",
    IssueCode.UNREADABLE_PAGES: "ada halaman yang tidak dapat dibuka (dilewati)",
    IssueCode.IMAGE_TOO_LARGE: "gambar halaman terlalu besar untuk dibaca (dilewati)",
    IssueCode.NEEDS_OCR: "halaman hasil pindai belum dibaca (OCR mati atau tidak tersedia)",
    IssueCode.BLANK_PAGES: "halaman pindai kosong (dilewati)",
    IssueCode.LOW_RESOLUTION_SCAN: "resolusi pindai rendah: periksa hasil bacaan",
    IssueCode.TURNED_PAGES: "halaman pindai terbalik atau miring 90°; sudah diputar",
    IssueCode.LOW_OCR_CONFIDENCE: "baris hasil pindai yang terbaca kurang yakin: cocokkan dengan berkasnya",
    IssueCode.NO_TABLE: "tabel rencana aksi tidak ditemukan",
    IssueCode.LOW_TABLE_SCORE: "garis tabel tidak lengkap; kolom ditentukan dari letak teks",
    IssueCode.NO_DECREE_NUMBER: "nomor keputusan tidak ditemukan",
    IssueCode.DECREE_NUMBER_MALFORMED: "nomor keputusan tidak mengikuti pola KPU",
    IssueCode.TABLE_UNREADABLE: "halaman tabel tidak terbaca (salinan atau foto terlalu buruk): tanpa baris",
    IssueCode.NAME_UNREADABLE: "nama penandatangan atau pengesah tidak terbaca dengan pasti; dikosongkan",
    # issue 10 (second round)
    IssueCode.DECREE_NUMBER_UNREADABLE: "nomor keputusan hasil pindai tidak terbaca pasti; dikosongkan",
    IssueCode.FROM_LAMPIRAN_COPY: "nomor atau tanggal keputusan diambil dari kepala lampiran",
    IssueCode.DECREE_DATE_UNSURE: "tanggal keputusan berbeda di halaman depan dan lampiran; periksa",
    IssueCode.SIGNATURES_DISAGREE: "nama penanda tangan berbeda di dua blok tanda tangan; dikosongkan",
    IssueCode.NAME_FROM_OTHER_BLOCK: "nama penanda tangan diambil dari blok tanda tangan lain",
    IssueCode.OTHER_TABLE: "tabel lain di lampiran (bukan rencana aksi), tidak dibaca sebagai baris rencana",
    IssueCode.MISSING_COLUMN: "kolom kegiatan, sub kegiatan atau indikator tidak ditemukan di kepala tabel",
    IssueCode.UNMAPPED_TABLE: "kepala tabel ditemukan tetapi kolom bulan/triwulan tidak dapat dipetakan",
    IssueCode.DECREE_NUMBER_MISMATCH: "nomor keputusan di lampiran berbeda dengan nomor di halaman depan",
    IssueCode.NO_DECREE_DATE: "tanggal penetapan tidak terbaca",
    IssueCode.PLAN_YEAR_MISMATCH: "tahun pada judul dan pada nomor keputusan berbeda",
    IssueCode.PREAMBLE_SATKER_MISMATCH: "konsiderans atau diktum menyebut satker lain (salin-tempel)",
    IssueCode.DUPLICATED_PHRASE: "frasa berulang dalam Menetapkan (salin-tempel)",
    IssueCode.UNKNOWN_REGION_CODE: "kode wilayah pada nomor keputusan tidak dikenal",
    IssueCode.OUTDATED_REGION_CODE: "kode wilayah lama (sebelum pemekaran Papua)",
    IssueCode.REGION_CODE_NOT_IN_2022_LIST: "kode wilayah baru pada keputusan tahun 2022 atau sebelumnya",
    IssueCode.FUZZY_REGION_NAME: "nama wilayah pada judul dikenali meski ejaannya berbeda",
    IssueCode.CONFLICTING_SATKER_NAMES: "kop, judul dan penanda tangan menyebut satker berbeda",
    IssueCode.REGION_NAME_MISMATCH: "kode wilayah tidak sesuai dengan nama satker",
    IssueCode.AMBIGUOUS_REGION_NAME: "nama wilayah bisa berarti beberapa daerah",
    IssueCode.UNRESOLVED_SATKER_NAME: "judul menyebut kantor yang tidak ada di daftar wilayah",
    IssueCode.SATKER_NOT_FOUND: "satker tidak dapat ditentukan",
    IssueCode.ROWS_WITHOUT_MONTHS: "baris tanpa bulan pelaksanaan",
    IssueCode.ROWS_WITHOUT_INDIKATOR: "baris tanpa indikator",
    IssueCode.MISSING_AREAS: "area perubahan yang tidak ada dalam tabel",
    IssueCode.UNMATCHED_AREA: "sel area yang tidak cocok dengan 8 area RB",
    IssueCode.UNMATCHED_LABELS: "nama kegiatan yang tidak ada di kosakata baku",
    IssueCode.WORD_REPAIRS: "kata salah ketik yang diperbaiki",
    IssueCode.DUPLICATE_COPY: "salinan lain dari keputusan yang sama (disisihkan)",
    IssueCode.SUPERSEDED: "diganti keputusan yang lebih baru (disisihkan)",
    # failure reasons (schema/reasons.py)
    Reason.EMPTY_FILE: "berkas kosong (0 bita)",
    Reason.NOT_A_PDF: "bukan berkas PDF (mis. halaman galat HTML, gambar, berkas Office)",
    Reason.FILE_TOO_LARGE: "berkas terlalu besar",
    Reason.DAMAGED: "berkas PDF rusak dan tidak dapat diperbaiki",
    Reason.TOO_MANY_PAGES: "halaman terlalu banyak untuk sebuah keputusan",
    Reason.PAGE_TOO_LARGE: "ukuran halaman melampaui batas PDF",
    Reason.DECOMPRESSION_BOMB: "isi berkas mengembang terlalu besar (berkas berbahaya)",
    Reason.TIMEOUT: "pembacaan melewati batas waktu",
    Reason.OUT_OF_MEMORY: "pembacaan melewati batas memori",
    Reason.CRASHED: "pembaca PDF/OCR berhenti mendadak",
    Reason.UNREADABLE: "berkas tidak dapat dibuka (izin akses, terhapus)",
    Reason.INTERNAL_ERROR: "galat di rencana sendiri: mohon laporkan",
    Reason.INCOMPLETE: "nomor, tanggal atau satker keputusan tidak terbaca",
    Reason.NO_PAGES: "PDF tanpa halaman",
    # issue 11 (second round)
    IssueCode.COLUMNS_BY_POSITION: (
        "kolom dengan label kepala tabel yang tidak dikenal, dipetakan menurut urutan dan isinya"
    ),
    # issue 11 (third round)
    IssueCode.COLUMN_ROLES_UNCERTAIN: (
        "kolom kegiatan, sub kegiatan dan indikator tidak dapat dipastikan dari label maupun isinya: "
        "periksa kolomnya"
    ),
}
"""Indonesian plain descriptions by code value (a StrEnum member hashes as its value)."""

PLAIN_REASON: dict[str, str] = {
    Reason.ENCRYPTED: "berkas terkunci dengan kata sandi: buka kuncinya lalu kirim ulang",
    Reason.NO_TABLE: "tabel rencana aksi tidak ditemukan",
}
"""The two failure reasons whose value is also an issue code (``encrypted``, ``no_table``)."""


def tr(lang: Lang, key: str, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``{name}`` fields filled in."""
    text = TEXT[key][0 if lang == "id" else 1]
    return text.format(**values) if values else text


def plain(lang: Lang, code: str, reason: bool = False) -> str:
    """A finding (or, with ``reason``, a failure reason) in plain words, Indonesian or English."""
    typed = Reason(code) if reason and code in Reason.__members__.values() else code
    if lang == "id":
        text = PLAIN_REASON.get(code) if reason else None
        return text or PLAIN.get(code) or describe(typed)
    return describe(typed)
