from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A timedelta as "2 min 05 s" (or "45 s"); empty for None."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds:02d} s"
    return f"{seconds} s"


@register.filter
def seconds_duration(value: int | None) -> str:
    return duration(timedelta(seconds=value)) if value else ""


@register.filter
def ms_duration(value: int | None) -> str:
    """Milliseconds as a duration ("2 min 05 s"); empty for None."""
    return duration(timedelta(milliseconds=value)) if value is not None else ""


@register.filter
def pyrepr(value: object) -> str:
    """A test case's value as Python writes it (lists, strings in quotes, None, True)."""
    return repr(value)
