from __future__ import annotations

from datetime import timedelta
from typing import Any

from csp.constants import SELF
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from interview.bank import selectors as bank_selectors
from interview.bank.models import Question
from interview.lib.htmx import AuthenticatedHttpRequest
from interview.practice.engine import timing
from interview.practice.engine.access import login_required_for_fragments
from interview.practice.engine.errors import PracticeError
from interview.practice.engine.sessions import Outcome
from interview.practice.engine.views import (
    ActivityViews,
    Step,
    after_change,
    change_apply,
)
from interview.practice.grading import CoverageResult
from interview.practice.interviews import services, single
from interview.practice.interviews.forms import (
    AnswerForm,
    InterviewForm,
    PointClaimForm,
    RatingForm,
    SingleAnswerForm,
    SingleRatingForm,
)
from interview.practice.models import PracticeSession, Rating, SessionItem

INTERVIEW = PracticeSession.Kind.INTERVIEW


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


INTERVIEWS = ActivityViews(
    kind=INTERVIEW,
    list_template="interviews/interview_list.html",
    unfinished=gettext_lazy("Finish this interview first."),
    started=gettext_lazy("A new interview on the questions you missed has started."),
    step=_step,
)
_interview = INTERVIEWS.session
interview_new = INTERVIEWS.new_view(
    "interview_new",
    form=InterviewForm,
    template="interviews/interview_new.html",
    create=lambda request, form: services.interview_create(
        user=request.user,
        **form.common,
        seconds_per_question=form.seconds,
        difficulty=form.cleaned_data["difficulty"],
        follow_up=form.cleaned_data["follow_up"],
        coding_questions=form.cleaned_data.get("coding_questions") or 0,
        now=timezone.now(),
    ),
)
interview_list = INTERVIEWS.list_view("interview_list")
interview_end = INTERVIEWS.end_view("interview_end")
interview_retry = INTERVIEWS.retry_view("interview_retry")


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
            {"status": "invalid", "message": _("The draft could not be read; it was not saved.")},
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
    conflict = outcome.message == _(services.CONFLICT_DRAFT)
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


interview_submit = INTERVIEWS.change_view(
    "interview_submit",
    form=AnswerForm,
    invalid=gettext_lazy(
        "Your answer could not be read (it may be over 20,000 characters); nothing was changed."
    ),
    apply=lambda session, data: services.answer_submit(
        session=session,
        position=data["position"],
        revision=data["revision"],
        text=data["answer"],
        now=timezone.now(),
        report=data.get("report") or None,
        base=data.get("base"),
    ),
)
interview_rate = INTERVIEWS.change_view(
    "interview_rate",
    form=RatingForm,
    invalid=gettext_lazy("Choose Again, Hard, Good or Easy."),
    apply=lambda session, data: services.item_rate(
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
        invalid=_("That key point could not be read; nothing was changed."),
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


# One question answered from its page (interview/practice/interviews/single.py).


def _attempt_step(
    request: AuthenticatedHttpRequest, question_pk: int, item: SessionItem | None
) -> Step:
    if item is None:
        back_url = reverse("bank:question_detail", args=[question_pk]) + "#practice-answer"
    else:
        back_url = reverse("practice:question_attempt", args=[question_pk, item.pk])

    def render_step() -> HttpResponse:
        if item is None:
            if not request.htmx:
                return redirect(back_url)
            question = get_object_or_404(
                Question.objects.available_to(request.user), pk=question_pk
            )
            return render(request, "interviews/_practice_form.html", {"question": question})
        return _attempt_render(request, item)

    return Step(render=render_step, element_id="practice-answer", back_url=back_url)


def _attempt_render(request: AuthenticatedHttpRequest, item: SessionItem) -> HttpResponse:
    context = {
        "item": item,
        "coverage": CoverageResult.from_dict(item.coverage or {"points": []}),
        "ratings": Rating.choices,
        "next_question": bank_selectors.question_next_in_topic(
            question_id=item.question_id, user=request.user
        )
        if item.question_id
        else None,
    }
    template = "interviews/question_attempt.html"
    if request.htmx:
        template += "#practice-answer"
    return render(request, template, context)


def _attempt_get(request: AuthenticatedHttpRequest, question_pk: int, pk: int) -> SessionItem:
    return get_object_or_404(
        SessionItem.objects.select_related("session"),
        pk=pk,
        question_id=question_pk,
        session__user=request.user,
        session__kind=INTERVIEW,
        session__question_count=1,
    )


def _attempt_done(request: AuthenticatedHttpRequest, item: SessionItem) -> HttpResponse:
    """After a change to a one-question attempt: htmx gets the feedback in place, a plain form
    goes to the attempt's page (post/redirect/get)."""
    if request.htmx:
        return _attempt_render(request, item)
    return redirect("practice:question_attempt", item.question_id, item.pk)


@login_required_for_fragments
@require_POST
def question_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Grade an answer typed on a question's page: htmx gets the feedback in place of the form,
    a plain form goes to the attempt's page (post/redirect/get)."""
    attempts: list[SessionItem] = []

    def apply(data: dict[str, Any]) -> Outcome:
        item = single.question_answer(
            user=request.user, question_id=pk, text=data["answer"], now=timezone.now()
        )
        attempts.append(item)
        return Outcome(applied=True, message="", item=item)

    return change_apply(
        request,
        form=SingleAnswerForm(request.POST),
        invalid=_("Type your answer first (at most 20,000 characters); nothing was recorded."),
        apply=apply,
        done=lambda: _attempt_done(request, attempts[0]),
        step=_attempt_step(request, pk, None),
    )


@login_required
@require_GET
def question_attempt(request: AuthenticatedHttpRequest, question_pk: int, pk: int) -> HttpResponse:
    return _attempt_render(request, _attempt_get(request, question_pk, pk))


@login_required_for_fragments
@require_POST
def question_attempt_rate(
    request: AuthenticatedHttpRequest, question_pk: int, pk: int
) -> HttpResponse:
    item = _attempt_get(request, question_pk, pk)

    def done() -> HttpResponse:
        item.refresh_from_db()
        return _attempt_done(request, item)

    return change_apply(
        request,
        form=SingleRatingForm(request.POST),
        invalid=_("Choose Again, Hard, Good or Easy."),
        apply=lambda data: single.attempt_rate(
            item=item, rating=data["rating"], now=timezone.now()
        ),
        done=done,
        step=_attempt_step(request, question_pk, item),
    )
