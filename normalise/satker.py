"""Resolve the issuing satker (KPU RI, KPU/KIP provinsi, kabupaten, kota) from code and name.

The region code embedded in the decree number decides first (current Kemendagri
code, or the 2022 code for decrees of 2022 and earlier: a 2022 decree from
Merauke embeds 9101, today 9301); the name in the kop/title decides when there
is no usable code and is cross-checked against the code otherwise.
``Satker.region_code`` and ``province`` are those in force in the plan year
(Merauke 2022: 9101, Papua; 2023: 9301, Papua Selatan); the name is stable
across years.  Names follow regions.csv: "KPU Kota Banjar", "KPU Provinsi Jawa
Barat", "KIP Aceh", "KIP Kabupaten Aceh Besar", "KPU RI".
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from rapidfuzz import fuzz, process

from rencana.schema.issues import Issue, IssueCode
from rencana.schema.records import Satker

log = logging.getLogger(__name__)

LAST_2022_CODE_YEAR = 2022  # decrees up to this year may embed the 2022 (pre-split Papua) codes
NAME_FUZZY_CUTOFF = 90.0  # fuzz.ratio on compact names, only after an explicit Kota/Kabupaten/Provinsi
_NAME_FUZZY_MIN_LEN = 6
_MAX_NAME_WORDS = 5

Level = Literal["provinsi", "kabupaten", "kota"]
_LEVEL_WORDS: dict[str, Level] = {
    "KOTA": "kota",
    "KABUPATEN": "kabupaten",
    "KAB": "kabupaten",
    "PROVINSI": "provinsi",
    "PROV": "provinsi",
}
_BODIES: tuple[tuple[str, ...], ...] = (
    ("KOMISI", "PEMILIHAN", "UMUM"),
    ("KOMISI", "INDEPENDEN", "PEMILIHAN"),
    ("KPU",),
    ("KIP",),
)
_SKIP_AFTER_BODY = frozenset({"KPU", "KIP", "ADM", "ADMINISTRASI"})
_PUSAT_WORDS = ("REPUBLIK", "INDONESIA")
# Words that may follow a bare "KOMISI PEMILIHAN UMUM" naming KPU RI; any other word is an unknown name.
# fmt: off
_FUNCTION_WORDS = frozenset({
    "REPUBLIK", "RI", "TAHUN", "TENTANG", "DAN", "ATAU", "SERTA", "NOMOR", "DI", "PADA", "YANG",
    "SEBAGAIMANA", "UNTUK", "DENGAN", "KOMISI", "KETUA", "KEPUTUSAN", "MENETAPKAN", "BERKEWAJIBAN",
    "PERLU", "SEKRETARIAT", "SEKRETARIS", "PERIODE", "ADALAH", "/", "KABUPATEN", "KOTA", "PROVINSI",
})
# fmt: on
_TOKEN_RE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*|/")
# Extra province spellings (compact form) besides the current and the 2022 names.
_PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "31": ("DKIJAKARTA", "JAKARTA", "DAERAHKHUSUSJAKARTA"),
    "34": ("DIY", "DIYOGYAKARTA", "YOGYAKARTA"),
    "19": ("BANGKABELITUNG", "BABEL"),
    "21": ("KEPRI",),
    "52": ("NTB",),
    "53": ("NTT",),
}
_ACEH = "11"


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str  # "Kota Banjar", "Jawa Barat"
    base_name: str
    level: Level
    province_code: str
    province_name: str
    code_2022: str
    name_2022: str


def _compact(words: list[str] | tuple[str, ...]) -> str:
    out = []
    for w in words:
        w = w.upper().replace("-", "")
        out.append("KEPULAUAN" if w == "KEP" else w)
    return "".join(w for w in out if w not in {"ADM", "ADMINISTRASI"})


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.upper())


@dataclass(frozen=True, slots=True)
class _Index:
    by_code: dict[str, Region]
    by_code_2022: dict[str, Region]
    names: dict[tuple[Level, str], tuple[Region, ...]]  # (level, compact name) -> regions


@functools.cache
def regions() -> tuple[Region, ...]:
    """All rows of ``schema/vocabulary/regions.csv`` (package data)."""
    raw = resources.files("rencana.schema").joinpath("vocabulary/regions.csv").read_text(encoding="utf-8")
    return tuple(
        Region(
            code=r["code"],
            name=r["name"],
            base_name=r["base_name"],
            level=r["level"],  # type: ignore[arg-type]
            province_code=r["province_code"],
            province_name=r["province_name"],
            code_2022=r["code_2022"],
            name_2022=r["name_2022"],
        )
        for r in csv.DictReader(io.StringIO(raw))
    )


@functools.cache
def _index() -> _Index:
    names: dict[tuple[Level, str], list[Region]] = {}
    by_code_2022: dict[str, Region] = {}
    for region in regions():
        keys = {_compact(_tokens(region.base_name))}
        name_2022 = re.sub(r"^(KAB\.?|KOTA)\s+", "", region.name_2022)
        if name_2022:
            keys.add(_compact(_tokens(name_2022)))
        if region.level == "provinsi":
            keys.update(_PROVINCE_ALIASES.get(region.code, ()))
        for key in keys:
            names.setdefault((region.level, key), []).append(region)
        if region.code_2022:
            by_code_2022[region.code_2022] = region
    return _Index(
        by_code={r.code: r for r in regions()},
        by_code_2022=by_code_2022,
        names={k: tuple(v) for k, v in names.items()},
    )


def satker_for(region: Region, plan_year: int | None = None) -> Satker:
    """The satker of a region as it stood in ``plan_year`` (current codes when None or after 2022)."""
    if region.level == "provinsi":
        name = "KIP Aceh" if region.code == _ACEH else f"KPU Provinsi {region.name}"
    else:
        name = f"{'KIP' if region.province_code == _ACEH else 'KPU'} {region.name}"
    code, province = region.code, region.province_name
    if plan_year is not None and plan_year <= LAST_2022_CODE_YEAR and region.code_2022:
        code = region.code_2022
        old_province = _index().by_code_2022.get(code[:2])
        province = old_province.name if old_province is not None else province
    return Satker(name=name, level=region.level, region_code=code, province=province)


KPU_RI = Satker(name="KPU RI", level="pusat", region_code="", province="")


def region_display_name(region: Region) -> str:
    """The satker name without its body: "Kota Banjar", "Provinsi Jawa Barat", "Aceh" (for KIP Aceh)."""
    name: str = satker_for(region).name
    return name.split(" ", 1)[1]


@dataclass(frozen=True, slots=True)
class _Mention:
    regions: tuple[Region, ...]  # empty for a KPU RI or an unresolved mention
    fuzzy: bool = False
    pusat: bool = False  # a bare body: KPU RI
    explicit_pusat: bool = False  # "... REPUBLIK INDONESIA", "KPU RI"
    unresolved: str = ""  # the word after the body when it names no known region


def _match_name(
    words: list[str], levels: tuple[Level, ...], allow_fuzzy: bool
) -> tuple[tuple[Region, ...], bool]:
    """Longest run of ``words`` naming a region of ``levels``; fuzzy only as a fallback."""
    idx = _index().names
    stop = next((i for i, w in enumerate(words) if w == "/"), len(words))
    words = words[: min(stop, _MAX_NAME_WORDS)]
    for n in range(len(words), 0, -1):
        key = _compact(words[:n])
        found = tuple(r for lv in levels for r in idx.get((lv, key), ()))
        if found:
            return found, False
    if not allow_fuzzy:
        return (), False
    choices = {
        key: regs for (lv, key), regs in idx.items() if lv in levels and len(key) >= _NAME_FUZZY_MIN_LEN
    }
    best: tuple[float, tuple[Region, ...]] = (0.0, ())
    for n in range(1, len(words) + 1):
        key = _compact(words[:n])
        if len(key) < _NAME_FUZZY_MIN_LEN:
            continue
        hits = process.extract(key, list(choices), scorer=fuzz.ratio, limit=2)
        unique = len(hits) < 2 or hits[0][1] > hits[1][1]
        if hits and unique and hits[0][1] >= NAME_FUZZY_CUTOFF and hits[0][1] > best[0]:
            best = (hits[0][1], choices[hits[0][0]])
    return best[1], bool(best[1])


def _mentions(text: str) -> list[_Mention]:
    toks = _tokens(text)
    out: list[_Mention] = []
    i = 0
    while i < len(toks):
        body = next((b for b in _BODIES if tuple(toks[i : i + len(b)]) == b), None)
        if body is None:
            i += 1
            continue
        j = i + len(body)
        while j < len(toks) and toks[j] in _SKIP_AFTER_BODY:
            j += 1
        rest = toks[j : j + _MAX_NAME_WORDS + 2]
        level = _LEVEL_WORDS.get(rest[0]) if rest else None
        if level is not None:
            words = [w for w in rest[1:] if w not in _SKIP_AFTER_BODY]
            found, fuzzy = _match_name(words, (level,), allow_fuzzy=True)
        else:
            found, fuzzy = _match_name(rest, ("provinsi", "kabupaten", "kota"), allow_fuzzy=False)
        name_words = rest[1:] if level is not None else rest
        if found:
            out.append(_Mention(found, fuzzy))
        elif name_words and name_words[0] not in _FUNCTION_WORDS:
            out.append(_Mention((), unresolved=" ".join(rest[:3])))
        elif level is None:
            explicit = tuple(rest[:2]) == _PUSAT_WORDS or rest[:1] == ["RI"]
            out.append(_Mention((), pusat=True, explicit_pusat=explicit))
        i = j
    return out


def find_satker_mentions(text: str) -> list[str]:
    """Regions named as "Komisi Pemilihan Umum Kota X" / "KPU Kabupaten Y" in ``text``, first-seen order.

    Returns display names ("Kota Pasuruan", "Provinsi Jawa Barat"); bare KPU RI
    mentions and names that fit several regions are left out.
    """
    seen: list[str] = []
    for m in _mentions(text):
        if len(m.regions) == 1:
            name = region_display_name(m.regions[0])
            if name not in seen:
                seen.append(name)
    return seen


_SPAN_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def satker_mention_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every office named in ``text``: "KPU Kota Banjar", "KIP Aceh", "KPU RI", ….

    Exact region names only (no fuzzy matching), so a cell's own words never
    disappear into a mention.  Used to replace office names by ``<satker>``
    before labels are compared.
    """
    return list(_mention_spans(text))


_BODY_STARTS = frozenset(b[0] for b in _BODIES)


@functools.lru_cache(maxsize=65536)
def _mention_spans(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`satker_mention_spans`, kept per text (the same cells are read several times; issue 14)."""
    toks = [(m.start(), m.end(), m.group().upper()) for m in _SPAN_TOKEN_RE.finditer(text)]
    words = [t[2] for t in toks]
    idx = _index().names
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        body = (
            next((b for b in _BODIES if tuple(words[i : i + len(b)]) == b), None)
            if words[i] in _BODY_STARTS
            else None
        )
        if body is None:
            i += 1
            continue
        j = i + len(body)
        end: int | None = None
        if words[j : j + 1] == ["RI"]:
            end = j + 1
        elif tuple(words[j : j + 2]) == _PUSAT_WORDS:
            end = j + 2
        else:
            level = _LEVEL_WORDS.get(words[j]) if j < len(words) else None
            start = j + 1 if level is not None else j
            levels: tuple[Level, ...] = (level,) if level is not None else ("provinsi",)
            while start < len(words) and words[start] in {"ADM", "ADMINISTRASI"}:
                start += 1
            for n in range(min(_MAX_NAME_WORDS, len(words) - start), 0, -1):
                key = _compact(words[start : start + n])
                if any((lv, key) in idx for lv in levels):
                    end = start + n
                    break
        if end is None:
            i = j
            continue
        spans.append((toks[i][0], toks[end - 1][1]))
        i = end
    return tuple(spans)


def _by_code(code: str, plan_year: int | None, issues: list[Issue]) -> Region | None:
    idx = _index()
    if plan_year is not None and plan_year <= LAST_2022_CODE_YEAR:
        if code in idx.by_code_2022:
            return idx.by_code_2022[code]
        if code in idx.by_code:
            issues.append(Issue(IssueCode.REGION_CODE_NOT_IN_2022_LIST, code, field="region_code"))
            return idx.by_code[code]
    else:
        if code in idx.by_code:
            return idx.by_code[code]
        if code in idx.by_code_2022:
            if plan_year is not None:
                issues.append(Issue(IssueCode.OUTDATED_REGION_CODE, code, field="region_code"))
            return idx.by_code_2022[code]
    issues.append(Issue(IssueCode.UNKNOWN_REGION_CODE, code, field="region_code"))
    return None


def _named_issues(first: _Mention | None, named: list[_Mention]) -> list[Issue]:
    """A misspelt name, or a second satker named in the kop, title or issuer."""
    if first is None:
        return []
    out: list[Issue] = []
    if first.fuzzy:
        out.append(Issue(IssueCode.FUZZY_REGION_NAME, region_display_name(first.regions[0]), field="satker"))
    others = {region_display_name(m.regions[0]) for m in named[1:] if len(m.regions) == 1}
    others -= {region_display_name(r) for r in first.regions}
    if others:
        detail = f"{region_display_name(first.regions[0])} vs {sorted(others)[0]}"
        out.append(Issue(IssueCode.CONFLICTING_SATKER_NAMES, detail, field="satker"))
    return out


def resolve_satker(
    region_code: str | None, name_text: str, plan_year: int | None
) -> tuple[Satker | None, list[Issue]]:
    """Satker of a decree from the decree-number region code and the kop/title text, plus findings.

    Findings (``detail`` in brackets): ``unknown_region_code`` (code), ``region_name_mismatch``
    (``<code> vs <name>``), ``outdated_region_code`` (code), ``region_code_not_in_2022_list``
    (code), ``ambiguous_region_name`` (names), ``fuzzy_region_name`` (name),
    ``conflicting_satker_names`` (``<a> vs <b>``), ``unresolved_satker_name`` (words),
    ``satker_not_found``.
    """
    issues: list[Issue] = []
    code = (region_code or "").strip()
    by_code = _by_code(code, plan_year, issues) if code else None
    mentions = _mentions(name_text)
    named = [m for m in mentions if m.regions]
    first = named[0] if named else None
    issues += _named_issues(first, named)
    if by_code is not None:
        if first is not None and by_code not in first.regions:
            names = " / ".join(map(region_display_name, first.regions))
            issues.append(Issue(IssueCode.REGION_NAME_MISMATCH, f"{code} vs {names}", field="region_code"))
        elif first is None and any(m.explicit_pusat for m in mentions):
            issues.append(Issue(IssueCode.REGION_NAME_MISMATCH, f"{code} vs KPU RI", field="region_code"))
        return satker_for(by_code, plan_year), issues
    if first is not None:
        if len(first.regions) == 1:
            return satker_for(first.regions[0], plan_year), issues
        names = " / ".join(map(region_display_name, first.regions))
        issues.append(Issue(IssueCode.AMBIGUOUS_REGION_NAME, names, field="satker"))
        return None, issues
    if any(m.pusat for m in mentions):
        return KPU_RI, issues
    unresolved = next((m.unresolved for m in mentions if m.unresolved), "")
    if unresolved:
        issues.append(Issue(IssueCode.UNRESOLVED_SATKER_NAME, unresolved, field="satker"))
    else:
        issues.append(Issue(IssueCode.SATKER_NOT_FOUND, field="satker"))
    return None, issues


def other_satkers(text: str, own: Satker) -> list[str]:
    """Satkers named in ``text`` other than ``own``, KPU RI and ``own``'s province's KPU (first-seen order).

    Told apart by level as well as name: "Kota Banjar" in a Kabupaten Banjar decree is another satker.
    """
    seen: list[str] = []
    for m in _mentions(text):
        if len(m.regions) != 1:
            continue
        r = m.regions[0]
        if own.region_code and own.region_code in (r.code, r.code_2022):
            continue
        if r.level == "provinsi" and own.level != "provinsi" and own.region_code[:2] in (r.code, r.code_2022):
            continue  # the decree's own province's KPU
        name = region_display_name(r)
        if name not in seen:
            seen.append(name)
    return seen
