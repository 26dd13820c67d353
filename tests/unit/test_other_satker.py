"""Issue 12: every other satker named anywhere in the front matter is flagged, with where."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rencana.normalise.document import _preamble_issues
from rencana.normalise.satker import other_satkers, resolve_satker
from rencana.schema.issues import IssueCode
from rencana.schema.records import FrontMatter

KOTA_BANJAR = resolve_satker("3279", "KOMISI PEMILIHAN UMUM KOTA BANJAR", 2022)[0]
KAB_BANJAR = resolve_satker("6303", "KOMISI PEMILIHAN UMUM KABUPATEN BANJAR", 2022)[0]
BASE = FrontMatter(
    menimbang="bahwa Komisi Pemilihan Umum Kota Banjar perlu menetapkan Rencana Aksi",
    mengingat="Undang-Undang Nomor 7 Tahun 2017; Keputusan Komisi Pemilihan Umum Nomor 100 Tahun 2021",
    menetapkan="KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BANJAR TENTANG RENCANA AKSI",
    diktum="Menetapkan Rencana Aksi di Lingkungan Komisi Pemilihan Umum Kota Banjar.",
    caption="LAMPIRAN KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BANJAR NOMOR 04/ORT.07/3279/2022",
)


@pytest.mark.parametrize(
    "part", ["menimbang", "mengingat", "menetapkan", "diktum", "caption", "issuer", "certified_by"]
)
def test_another_satker_is_flagged_in_every_part(part: str) -> None:
    assert KOTA_BANJAR is not None
    front = replace(BASE, **{part: getattr(BASE, part) + " dan Komisi Pemilihan Umum Kota Pasuruan"})
    [issue] = _preamble_issues(front, KOTA_BANJAR)
    assert issue.code is IssueCode.PREAMBLE_SATKER_MISMATCH and issue.detail == "Kota Pasuruan"
    assert issue.field == {"caption": "lampiran", "certified_by": "certification"}.get(part, part)


def test_own_satker_kpu_ri_and_own_province_are_not_flagged() -> None:
    assert KOTA_BANJAR is not None
    text = "Komisi Pemilihan Umum Kota Banjar, Komisi Pemilihan Umum RI, KPU Provinsi Jawa Barat"
    assert other_satkers(text, KOTA_BANJAR) == []
    assert _preamble_issues(BASE, KOTA_BANJAR) == []


def test_a_name_clash_is_told_apart_by_level() -> None:
    assert KOTA_BANJAR is not None and KAB_BANJAR is not None
    assert KAB_BANJAR.name == "KPU Kabupaten Banjar"
    assert other_satkers("sebagaimana Komisi Pemilihan Umum Kota Banjar", KAB_BANJAR) == ["Kota Banjar"]
    assert other_satkers("sebagaimana KPU Kabupaten Banjar", KOTA_BANJAR) == ["Kabupaten Banjar"]
    assert other_satkers("sebagaimana KPU Provinsi Kalimantan Selatan", KAB_BANJAR) == []
