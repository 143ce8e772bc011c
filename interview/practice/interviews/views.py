from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from csp.constants import SELF
from csp.decorators import csp_update
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview.lib.htmx import AuthenticatedHttpRequest
from interview.practice.engine import timing
from interview.practice.engine.access import get_session_for_user, login_required_for_fragments
from interview.practice.engine.errors import PracticeError
from interview.practice.engine.sessions import Outcome
from interview.practice.engine.views import (
    Step,
    after_change,
    change_apply,
    history_page,
    session_change,
    session_end,
    session_new,
    session_retry,
)
from interview.practice.grading import CoverageResult
from interview.practice.interviews import services
from interview.practice.interviews.forms import (
    AnswerForm,
    InterviewForm,
    PointClaimForm,
    RatingForm,
)
from interview.practice.models import PracticeSession, Rating, SessionItem

INTERVIEW = PracticeSession.Kind.INTERVIEW


def _interview(request: AuthenticatedHttpRequest, pk: int) -> PracticeSession:
    return get_session_for_user(user=request.user, pk=pk, kind=INTERVIEW)


@login_required
@require_GET
def interview_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return history_page(request, kind=INTERVIEW, template="interviews/interview_list.html")


@login_required
@require_http_methods(["GET", "POST"])
def interview_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return session_new(
        request,
        form_class=InterviewForm,
        template="interviews/interview_new.html",
        create=lambda form: services.interview_create(
            user=request.user,
            topics=form.cleaned_data["topics"],
            question_count=form.cleaned_data["question_count"],
            seconds_per_question=form.seconds,
            difficulty=form.cleaned_data["difficulty"],
            follow_up=form.cleaned_data["follow_up"],
            coding_questions=form.cleaned_data.get("coding_questions") or 0,
            now=timezone.now(),
        ),
    )


def _step_context(session: PracticeSession, item: SessionItem) -> dict[str, Any]:
    now = timezone.now()
    context: dict[str, Any] = {"session": session, "item": item}
    if item.is_finished:
        context["coverage"] = CoverageResult.from_dict(item.coverage or {"points": []})
        context["ratings"] = Rating.choices
    else:
        context["remaining"] = timing.remaining_seconds(deadline=item.deadline, now=now)
    return context


def _render_step(
    request: AuthenticatedHttpRequest, session: PracticeSession, item: SessionItem | None
) -> HttpResponse:
    if item is None:
        return redirect("practice:interview_report", pk=session.pk)
    template = "interviews/interview_detail.html"
    if request.htmx:
        template += "#interview-step"
    return render(request, template, _step_context(session, item))


def _current_step(request: AuthenticatedHttpRequest, session: PracticeSession) -> HttpResponse:
    return _render_step(
        request, session, services.session_sync(session=session, now=timezone.now())
    )


def _step(request: AuthenticatedHttpRequest, session: PracticeSession, back_url: str = "") -> Step:
    return Step(
        render=lambda: _current_step(request, session),
        element_id="interview-step",
        back_url=back_url or session.get_absolute_url(),
    )


def _after_post(request: AuthenticatedHttpRequest, session: PracticeSession) -> HttpResponse:
    """Post/redirect/get; an htmx request gets the next step directly (or a client redirect)."""
    return after_change(request, session, _step(request, session))


# A coding round runs Python in Pyodide (WebAssembly) inside a Web Worker of our own.
@csp_update({"script-src": ["'wasm-unsafe-eval'"], "worker-src": [SELF]})
@login_required_for_fragments
@require_GET
def interview_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _interview(request, pk)
    if not session.is_active:
        return redirect("practice:interview_report", pk=session.pk)
    return _current_step(request, session)


def _saved_label(item: SessionItem) -> str:
    if item.answer_saved_at is None:
        return ""
    return date_format(timezone.localtime(item.answer_saved_at), "H:i:s")


@login_required_for_fragments
@require_POST
def interview_autosave(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    session = _interview(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"status": "invalid", "message": "The draft could not be read; it was not saved."},
            status=400,
        )
    now = timezone.now()
    try:
        outcome = services.answer_autosave(
            session=session,
            position=form.cleaned_data["position"],
            revision=form.cleaned_data["revision"],
            text=form.cleaned_data["answer"],
            now=now,
            base=form.cleaned_data.get("base"),
        )
    except PracticeError as error:
        return JsonResponse({"status": "closed", "message": str(error)}, status=409)
    item = outcome.item
    finished = item.is_finished or item.position != form.cleaned_data["position"]
    conflict = outcome.message == services.CONFLICT_DRAFT
    if outcome.applied:
        status = "saved"
    elif finished:
        status = "closed"
    else:
        status = "conflict" if conflict else "stale"
    return JsonResponse(
        {
            "status": status,
            "message": outcome.message,
            "saved_at": _saved_label(item),
            "revision": item.answer_revision,
            "remaining": timing.remaining_seconds(deadline=item.deadline, now=now),
        },
        status=409 if finished or conflict else 200,
    )


def _change(
    request: AuthenticatedHttpRequest,
    pk: int,
    form: forms.Form,
    invalid: str,
    apply: Callable[[PracticeSession, dict[str, Any]], Outcome],
) -> HttpResponse:
    session = _interview(request, pk)
    return session_change(
        request,
        session,
        form=form,
        invalid=invalid,
        apply=apply,
        step=_step(request, session),
    )


@login_required_for_fragments
@require_POST
def interview_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        AnswerForm(request.POST),
        "Your answer could not be read (it may be over 20,000 characters); nothing was changed.",
        lambda session, data: services.answer_submit(
            session=session,
            position=data["position"],
            revision=data["revision"],
            text=data["answer"],
            now=timezone.now(),
            report=data.get("report") or None,
            base=data.get("base"),
        ),
    )


@login_required_for_fragments
@require_POST
def interview_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        RatingForm(request.POST),
        "Choose Again, Hard, Good or Easy.",
        lambda session, data: services.item_rate(
            session=session, position=data["position"], rating=data["rating"], now=timezone.now()
        ),
    )


@login_required_for_fragments
@require_POST
def interview_claim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "I did cover this" on a key point: htmx gets the feedback step back; a plain form
    returns to the page it came from (the question, or the report with ``next=report``)."""
    session = _interview(request, pk)
    to_report = request.POST.get("next") == "report"
    back_url = session.get_result_url() if to_report else session.get_absolute_url()
    return change_apply(
        request,
        form=PointClaimForm(request.POST),
        invalid="That key point could not be read; nothing was changed.",
        apply=lambda data: services.point_self_assess(
            session=session,
            position=data["position"],
            index=data["index"],
            claimed=data["claimed"],
            now=timezone.now(),
        ),
        done=lambda: redirect(back_url) if to_report else _after_post(request, session),
        step=_step(request, session, back_url=back_url),
        session=session,
    )


@login_required_for_fragments
@require_POST
def interview_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return session_end(request, _interview(request, pk))


@login_required
@require_GET
def interview_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _interview(request, pk)
    now = timezone.now()
    services.session_sync(session=session, now=now, show=False)
    items = [
        (item, CoverageResult.from_dict(item.coverage) if item.coverage else None)
        for item in session.items.exclude(status=SessionItem.Status.PENDING).order_by("position")
    ]
    finished = [item for item, _ in items if item.is_finished]
    used = [item.time_used for item in finished if item.time_used is not None]
    percents = [item.coverage_percent for item in finished if item.coverage_percent is not None]
    context = {
        "session": session,
        "items": items,
        "totals": {
            "answered": sum(item.status in SessionItem.ANSWERED_STATUSES for item in finished),
            "timed_out": sum(item.timed_out for item in finished),
            "time_used": sum(used, start=timedelta(0)) if used else None,
            "average_coverage": round(sum(percents) / len(percents)) if percents else None,
        },
        "can_retry": not session.is_active and session.items.missed().exists(),
    }
    return render(request, "interviews/interview_report.html", context)


@login_required
@require_POST
def interview_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return session_retry(request, _interview(request, pk), noun="interview")
