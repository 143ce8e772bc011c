"""Editorial checks on the question bank (`manage.py check_bank`)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.html import strip_tags

from interview.bank.markdown import render_inline, render_markdown
from interview.bank.models import Question, StudyNote

MIN_KEY_POINTS = 3


@dataclass(frozen=True)
class BankProblem:
    where: str  # "question <slug> (#id)" or "note <title> (#id)"
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.message}"


def renders_to_nothing(text: str, *, inline: bool = False) -> bool:
    html = render_inline(text) if inline else render_markdown(text)
    return not strip_tags(html).strip()


def _normalized(prompt: str) -> str:
    return re.sub(r"\s+", " ", prompt).strip().casefold()


def _where(question: Question) -> str:
    return f"question {question.slug} (#{question.pk}): {question.title}"


def bank_check() -> list[BankProblem]:
    """Every problem in the bank, in a stable order: questions first, then study notes."""
    questions = Question.objects.select_related("topic").prefetch_related(
        "key_points",
        "choices",
        Prefetch("related", queryset=Question.objects.only("id", "slug", "status")),
    )
    problems: list[BankProblem] = []
    by_prompt: dict[str, list[Question]] = defaultdict(list)
    for question in questions.order_by("topic__order", "order", "id"):
        by_prompt[_normalized(question.prompt)].append(question)
        problems.extend(_question_problems(question))
    for same in by_prompt.values():
        for duplicate in same[1:]:
            problems.append(
                BankProblem(
                    _where(duplicate),
                    "duplicate-prompt",
                    f"same prompt as question {same[0].slug} (#{same[0].pk})",
                )
            )
    for note in StudyNote.objects.select_related("topic").order_by("topic__order", "order"):
        if renders_to_nothing(note.body):
            problems.append(
                BankProblem(
                    f"note {note.title!r} of topic {note.topic.slug} (#{note.pk})",
                    "empty-markdown",
                    "the note's body renders to nothing",
                )
            )
    return problems


def _question_problems(question: Question) -> list[BankProblem]:
    where = _where(question)
    found: list[BankProblem] = []

    def add(rule: str, message: str) -> None:
        found.append(BankProblem(where, rule, message))

    if renders_to_nothing(question.prompt):
        add("empty-markdown", "the prompt renders to nothing")
    if question.official_answer.strip() and renders_to_nothing(question.official_answer):
        add("empty-markdown", "the official answer renders to nothing")
    if question.is_published and not question.is_multiple_choice:
        if not question.official_answer.strip():
            add("missing-answer", "published open question without an official answer")
        key_points = len(question.key_points.all())
        if key_points < MIN_KEY_POINTS:
            add(
                "few-key-points",
                f"published open question with {key_points} key point(s); "
                f"needs at least {MIN_KEY_POINTS}",
            )
    if question.is_multiple_choice:
        choices = list(question.choices.all())
        if len(choices) < 2:
            add("few-options", f"multiple-choice question with {len(choices)} option(s)")
        if not any(choice.is_correct for choice in choices):
            add("no-correct-option", "multiple-choice question without a correct option")
        for number, choice in enumerate(choices, start=1):
            if not choice.explanation.strip() or renders_to_nothing(choice.explanation):
                add("option-without-explanation", f"option {number} has no explanation")
            if renders_to_nothing(choice.text, inline=True):
                add("empty-markdown", f"option {number}'s text renders to nothing")
    if question.is_published:
        for other in question.related.all():
            if other.status != Question.Status.PUBLISHED:
                add(
                    "related-unpublished",
                    f"follow-up link to unpublished question {other.slug} (#{other.pk})",
                )
    return found
