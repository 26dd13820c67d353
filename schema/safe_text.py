"""Untrusted text stays text: neutralise spreadsheet formula injection (CSV, TSV, XLSX).

Decree text is untrusted: a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return, OWASP's list) is run as a formula by Excel and LibreOffice when a CSV is
opened (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``, DDE).  Every writer of CSV/TSV/XLSX in
rencana passes its text through this module:

* CSV / TSV: :func:`neutralise` (or :func:`neutralise_row` / :func:`neutralise_frame`) puts a
  single quote before a risky value, the convention spreadsheets show as "text".
* XLSX with openpyxl: :func:`set_xlsx_text` stores the value as a string cell with Excel's
  ``quotePrefix`` style, so the text is kept exactly as printed and never becomes a formula
  (openpyxl itself turns any ``str`` starting with ``=`` into a formula).

Only strings change; numbers, dates, booleans and None pass through.  The functions are
idempotent: ``neutralise(neutralise(x)) == neutralise(x)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")
"""First characters that make a spreadsheet read a cell as a formula (with full-width forms)."""
QUOTE = "'"


def is_risky(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula.

    The first character decides, and so does the first non-blank one (``"  =1+1"`` is
    trimmed to a formula by some importers).
    """
    if not text:
        return False
    if text[0] in TRIGGERS:
        return True
    stripped = text.lstrip(" \u00a0")
    return bool(stripped) and stripped[0] in TRIGGERS


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is a risky string; anything else unchanged."""
    if isinstance(value, str) and is_risky(value):
        return QUOTE + value
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    """:func:`neutralise` applied to each value of a CSV row."""
    return [neutralise(v) for v in values]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (object and string columns) are neutralised.

    Use before ``DataFrame.to_csv``; lists inside cells are left alone (serialise them first).
    """
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if is_object_dtype(column.dtype) or is_string_dtype(column.dtype):
            out[name] = column.map(neutralise)
    return out


def set_xlsx_text(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl ``cell``; risky text stays literal text.

    Risky strings are stored as string cells with the ``quotePrefix`` style (what Excel does
    when a user types a leading apostrophe): the cell shows the text unchanged and is never
    evaluated.  Other values are assigned as they are.
    """
    if isinstance(value, str) and is_risky(value):
        cell.value = value
        cell.data_type = "s"  # openpyxl made it a formula ("f") because of the leading "="
        cell.quotePrefix = True
    else:
        cell.value = value
