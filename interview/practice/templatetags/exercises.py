"""The exercise workspace (data or examples, and the browser's test cases) for pages of other
activities, such as a mock interview's coding round."""

from __future__ import annotations

from typing import Any

from django import template

from interview.bank.models import Question
from interview.practice.exercises.services import fixture_tables, python_cases_for_browser
from interview.sandbox import check_messages

register = template.Library()


@register.inclusion_tag("exercises/_exercise_body.html")
def exercise_body(question: Question) -> dict[str, Any]:
    exercise = question.exercise
    context: dict[str, Any] = {"question": question, "exercise": exercise}
    if question.kind == Question.Kind.SQL:
        context["tables"] = fixture_tables(exercise=exercise)
    return context


@register.inclusion_tag("exercises/_python_config.html", takes_context=True)
def python_config(context: Any, question: Question, submit_url: str, swap: str) -> dict[str, Any]:
    from django.conf import settings

    exercise = question.exercise
    return {
        "exercise": exercise,
        "browser_cases": python_cases_for_browser(exercise=exercise),
        "python_timeout": settings.PYTHON_RUN_TIMEOUT_SECONDS,
        "submit_url": submit_url,
        "swap": swap,
    }


@register.filter
def check_message(text: str) -> str:
    """A message of the browser's Python check, in the page's language (see
    interview.sandbox.check_messages)."""
    return check_messages.check_message(str(text or ""))
