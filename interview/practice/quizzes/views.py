from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview.lib.htmx import AuthenticatedHttpRequest
from interview.practice.engine import timing
from interview.practice.engine.access import get_session_for_user, login_required_for_fragments
from interview.practice.engine.forms import PositionForm
from interview.practice.engine.sessions import Outcome
from interview.practice.engine.views import (
    Step,
    history_page,
    session_change,
    session_end,
    session_new,
    session_retry,
)
from interview.practice.models import PracticeSession, SessionItem
from interview.practice.quizzes import services as quizzes
from interview.practice.quizzes.forms import FlagForm, QuizForm, SelectionForm
from interview.practice.quizzes.scoring import (
    CLOZE_SCORING_RULE,
    SCORING_RULE,
    blank_verdicts,
    correct_indexes,
)

QUIZ = PracticeSession.Kind.QUIZ


def _quiz(request: AuthenticatedHttpRequest, pk: int) -> PracticeSession:
    return get_session_for_user(user=request.user, pk=pk, kind=QUIZ)


@login_required
@require_http_methods(["GET", "POST"])
def quiz_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return session_new(
        request,
        form_class=QuizForm,
        template="quizzes/quiz_new.html",
        create=lambda form: quizzes.quiz_create(
            user=request.user,
            topics=form.cleaned_data["topics"],
            question_count=form.cleaned_data["question_count"],
            time_limit_seconds=form.seconds,
            feedback=form.cleaned_data["feedback"],
            now=timezone.now(),
        ),
    )


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
        "blanks": _blanks(item, reveal=reveal) if item.is_cloze else [],
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
            for index, choice in enumerate([] if item.is_cloze else item.choices)
        ],
        "reveal": reveal,
        "previous": position if position > 0 else None,
        "next": position + 2 if position + 1 < len(items) else None,
        "remaining": timing.remaining_seconds(deadline=session.deadline, now=timezone.now()),
        "unanswered": sum(1 for other in items if not other.selected),
        "flagged": sum(1 for other in items if other.flagged),
    }


def _blanks(item: SessionItem, *, reveal: bool) -> list[dict[str, Any]]:
    """A cloze item's blanks as shown: the response, and after Check or at the end the verdict."""
    verdicts = blank_verdicts(selected=item.selected, choices=item.choices) if reveal else []
    return [
        {
            "number": index + 1,
            "hint": blank.get("hint", ""),
            "value": item.selected[index] if index < len(item.selected) else "",
            "is_correct": verdicts[index] if reveal else None,
            "answers": blank.get("answers", []) if reveal else [],
        }
        for index, blank in enumerate(item.choices)
    ]


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


def _question_change(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    form: forms.Form,
    invalid: str,
    apply: Callable[[PracticeSession, dict[str, Any]], Outcome],
    saved: Callable[[PracticeSession, int, Outcome], HttpResponse] | None = None,
) -> HttpResponse:
    """A change to one question; plain forms go back to it, htmx gets the step re-rendered
    (or `saved`, a smaller answer)."""
    session = _quiz(request, pk)
    raw = request.POST.get("position", "")
    position = int(raw) if raw.isdigit() else None
    return session_change(
        request,
        session,
        form=form,
        invalid=invalid,
        apply=apply,
        step=Step(
            render=lambda: _render_step(request, session, position),
            element_id="quiz-step",
            back_url=f"{session.get_absolute_url()}?q={(position or 0) + 1}",
        ),
        saved=None if saved is None else lambda outcome: saved(session, position or 0, outcome),
    )


@login_required_for_fragments
@require_POST
def quiz_select(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def saved(session: PracticeSession, position: int, outcome: Outcome) -> HttpResponse:
        items = list(session.items.order_by("position"))
        context = _step_context(session, items, min(position, len(items) - 1))
        context["saved"] = outcome.applied
        return render(request, "quizzes/quiz_detail.html#selection-saved", context)

    return _question_change(
        request,
        pk,
        form=SelectionForm(request.POST),
        invalid=_("That selection could not be read; it was not saved."),
        apply=lambda session, data: quizzes.quiz_select(
            session=session,
            position=data["position"],
            selected=data["selected"],
            blanks=data["blanks"],
            revision=data["revision"],
            now=timezone.now(),
        ),
        saved=saved,
    )


@login_required_for_fragments
@require_POST
def quiz_flag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _question_change(
        request,
        pk,
        form=FlagForm(request.POST),
        invalid=_("That request could not be read; nothing was changed."),
        apply=lambda session, data: quizzes.quiz_flag(
            session=session, position=data["position"], flagged=data["flagged"], now=timezone.now()
        ),
    )


@login_required_for_fragments
@require_POST
def quiz_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _question_change(
        request,
        pk,
        form=PositionForm(request.POST),
        invalid=_("That request could not be read; nothing was changed."),
        apply=lambda session, data: quizzes.quiz_check(
            session=session, position=data["position"], now=timezone.now()
        ),
    )


@login_required_for_fragments
@require_POST
def quiz_finish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return session_end(request, _quiz(request, pk))


@login_required
@require_GET
def quiz_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = quizzes.quiz_sync(session=_quiz(request, pk), now=timezone.now())
    if session.is_active:
        messages.info(request, _("Finish the quiz to see the review with the correct answers."))
        return redirect(session)
    items = list(session.items.order_by("position"))
    reviewed = [
        (
            item,
            _blanks(item, reveal=True)
            if item.is_cloze
            else [
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
        "scoring_rule": " ".join(
            [_(SCORING_RULE)] + ([_(CLOZE_SCORING_RULE)] if any(i.is_cloze for i in items) else [])
        ),
        "can_retry": session.items.missed().exists(),
        "correct_counts": [
            0 if item.is_cloze else len(correct_indexes(item.choices)) for item in items
        ],
    }
    return render(request, "quizzes/quiz_review.html", context)


@login_required
@require_POST
def quiz_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return session_retry(
        request,
        _quiz(request, pk),
        unfinished=_("Finish this quiz first."),
        started=_("A new quiz on the questions you missed has started."),
    )


@login_required
@require_GET
def quiz_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return history_page(request, kind=QUIZ, template="quizzes/quiz_list.html")
