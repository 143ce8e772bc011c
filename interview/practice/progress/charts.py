"""Server-side SVG charts: readable without JavaScript, each with a text alternative.

The functions return plain data (coordinates, labels); the templates draw the SVG.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import dateformat, formats, timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from interview.lib import figures
from interview.practice.progress.selectors import ScorePoint

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 28


@dataclass(frozen=True)
class PlotPoint:
    x: float
    y: float
    label: str
    percent: int
    session_id: int


@dataclass(frozen=True)
class Series:
    kind: str
    name: str
    points: list[PlotPoint]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def average(self) -> int | None:
        return (
            round(sum(p.percent for p in self.points) / len(self.points)) if self.points else None
        )


def _local(moment: datetime) -> datetime:
    """In the active (the user's) time zone."""
    return timezone.localtime(moment)


def score_chart(points: Sequence[ScorePoint]) -> dict:
    """Interview coverage and quiz scores over time, on one 0-100 % scale."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    times = [p.when.timestamp() for p in points]
    start, end = (min(times), max(times)) if times else (0, 1)
    span = (end - start) or 1

    def x(when) -> float:
        return LEFT + (
            plot_w / 2 if len(points) == 1 else plot_w * (when.timestamp() - start) / span
        )

    def y(percent: int) -> float:
        return TOP + plot_h * (1 - percent / 100)

    series = []
    for kind, name in (("interview", _("Interview coverage")), ("quiz", _("Quiz score"))):
        series.append(
            Series(
                kind,
                name,
                [
                    PlotPoint(
                        x(p.when),
                        y(p.percent),
                        formats.date_format(p.when, "SHORT_DATE_FORMAT"),
                        p.percent,
                        p.session_id,
                    )
                    for p in points
                    if p.kind == kind
                ],
            )
        )
    grid = [{"y": y(level), "label": figures.percent(level)} for level in (0, 25, 50, 75, 100)]
    summary = "; ".join(
        ngettext(
            "%(name)s: %(count)s session, latest %(latest)s%%, average %(average)s%%",
            "%(name)s: %(count)s sessions, latest %(latest)s%%, average %(average)s%%",
            len(s.points),
        )
        % {
            "name": s.name,
            "count": len(s.points),
            "latest": s.points[-1].percent,
            "average": s.average,
        }
        for s in series
        if s.points
    )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "series": series,
        "grid": grid,
        "first_label": formats.date_format(_local(points[0].when), "MONTH_DAY_FORMAT")
        if points
        else "",
        "last_label": formats.date_format(_local(points[-1].when), "MONTH_DAY_FORMAT")
        if points
        else "",
        "summary": summary or _("No finished interviews or quizzes yet."),
        "empty": not points,
    }


CELL, GAP = 14, 3
LEVELS = (0, 1, 3, 6, 10)  # activity counts at which the shade gets darker


def _level(count: int) -> int:
    return max(index for index, threshold in enumerate(LEVELS) if count >= threshold)


def _weekday_date(day: date) -> str:
    """The weekday's short name, then the date in the language's short format ("Mon 30 Mar 2026",
    "Mo 30.03.2026")."""
    return f"{dateformat.format(day, 'D')} {formats.date_format(day, 'SHORT_DATE_FORMAT')}"


def activity_calendar(*, counts: Mapping[date, int], today: date, weeks: int = 12) -> dict:
    """A GitHub-style grid of the last `weeks` weeks: a column per week, a row per weekday."""
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    cells, months, last_month, last_label_week = [], [], None, -3
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        if monday.month != last_month:
            if week - last_label_week >= 3:  # labels too close together would overlap
                months.append(
                    {"x": 30 + week * (CELL + GAP), "label": dateformat.format(monday, "M")}
                )
                last_label_week = week
            last_month = monday.month
        for weekday in range(7):
            day = monday + timedelta(days=weekday)
            if day > today:
                continue
            count = counts.get(day, 0)
            cells.append(
                {
                    "x": 30 + week * (CELL + GAP),
                    "y": 16 + weekday * (CELL + GAP),
                    "level": _level(count),
                    "title": ngettext(
                        "%(count)s practice item on %(day)s",
                        "%(count)s practice items on %(day)s",
                        count,
                    )
                    % {"count": count, "day": _weekday_date(day)},
                }
            )
    in_range = {day: n for day, n in counts.items() if first <= day <= today and n}
    busiest = max(in_range.items(), key=lambda kv: kv[1]) if in_range else None
    summary = ngettext(
        "%(count)s active day in the last %(weeks)s weeks",
        "%(count)s active days in the last %(weeks)s weeks",
        len(in_range),
    ) % {"count": len(in_range), "weeks": weeks}
    if busiest:
        summary += _("; busiest %(day)s with %(count)s") % {
            "day": formats.date_format(busiest[0], "MONTH_DAY_FORMAT"),
            "count": busiest[1],
        }
    summary += "."
    return {
        "width": 30 + weeks * (CELL + GAP),
        "height": 16 + 7 * (CELL + GAP),
        "cell": CELL,
        "cells": cells,
        "months": months,
        "weekdays": [
            {"y": 16 + row * (CELL + GAP) + CELL - 3, "label": label}
            for row, label in ((row, str(WEEKDAYS_ABBR[row])) for row in (0, 2, 4))
        ],
        "summary": summary,
    }
