from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from interview.lib.htmx import AuthenticatedHttpRequest
from interview.practice.engine import timing
from interview.practice.engine.access import login_required_for_fragments
from interview.practice.engine.forms import PositionForm
from interview.practice.engine.sessions import Outcome
from interview.practice.engine.views import ActivityViews, Step
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


def _posted_position(request: AuthenticatedHttpRequest) -> int | None:
    raw = request.POST.get("position", "")
    return int(raw) if raw.isdigit() else None


def _question_step(request: AuthenticatedHttpRequest, session: PracticeSession) -> Step:
    """A change to one question: plain forms go back to it, htmx gets the step re-rendered."""
    position = _posted_position(request)
    return Step(
        render=lambda: _render_step(request, session, position),
        element_id="quiz-step",
        back_url=f"{session.get_absolute_url()}?q={(position or 0) + 1}",
    )


def _selection_saved(
    request: AuthenticatedHttpRequest, session: PracticeSession, outcome: Outcome
) -> HttpResponse:
    """A saved selection, for htmx: only the "saved" line, not the whole step."""
    items = list(session.items.order_by("position"))
    position = min(_posted_position(request) or 0, len(items) - 1)
    context = _step_context(session, items, position)
    context["saved"] = outcome.applied
    return render(request, "quizzes/quiz_detail.html#selection-saved", context)


QUIZZES = ActivityViews(
    kind=QUIZ,
    list_template="quizzes/quiz_list.html",
    unfinished=gettext_lazy("Finish this quiz first."),
    started=gettext_lazy("A new quiz on the questions you missed has started."),
    step=_question_step,
)
_quiz = QUIZZES.session
quiz_new = QUIZZES.new_view(
    "quiz_new",
    form=QuizForm,
    template="quizzes/quiz_new.html",
    create=lambda request, form: quizzes.quiz_create(
        user=request.user,
        **form.common,
        time_limit_seconds=form.seconds,
        feedback=form.cleaned_data["feedback"],
        now=timezone.now(),
    ),
)
quiz_list = QUIZZES.list_view("quiz_list")
quiz_finish = QUIZZES.end_view("quiz_finish")
quiz_retry = QUIZZES.retry_view("quiz_retry")
quiz_select = QUIZZES.change_view(
    "quiz_select",
    form=SelectionForm,
    invalid=gettext_lazy("That selection could not be read; it was not saved."),
    apply=lambda session, data: quizzes.quiz_select(
        session=session,
        position=data["position"],
        selected=data["selected"],
        blanks=data["blanks"],
        revision=data["revision"],
        now=timezone.now(),
    ),
    saved=_selection_saved,
)
_UNREADABLE = gettext_lazy("That request could not be read; nothing was changed.")
quiz_flag = QUIZZES.change_view(
    "quiz_flag",
    form=FlagForm,
    invalid=_UNREADABLE,
    apply=lambda session, data: quizzes.quiz_flag(
        session=session, position=data["position"], flagged=data["flagged"], now=timezone.now()
    ),
)
quiz_check = QUIZZES.change_view(
    "quiz_check",
    form=PositionForm,
    invalid=_UNREADABLE,
    apply=lambda session, data: quizzes.quiz_check(
        session=session, position=data["position"], now=timezone.now()
    ),
)


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
