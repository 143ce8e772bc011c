"""View helpers every activity shares: the scoped session getter, applying a change and
explaining a refusal, and what to answer after a change (post/redirect/get, or for htmx the
step re-rendered, or a client redirect once the session has ended)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Avg, Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from interview.bank.models import Topic
from interview.lib.htmx import AuthenticatedHttpRequest
from interview.lib.pagination import page_get
from interview.practice.engine.errors import PracticeError
from interview.practice.engine.sessions import Outcome
from interview.practice.models import PracticeSession, SessionItem


def history_page(request: AuthenticatedHttpRequest, *, kind: str, template: str) -> HttpResponse:
    """The user's sessions of one kind, newest first, paginated (a fixed number of queries).
    `answered` counts the answers given or timed out, never the question being answered."""
    sessions = (
        PracticeSession.objects.filter(user=request.user, kind=kind)
        .prefetch_related("topics")
        .annotate(
            average_coverage=Avg("items__coverage_percent"),
            answered=Count("items", filter=Q(items__status__in=SessionItem.ANSWERED_STATUSES)),
        )
        .order_by("-created_at", "-id")
    )
    page = page_get(request, sessions, per_page=settings.INTERVIEW_HISTORY_PER_PAGE)
    return render(request, template, {"page": page})


def topics_from_query(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """Initial form data from ?topic=<slug>&topic=... (links from topic pages)."""
    slugs = request.GET.getlist("topic")[:50]
    return {"topics": Topic.objects.filter(slug__in=slugs)} if slugs else {}


def result_redirect(request: AuthenticatedHttpRequest, session: PracticeSession) -> HttpResponse:
    """To the session's report or review: a client redirect for htmx, a plain one otherwise."""
    url = session.get_result_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def after_change(
    request: AuthenticatedHttpRequest,
    session: PracticeSession,
    *,
    step: Callable[[], HttpResponse],
    back_url: str,
) -> HttpResponse:
    """Plain forms redirect back (PRG); htmx gets the step re-rendered; an ended session goes
    to its result."""
    session.refresh_from_db()
    if not session.is_active:
        return result_redirect(request, session)
    if request.htmx:
        return step()
    return redirect(back_url)


def change_apply(
    request: AuthenticatedHttpRequest,
    session: PracticeSession,
    *,
    form: forms.Form,
    invalid: str,
    apply: Callable[[PracticeSession, dict[str, Any]], Outcome],
    after: Callable[[], HttpResponse],
) -> HttpResponse:
    """Validate the form, apply the change, and say why when it was refused."""
    if not form.is_valid():
        messages.error(request, invalid)
        return after()
    try:
        outcome = apply(session, form.cleaned_data)
    except PracticeError as error:
        messages.warning(request, str(error))
    else:
        if not outcome.applied:
            messages.warning(request, outcome.message)
    return after()
