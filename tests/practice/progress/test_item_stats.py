import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Question
from interview.practice.flashcards import services as flashcards
from interview.practice.interviews import services
from interview.practice.models import Card, Rating
from interview.practice.progress import item_stats
from interview.practice.quizzes import services as quizzes
from tests.factories import TopicFactory, UserFactory, open_question_with_points, quiz_question

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
GOOD = (
    "The forget gate decides what to erase from the cell state; the input gate controls what "
    "new information is written; the output gate controls what the hidden state exposes."
)


def interview(user, question, text, seconds):
    session = services.interview_create(
        user=user,
        topics=[question.topic],
        question_count=1,
        seconds_per_question=None,
        now=T0,
        question_ids=[question.pk],
    )
    services.session_sync(session=session, now=T0)
    services.answer_submit(
        session=session, position=0, revision=1, text=text, now=T0 + timedelta(seconds=seconds)
    )
    services.item_rate(
        session=session, position=0, rating=Rating.GOOD, now=T0 + timedelta(seconds=seconds + 1)
    )


def quiz(user, question, pick_correct: bool):
    session = quizzes.quiz_create(
        user=user,
        topics=[question.topic],
        question_count=1,
        time_limit_seconds=None,
        feedback="end",
        now=T0,
        question_ids=[question.pk],
        rng=random.Random(2),
    )
    item = session.items.get()
    wanted = [i for i, c in enumerate(item.choices) if c["is_correct"] == pick_correct][:1]
    quizzes.quiz_select(session=session, position=0, selected=wanted, revision=1, now=T0)
    quizzes.quiz_finish(session=session, now=T0)


@pytest.fixture
def bank():
    topic = TopicFactory(name="RNN", slug="rnn")
    return open_question_with_points(topic=topic, prompt="Open one?"), quiz_question(
        topic=topic, prompt="Choice one?", correct=(0,)
    )


def test_statistics_across_users(bank):
    open_q, mcq = bank
    users = [UserFactory() for _ in range(3)]
    interview(users[0], open_q, GOOD, 40)  # well (100 %)
    interview(users[1], open_q, "no idea", 80)  # not well
    quiz(users[0], mcq, True)
    quiz(users[1], mcq, False)
    quiz(users[2], mcq, False)
    card = Card.objects.get(user=users[2], question=mcq)
    flashcards.card_review(
        card=card, version=card.reps, rating=Rating.GOOD, now=card.due + timedelta(minutes=1)
    )
    rows = {q.pk: q for q in item_stats.with_statistics(Question.objects.all())}
    assert (rows[open_q.pk].times_answered, rows[open_q.pk].answered_well) == (2, 1)
    assert rows[open_q.pk].share_well == pytest.approx(0.5)
    assert rows[open_q.pk].average_time == timedelta(seconds=60)
    # 3 quiz answers + 1 flashcard review (quiz answers also join the deck, counted once).
    assert (rows[mcq.pk].times_answered, rows[mcq.pk].answered_well) == (4, 2)
    picks = {c.text: c.pick_count for c in item_stats.option_picks(mcq)}
    assert picks["Option A"] == 1 and sum(picks.values()) == 3


def test_unanswered_question_has_no_share(bank):
    row = item_stats.with_statistics(Question.objects.filter(pk=bank[0].pk)).get()
    assert (row.times_answered, row.share_well, row.average_time) == (0, None, None)


def test_staff_page_sorts_and_needs_staff(client, alice, editor, bank):
    _, mcq = bank
    quiz(alice, mcq, True)
    url = reverse("practice:item_statistics")
    client.force_login(alice)
    assert client.get(url).status_code == 302
    client.force_login(editor)
    body = client.get(url, {"sort": "answered", "dir": "desc"}).content.decode()
    assert body.index("Choice one?") < body.index("Open one?")
    body = client.get(url, {"sort": "answered", "dir": "asc"}).content.decode()
    assert body.index("Open one?") < body.index("Choice one?")
    assert "100% (1)" in body
    fragment = client.get(
        url, {"sort": "well"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="item-table"
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="item-table">')
    assert client.get(url, {"sort": "DROP TABLE", "topic": "x", "page": "zz"}).status_code == 200


def test_staff_page_query_count_does_not_grow(client, editor):
    topic = TopicFactory()
    client.force_login(editor)
    counts = []
    for size in (5, 120):
        while Question.objects.count() < size:
            quiz_question(topic=topic)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("practice:item_statistics")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_admin_shows_the_statistics_column_and_option_picks(client, editor, alice, bank):
    _, mcq = bank
    quiz(alice, mcq, True)
    client.force_login(editor)
    changelist = client.get(reverse("admin:bank_question_changelist")).content.decode()
    assert "100% of 1" in changelist
    assert client.get(reverse("admin:bank_question_changelist"), {"o": "7"}).status_code == 200
    change = client.get(reverse("admin:bank_question_change", args=[mcq.pk])).content.decode()
    assert "Answered <strong>1</strong> time" in change
    assert "<td>Option A</td><td>yes</td><td>1</td>" in change
    assert "<td>Option B</td><td>no</td><td>0</td>" in change
