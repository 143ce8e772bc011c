"""Figures shown to people, written the way the active language writes them.

Django localizes a number put straight into a template, but not a number already turned into a
string in Python (``f"{share:.1f}"``, ``f"{limit:,}"``) nor the sign after a percentage: French,
German and Spanish put a (no-break) space before ``%``, English, Italian and Portuguese do not.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext


def number(value: int | float | Decimal, *, decimals: int | None = None) -> str:
    """``value`` with the active language's decimal mark and, from four digits, its grouping
    (1,234.5 in English, 1 234,5 in French, 1.234,5 in German)."""
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def percent(value: int | float | Decimal, *, decimals: int | None = None) -> str:
    """A percentage with its sign where the active language puts it ("12%", "12 %")."""
    # Translators: a percentage; write the space your language puts before the sign, if any.
    return gettext("%(number)s%%") % {"number": number(value, decimals=decimals)}
