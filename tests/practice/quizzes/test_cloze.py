"""Cloze questions in quizzes: one labelled input per blank, autosaved text, graded per blank,
counted in the score by the one rule."""

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from interview.bank.models import Question
from interview.practice.engine.errors import PracticeError
from interview.practice.models import OptionPick, ReviewLog
from interview.practice.quizzes import services as quizzes
from tests.factories import QuestionFactory, TopicFactory, quiz_question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)
PROMPT = "A {{c1::p-value|p value::probability}} below {{c2::alpha}} rejects the null."


@pytest.fixture
def topic():
    return TopicFactory(name="Statistics", slug="stats")


@pytest.fixture
def cloze(topic):
    return QuestionFactory(topic=topic, kind=Question.Kind.CLOZE, prompt=PROMPT, status="published")


@pytest.fixture
def choice(topic):
    return quiz_question(topic=topic, prompt="Single question?", correct=(0,), status="published")


def make_quiz(user, questions, *, feedback="end"):
    return quizzes.quiz_create(
        user=user,
        topics=[questions[0].topic],
        question_count=len(questions),
        time_limit_seconds=600,
        feedback=feedback,
        now=T0,
        question_ids=[q.pk for q in questions],
        rng=random.Random(0),
    )


def url(name, session):
    return reverse(f"practice:quiz_{name}", kwargs={"pk": session.pk})


def test_cloze_questions_are_picked_for_quizzes(alice, topic, cloze, choice):
    assert set(quizzes.quiz_question_ids(user=alice, topics=[topic])) == {cloze.pk, choice.pk}
    session = quizzes.quiz_create(
        user=alice, topics=[topic], question_count=5, time_limit_seconds=None,
        feedback="end", now=T0, rng=random.Random(1),
    )  # fmt: skip
    item = session.items.get(question=cloze)
    assert item.is_cloze and not item.multiple_answers
    assert item.choices == [
        {"number": 1, "answers": ["p-value", "p value"], "hint": "probability"},
        {"number": 2, "answers": ["alpha"], "hint": ""},
    ]


def test_a_topic_with_only_cloze_questions_makes_a_quiz(alice, topic, cloze):
    assert make_quiz(alice, [cloze]).question_count == 1


def test_blanks_are_saved_trimmed_and_all_empty_means_unanswered(alice, cloze):
    session = make_quiz(alice, [cloze])
    quizzes.quiz_select(
        session=session, position=0, selected=[], blanks=["  P Value ", ""], revision=1, now=T0
    )
    item = session.items.get()
    assert item.selected == ["P Value", ""]
    quizzes.quiz_select(
        session=session, position=0, selected=[], blanks=[" ", ""], revision=2, now=T0
    )
    assert session.items.get().selected == []


def test_more_answers_than_blanks_or_a_huge_answer_is_refused(alice, cloze):
    session = make_quiz(alice, [cloze])
    with pytest.raises(PracticeError, match="more answers than blanks"):
        quizzes.quiz_select(
            session=session, position=0, selected=[], blanks=["a", "b", "c"], revision=1, now=T0
        )
    with pytest.raises(PracticeError, match="limited to 300"):
        quizzes.quiz_select(
            session=session, position=0, selected=[], blanks=["x" * 301], revision=1, now=T0
        )


@pytest.mark.parametrize(
    ("blanks", "correct"),
    [(["p-value", "ALPHA"], True), (["p value", "alpha "], True), (["p-value", "beta"], False)],
)
def test_a_cloze_item_counts_once_when_every_blank_is_right(alice, cloze, choice, blanks, correct):
    session = make_quiz(alice, [cloze, choice])
    quizzes.quiz_select(session=session, position=0, selected=[], blanks=blanks, revision=1, now=T0)
    quizzes.quiz_finish(session=session, now=T0 + timedelta(seconds=30))
    session.refresh_from_db()
    assert session.items.get(position=0).is_correct is correct
    assert session.correct_count == int(correct)
    assert session.score_percent == (50 if correct else 0)
    assert not OptionPick.objects.exists()  # no options were picked
    log = ReviewLog.objects.get(card__question=cloze)
    assert log.rating == (3 if correct else 1)


def test_check_in_immediate_mode_grades_each_blank(alice_client, alice, cloze):
    session = make_quiz(alice, [cloze], feedback="immediate")
    refused = alice_client.post(url("check", session), {"position": 0}, HTTP_HX_REQUEST="true")
    assert "Fill in a blank before checking" in refused.content.decode()
    alice_client.post(
        url("select", session), {"position": 0, "revision": 1, "blanks": ["p-value", "beta"]}
    )
    body = alice_client.post(
        url("check", session), {"position": 0}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert body.count('<strong class="good">Right</strong>') == 1
    assert body.count('<strong class="bad">Not right</strong>') == 1
    assert "accepted: p-value, p value" in body and "Not quite." in body


def test_the_step_has_one_labelled_input_per_blank_and_no_answer(alice_client, alice, cloze):
    session = make_quiz(alice, [cloze])
    body = alice_client.get(url("detail", session)).content.decode()
    assert '<label for="blank-0-1">Blank 1 (probability)</label>' in body
    assert '<input type="text" id="blank-0-1" name="blanks"' in body
    assert '<label for="blank-0-2">Blank 2</label>' in body
    assert "(1: probability)" in body and "(2)" in body
    assert "p-value" not in body and "alpha" not in body and "{{c" not in body


def test_typing_autosaves_over_htmx(alice_client, alice, cloze):
    session = make_quiz(alice, [cloze])
    with time_machine.travel(T0 + timedelta(seconds=20), tick=False):
        response = alice_client.post(
            url("select", session),
            {"position": 0, "revision": 1, "blanks": ["p-value", ""]},
            HTTP_HX_REQUEST="true",
        )
    body = response.content.decode()
    assert "Saved at 12:00:20" in body and "(answered)" in body
    assert "alpha" not in body
    assert session.items.get().selected == ["p-value", ""]


def test_the_review_marks_each_blank_and_shows_the_filled_text(alice_client, alice, cloze):
    session = make_quiz(alice, [cloze])
    alice_client.post(
        url("select", session), {"position": 0, "revision": 1, "blanks": ["P-Value", "beta"]}
    )
    alice_client.post(url("finish", session))
    body = alice_client.get(url("review", session)).content.decode()
    assert "Blank 1: right" in body and "Blank 2: wrong" in body
    assert "accepted: alpha" in body
    assert "<strong>p-value</strong>" in body and "<strong>alpha</strong>" in body
    assert "every blank holds an accepted answer" in body
    assert "0 / 1 (0%)" in body
