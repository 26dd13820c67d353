"""The roster: every satker of a province (its KPU Provinsi and every kab/kota) against the plans.

The province's satkers come from the product's region list (``schema/vocabulary/regions.csv``,
read through :mod:`rencana.normalise.satker`, so a satker is named exactly as the documents
name it: "KPU Kabupaten Malang", "KIP Aceh"), as the regions stood in the plan year (a 2022
roster of Papua has no Papua Selatan).  A satker without a plan is "belum menyampaikan".
"""

from __future__ import annotations

import pandas as pd

from rencana.normalise.satker import regions, satker_for

LAST_OLD_CODE_YEAR = 2022  # regions created in 2022-2023 (Papua's new provinces) count from 2023


def province_satkers(province_code: str, year: int | None) -> pd.DataFrame:
    """satker, level, region_code of every satker of ``province_code`` in ``year`` (provinsi first)."""
    out = []
    for region in regions():
        if year is not None and year <= LAST_OLD_CODE_YEAR and not region.code_2022:
            continue
        satker = satker_for(region, year)
        if satker.region_code[:2] != province_code:
            continue
        out.append({"satker": satker.name, "level": satker.level, "region_code": satker.region_code})
    frame = pd.DataFrame(out, columns=["satker", "level", "region_code"])
    order = frame["level"].ne("provinsi")
    return frame.assign(_o=order).sort_values(["_o", "region_code"]).drop(columns="_o").reset_index(drop=True)


def roster(province_code: str | None, year: int | None, docs: pd.DataFrame) -> pd.DataFrame:
    """One line per satker of the province: ``submitted`` and the plan's label and number, if any.

    ``docs`` are the plans of the selection (copies and replaced decrees already set aside);
    empty when no single province is selected.
    """
    columns = ["satker", "level", "region_code", "submitted", "label", "decree_number"]
    if not province_code:
        return pd.DataFrame(columns=columns)
    frame = province_satkers(province_code, year)
    plans = docs[docs["status"].ne("failed") & docs["satker"].notna()]
    if year is not None:
        plans = plans[plans["plan_year"].eq(year)]
    first = plans.drop_duplicates("satker").set_index("satker")
    frame["submitted"] = frame["satker"].isin(first.index)
    frame["label"] = frame["satker"].map(first["label"])
    frame["decree_number"] = frame["satker"].map(first["decree_number"])
    return frame[columns]
