"""A user's progress, computed with database aggregates.

Every function here issues a fixed number of queries whatever the size of the user's history;
the rows that reach Python are bounded by days, topics, the user's deck (one row per card, for
FSRS recall, which fsrs computes) or a small limit, never by the number of attempts.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncDate

from interview.bank.models import Question, Topic
from interview.bank.selectors import visible_topic_counts
from interview.lib.csv_cells import csv_safe_cell
from interview.practice.flashcards import scheduling
from interview.practice.flashcards.services import cards_listed
from interview.practice.models import Card, PracticeSession, ReviewLog, SessionItem

ANSWERED = SessionItem.ANSWERED_STATUSES


def _duration(end: str, start: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def _days(queryset: QuerySet, field: str, zone: zoneinfo.ZoneInfo) -> Counter[date]:
    rows = (
        queryset.annotate(day=TruncDate(field, tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return Counter(dict(rows))


def activity_by_day(
    *, user: User, zone: zoneinfo.ZoneInfo, since: datetime | None = None
) -> Counter:
    """How many things the user practised on each local day (answers, quizzes, reviews)."""
    items = SessionItem.objects.filter(
        session__user=user, session__kind=PracticeSession.Kind.INTERVIEW, status__in=ANSWERED
    )
    quizzes = PracticeSession.objects.filter(
        user=user, kind=PracticeSession.Kind.QUIZ, status=PracticeSession.Status.FINISHED
    )
    reviews = ReviewLog.objects.filter(card__user=user, source=ReviewLog.Source.FLASHCARD)
    if since is not None:
        items = items.filter(finished_at__gte=since)
        quizzes = quizzes.filter(finished_at__gte=since)
        reviews = reviews.filter(reviewed_at__gte=since)
    return (
        _days(items, "finished_at", zone)
        + _days(quizzes, "finished_at", zone)
        + _days(reviews, "reviewed_at", zone)
    )


def streaks(*, days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive active days. The current streak still counts
    when today has no practice yet but yesterday had."""
    active = set(days)
    longest = run = 0
    previous = None
    for day in sorted(active):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in active else today - timedelta(days=1)
    while day in active:
        current += 1
        day -= timedelta(days=1)
    return current, longest


@dataclass(frozen=True)
class Activity:
    """The user's active days with the time and reviews they hold, read together: the
    dashboard needs both, and each table is read once (three grouped queries)."""

    days: Counter[date]
    answer_time: timedelta
    reviews: int
    review_ms: int


def _days_with(
    queryset: QuerySet, field: str, zone: zoneinfo.ZoneInfo, **extra: Any
) -> list[dict[str, Any]]:
    return list(
        queryset.annotate(day=TruncDate(field, tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"), **extra)
    )


def activity(*, user: User, zone: zoneinfo.ZoneInfo) -> Activity:
    """Every active day of the user (as activity_by_day) with the time of the interview
    answers, the number of flashcard reviews and their time, summed over those days."""
    items = _days_with(
        SessionItem.objects.filter(
            session__user=user,
            session__kind=PracticeSession.Kind.INTERVIEW,
            status__in=ANSWERED,
        ),
        "finished_at",
        zone,
        t=Sum(_duration("finished_at", "shown_at")),
    )
    quizzes = PracticeSession.objects.filter(
        user=user, kind=PracticeSession.Kind.QUIZ, status=PracticeSession.Status.FINISHED
    )
    reviews = _days_with(
        ReviewLog.objects.filter(card__user=user, source=ReviewLog.Source.FLASHCARD),
        "reviewed_at",
        zone,
        ms=Sum("duration_ms"),
    )
    days = (
        Counter({row["day"]: row["n"] for row in items})
        + _days(quizzes, "finished_at", zone)
        + Counter({row["day"]: row["n"] for row in reviews})
    )
    return Activity(
        days=days,
        answer_time=sum((row["t"] or timedelta(0) for row in items), timedelta(0)),
        reviews=sum(row["n"] for row in reviews),
        review_ms=sum(row["ms"] or 0 for row in reviews),
    )


@dataclass(frozen=True)
class Totals:
    interviews: int
    quizzes: int
    reviews: int
    time_practised: timedelta
    current_streak: int
    longest_streak: int


def totals(
    *, user: User, zone: zoneinfo.ZoneInfo, now: datetime, done: Activity | None = None
) -> Totals:
    """The user's totals; the answer and review time and the streaks from `done` (the user's
    activity) when the caller has read it already (three queries fewer), else read here."""
    sessions = PracticeSession.objects.filter(user=user).aggregate(
        interviews=Count("pk", filter=Q(kind=PracticeSession.Kind.INTERVIEW)),
        quizzes=Count("pk", filter=Q(kind=PracticeSession.Kind.QUIZ)),
        quiz_time=Sum(
            _duration("finished_at", "created_at"),
            filter=Q(kind=PracticeSession.Kind.QUIZ, finished_at__isnull=False),
        ),
    )
    if done is None:
        done = activity(user=user, zone=zone)
    current, longest = streaks(days=done.days.keys(), today=now.astimezone(zone).date())
    return Totals(
        interviews=sessions["interviews"],
        quizzes=sessions["quizzes"],
        reviews=done.reviews,
        time_practised=(sessions["quiz_time"] or timedelta(0))
        + done.answer_time
        + timedelta(milliseconds=done.review_ms),
        current_streak=current,
        longest_streak=longest,
    )


def _average_coverage() -> Subquery:
    """A session's average coverage as a subquery per session row: evaluated for the rows a
    page keeps (after its LIMIT), where a join would read and group every answer of the user."""
    return Subquery(
        SessionItem.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(average=Avg("coverage_percent"))
        .values("average")
    )


@dataclass(frozen=True)
class ScorePoint:
    when: datetime
    kind: str
    percent: int
    session_id: int


def score_points(*, user: User, limit: int = 60) -> list[ScorePoint]:
    """The latest finished interviews (average coverage) and quizzes (score), oldest first."""
    sessions = (
        PracticeSession.objects.filter(user=user, status=PracticeSession.Status.FINISHED)
        .annotate(coverage=_average_coverage())
        .order_by("-finished_at", "-id")[:limit]
    )
    points = []
    for session in sessions:
        percent = session.score_percent if session.kind == "quiz" else session.coverage
        if percent is not None and session.finished_at is not None:
            points.append(ScorePoint(session.finished_at, session.kind, round(percent), session.pk))
    return points[::-1]


@dataclass(frozen=True)
class TopicMastery:
    topic: Topic
    total: int
    seen: int
    coverage: int | None
    accuracy: int | None
    recall: int | None

    @property
    def mastery(self) -> float | None:
        """The mean of the measures the user has for this topic (None: not practised yet)."""
        values = [
            value for value in (self.coverage, self.accuracy, self.recall) if value is not None
        ]
        return sum(values) / len(values) if values else None


def topic_mastery(*, user: User, now: datetime) -> list[TopicMastery]:
    """Per topic: questions seen / total, interview coverage, quiz accuracy and FSRS recall;
    weakest first, topics not practised yet last."""
    topics = list(Topic.objects.visible_to(user).order_by("order", "name"))
    counts = visible_topic_counts(topics=topics)
    # One grouped read of the user's answered items per question gives both the measures
    # (summed per topic below: the sums and counts make the same averages as grouping by
    # topic) and the questions seen.
    interview = Q(session__kind=PracticeSession.Kind.INTERVIEW, coverage_percent__isnull=False)
    rows = (
        SessionItem.objects.filter(session__user=user, status__in=ANSWERED, question__isnull=False)
        .order_by()
        .values_list("question__topic_id", "question_id")
        .annotate(
            coverage_sum=Sum("coverage_percent", filter=interview),
            coverage_n=Count("pk", filter=interview),
            quiz_right=Count("pk", filter=Q(is_correct=True)),
            quiz_answered=Count("pk", filter=Q(is_correct__isnull=False)),
        )
    )
    by_topic: dict[int, dict[str, int]] = {}
    seen: dict[int, set[int]] = {}
    for topic_id, question_id, coverage_sum, coverage_n, right, answered in rows:
        sums = by_topic.setdefault(
            topic_id, {"coverage_sum": 0, "coverage_n": 0, "quiz_right": 0, "quiz_answered": 0}
        )
        sums["coverage_sum"] += coverage_sum or 0
        sums["coverage_n"] += coverage_n
        sums["quiz_right"] += right
        sums["quiz_answered"] += answered
        seen.setdefault(topic_id, set()).add(question_id)
    card_rows = (
        cards_listed(user=user)
        .filter(last_review__isnull=False)
        .values_list(
            "question__topic_id",
            "question_id",
            "stability",
            "last_review",
            "state",
            "step",
            "difficulty",
            "due",
            "pk",
        )
    )
    recalls: dict[int, list[float]] = {}
    for topic_id, question_id, stability, last, state, step, difficulty, due, pk in card_rows:
        seen.setdefault(topic_id, set()).add(question_id)
        card = Card(
            pk=pk,
            stability=stability,
            last_review=last,
            state=state,
            step=step,
            difficulty=difficulty,
            due=due,
        )
        recalls.setdefault(topic_id, []).append(scheduling.recall_probability(card=card, now=now))
    result = []
    for topic in topics:
        row = by_topic.get(topic.pk, {})
        answered = row.get("quiz_answered", 0)
        covered = row.get("coverage_n", 0)
        topic_recalls = recalls.get(topic.pk)
        result.append(
            TopicMastery(
                topic=topic,
                total=counts.get(topic.pk, (0, 0))[0],
                seen=len(seen.get(topic.pk, ())),
                coverage=round(row["coverage_sum"] / covered) if covered else None,
                accuracy=round(100 * row["quiz_right"] / answered) if answered else None,
                recall=round(100 * sum(topic_recalls) / len(topic_recalls))
                if topic_recalls
                else None,
            )
        )
    return sorted(result, key=lambda m: (m.mastery is None, m.mastery or 0, m.topic.order))


@dataclass(frozen=True)
class WeakQuestion:
    question: Question
    misses: int


def weakest_questions(*, user: User, limit: int = 10) -> list[WeakQuestion]:
    """Questions most often missed (SessionItemQuerySet.missed) or forgotten as a flashcard
    (rated Again), ties by id.

    Counted from the user's own rows first (two grouped queries on indexed user columns), so
    the cost follows the user's history, not the size of the bank; then the top questions are
    fetched by id. Only questions the user may still practise are counted: an unpublished or
    deleted question's answers and card stay in the history but leave the list."""
    practisable = Question.objects.available_to(user).values("pk")
    misses: Counter[int] = Counter()
    missed_items = (
        SessionItem.objects.missed()
        .filter(session__user=user, question__in=practisable)
        .values_list("question_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    forgotten = (
        ReviewLog.objects.flashcards()
        .forgotten()
        .filter(card__user=user, card__question__in=practisable)
        .values_list("card__question_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for question_id, count in [*missed_items, *forgotten]:
        misses[question_id] += count
    top = sorted(misses.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
    questions = Question.objects.select_related("topic").in_bulk([pk for pk, _ in top])
    return [WeakQuestion(questions[pk], count) for pk, count in top if pk in questions]


def history(*, user: User) -> QuerySet[PracticeSession]:
    """The user's sessions, newest first, each with its average coverage. The average is a
    subquery per session, not a join over every item of the user: the page count leaves it
    out and the page computes it for its own rows only (the join read and grouped all the
    user's answers twice per page)."""
    return (
        PracticeSession.objects.filter(user=user)
        .prefetch_related("topics")
        .annotate(average_coverage=_average_coverage())
        .order_by("-created_at", "-id")
    )


CSV_HEADER = [
    "session", "kind", "started", "finished", "position", "topic", "question", "status",
    "time_used_seconds", "coverage_percent", "self_rating", "quiz_correct", "answer",
]  # fmt: skip


def history_csv_rows(*, user: User, zone: zoneinfo.ZoneInfo) -> Iterator[list[str]]:
    """Every answer of the user, oldest first, streamed from the database in chunks."""
    yield CSV_HEADER
    items = (
        SessionItem.objects.filter(session__user=user)
        .exclude(status=SessionItem.Status.PENDING)
        .select_related("session")
        .order_by("session__created_at", "session_id", "position")
    )
    for item in items.iterator(chunk_size=500):
        session = item.session
        used = item.time_used
        yield [
            str(session.pk),
            session.kind,
            session.created_at.astimezone(zone).isoformat(timespec="seconds"),
            session.finished_at.astimezone(zone).isoformat(timespec="seconds")
            if session.finished_at
            else "",
            str(item.number),
            csv_safe_cell(item.topic_name),
            csv_safe_cell(item.prompt.splitlines()[0] if item.prompt else ""),
            item.get_status_display(),
            str(int(used.total_seconds())) if used is not None else "",
            "" if item.coverage_percent is None else str(item.coverage_percent),
            item.get_rating_display() if item.rating else "",
            "" if item.is_correct is None else ("yes" if item.is_correct else "no"),
            csv_safe_cell(item.answer),
        ]
