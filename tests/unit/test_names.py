"""Signatory and certifier names: a name that does not read as one is left empty, with an issue."""

from __future__ import annotations

import pytest

from rencana.normalise.names import checked_names, is_name
from rencana.schema.issues import IssueCode


@pytest.mark.parametrize(
    "name",
    ["WAHYU NUR PURNOMO", "FITRI GILANG FAUZI, S.H., S.AP.", "Drs. H. AGUS SALIM, M.Si.", "M. RIZKY"],
)
def test_names_as_printed_are_kept(name: str) -> None:
    assert is_name(name)


@pytest.mark.parametrize("garbled", ["TTR G", "WAHYU NUR.PUR OMO", "R0SYID, S.H.", "SRI WULAN, 5.H."])
def test_what_ocr_makes_of_a_smudged_block_is_not_a_name(garbled: str) -> None:
    assert not is_name(garbled)


def test_a_garbled_signatory_is_left_empty_with_an_issue_naming_the_field() -> None:
    signed, certified, issues = checked_names("TTR G", "AGUS ROSYID")
    assert (signed, certified) == ("", "AGUS ROSYID")
    found = [(i.code, i.detail, i.field) for i in issues]
    assert found == [(IssueCode.NAME_UNREADABLE, "TTR G", "signed_by")]


def test_a_letter_a_stroke_adds_does_not_make_the_longer_reading_whole() -> None:
    """Clean scan 3-005: the block after the table read "BAMBANG FAULZI" (the signature's stroke
    read as an L); the front block's "BAMBANG FAUZI" is no reading that lost a letter, so neither
    is taken over the other: the name is left empty and flagged, never the wrong one."""
    name, _, issues = checked_names("BAMBANG FAUZI, S.Sos.", None, "BAMBANG FAULZI, S.Sos.", True)
    assert name == "" and [i.code for i in issues] == [IssueCode.SIGNATURES_DISAGREE]
    # letters a stroke hides are still taken back from the other block
    name, _, _ = checked_names("FR BUDI SANTOSO", None, "FITRI BUDI SANTOSO", True)
    assert name == "FITRI BUDI SANTOSO"
