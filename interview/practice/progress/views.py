from __future__ import annotations

import csv
import zoneinfo
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from interview.bank.content_version import content_version, viewer_key
from interview.bank.models import Topic
from interview.lib.htmx import AuthenticatedHttpRequest
from interview.lib.pagination import page_get
from interview.practice.engine.activity_stamp import activity_stamp
from interview.practice.engine.preferences import preferences_for
from interview.practice.progress import charts, exercise_stats, item_stats
from interview.practice.progress import selectors as progress


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a streaming reply."""

    def write(self, value: str) -> str:
        return value


def _zone(request: AuthenticatedHttpRequest) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(preferences_for(request.user).time_zone)


def _summary(*, user: User, zone: zoneinfo.ZoneInfo, now: datetime) -> dict[str, Any]:
    """Everything the dashboard shows above the history, computed from the user's rows."""
    # Every active day is read once (one row per day, not per answer), with the time and the
    # reviews it holds: the totals and streaks need them all, the calendar the days it shows.
    done = progress.activity(user=user, zone=zone)
    return {
        "totals": progress.totals(user=user, zone=zone, now=now, done=done),
        "exercises": exercise_stats.exercise_summary(user=user),
        "score_chart": charts.score_chart(progress.score_points(user=user)),
        "calendar": charts.activity_calendar(counts=done.days, today=now.astimezone(zone).date()),
        "mastery": progress.topic_mastery(user=user, now=now),
        "weakest": progress.weakest_questions(user=user),
    }


@login_required
@require_GET
def progress_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The summary is rendered from the cache while nothing it shows can have changed: the key
    holds the user's activity stamp (new after any write to their sessions, answers, cards,
    reviews or submissions), the bank's content stamp (topics, questions, packs), the language,
    the time zone and the user's day. Recall (FSRS) drifts with time alone, so an entry lives
    PROGRESS_CACHE_SECONDS at most. Each page of the history below is cached under the same
    key with its page number (sessions change only through the writes that replace the
    stamp)."""
    now = timezone.now()
    zone = _zone(request)
    context = {
        "summary": partial(_summary, user=request.user, zone=zone, now=now),
        "activity_stamp": activity_stamp(user=request.user),
        "content_version": content_version(),
        "viewer": viewer_key(request.user),
        "today": now.astimezone(zone).date().isoformat(),
        "cache_seconds": settings.PROGRESS_CACHE_SECONDS,
        # Read by the template on a miss of the cached history page only.
        "history": partial(
            page_get,
            request,
            progress.history(user=request.user),
            per_page=settings.INTERVIEW_HISTORY_PER_PAGE,
        ),
        # The page's links carry the query string: it is part of the history's key.
        "history_page": request.GET.urlencode()[:200],
        "time_zone": zone.key,
    }
    template = "progress/progress.html"
    if request.htmx and request.htmx.target == "history":
        template += "#history"
    return render(request, template, context)


@login_required
@require_GET
def progress_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    rows = progress.history_csv_rows(user=request.user, zone=_zone(request))
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="practice-history-{stamp}.csv"'
    return response


@staff_member_required
@require_GET
def item_statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A sortable table of every question's statistics across all users (staff only)."""
    sort = request.GET.get("sort", "answered")
    if sort not in item_stats.SORTS:
        sort = "answered"
    descending = request.GET.get("dir", "desc") != "asc"
    topic_raw = request.GET.get("topic", "")
    topic_id = int(topic_raw) if topic_raw.isdigit() else None
    questions = item_stats.sorted_statistics(sort=sort, descending=descending, topic_id=topic_id)
    page = page_get(request, questions, per_page=50)
    medians = exercise_stats.median_times(question_ids=[q.pk for q in page.object_list])
    for question in page.object_list:
        question.exercise_median = medians.get(question.pk)
    context = {
        "page": page,
        "sort": sort,
        "descending": descending,
        "topic_id": topic_id,
        "topics": Topic.objects.public().order_by("order", "name"),
        "columns": [
            ("question", _("Question")),
            ("topic", _("Topic")),
            ("answered", _("Times answered")),
            ("well", _("Answered well")),
            ("time", _("Average time (interviews); exercises: median")),
        ],
    }
    template = "progress/item_statistics.html"
    if request.htmx and request.htmx.target == "item-table":
        template += "#item-table"
    return render(request, template, context)
