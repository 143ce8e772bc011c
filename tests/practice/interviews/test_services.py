"""Rules of mock interviews, each shown with a frozen clock."""

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from interview.bank.models import Question
from interview.practice.engine.selection import weighted_pick
from interview.practice.engine.sessions import sessions_close_expired
from interview.practice.interviews import services
from interview.practice.models import PracticeSession, Rating, SessionItem
from tests.factories import TopicFactory, open_question_with_points

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)
GOOD_ANSWER = (
    "The forget gate decides what to erase from the cell state, the input gate controls "
    "what new information is written, and the output gate controls what the hidden state "
    "exposes."
)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.PRACTICE_GRACE_SECONDS = 10


@pytest.fixture
def topic():
    return TopicFactory(name="RNN", slug="rnn")


@pytest.fixture
def questions(topic):
    return [open_question_with_points(topic=topic, prompt=f"LSTM question {n}?") for n in range(3)]


def start(user, topic, *, seconds=60, count=3, follow_up=False, ids=None, now=T0):
    session = services.interview_create(
        user=user,
        topics=[topic],
        question_count=count,
        seconds_per_question=seconds,
        follow_up=follow_up,
        now=now,
        question_ids=ids,
        rng=random.Random(1),
    )
    services.session_sync(session=session, now=now)
    return session


def item(session, position=0) -> SessionItem:
    return session.items.get(position=position)


def test_deadline_is_fixed_when_the_question_is_shown(alice, topic, questions):
    session = services.interview_create(
        user=alice, topics=[topic], question_count=3, seconds_per_question=60, now=T0
    )
    assert item(session).status == SessionItem.Status.PENDING
    assert item(session).deadline is None
    services.session_sync(session=session, now=at(5))  # first shown 5 s later
    shown = item(session)
    assert shown.shown_at == at(5)
    assert shown.deadline == at(65)
    services.session_sync(session=session, now=at(30))  # a reload does not move it
    assert item(session).deadline == at(65)


def test_autosave_keeps_the_newest_revision_only(alice, topic, questions):
    session = start(alice, topic)
    assert services.answer_autosave(
        session=session, position=0, revision=2, text="second", now=at(3)
    ).applied
    late_old = services.answer_autosave(
        session=session, position=0, revision=1, text="first", now=at(4)
    )
    assert not late_old.applied
    assert item(session).answer == "second"
    assert item(session).answer_saved_at == at(3)


def test_autosave_inside_the_grace_period_is_accepted(alice, topic, questions):
    session = start(alice, topic)
    outcome = services.answer_autosave(
        session=session, position=0, revision=1, text="late but ok", now=at(69)
    )
    assert outcome.applied
    assert item(session).answer == "late but ok"


def test_autosave_after_deadline_plus_grace_changes_nothing_and_times_out(alice, topic, questions):
    session = start(alice, topic)
    services.answer_autosave(session=session, position=0, revision=1, text="in time", now=at(50))
    outcome = services.answer_autosave(
        session=session, position=0, revision=2, text="too late", now=at(71)
    )
    assert not outcome.applied
    assert "Time is up" in outcome.message
    closed = item(session)
    assert closed.answer == "in time"
    assert closed.status == SessionItem.Status.TIMED_OUT
    assert closed.finished_at == at(60)


def test_submit_after_deadline_plus_grace_is_refused_with_last_saved_answer(
    alice, topic, questions
):
    session = start(alice, topic)
    services.answer_autosave(session=session, position=0, revision=1, text=GOOD_ANSWER, now=at(30))
    outcome = services.answer_submit(
        session=session, position=0, revision=2, text="changed", now=at(75)
    )
    assert not outcome.applied
    closed = item(session)
    assert closed.answer == GOOD_ANSWER
    assert closed.status == SessionItem.Status.TIMED_OUT
    assert closed.coverage_percent == 100


def test_submit_inside_grace_keeps_the_text_but_counts_as_timed_out(alice, topic, questions):
    session = start(alice, topic)
    outcome = services.answer_submit(
        session=session, position=0, revision=1, text="just made it", now=at(65)
    )
    assert outcome.applied
    closed = item(session)
    assert closed.answer == "just made it"
    assert closed.status == SessionItem.Status.TIMED_OUT
    assert closed.finished_at == at(60)
    assert closed.time_used == timedelta(seconds=60)


def test_submit_before_the_deadline_records_time_used_and_coverage(alice, topic, questions):
    session = start(alice, topic)
    services.answer_submit(session=session, position=0, revision=1, text=GOOD_ANSWER, now=at(42))
    answered = item(session)
    assert answered.status == SessionItem.Status.ANSWERED
    assert answered.time_used == timedelta(seconds=42)
    assert answered.coverage_percent == 100
    assert answered.suggested_rating == Rating.EASY
    assert [p["covered"] for p in answered.coverage["points"]] == [True, True, True]


def test_double_submit_records_one_answer(alice, topic, questions):
    session = start(alice, topic)
    first = services.answer_submit(
        session=session, position=0, revision=1, text=GOOD_ANSWER, now=at(10)
    )
    second = services.answer_submit(
        session=session, position=0, revision=1, text="other", now=at(11)
    )
    assert first.applied and not second.applied
    assert "already submitted" in second.message
    assert item(session).answer == GOOD_ANSWER
    assert item(session).finished_at == at(10)
    assert session.items.count() == 1


def test_stale_submit_for_an_earlier_question_is_refused(alice, topic, questions):
    session = start(alice, topic)
    services.answer_submit(session=session, position=0, revision=1, text="one", now=at(10))
    services.item_rate(session=session, position=0, rating=Rating.GOOD, now=at(12))
    services.session_sync(session=session, now=at(13))
    outcome = services.answer_submit(
        session=session, position=0, revision=5, text="from tab 2", now=at(14)
    )
    assert not outcome.applied
    assert "question 1, which is already finished" in outcome.message
    assert item(session, 0).answer == "one"
    assert item(session, 1).answer == "" and item(session, 1).status == "active"


def test_rating_twice_records_one_rating_and_one_next_question(alice, topic, questions):
    session = start(alice, topic)
    services.answer_submit(session=session, position=0, revision=1, text="x", now=at(10))
    assert services.item_rate(session=session, position=0, rating=Rating.HARD, now=at(11)).applied
    again = services.item_rate(session=session, position=0, rating=Rating.EASY, now=at(12))
    assert not again.applied
    assert item(session).rating == Rating.HARD
    assert session.items.count() == 2


def test_rating_before_submitting_is_refused(alice, topic, questions):
    session = start(alice, topic)
    outcome = services.item_rate(session=session, position=0, rating=Rating.GOOD, now=at(5))
    assert not outcome.applied and "Submit your answer" in outcome.message


def test_last_rating_finishes_the_interview(alice, topic, questions):
    session = start(alice, topic, count=2)
    for position in range(2):
        services.session_sync(session=session, now=at(position * 100))
        services.answer_submit(
            session=session, position=position, revision=1, text="x", now=at(position * 100 + 5)
        )
        services.item_rate(
            session=session, position=position, rating=Rating.GOOD, now=at(position * 100 + 6)
        )
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.FINISHED
    assert session.finished_at == at(106)


def test_next_request_closes_an_expired_question_with_the_saved_answer(alice, topic, questions):
    session = start(alice, topic)
    services.answer_autosave(session=session, position=0, revision=1, text="draft", now=at(20))
    services.session_sync(session=session, now=at(500))  # the user comes back much later
    closed = item(session)
    assert closed.status == SessionItem.Status.TIMED_OUT
    assert closed.answer == "draft"
    assert closed.finished_at == at(60)


def test_close_expired_sessions_command_is_idempotent(alice, bob, topic, questions):
    expired = start(alice, topic)
    services.answer_autosave(session=expired, position=0, revision=1, text="draft", now=at(20))
    running = start(bob, topic, now=at(100))
    untimed = start(bob, topic, seconds=None)
    with time_machine.travel(at(71), tick=False):
        call_command("close_expired_sessions")
        call_command("close_expired_sessions")
    assert item(expired).status == SessionItem.Status.TIMED_OUT
    assert item(expired).finished_at == at(60)
    assert item(expired).answer == "draft"
    assert item(running).status == SessionItem.Status.ACTIVE
    assert item(untimed).status == SessionItem.Status.ACTIVE
    assert sessions_close_expired(now=at(71)) == 0


def test_untimed_questions_never_time_out(alice, topic, questions):
    session = start(alice, topic, seconds=None)
    assert item(session).deadline is None
    outcome = services.answer_submit(
        session=session, position=0, revision=1, text="slow", now=at(86_400)
    )
    assert outcome.applied and item(session).status == SessionItem.Status.ANSWERED


def test_follow_up_mode_asks_a_related_question_next(alice, topic, questions):
    elsewhere = TopicFactory()
    follow_up = open_question_with_points(topic=elsewhere, prompt="Follow-up?")
    questions[0].related.add(follow_up)
    session = start(alice, topic, follow_up=True, ids=[questions[0].pk, questions[1].pk])
    services.answer_submit(session=session, position=0, revision=1, text="x", now=at(5))
    services.item_rate(session=session, position=0, rating=Rating.GOOD, now=at(6))
    assert item(session, 1).question == follow_up


def test_without_follow_up_mode_the_plan_is_followed(alice, topic, questions):
    follow_up = open_question_with_points(topic=topic, prompt="Follow-up?")
    questions[0].related.add(follow_up)
    session = start(alice, topic, ids=[questions[0].pk, questions[1].pk])
    services.answer_submit(session=session, position=0, revision=1, text="x", now=at(5))
    services.item_rate(session=session, position=0, rating=Rating.GOOD, now=at(6))
    assert item(session, 1).question == questions[1]


def test_an_edit_to_the_question_later_does_not_rewrite_history(alice, topic, questions):
    session = start(alice, topic, ids=[questions[0].pk])
    question = questions[0]
    question.prompt = "Rewritten prompt"
    question.official_answer = "Rewritten answer"
    question.save()
    question.key_points.all().delete()
    snapshot = item(session)
    assert snapshot.prompt == "LSTM question 0?"
    assert snapshot.official_answer != "Rewritten answer"
    assert len(snapshot.key_points) == 3
    question.delete()
    assert SessionItem.objects.get(pk=snapshot.pk).prompt == "LSTM question 0?"


def test_questions_answered_well_recently_are_picked_less_often():
    candidates = list(range(1, 11))
    rng = random.Random(7)
    picks = {"well": 0, "fresh": 0}
    for _ in range(2000):
        chosen = weighted_pick(
            candidates=candidates, count=3, deprioritized={1, 2, 3, 4, 5}, rng=rng
        )
        for qid in chosen:
            picks["well" if qid <= 5 else "fresh"] += 1
    assert picks["fresh"] > 2.5 * picks["well"]
    assert picks["well"] > 0  # less often, not never


def test_interview_create_uses_recent_results(alice, topic, questions):
    old = start(alice, topic, count=1, ids=[questions[0].pk])
    services.answer_submit(session=old, position=0, revision=1, text=GOOD_ANSWER, now=at(10))
    services.item_rate(session=old, position=0, rating=Rating.EASY, now=at(11))
    firsts = []
    for seed in range(60):
        session = services.interview_create(
            user=alice,
            topics=[topic],
            question_count=1,
            seconds_per_question=60,
            now=at(100),
            rng=random.Random(seed),
        )
        firsts.append(session.plan[0])
    assert firsts.count(questions[0].pk) < 60 / 3 * 0.6


def test_no_matching_questions_is_a_clear_error(alice, topic):
    with pytest.raises(services.NoQuestionsAvailable, match="No published open questions"):
        services.interview_create(
            user=alice, topics=[topic], question_count=3, seconds_per_question=60, now=T0
        )


def test_only_published_open_questions_of_the_chosen_difficulty_are_asked(alice, topic):
    wanted = open_question_with_points(topic=topic, difficulty="hard")
    open_question_with_points(topic=topic, difficulty="easy")
    open_question_with_points(topic=topic, difficulty="hard", status=Question.Status.DRAFT)
    session = services.interview_create(
        user=alice,
        topics=[topic],
        question_count=5,
        seconds_per_question=60,
        difficulty="hard",
        now=T0,
    )
    assert session.plan == [wanted.pk]
    assert session.question_count == 1


def test_end_early_closes_the_open_question_and_finishes(alice, topic, questions):
    session = start(alice, topic)
    services.answer_autosave(session=session, position=0, revision=1, text="partial", now=at(5))
    services.interview_end(session=session, now=at(8))
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.FINISHED
    assert item(session).status == SessionItem.Status.ANSWERED
    assert item(session).answer == "partial"


def test_retry_missed_starts_an_interview_on_the_missed_questions(alice, topic, questions):
    session = start(alice, topic, count=2, ids=[questions[0].pk, questions[1].pk])
    services.answer_submit(session=session, position=0, revision=1, text=GOOD_ANSWER, now=at(5))
    services.item_rate(session=session, position=0, rating=Rating.EASY, now=at(6))
    services.session_sync(session=session, now=at(7))
    services.answer_submit(session=session, position=1, revision=1, text="no idea", now=at(9))
    services.item_rate(session=session, position=1, rating=Rating.AGAIN, now=at(10))
    retry = services.interview_retry_missed(session=session, now=at(20))
    assert retry.plan == [questions[1].pk]
    assert retry.seconds_per_item == 60


def test_nothing_changes_an_ended_interview(alice, topic, questions):
    session = start(alice, topic)
    services.answer_submit(session=session, position=0, revision=1, text="x", now=at(5))
    services.interview_end(session=session, now=at(6))
    with pytest.raises(services.PracticeError, match="ended"):
        services.item_rate(session=session, position=0, rating=Rating.GOOD, now=at(7))
    with pytest.raises(services.PracticeError, match="ended"):
        services.answer_autosave(session=session, position=0, revision=2, text="y", now=at(7))
    assert session.items.count() == 1
    assert item(session).rating is None


def test_ending_during_the_grace_period_counts_as_timed_out_at_the_deadline(
    alice, topic, questions
):
    session = start(alice, topic)
    services.answer_autosave(session=session, position=0, revision=1, text="late", now=at(30))
    services.interview_end(session=session, now=at(65))
    closed = item(session)
    assert closed.status == SessionItem.Status.TIMED_OUT
    assert closed.finished_at == at(60) and closed.answer == "late"


def test_the_report_does_not_start_the_next_questions_clock(alice, topic, questions):
    session = start(alice, topic)
    services.answer_submit(session=session, position=0, revision=1, text="x", now=at(5))
    services.item_rate(session=session, position=0, rating=Rating.GOOD, now=at(6))
    services.session_sync(session=session, now=at(7), show=False)
    assert item(session, 1).status == SessionItem.Status.PENDING
    assert item(session, 1).deadline is None
