"""The decree-number grammar: the forms KPU offices print, parsed into their fields (shared by
extract/, which re-reads a number line that fails it, and normalise/).

One grammar (fields separated by ``/``, spaces around a slash allowed)::

    number      := seq "/" class "/" ( ri_tail | office_tail )  |  "Nomor"? seq "Tahun" year
    seq         := 1-4 digits                                         "04", "612"
    class       := LETTERS ("." digits){0,3} ("-" Kpt)?               "ORT.07", "PR.01-Kpt", "PP.01.1-Kpt"
    ri_tail     := unit "/" "KPU" "/" month "/" year                  KPU RI: "05/KPU/XII/2020"
    office_tail := region ("/" body)? ("/" month)? "/" year
    region      := 2 digits (province) | 4 digits (kabupaten/kota)    "32", "3279", "1106"
    body        := ("KPU" | "KIP") "-"? ("Kab" | "Kota" | "Kot" | "Prov" | "Prv") ...
                 | "Prov" | "Kab" | "Kota"
    month       := Roman numeral I..XII (the month of issue)
    year        := 4 digits

Examples: ``NN/ORT.07/CODE/YYYY``, ``NN/ORT.07-Kpt/CODE/KPU-Kab/I/YYYY``,
``NN/PR.01-Kpt/CODE/Prov/II/YYYY``, the KIP forms of Aceh ``07/ORT.07-Kpt/1106/KIP-Kab/I/2024``,
``Nomor 314 Tahun 2021``.  "Malformed" (style ``unknown``) is only what matches none of them.

The same grammar repairs OCR confusions, each only where the slot makes it unambiguous: the
Roman month slot reads ``I`` where ``1``/``l``/``|`` was printed; ``!`` between two fields, or
``|`` standing alone between spaces (a spaced `` / `` read thin), is ``/``;
``O``/``o``/``l``/``I``/``|``/``S`` inside a digit run is a digit; a last field of nine digits
``CODE1YYYY`` ("327912022") is ``CODE/YYYY`` where a ``/`` was read as ``1``.
The region code is only read here; ``satker.resolve_satker`` checks it.
"""

from __future__ import annotations

import logging
import re

from rencana.schema.numbering import roman_value
from rencana.schema.records import ParsedDecreeNumber

log = logging.getLogger(__name__)

_LABEL_RE = re.compile(r"^(?:N\s?O\s?M\s?O\s?R|NO\.?)\s*[:.;]?\s*", re.IGNORECASE)
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5"})
# a run of digits and digit look-alikes holding at least one real digit, not inside a word
_DIGITISH_RE = re.compile(r"(?<![A-Za-z])[0-9OolI|S]*[0-9][0-9OolI|S]*(?![A-Za-z])")
_CLS_PREFIX_RE = re.compile(r"^[A-Za-z0]{1,5}(?=\.)")
_ROMANISH_RE = re.compile(r"^[IVXl1|]{1,4}$")
_SLASH_LOST_RE = re.compile(r"^(?P<region>\d{4})1(?P<year>(?:19|20)\d{2})$")

_SEQ = r"(?P<seq>\d{1,4})"
_CLS = r"(?P<cls>[A-Z]{1,5}(?:\.\d{1,3}){0,3}(?:-[A-Za-z]{2,4})?)"
_MONTH = r"(?P<month>[IVX]{1,4})"
_YEAR = r"(?P<year>\d{4})"
_BODY = r"(?P<body>(?:KPU|KIP)[-.]?(?:Kab|Kota|Kot|Prov|Prv)[\w.-]*|Prov|Prv|Kab|Kota)"
_KPU_RI_OLD_RE = re.compile(
    rf"^{_SEQ}/(?P<cls>[A-Z]{{1,5}}(?:\.\d{{1,3}}){{0,3}}-Kpt)/(?P<unit>\d{{1,2}})/KPU/{_MONTH}/{_YEAR}$",
    re.IGNORECASE,
)
_SATKER_RE = re.compile(
    rf"^{_SEQ}/{_CLS}/(?P<region>\d{{2}}|\d{{4}})(?:/{_BODY})?(?:/{_MONTH})?/{_YEAR}$", re.IGNORECASE
)
_KPU_RI_NEW_RE = re.compile(rf"^{_SEQ}\s+TAHUN\s+{_YEAR}$", re.IGNORECASE)


def _fix_digits(s: str) -> str:
    return _DIGITISH_RE.sub(lambda m: m.group(0).translate(_OCR_DIGITS), s)


def _fix_classification(part: str) -> str:
    """Upper-case the letter prefix of a classification code and read 0 there as O ("0RT.07")."""
    m = _CLS_PREFIX_RE.match(part)
    if not m or not any(ch.isalpha() for ch in m.group(0)):
        return part
    return m.group(0).upper().replace("0", "O") + part[m.end() :]


def _fields(parts: list[str]) -> list[str]:
    """OCR repairs that the slot of each field decides (see the module docstring)."""
    if len(parts) >= 3 and (m := _SLASH_LOST_RE.match(parts[-1])) and not parts[-2].isdigit():
        parts = [*parts[:-1], m.group("region"), m.group("year")]  # "327912022": "/" read as "1"
    if len(parts) >= 5 and _ROMANISH_RE.match(parts[-2]):
        month = parts[-2].replace("1", "I").replace("l", "I").replace("|", "I")
        if roman_value(month) is not None:
            parts[-2] = month  # the Roman month slot: "KPU-Kab/1/2024" -> "KPU-Kab/I/2024"
    out = [_fix_digits(p) for p in parts]
    if len(out) > 1:
        out[1] = _fix_classification(out[1])
    return out


def _tidy(s: str) -> str:
    s = " ".join(s.split())
    s = _LABEL_RE.sub("", s)
    s = re.sub(r"(?<=\w)\s*!\s*(?=\w)", "/", s)  # "!" between two fields is a slash
    s = re.sub(r"(?<=\w)\s+\|\s+(?=\w)", "/", s)  # so is "|" standing alone ("146 | ORT.06")
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\.\s+(?=\w)", ".", s)
    s = s.strip(" .,;:")
    return "/".join(_fields(s.split("/")))


def _month(m: re.Match[str]) -> int | None:
    value = m.groupdict().get("month")
    return roman_value(value.upper()) if value else None


def parse_decree_number(s: str) -> ParsedDecreeNumber:
    """Split a decree number into sequence, classification, region code, month and year."""
    norm = _tidy(s)
    if m := _KPU_RI_OLD_RE.match(norm):
        return ParsedDecreeNumber(
            s, norm, m.group("seq"), m.group("cls"), None, int(m.group("year")), "kpu_ri_old", _month(m)
        )
    if m := _SATKER_RE.match(norm):
        region, year = m.group("region"), int(m.group("year"))
        return ParsedDecreeNumber(s, norm, m.group("seq"), m.group("cls"), region, year, "satker", _month(m))
    if m := _KPU_RI_NEW_RE.match(norm):
        seq, year = m.group("seq"), int(m.group("year"))
        return ParsedDecreeNumber(s, f"{seq} Tahun {year}", seq, None, None, year, "kpu_ri_new")
    log.debug("decree number of unknown shape: %r", s)
    return ParsedDecreeNumber(s, norm, None, None, None, None, "unknown")


def same_number(a: ParsedDecreeNumber, b: ParsedDecreeNumber) -> bool:
    """True when two copies (the front page's and the lampiran header's) name one decree."""
    if "unknown" in (a.style, b.style):
        return True  # nothing to compare: a malformed copy is flagged on its own
    return (a.sequence, a.region_code, a.year) == (b.sequence, b.region_code, b.year)


_IN_CAPTION_RE = re.compile(
    r"(?:NOMOR|NO\.?)\s*[:.]?\s*(?P<number>\S.*?)(?=\s+TANGGAL\b|\s+TENTANG\b|$)", re.IGNORECASE
)


def caption_number(caption: str) -> ParsedDecreeNumber | None:
    """The decree number printed in the lampiran header ("LAMPIRAN ... NOMOR : 04/ORT.07/3279/2022 ...")."""
    m = _IN_CAPTION_RE.search(" ".join(caption.split()))
    if m is None:
        return None
    parsed = parse_decree_number(m.group("number"))
    return parsed if parsed.style != "unknown" else None
