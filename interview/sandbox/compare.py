"""Comparing a query's result with the expected one.

- Values are compared, not column names: the result must have the expected number of columns
  and the expected rows.
- Numbers are equal when they differ by at most `tolerance` (absolute); an integer and a float
  of the same value are equal. Text, dates (as ISO strings), booleans and NULLs must be equal.
- With `order_matters` the rows are compared position by position; otherwise as multisets
  (each expected row must appear as often as expected, in any order).
- The verdict names the first difference: a missing or extra column, a row that differs, a
  row missing or unexpected, or the row counts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str = ""  # the first difference, for the candidate

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "message": self.message}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def values_equal(expected: Any, actual: Any, *, tolerance: float) -> bool:
    if _is_number(expected) and _is_number(actual):
        if math.isnan(expected) or math.isnan(actual):
            return math.isnan(expected) and math.isnan(actual)
        return abs(expected - actual) <= tolerance + 1e-12 * max(abs(expected), abs(actual))
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            values_equal(e, a, tolerance=tolerance) for e, a in zip(expected, actual, strict=True)
        )
    return type(expected) is type(actual) and expected == actual


def rows_equal(expected: Sequence[Any], actual: Sequence[Any], *, tolerance: float) -> bool:
    return len(expected) == len(actual) and all(
        values_equal(e, a, tolerance=tolerance) for e, a in zip(expected, actual, strict=True)
    )


def _sort_key(row: Sequence[Any], tolerance: float) -> tuple:
    def key(value: Any) -> tuple:
        if value is None:
            return (0, 0)
        if _is_number(value):
            step = tolerance if tolerance > 0 else 1e-9
            return (1, round(value / step) if math.isfinite(value) else str(value))
        return (2, str(value))

    return tuple(key(value) for value in row)


def show(row: Sequence[Any]) -> str:
    return "(" + ", ".join("NULL" if v is None else repr(v) for v in row) + ")"


def results_compare(
    *,
    expected_rows: Sequence[Sequence[Any]],
    expected_columns: int | None,
    rows: Sequence[Sequence[Any]],
    columns: int,
    order_matters: bool,
    tolerance: float,
) -> Verdict:
    """Whether `rows` match the expected rows, and the first difference when they do not."""
    width = (
        expected_columns
        if expected_columns is not None
        else (len(expected_rows[0]) if expected_rows else None)
    )
    if width is not None and columns != width:
        return Verdict(
            False,
            _("Expected %(width)s column(s), got %(columns)s.")
            % {"width": width, "columns": columns},
        )
    if order_matters:
        for index, (want, got) in enumerate(zip(expected_rows, rows, strict=False), start=1):
            if not rows_equal(want, got, tolerance=tolerance):
                return Verdict(
                    False,
                    _("Row %(index)s: expected %(want)s, got %(got)s.")
                    % {"index": index, "want": show(want), "got": show(got)},
                )
        if len(rows) != len(expected_rows):
            return _count_message(expected_rows, rows)
        return Verdict(True)
    remaining = sorted(rows, key=lambda row: _sort_key(row, tolerance))
    missing = []
    for want in sorted(expected_rows, key=lambda row: _sort_key(row, tolerance)):
        for position, got in enumerate(remaining):
            if rows_equal(want, got, tolerance=tolerance):
                del remaining[position]
                break
        else:
            missing.append(want)
    if missing:
        message = _count(expected_rows, rows) + " "
        if remaining:
            message += _("A missing row: %(missing)s; an unexpected row: %(extra)s.") % {
                "missing": show(missing[0]),
                "extra": show(remaining[0]),
            }
        else:
            message += _("A missing row: %(missing)s.") % {"missing": show(missing[0])}
        return Verdict(False, message)
    if remaining:
        return Verdict(
            False,
            _count(expected_rows, rows)
            + " "
            + _("An unexpected row: %(row)s.") % {"row": show(remaining[0])},
        )
    return Verdict(True)


def _count(expected_rows: Sequence[Any], rows: Sequence[Any]) -> str:
    return _("Expected %(expected)s row(s), got %(got)s.") % {
        "expected": len(expected_rows),
        "got": len(rows),
    }


def _count_message(expected_rows: Sequence[Any], rows: Sequence[Any]) -> Verdict:
    if len(rows) > len(expected_rows):
        return Verdict(
            False,
            _count(expected_rows, rows)
            + " "
            + _("The first extra row: %(row)s.") % {"row": show(rows[len(expected_rows)])},
        )
    return Verdict(
        False,
        _count(expected_rows, rows)
        + " "
        + _("The first missing row: %(row)s.") % {"row": show(expected_rows[len(rows)])},
    )
