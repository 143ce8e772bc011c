"""Cloze questions in the bank: the rule module, validation, pages, flashcards, checks, JSON."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from interview.bank.checks import bank_check, bank_shape_check
from interview.bank.cloze import (
    cloze_back,
    cloze_blanks,
    cloze_front,
    cloze_grade,
    cloze_numbered,
    cloze_problems,
    normalized,
)
from interview.bank.models import Question
from interview.bank.transfer import bank_export, bank_import
from interview.practice.models import Card
from interview.practice.quizzes.services import quiz_create
from tests.factories import ChoiceFactory, QuestionFactory, TopicFactory
from tests.test_admin import _question_form
from tests.test_transfer_interop import text_file

TEXT = "The {{c1::median|middle value::statistic}} of a sample is robust; {{c2::Zürich}} isn't."


def cloze_question(**kwargs) -> Question:
    kwargs.setdefault("prompt", TEXT)
    return QuestionFactory(kind=Question.Kind.CLOZE, **kwargs)


# The rule


def test_blanks_are_read_in_order_with_alternatives_and_hints():
    assert [(b.number, b.answers, b.hint) for b in cloze_blanks(TEXT)] == [
        (1, ("median", "middle value"), "statistic"),
        (2, ("Zürich",), ""),
    ]


def test_front_back_and_numbered_forms_never_mix_up_answers():
    assert cloze_front(TEXT) == "The [statistic] of a sample is robust; […] isn't."
    assert cloze_back(TEXT) == "The **median** of a sample is robust; **Zürich** isn't."
    assert "median" not in cloze_numbered(TEXT) and "(1: statistic)" in cloze_numbered(TEXT)
    assert cloze_front("no blanks here") == "no blanks here"


@pytest.mark.parametrize(
    ("given", "right"),
    [
        ("median", True),
        ("  MEDIAN ", True),
        ("Middle   value", True),
        ("médian", True),  # accents ignored
        ("mean", False),
        ("", False),
    ],
)
def test_a_blank_accepts_any_alternative_ignoring_case_space_and_accents(given, right):
    assert cloze_grade(blanks=cloze_blanks(TEXT), responses=[given, "zurich"]) == [right, True]


def test_a_missing_response_is_wrong():
    assert cloze_grade(blanks=cloze_blanks(TEXT), responses=["median"]) == [True, False]
    assert normalized("\uff26ull\u00a0width") == "full width"  # fullwidth F, no-break space


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("No blank at all", "at least one blank"),
        ("Open {{c1::answer} only", "not well formed"),
        ("Empty {{c1::::hint}}", "blank 1 has no answer"),
        ("Zero {{c0::x}}", "numbers start at c1"),
        ("Bars only {{c1::||}}", "blank 1 has no answer"),
    ],
)
def test_malformed_cloze_text_is_named(text, message):
    assert any(message in problem for problem in cloze_problems(text))


def test_well_formed_text_has_no_problem():
    assert cloze_problems(TEXT) == []


# Validation: model, admin, import


@pytest.mark.django_db
def test_model_validation_refuses_a_cloze_prompt_without_blanks():
    question = cloze_question(prompt="What is a median?")
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "at least one blank" in str(error.value)


@pytest.mark.django_db
def test_admin_creates_a_cloze_question_and_refuses_a_malformed_one(editor_client):
    topic = TopicFactory()
    data = _question_form(
        topic, kind="cloze", prompt=TEXT, **{"choices-TOTAL_FORMS": 0}, official_answer=""
    )
    response = editor_client.post(reverse("admin:bank_question_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Question.objects.get(slug="new-question").is_cloze
    data = _question_form(
        topic, kind="cloze", slug="bad", prompt="The {{c1::median", **{"choices-TOTAL_FORMS": 0}
    )
    response = editor_client.post(reverse("admin:bank_question_add"), data)
    assert response.status_code == 200
    assert "not well formed" in response.content.decode()
    assert not Question.objects.filter(slug="bad").exists()


@pytest.mark.django_db
def test_admin_refuses_options_on_a_cloze_question(editor_client):
    data = _question_form(TopicFactory(), kind="cloze", prompt=TEXT)
    response = editor_client.post(reverse("admin:bank_question_add"), data)
    assert response.status_code == 200
    assert "A cloze question has no options" in response.content.decode()


@pytest.mark.django_db
def test_json_round_trip_keeps_the_kind_and_the_blanks():
    question = cloze_question(slug="median-cloze", status="published")
    [exported] = bank_export(format="json", questions=Question.objects.all())
    data = json.loads(exported.data.decode())
    assert data["topics"][0]["questions"][0]["kind"] == "cloze"
    Question.objects.all().delete()
    report = bank_import(files=[text_file("bank.json", exported.data.decode())])
    assert report.ok, report.problems
    again = Question.objects.get(slug="median-cloze")
    assert (again.kind, again.prompt) == ("cloze", question.prompt)


@pytest.mark.django_db
def test_json_import_refuses_a_cloze_question_without_blanks():
    TopicFactory(slug="stats", name="Stats")
    payload = {
        "topics": [
            {
                "slug": "stats",
                "name": "Stats",
                "questions": [{"slug": "x", "kind": "cloze", "prompt": "No blanks."}],
            }
        ]
    }
    report = bank_import(files=[text_file("bank.json", json.dumps(payload))])
    assert not report.ok
    assert any("at least one blank" in problem.message for problem in report.problems)


# check_bank


@pytest.mark.django_db
def test_check_bank_knows_cloze_questions():
    cloze_question(status="published", official_answer="", short_answer="")
    assert bank_check() == []
    assert not any("cloze" in str(p) for p in bank_shape_check())
    broken = cloze_question(prompt="Broken {{c1::x", slug="broken")
    assert [(p.rule, p.where.split(" (")[0]) for p in bank_check()] == [
        ("cloze-blanks", f"question {broken.slug}")
    ]


# Pages and flashcards


@pytest.mark.django_db
def test_question_page_hides_the_answers_until_revealed(client):
    question = cloze_question(status="published")
    body = client.get(question.get_absolute_url()).content.decode()
    assert "[statistic]" in body and "median" not in body and "{{c1" not in body
    assert "median" not in question.title
    revealed = client.get(question.get_absolute_url(), {"reveal": "1"}).content.decode()
    assert "<strong>median</strong>" in revealed


@pytest.mark.django_db
def test_flashcard_front_has_blanks_and_back_is_filled(alice_client, alice):
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        question = cloze_question(status="published")
        Card.objects.create(user=alice, question=question, created_at=now, due=now)
        front = alice_client.get(reverse("practice:review")).content.decode()
        back = alice_client.get(reverse("practice:review"), {"show": "1"}).content.decode()
    assert "[statistic]" in front and "fill in the blanks" in front
    assert "<strong>median</strong>" not in front.split("data-card-back")[0]
    assert "<strong>median</strong>" in back and "<strong>Zürich</strong>" in back


@pytest.mark.django_db
def test_a_cloze_question_with_leftover_options_still_has_none_in_the_quiz(alice):
    question = cloze_question(status="published")
    ChoiceFactory(question=question, text="stray")
    session = quiz_create(
        user=alice, topics=[question.topic], question_count=1, time_limit_seconds=None,
        feedback="end", now=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
        question_ids=[question.pk], rng=random.Random(0),
    )  # fmt: skip
    assert [c["answers"] for c in session.items.get().choices] == [
        ["median", "middle value"],
        ["Zürich"],
    ]
