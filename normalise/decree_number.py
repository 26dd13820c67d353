"""Parse KPU decree numbers ("04/ORT.07/3279/2022", "Nomor 314 Tahun 2021").

Styles:
  satker      ``NN/ORT.07/3279/2022`` (kab/kota, 4-digit region code) or ``NN/ORT.07/32/2022``
              (provinsi); also ``NN/PP.01.1-Kpt/3515/KPU-Kab/IV/2020``
  kpu_ri_old  ``612/ORT.04-Kpt/05/KPU/XII/2020`` (unit code, not a region)
  kpu_ri_new  ``314 Tahun 2021``
The region code is only read here; ``satker.resolve_satker`` checks it.
"""

from __future__ import annotations

import logging
import re

from rencana.schema.records import ParsedDecreeNumber

log = logging.getLogger(__name__)

_LABEL_RE = re.compile(r"^(?:N\s?O\s?M\s?O\s?R|NO\.?)\s*[:.;]?\s*", re.IGNORECASE)
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5"})
# a run of digits and digit look-alikes holding at least one real digit, not inside a word
_DIGITISH_RE = re.compile(r"(?<![A-Za-z])[0-9OolI|S]*[0-9][0-9OolI|S]*(?![A-Za-z])")
_CLS_PREFIX_RE = re.compile(r"^[A-Za-z0]{1,5}(?=\.)")

_KPU_RI_OLD_RE = re.compile(
    r"^(?P<seq>\d{1,4})/(?P<cls>[A-Z]{1,5}(?:\.\d{1,3}){0,3}-Kpt)/(?P<unit>\d{1,2})/KPU/(?P<month>[IVX]{1,4})/"
    r"(?P<year>\d{4})$",
    re.IGNORECASE,
)
_SATKER_RE = re.compile(
    r"^(?P<seq>\d{1,4})/(?P<cls>[A-Z]{1,5}(?:\.\d{1,3}){0,3}(?:-[A-Za-z]{2,4})?)/(?P<region>\d{2}|\d{4})"
    r"(?:/(?:KPU)?[-.]?(?:Kab|Kot|Kota|Prov|Prv)[\w.-]*)?(?:/[IVX]{1,4})?/(?P<year>\d{4})$",
    re.IGNORECASE,
)
_KPU_RI_NEW_RE = re.compile(r"^(?P<seq>\d{1,4})\s+TAHUN\s+(?P<year>\d{4})$", re.IGNORECASE)


def _fix_digits(s: str) -> str:
    return _DIGITISH_RE.sub(lambda m: m.group(0).translate(_OCR_DIGITS), s)


def _fix_classification(part: str) -> str:
    """Upper-case the letter prefix of a classification code and read 0 there as O ("0RT.07")."""
    m = _CLS_PREFIX_RE.match(part)
    if not m or not any(ch.isalpha() for ch in m.group(0)):
        return part
    return m.group(0).upper().replace("0", "O") + part[m.end() :]


def _tidy(s: str) -> str:
    s = " ".join(s.split())
    s = _LABEL_RE.sub("", s)
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\.\s+(?=\w)", ".", s)
    s = s.strip(" .,;:")
    parts = [_fix_digits(p) for p in s.split("/")]
    if len(parts) > 1:
        parts[1] = _fix_classification(parts[1])
    return "/".join(parts)


def parse_decree_number(s: str) -> ParsedDecreeNumber:
    """Split a decree number into sequence, classification, region code and year."""
    norm = _tidy(s)
    if m := _KPU_RI_OLD_RE.match(norm):
        return ParsedDecreeNumber(
            raw=s,
            normalised=norm,
            sequence=m.group("seq"),
            classification=m.group("cls"),
            region_code=None,
            year=int(m.group("year")),
            style="kpu_ri_old",
        )
    if m := _SATKER_RE.match(norm):
        return ParsedDecreeNumber(
            raw=s,
            normalised=norm,
            sequence=m.group("seq"),
            classification=m.group("cls"),
            region_code=m.group("region"),
            year=int(m.group("year")),
            style="satker",
        )
    if m := _KPU_RI_NEW_RE.match(norm):
        seq, year = m.group("seq"), int(m.group("year"))
        return ParsedDecreeNumber(
            raw=s,
            normalised=f"{seq} Tahun {year}",
            sequence=seq,
            classification=None,
            region_code=None,
            year=year,
            style="kpu_ri_new",
        )
    log.debug("decree number of unknown shape: %r", s)
    return ParsedDecreeNumber(
        raw=s,
        normalised=norm,
        sequence=None,
        classification=None,
        region_code=None,
        year=None,
        style="unknown",
    )
