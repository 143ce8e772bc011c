from datetime import timedelta
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from interview.lib import figures

register = template.Library()


@register.filter
def percent(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """A percentage as the active language writes it ("12%", "12 %", "12,5 %"), rounded to
    ``decimals`` places when given ("{{ share|percent:0 }}"); empty for None."""
    if value is None:
        return ""
    if decimals is None:
        return figures.percent(value)
    places = int(decimals)
    share = float(value)
    return figures.percent(round(share, places) if places else round(share))


@register.filter
def duration(value: timedelta | None) -> str:
    """A timedelta as "2 min 05 s" (or "45 s"); empty for None."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": f"{minutes:02d}"}
    if minutes:
        return _("%(minutes)s min %(seconds)s s") % {
            "minutes": minutes,
            "seconds": f"{seconds:02d}",
        }
    return _("%(seconds)s s") % {"seconds": seconds}


@register.filter
def seconds_duration(value: int | None) -> str:
    return duration(timedelta(seconds=value)) if value else ""


@register.filter
def ms_duration(value: int | None) -> str:
    """Milliseconds as a duration ("2 min 05 s"); empty for None."""
    return duration(timedelta(milliseconds=value)) if value is not None else ""


@register.filter
def clock(value: int | None) -> str:
    """Seconds left as the countdown shows them ("2:05", "1:02:05"): the page opens with the
    figure the script then counts down (and shows it as such without JavaScript)."""
    if value is None:
        return ""
    minutes, seconds = divmod(max(0, int(value)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


@register.filter
def pyrepr(value: object) -> str:
    """A test case's value as Python writes it (lists, strings in quotes, None, True)."""
    return repr(value)
