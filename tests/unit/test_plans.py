"""One plan per satker and year (pipeline/plans.py): copies and revisions, decided on hand-made copies."""

from __future__ import annotations

import dataclasses
import datetime as dt

from rencana.compare.roster import province_satkers
from rencana.normalise.satker import regions, satker_for
from rencana.pipeline.plans import Copy, decide, refolded_flags
from rencana.schema.issues import Issue, IssueCode

TEXT = "penyusunan sk tim rb rapat koordinasi tim rb pencanangan zona integritas monitoring dan evaluasi"
BASE = Copy(
    doc_id="export",
    satker="KPU Kota Batu",
    plan_year=2023,
    number="12/ORT.07/3579/2023",
    date=dt.date(2023, 1, 18),
    title="RENCANA AKSI REFORMASI BIROKRASI KOMISI PEMILIHAN UMUM KOTA BATU TAHUN 2023",
    scan=False,
    ok=True,
    rows=20,
    findings=0,
    text=TEXT,
)


def _copy(**changes: object) -> Copy:
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


def test_the_scan_of_an_export_is_a_copy_and_the_export_is_kept() -> None:
    scan = _copy(doc_id="scan", scan=True, findings=3, text=TEXT.replace("koordinasi", "koordlnasi"))
    decision = decide([scan, BASE])
    assert decision.duplicate_of == {"scan": "export"} and not decision.superseded_by


def test_more_rows_win_among_digital_copies_and_the_number_must_agree() -> None:
    short = _copy(doc_id="short", rows=12)
    assert decide([short, BASE]).duplicate_of == {"short": "export"}
    other = _copy(doc_id="other", number="13/ORT.07/3579/2023", date=dt.date(2023, 1, 18))
    decision = decide([BASE, other])
    assert not decision.duplicate_of and decision.superseded_by == {"export": "other"}, "the next number"


def test_revisions_later_date_or_perubahan_supersede() -> None:
    later = _copy(
        doc_id="later", number="40/ORT.07/3579/2023", date=dt.date(2023, 6, 2), text="lain sama sekali"
    )
    assert decide([later, BASE]).superseded_by == {"export": "later"}
    perubahan = _copy(doc_id="perubahan", number="2/ORT.07/3579/2023", title="PERUBAHAN ATAS " + BASE.title)
    assert decide([BASE, perubahan]).superseded_by == {"export": "perubahan"}
    # the same number with other rows: a revision that kept its number
    same_number = _copy(doc_id="rows", date=dt.date(2023, 3, 1), text="sama sekali lain isinya")
    decision = decide([BASE, same_number])
    assert not decision.duplicate_of and decision.superseded_by == {"export": "rows"}


def test_other_satkers_and_years_are_other_plans() -> None:
    plans = [BASE, _copy(doc_id="y22", plan_year=2022), _copy(doc_id="malang", satker="KPU Kabupaten Malang")]
    decision = decide(plans)
    assert not decision.duplicate_of and not decision.superseded_by


def test_derived_flags_are_replaced_not_piled_up() -> None:
    first = refolded_flags(["rows_without_months:2"], Issue(IssueCode.DUPLICATE_COPY, "abc"))
    assert first == ["rows_without_months:2", "duplicate_copy:abc"]
    assert refolded_flags(first, None) == ["rows_without_months:2"]


def test_the_roster_names_satkers_as_the_documents_do() -> None:
    aceh = province_satkers("11", 2023)
    assert aceh["satker"].iloc[0] == "KIP Aceh" and all(s.startswith("KIP ") for s in aceh["satker"])
    jatim = province_satkers("35", 2023)
    assert jatim["satker"].iloc[0] == "KPU Provinsi Jawa Timur" and len(jatim) == 39
    assert "KPU Kota Batu" in set(jatim["satker"])
    names = {satker_for(r, 2023).name for r in regions() if r.province_code == "35"}
    assert set(jatim["satker"]) == names
    # 2022: no Papua Selatan yet; its regencies were in Papua (91)
    assert province_satkers("93", 2022).empty and len(province_satkers("93", 2023)) > 1
