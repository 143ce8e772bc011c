"""One rule for every CSV the app writes: no cell is read as a formula by a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading
apostrophe, which spreadsheets show as text (OWASP's advice against CSV injection). The bank's
own CSV reader removes exactly that apostrophe again, so an export imports back unchanged.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_cell_value(cell: str) -> str:
    """A cell as written by `csv_safe_cell`, back to its value."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
