"""Progress statistics with a frozen clock, the dashboard, its query count and the CSV export."""

import csv
import io
import random
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.practice.flashcards import services as flashcards
from interview.practice.interviews import services
from interview.practice.models import Card, PracticeSession, Rating, ReviewLog, SessionItem
from interview.practice.progress import charts
from interview.practice.progress import selectors as progress
from interview.practice.quizzes import services as quizzes
from tests.factories import (
    QuestionFactory,
    TopicFactory,
    open_question_with_points,
    quiz_question,
)

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 30, 10, 0, tzinfo=UTC)  # the Monday after the clocks went forward


def d(day: int, month: int = 3) -> date:
    return date(2026, month, day)


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], d(30), (0, 0)),
        ([d(28), d(29), d(30)], d(30), (3, 3)),
        ([d(28), d(29)], d(30), (2, 2)),  # nothing yet today: the streak is still alive
        ([d(27), d(28)], d(30), (0, 2)),
        ([d(1), d(2), d(3), d(4), d(20), d(29), d(30)], d(30), (2, 4)),
    ],
)
def test_streaks(days, today, expected):
    assert progress.streaks(days=days, today=today) == expected


def test_activity_days_follow_the_users_time_zone_across_a_dst_change(alice):
    card = Card.objects.create(user=alice, question=QuestionFactory(), created_at=T0, due=T0)
    # 23:30 UTC on 28 March is 00:30 on 29 March in Berlin (winter time, +1);
    # 22:30 UTC on 29 March is 00:30 on 30 March in Berlin (summer time, +2).
    for moment in (
        datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
        datetime(2026, 3, 30, 9, 0, tzinfo=UTC),
    ):
        ReviewLog.objects.create(card=card, rating=3, reviewed_at=moment, source="flashcard")
    days = progress.activity_by_day(user=alice, zone=BERLIN)
    assert days == {d(29): 1, d(30): 2}
    assert progress.activity_by_day(user=alice, zone=zoneinfo.ZoneInfo("UTC")) == {
        d(28): 1,
        d(29): 1,
        d(30): 1,
    }
    totals = progress.totals(user=alice, zone=BERLIN, now=T0)
    assert (totals.current_streak, totals.longest_streak, totals.reviews) == (2, 2, 3)


def finished_interview(user, topic, *, percent_answers, now):
    session = services.interview_create(
        user=user,
        topics=[topic],
        question_count=len(percent_answers),
        seconds_per_question=None,
        now=now,
        rng=random.Random(0),
    )
    for position, (text, rating) in enumerate(percent_answers):
        services.session_sync(session=session, now=now)
        services.answer_submit(
            session=session,
            position=position,
            revision=1,
            text=text,
            now=now + timedelta(seconds=30),
        )
        services.item_rate(
            session=session, position=position, rating=rating, now=now + timedelta(seconds=31)
        )
    return session


GOOD = (
    "The forget gate decides what to erase from the cell state and the input gate controls "
    "what new information is written and the output gate controls what the hidden state exposes"
)


def test_mastery_per_topic_weakest_first(alice):
    strong, weak, untouched = (
        TopicFactory(name=n, slug=n.lower()) for n in ("Strong", "Weak", "Untouched")
    )
    for topic in (strong, weak):
        for _ in range(2):
            open_question_with_points(topic=topic)
    open_question_with_points(topic=untouched)
    finished_interview(alice, strong, percent_answers=[(GOOD, Rating.EASY)] * 2, now=T0)
    finished_interview(alice, weak, percent_answers=[("forget gate", Rating.AGAIN)], now=T0)
    with time_machine.travel(T0, tick=False):
        rows = progress.topic_mastery(user=alice, now=T0 + timedelta(days=3))
    assert [r.topic.name for r in rows][:3] == ["Weak", "Strong", "Untouched"]
    weak_row, strong_row, untouched_row = rows[:3]
    assert (strong_row.seen, strong_row.total, strong_row.coverage) == (2, 2, 100)
    assert (weak_row.seen, weak_row.coverage) == (1, 33)
    assert weak_row.recall is not None and strong_row.recall > weak_row.recall
    assert untouched_row.mastery is None and untouched_row.seen == 0


def test_quiz_accuracy_and_weakest_questions(alice):
    topic = TopicFactory(slug="stats")
    questions = [quiz_question(topic=topic) for _ in range(2)]
    for _ in range(2):  # the same two questions, first wrong twice
        session = quizzes.quiz_create(
            user=alice,
            topics=[topic],
            question_count=2,
            time_limit_seconds=None,
            feedback="end",
            now=T0,
            question_ids=[q.pk for q in questions],
        )
        for item in session.items.all():
            right = [i for i, c in enumerate(item.choices) if c["is_correct"]]
            wrong = [i for i, c in enumerate(item.choices) if not c["is_correct"]][:1]
            chosen = wrong if item.question_id == questions[0].pk else right
            quizzes.quiz_select(
                session=session, position=item.position, selected=chosen, revision=1, now=T0
            )
        quizzes.quiz_finish(session=session, now=T0)
    row = next(r for r in progress.topic_mastery(user=alice, now=T0) if r.topic == topic)
    assert row.accuracy == 50
    weakest = progress.weakest_questions(user=alice)
    assert [(w.question, w.misses) for w in weakest] == [(questions[0], 2)]


def test_score_chart_and_calendar_have_text_alternatives(alice):
    topic = TopicFactory()
    open_question_with_points(topic=topic)
    finished_interview(alice, topic, percent_answers=[(GOOD, 4)], now=T0)
    chart = charts.score_chart(progress.score_points(user=alice))
    assert chart["series"][0].points[0].percent == 100
    assert "Interview coverage: 1 session, latest 100%" in chart["summary"]
    calendar = charts.activity_calendar(counts={d(30): 3, d(29): 12}, today=d(30))
    assert len(calendar["cells"]) == 11 * 7 + 1  # twelve weeks, this one up to Monday
    assert calendar["cells"][-1]["level"] == 2
    assert (
        "2 active days" in calendar["summary"] and "busiest 29 Mar with 12" in calendar["summary"]
    )


def test_dashboard_page(alice_client, alice):
    topic = TopicFactory(name="RNN", slug="rnn")
    open_question_with_points(topic=topic)
    finished_interview(alice, topic, percent_answers=[(GOOD, 4)], now=T0)
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        response = alice_client.get(reverse("practice:progress"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart score-chart"' in body and '<svg class="chart calendar"' in body
    assert '<desc id="score-desc">Interview coverage: 1 session' in body
    assert "Mastery by topic" in body and "1 / 1" in body
    assert "Current streak</dt><dd>1 day" in body


def test_dashboard_needs_login_and_shows_only_the_users_data(client, alice, bob):
    assert client.get(reverse("practice:progress")).status_code == 302
    topic = TopicFactory()
    open_question_with_points(topic=topic, prompt="Alice's private question?")
    finished_interview(alice, topic, percent_answers=[("nothing", Rating.AGAIN)], now=T0)
    client.force_login(bob)
    body = client.get(reverse("practice:progress")).content.decode()
    assert "Alice's private question?" not in body
    assert "Mock interviews</dt><dd>0" in body


def test_history_paginates_over_htmx(alice_client, alice, settings):
    settings.INTERVIEW_HISTORY_PER_PAGE = 2
    for n in range(3):
        PracticeSession.objects.create(
            user=alice, kind="quiz", question_count=1, created_at=T0 + timedelta(minutes=n)
        )
    response = alice_client.get(
        reverse("practice:progress"), {"page": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="history"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="history">') and "Page 2 of 2" in body


def test_csv_export_has_every_answer_and_neutralises_formulas(alice_client, alice):
    topic = TopicFactory(name="=HYPERLINK(1)")
    open_question_with_points(topic=topic, prompt="What is an LSTM?")
    finished_interview(alice, topic, percent_answers=[("=cmd|' /C calc'!A0", Rating.HARD)], now=T0)
    response = alice_client.get(reverse("practice:progress_export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["session", "kind", "started"]
    assert len(rows) == 2
    assert rows[1][1] == "interview" and rows[1][6] == "What is an LSTM?"
    assert rows[1][5].startswith("'=") and rows[1][-1].startswith("'=")
    assert rows[1][10] == "Hard"


def test_dashboard_query_count_is_fixed_for_10_and_10000_attempts(alice_client, alice):
    topics = [TopicFactory() for _ in range(3)]
    questions = [open_question_with_points(topic=t) for t in topics for _ in range(3)]
    counts = []
    for attempts in (10, 10_000):
        existing = SessionItem.objects.filter(session__user=alice).count()
        batch = attempts - existing
        sessions = PracticeSession.objects.bulk_create(
            PracticeSession(
                user=alice,
                kind="interview" if n % 2 else "quiz",
                question_count=10,
                status="finished",
                created_at=T0 - timedelta(days=n % 90),
                finished_at=T0 - timedelta(days=n % 90),
                score_percent=50,
            )
            for n in range(batch // 10)
        )
        SessionItem.objects.bulk_create(
            SessionItem(
                session=session,
                position=p,
                question=questions[(i + p) % len(questions)],
                topic_name="t",
                topic_slug="t",
                prompt="p",
                status="answered",
                shown_at=session.created_at,
                finished_at=session.finished_at,
                coverage_percent=(i * 7 + p) % 100,
                rating=1 + p % 4,
                is_correct=bool(p % 2) if session.kind == "quiz" else None,
            )
            for i, session in enumerate(sessions)
            for p in range(10)
        )
        cards = [
            Card.objects.get_or_create(
                user=alice, question=q, defaults={"created_at": T0, "due": T0}
            )[0]
            for q in questions
        ]
        for card in cards:
            flashcards.card_review(card=card, version=card.reps, rating=3, now=max(T0, card.due))
        alice_client.get(reverse("practice:progress"))
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(reverse("practice:progress")).status_code == 200
        counts.append(len(queries))
    assert SessionItem.objects.filter(session__user=alice).count() >= 10_000
    assert counts[0] == counts[1], counts


def test_calendar_month_labels_are_spaced_apart():
    calendar = charts.activity_calendar(counts={}, today=date(2026, 11, 22))
    xs = [month["x"] for month in calendar["months"]]
    assert xs == sorted(xs) and all(b - a >= 3 * 17 for a, b in pairwise(xs))


def test_the_dashboard_reads_the_active_days_once_for_streaks_and_calendar(alice, alice_client):
    """Three grouped-by-day queries (answers, quizzes, reviews), not six: the streaks and the
    calendar share one reading, and both still show the day practised."""
    card = Card.objects.create(user=alice, question=QuestionFactory(), created_at=T0, due=T0)
    with time_machine.travel(T0, tick=False):
        flashcards.card_review(card=card, version=0, rating=Rating.GOOD, now=T0)
        with CaptureQueriesContext(connection) as queries:
            body = alice_client.get(reverse("practice:progress")).content.decode()
    by_day = [
        q["sql"]
        for q in queries.captured_queries
        if "GROUP BY" in q["sql"] and ("AT TIME ZONE" in q["sql"] or "cast_date" in q["sql"])
    ]
    assert len(by_day) == 3, by_day
    assert "1 practice item on Mon 30 Mar 2026" in body
    assert progress.totals(user=alice, zone=BERLIN, now=T0).current_streak == 1


def _interview_items(user, question, coverages, *, when=T0):
    session = PracticeSession.objects.create(
        user=user,
        kind="interview",
        question_count=len(coverages),
        status="finished",
        created_at=when,
        finished_at=when + timedelta(minutes=len(coverages)),
    )
    SessionItem.objects.bulk_create(
        SessionItem(
            session=session,
            position=p,
            question=question,
            topic_name="t",
            topic_slug="t",
            prompt="p",
            status="answered",
            shown_at=when + timedelta(minutes=p),
            finished_at=when + timedelta(minutes=p + 1),
            coverage_percent=coverage,
        )
        for p, coverage in enumerate(coverages)
    )


def test_mastery_coverage_averages_every_answer_of_the_topic(alice, bob):
    """Read per question and summed per topic, the coverage is still the mean of the topic's
    answers (a question answered twice weighs twice), and seen counts questions once."""
    topic = TopicFactory()
    twice, once = QuestionFactory(topic=topic), QuestionFactory(topic=topic)
    _interview_items(alice, twice, [0, 100])
    _interview_items(alice, once, [100])
    _interview_items(bob, once, [0, 0, 0])
    row = next(r for r in progress.topic_mastery(user=alice, now=T0) if r.topic == topic)
    assert (row.seen, row.coverage, row.accuracy) == (2, 67, None)


def test_the_dashboard_reads_the_answers_and_reviews_once_for_days_time_and_mastery(
    alice, alice_client
):
    """The answer time and the reviews' count and time come with the active days (no separate
    totals over the same rows), and mastery reads the answers once for its measures and the
    questions seen; the totals still add every answer and review."""
    question = QuestionFactory()
    _interview_items(alice, question, [50, 70])
    card = Card.objects.create(user=alice, question=question, created_at=T0, due=T0)
    with time_machine.travel(T0, tick=False):
        flashcards.card_review(card=card, version=0, rating=Rating.GOOD, now=T0)
        ReviewLog.objects.filter(card=card).update(duration_ms=30_000)
        with CaptureQueriesContext(connection) as queries:
            response = alice_client.get(reverse("practice:progress"))
    sqls = [q["sql"] for q in queries.captured_queries]
    ungrouped_sums = [
        sql
        for sql in sqls
        if "SUM(" in sql
        and "GROUP BY" not in sql
        and ('FROM "practice_sessionitem"' in sql or 'FROM "practice_reviewlog"' in sql)
    ]
    assert ungrouped_sums == []
    assert not [s for s in sqls if "SELECT DISTINCT" in s and "practice_sessionitem" in s]
    totals = response.context["summary"]()["totals"]  # what the page rendered, computed again
    assert totals.reviews == 1
    assert totals.time_practised == timedelta(minutes=2, seconds=30)


def test_history_and_scores_average_coverage_for_their_rows_only(alice, alice_client):
    """Each history row and each score point shows its session's average coverage, computed
    for the rows shown: neither the history count, its page nor the score chart joins every
    answer of the user."""
    question = QuestionFactory()
    _interview_items(alice, question, [50, 72])
    _interview_items(alice, question, [10], when=T0 - timedelta(days=1))
    with CaptureQueriesContext(connection) as queries:
        body = alice_client.get(reverse("practice:progress")).content.decode()
    assert "61% coverage" in body and "10% coverage" in body
    assert [p.percent for p in progress.score_points(user=alice)] == [10, 61]
    joins = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "practice_practicesession" LEFT OUTER JOIN "practice_sessionitem"' in q["sql"]
    ]
    assert joins == []
