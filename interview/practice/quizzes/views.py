from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview.lib.htmx import AuthenticatedHttpRequest
from interview.practice.engine import timing
from interview.practice.engine.access import get_session_for_user, login_required_for_fragments
from interview.practice.engine.errors import NoQuestionsAvailable, PracticeError
from interview.practice.engine.forms import PositionForm
from interview.practice.engine.views import (
    after_change,
    change_apply,
    history_page,
    result_redirect,
    topics_from_query,
)
from interview.practice.models import PracticeSession, SessionItem
from interview.practice.quizzes import services as quizzes
from interview.practice.quizzes.forms import FlagForm, QuizForm, SelectionForm
from interview.practice.quizzes.scoring import SCORING_RULE, correct_indexes

QUIZ = PracticeSession.Kind.QUIZ


def _quiz(request: AuthenticatedHttpRequest, pk: int) -> PracticeSession:
    return get_session_for_user(user=request.user, pk=pk, kind=QUIZ)


@login_required
@require_http_methods(["GET", "POST"])
def quiz_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = QuizForm(request.POST)
        if form.is_valid():
            try:
                session = quizzes.quiz_create(
                    user=request.user,
                    topics=form.cleaned_data["topics"],
                    question_count=form.cleaned_data["question_count"],
                    time_limit_seconds=form.seconds,
                    feedback=form.cleaned_data["feedback"],
                    now=timezone.now(),
                )
            except NoQuestionsAvailable as error:
                form.add_error(None, str(error))
            else:
                return redirect(session)
    else:
        form = QuizForm(initial=topics_from_query(request))
    return render(request, "quizzes/quiz_new.html", {"form": form})


def _position_from_query(request: AuthenticatedHttpRequest, items: list[SessionItem]) -> int:
    """?q=<number> (1-based); junk or out of range falls back to the first unanswered one."""
    raw = request.GET.get("q", "")
    if raw.isdigit() and 1 <= int(raw) <= len(items):
        return int(raw) - 1
    return next((item.position for item in items if not item.selected), 0)


def _step_context(
    session: PracticeSession, items: list[SessionItem], position: int
) -> dict[str, Any]:
    item = items[position]
    reveal = item.is_checked  # immediate mode, after Check; never before
    return {
        "session": session,
        "items": items,
        "item": item,
        "options": [
            {
                "index": index,
                "text": choice["text"],
                "selected": index in item.selected,
                "is_correct": choice["is_correct"] if reveal else None,
                "explanation": choice["explanation"] if reveal else "",
            }
            for index, choice in enumerate(item.choices)
        ],
        "reveal": reveal,
        "previous": position if position > 0 else None,
        "next": position + 2 if position + 1 < len(items) else None,
        "remaining": timing.remaining_seconds(deadline=session.deadline, now=timezone.now()),
        "unanswered": sum(1 for other in items if not other.selected),
        "flagged": sum(1 for other in items if other.flagged),
    }


def _render_step(
    request: AuthenticatedHttpRequest, session: PracticeSession, position: int | None = None
) -> HttpResponse:
    """The whole page, or for htmx just the step; `position` None means "from ?q=..."."""
    items = list(session.items.order_by("position"))
    if position is None or not 0 <= position < len(items):
        position = _position_from_query(request, items)
    template = "quizzes/quiz_detail.html"
    if request.htmx:
        template += "#quiz-step"
    return render(request, template, _step_context(session, items, position))


@login_required_for_fragments
@require_GET
def quiz_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = quizzes.quiz_sync(session=_quiz(request, pk), now=timezone.now())
    if not session.is_active:
        return redirect(session.get_result_url())
    return _render_step(request, session)


def _after_change(
    request: AuthenticatedHttpRequest, session: PracticeSession, position: int, error: str = ""
) -> HttpResponse:
    """Plain forms redirect back to the question (PRG); htmx gets the step re-rendered."""
    if error:
        messages.warning(request, error)
    return after_change(
        request,
        session,
        step=lambda: _render_step(request, session, position),
        back_url=f"{session.get_absolute_url()}?q={position + 1}",
    )


@login_required_for_fragments
@require_POST
def quiz_select(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _quiz(request, pk)
    form = SelectionForm(request.POST)
    if not form.is_valid():
        return HttpResponse("That selection could not be read; it was not saved.", status=400)
    position = form.cleaned_data["position"]
    try:
        outcome = quizzes.quiz_select(
            session=session,
            position=position,
            selected=form.cleaned_data["selected"],
            revision=form.cleaned_data["revision"],
            now=timezone.now(),
        )
    except PracticeError as error:
        if request.htmx:
            return HttpResponse(str(error), status=409)
        return _after_change(request, session, position, str(error))
    if not outcome.applied:
        if request.htmx:
            return HttpResponse(
                f"{outcome.message} Reload the page to see the answer that was kept.", status=409
            )
        return _after_change(request, session, position, outcome.message)
    if not request.htmx:
        return _after_change(request, session, position)
    items = list(session.items.order_by("position"))
    context = _step_context(session, items, min(position, len(items) - 1))
    context["saved"] = outcome.applied
    return render(request, "quizzes/quiz_detail.html#selection-saved", context)


def _simple_change(
    request: AuthenticatedHttpRequest, pk: int, form_class: Any, change: Any
) -> HttpResponse:
    session = _quiz(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return HttpResponse("That request could not be read; nothing was changed.", status=400)
    position = form.cleaned_data["position"]
    return change_apply(
        request,
        session,
        form=form,
        invalid="",
        apply=change,
        after=lambda: _after_change(request, session, position),
    )


@login_required_for_fragments
@require_POST
def quiz_flag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _simple_change(
        request,
        pk,
        FlagForm,
        lambda session, data: quizzes.quiz_flag(
            session=session, position=data["position"], flagged=data["flagged"], now=timezone.now()
        ),
    )


@login_required_for_fragments
@require_POST
def quiz_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _simple_change(
        request,
        pk,
        PositionForm,
        lambda session, data: quizzes.quiz_check(
            session=session, position=data["position"], now=timezone.now()
        ),
    )


@login_required_for_fragments
@require_POST
def quiz_finish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _quiz(request, pk)
    quizzes.quiz_finish(session=session, now=timezone.now())
    return result_redirect(request, session)


@login_required
@require_GET
def quiz_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = quizzes.quiz_sync(session=_quiz(request, pk), now=timezone.now())
    if session.is_active:
        messages.info(request, "Finish the quiz to see the review with the correct answers.")
        return redirect(session)
    items = list(session.items.order_by("position"))
    reviewed = [
        (
            item,
            [
                {
                    "text": choice["text"],
                    "is_correct": choice["is_correct"],
                    "explanation": choice["explanation"],
                    "selected": index in item.selected,
                }
                for index, choice in enumerate(item.choices)
            ],
        )
        for item in items
    ]
    context = {
        "session": session,
        "items": reviewed,
        "time_used": session.finished_at - session.created_at if session.finished_at else None,
        "scoring_rule": SCORING_RULE,
        "can_retry": any(item.is_correct is False for item in items),
        "correct_counts": [len(correct_indexes(item.choices)) for item in items],
    }
    return render(request, "quizzes/quiz_review.html", context)


@login_required
@require_POST
def quiz_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _quiz(request, pk)
    if session.is_active:
        messages.info(request, "Finish this quiz first.")
        return redirect(session)
    try:
        retry = quizzes.quiz_retry_missed(session=session, now=timezone.now())
    except NoQuestionsAvailable as error:
        messages.info(request, str(error))
        return redirect(session.get_result_url())
    messages.success(request, "A new quiz on the questions you missed has started.")
    return redirect(retry)


@login_required
@require_GET
def quiz_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return history_page(request, kind=QUIZ, template="quizzes/quiz_list.html")
