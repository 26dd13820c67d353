"""Issuing offices (satker) for generated decrees, from the Kemendagri region list."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rencana.corpus.model import SatkerSpec

ACEH = "11"
# Always drawn first: the name clashes (Banjar, Pasuruan), KPU RI, Aceh's KIP, a province.
CORE_CODES = ("3279", "6303", "RI", "1106", "3575", "32", "3514", "11")
LEVEL_WEIGHTS = {"kabupaten": 5, "kota": 3, "provinsi": 2}


@dataclass(frozen=True, slots=True)
class Region:
    """One row of ``schema/vocabulary/regions.csv``."""

    code: str
    name: str  # "Kota Banjar", "Kabupaten Aceh Besar", "Jawa Barat"
    base_name: str
    level: str  # provinsi | kabupaten | kota
    province_code: str
    code_2022: str  # "" when the region did not exist in 2022


def _regions_csv() -> Path:
    path = Path(str(resources.files("rencana.schema"))) / "vocabulary" / "regions.csv"
    if not path.is_file():
        raise FileNotFoundError(f"region list not found at {path}")
    return path


@lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
    """All provinces and kab/kota of the region list."""
    with _regions_csv().open(encoding="utf-8", newline="") as fh:
        return tuple(
            Region(r["code"], r["name"], r["base_name"], r["level"], r["province_code"], r["code_2022"])
            for r in csv.DictReader(fh)
        )


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in load_regions()}


@lru_cache(maxsize=1)
def _by_code_2022() -> dict[str, Region]:
    return {r.code_2022: r for r in load_regions() if r.code_2022}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    from rencana.corpus.catalogue import frontmatter

    caps = frontmatter()["capitals"]
    return {str(k): str(v) for k, v in caps.items()}


def _kpu_ri() -> SatkerSpec:
    return SatkerSpec(
        name="KPU RI",
        level="pusat",
        region_code="",
        province="",
        body_upper="KOMISI PEMILIHAN UMUM REPUBLIK INDONESIA",
        short_upper="REPUBLIK INDONESIA",
        place="Jakarta",
    )


def satker_for(code: str, plan_year: int) -> SatkerSpec:
    """The office of region ``code`` (current code, or ``"RI"``) as it stood in ``plan_year``.

    Region codes follow the year: a 2022 decree from Merauke carries 9101, a
    2023 one 9301.  Aceh's offices are KIP (Komisi Independen Pemilihan).
    """
    if code == "RI":
        return _kpu_ri()
    region = _by_code()[code]
    year_code = region.code_2022 if plan_year <= 2022 else region.code
    if not year_code:
        raise ValueError(f"{region.name} did not exist in {plan_year}")
    province_code = year_code[:2]
    prov_region = _by_code_2022()[province_code] if plan_year <= 2022 else _by_code()[province_code]
    province = prov_region.name
    aceh = region.province_code == ACEH
    short = "KIP" if aceh else "KPU"
    body = "KOMISI INDEPENDEN PEMILIHAN" if aceh else "KOMISI PEMILIHAN UMUM"
    if region.level == "provinsi":
        name = f"{short} {region.name}" if aceh else f"KPU Provinsi {region.name}"
        short_upper = region.name.upper() if aceh else f"PROVINSI {region.name.upper()}"
        place = _capitals().get(province_code, region.name)
    else:
        name = f"{short} {region.name}"
        short_upper = region.name.upper()
        place = region.name if region.level == "kota" else region.base_name
    return SatkerSpec(
        name=name,
        level="provinsi"
        if region.level == "provinsi"
        else ("kota" if region.level == "kota" else "kabupaten"),
        region_code=year_code,
        province=province,
        body_upper=f"{body} {short_upper}",
        short_upper=short_upper,
        place=place,
    )


def pick_codes(rng: random.Random, n: int, plan_year: int = 2022) -> list[str]:
    """``n`` distinct region codes (or ``"RI"``): the core clash/edge cases first, then a level mix."""
    codes = list(CORE_CODES[: min(n, len(CORE_CODES))])
    pool = [r for r in load_regions() if r.code not in codes and (plan_year > 2022 or r.code_2022)]
    while len(codes) < n and pool:
        level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
        candidates = [r for r in pool if r.level == level] or pool
        region = rng.choice(candidates)
        pool.remove(region)
        codes.append(region.code)
    return codes


def pick_satkers(rng: random.Random, n: int, plan_year: int = 2022) -> list[SatkerSpec]:
    """``n`` distinct offices for ``plan_year``: Kota/Kabupaten Banjar, KPU RI, KIP, Pasuruan, then a mix."""
    return [satker_for(code, plan_year) for code in pick_codes(rng, n, plan_year)]


def satker_body_title(satker: SatkerSpec) -> str:
    """The body in running text, e.g. "Komisi Pemilihan Umum Kota Banjar"."""
    if satker.level == "pusat":
        return "Komisi Pemilihan Umum"
    short, _, rest = satker.name.partition(" ")
    body = "Komisi Independen Pemilihan" if short == "KIP" else "Komisi Pemilihan Umum"
    return f"{body} {rest}"
