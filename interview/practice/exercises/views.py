"""Exercise pages: the exercise with its editor, Run, Submit, and the user's attempts."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from interview.lib.htmx import AuthenticatedHttpRequest
from interview.practice.engine.access import login_required_for_fragments
from interview.practice.engine.errors import PracticeError
from interview.practice.exercises import services
from interview.practice.models import ExerciseAttempt

TEMPLATE = "exercises/exercise_detail.html"
# Exercise pages only: Python runs in Pyodide (WebAssembly) inside a Web Worker of our own.
# Nothing inline is allowed; 'wasm-unsafe-eval' permits compiling WebAssembly, not eval().
exercise_csp = csp_update({"script-src": ["'wasm-unsafe-eval'"], "worker-src": [SELF]})


def _context(request: AuthenticatedHttpRequest, question, **extra) -> dict:
    exercise = question.exercise
    context = {
        "question": question,
        "exercise": exercise,
        "code": exercise.starter_code,
        "start": services.start_token(now=timezone.now()),
        "attempts": services.attempts_of(user=request.user, question=question)[:5],
        "python_timeout": settings.PYTHON_RUN_TIMEOUT_SECONDS,
        "limits": {
            "seconds": settings.SQL_TIMEOUT_SECONDS,
            "rows": settings.SQL_MAX_ROWS,
            "query_chars": settings.SQL_MAX_QUERY_CHARS,
        },
    }
    if question.kind == "sql":
        context["tables"] = services.fixture_tables(exercise=exercise)
    else:
        context["browser_cases"] = services.python_cases_for_browser(exercise=exercise)
    context.update(extra)
    return context


@require_GET
def exercise_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    questions = services.exercises_visible_to(request.user).order_by("topic__order", "order", "id")
    passed: set[int] = set()
    tried: set[int] = set()
    if request.user.is_authenticated:
        for question_id, ok in ExerciseAttempt.objects.filter(
            user=request.user, question__isnull=False
        ).values_list("question_id", "passed"):
            tried.add(question_id)
            if ok:
                passed.add(question_id)
    return render(
        request,
        "exercises/exercise_list.html",
        {"questions": questions, "passed": passed, "tried": tried},
    )


@exercise_csp  # type: ignore[arg-type]  # login_required's stub narrows the request type
@login_required
@require_GET
def exercise_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = services.exercise_get(user=request.user, pk=pk)
    return render(request, TEMPLATE, _context(request, question))


@exercise_csp
@login_required_for_fragments
@require_POST
def exercise_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """SQL only: run on the examples. htmx gets the result fragment; a plain form the page."""
    question = services.exercise_get(user=request.user, pk=pk)
    # "answer" is the field's name in a mock interview's coding round.
    code = request.POST.get("code", request.POST.get("answer", ""))
    if question.kind != "sql":
        run = services.SqlRunView(error=_("Python exercises run in your browser."))
    else:
        run = services.sql_exercise_run(exercise=question.exercise, query=code)
    if request.htmx:
        return render(request, f"{TEMPLATE}#run-result", {"run": run, "question": question})
    return render(request, TEMPLATE, _context(request, question, run=run, code=code))


@exercise_csp
@login_required_for_fragments
@require_POST
def exercise_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Grade and store; htmx gets the verdict fragment, a plain form goes to the attempt."""
    question = services.exercise_get(user=request.user, pk=pk)
    code = request.POST.get("code", "")
    try:
        attempt = services.exercise_submit(
            user=request.user,
            question=question,
            code=code,
            now=timezone.now(),
            start=request.POST.get("start", ""),
            browser_report=request.POST.get("report"),
        )
    except PracticeError as error:
        if request.htmx:
            return render(
                request, f"{TEMPLATE}#verdict", {"submit_error": str(error), "question": question}
            )
        run = services.SqlRunView(error=_("%(error)s Nothing was saved.") % {"error": error})
        return render(request, TEMPLATE, _context(request, question, run=run, code=code))
    if request.htmx:
        return render(request, f"{TEMPLATE}#verdict", {"attempt": attempt, "question": question})
    return redirect(attempt)


@login_required
@require_GET
def exercise_attempt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attempt = get_object_or_404(
        ExerciseAttempt.objects.select_related("question__exercise"), pk=pk, user=request.user
    )
    return render(request, "exercises/attempt_detail.html", {"attempt": attempt})
