"""Editorial checks on the question bank (`manage.py check_bank`).

Item rules (every question and note, any bank): answers, key points, options and explanations,
follow-up links to published questions, Markdown that renders to something, no duplicate prompts;
a cloze question's prompt holds well-formed blanks (it needs no official answer or key points:
the filled text is its answer).

Shape rules (the bank as shipped; `bank_shape_check`): every published question (cloze aside:
its card's back is the filled text) has a short answer (the flashcard back) of one to three
sentences; every topic with published questions has at least `min_questions` of them, at least
`min_notes` study notes and `min_concepts` key concepts; and each kind of interview question the
bank promises (a tag per kind) has at least `min_per_kind` published questions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.html import strip_tags

from interview.bank.cloze import cloze_problems
from interview.bank.keypoint_checks import key_point_problems
from interview.bank.markdown import render_inline, render_markdown
from interview.bank.models import EXERCISE_KINDS, Question, StudyNote, Tag, Topic

MIN_KEY_POINTS = 3
SHORT_ANSWER_MAX_SENTENCES = 3
SHORT_ANSWER_MAX_WORDS = 60


@dataclass(frozen=True)
class BankShape:
    min_questions: int = 22
    min_notes: int = 3
    min_concepts: int = 3
    min_per_kind: int = 12
    # The kinds of interview question a data-science loop asks, each marked by a tag.
    kinds: tuple[str, ...] = (
        "probability-puzzle", "ab-testing", "product-case", "ml-system-design", "sql-business",
        "pandas-numpy-code", "linalg-optimization", "unsupervised", "time-series",
        "rag-llm-eval", "behavioral",
    )  # fmt: skip


STARTER_SHAPE = BankShape()
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass(frozen=True)
class BankProblem:
    where: str  # "question <slug> (#id)" or "note <title> (#id)"
    rule: str
    message: str
    severity: str = "error"  # "error", or "warning": editorial advice (key-point wording)

    def __str__(self) -> str:
        label = self.rule if self.severity == "error" else f"{self.rule}, warning"
        return f"{self.where}: [{label}] {self.message}"


def renders_to_nothing(text: str, *, inline: bool = False) -> bool:
    html = render_inline(text) if inline else render_markdown(text)
    return not strip_tags(html).strip()


def _normalized(prompt: str) -> str:
    return re.sub(r"\s+", " ", prompt).strip().casefold()


def _where(question: Question) -> str:
    return f"question {question.slug} (#{question.pk}): {question.title}"


def bank_check() -> list[BankProblem]:
    """Every problem in the bank, in a stable order: questions first, then study notes."""
    questions = (
        Question.objects.filter(topic__owner__isnull=True)
        .select_related("topic", "exercise")
        .prefetch_related(
            "key_points",
            "choices",
            Prefetch("related", queryset=Question.objects.only("id", "slug", "status")),
        )
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
    for note in (
        StudyNote.objects.filter(topic__owner__isnull=True)
        .select_related("topic")
        .order_by("topic__order", "order")
    ):
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
    if question.is_exercise:
        # Graded on its tests, not on key points; whether the official solution passes them is
        # checked when it is published (admin) and by the tests of the shipped exercises.
        if question.is_published and not hasattr(question, "exercise"):
            add("missing-exercise", "published SQL or Python exercise without its exercise fields")
        if question.is_published and not question.official_answer.strip():
            add("missing-answer", "published exercise without an explanation (official answer)")
        return found
    if question.is_cloze:
        for message in cloze_problems(question.prompt):
            add("cloze-blanks", message)
    elif question.is_published and not question.is_multiple_choice:
        if not question.official_answer.strip():
            add("missing-answer", "published open question without an official answer")
        key_points = len(question.key_points.all())
        if key_points < MIN_KEY_POINTS and question.kind not in EXERCISE_KINDS:
            add(
                "few-key-points",
                f"published open question with {key_points} key point(s); "
                f"needs at least {MIN_KEY_POINTS}",
            )
    if not question.is_multiple_choice and not question.is_cloze:
        points = [(point.text, point.keyword_list) for point in question.key_points.all()]
        for problem in key_point_problems(
            prompt=question.prompt, instruction=question.instruction, points=points
        ):
            found.append(BankProblem(where, problem.rule, problem.message, severity="warning"))
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
            if "\n" in choice.text.strip():
                add(
                    "option-not-inline",
                    f"option {number} spans several lines; options are one line of inline "
                    "Markdown (put longer code in the prompt and name it in the option)",
                )
    if question.is_published:
        for other in question.related.all():
            if other.status != Question.Status.PUBLISHED:
                add(
                    "related-unpublished",
                    f"follow-up link to unpublished question {other.slug} (#{other.pk})",
                )
    return found


def short_answer_problems(text: str) -> list[tuple[str, str]]:
    """A flashcard back: present, one to three sentences, short enough to recall."""
    plain = strip_tags(render_markdown(text)).strip()
    if not plain:
        return [("missing-short-answer", "published question without a short answer")]
    problems = []
    words = len(plain.split())
    if words > SHORT_ANSWER_MAX_WORDS:
        problems.append(
            (
                "long-short-answer",
                f"short answer has {words} words; keep it to {SHORT_ANSWER_MAX_WORDS}",
            )
        )
    sentences = len(_SENTENCE_END.findall(plain + " "))
    if sentences > SHORT_ANSWER_MAX_SENTENCES:
        problems.append(
            (
                "long-short-answer",
                f"short answer has {sentences} sentences; keep it to {SHORT_ANSWER_MAX_SENTENCES}",
            )
        )
    return problems


def bank_shape_check(shape: BankShape = STARTER_SHAPE) -> list[BankProblem]:
    """Topics and kinds of question below the bank's promised shape (see the module's rules)."""
    published = Q(questions__status=Question.Status.PUBLISHED)
    topics = (
        Topic.objects.public()
        .annotate(
            n_questions=Count("questions", filter=published, distinct=True),
            n_notes=Count("notes", distinct=True),
        )
        .order_by("order", "name")
    )
    problems: list[BankProblem] = []
    published_questions = Question.objects.published().exclude(kind=Question.Kind.CLOZE)
    for question in published_questions.order_by("topic__order", "order", "id"):
        problems.extend(
            BankProblem(_where(question), rule, message)
            for rule, message in short_answer_problems(question.short_answer)
        )
    for topic in topics:
        if not topic.n_questions:
            continue
        where = f"topic {topic.slug} (#{topic.pk})"
        if topic.n_questions < shape.min_questions:
            problems.append(
                BankProblem(
                    where,
                    "topic-few-questions",
                    f"{topic.n_questions} published questions; needs at least "
                    f"{shape.min_questions}",
                )
            )
        if topic.n_notes < shape.min_notes:
            problems.append(
                BankProblem(
                    where,
                    "topic-few-notes",
                    f"{topic.n_notes} study notes; needs at least {shape.min_notes}",
                )
            )
        if len(topic.key_concept_list) < shape.min_concepts:
            problems.append(
                BankProblem(
                    where,
                    "topic-few-key-concepts",
                    f"{len(topic.key_concept_list)} key concepts; needs at least "
                    f"{shape.min_concepts}",
                )
            )
    counts = dict(
        Tag.objects.filter(slug__in=shape.kinds)
        .annotate(n=Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED)))
        .values_list("slug", "n")
    )
    for kind in shape.kinds:
        if counts.get(kind, 0) < shape.min_per_kind:
            problems.append(
                BankProblem(
                    f"kind {kind}",
                    "kind-few-questions",
                    f"{counts.get(kind, 0)} published questions tagged {kind!r}; needs at least "
                    f"{shape.min_per_kind}",
                )
            )
    return problems
