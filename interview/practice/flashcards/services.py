"""The flashcard deck: one schedule per user per question, fed by flashcard reviews, mock
interviews (the self-rating), quizzes (Good when right, Again when wrong) and exercise
submissions (Good when every test passes, Again otherwise).

- Undo: the user's latest rating made in the review queue can be undone once: the card gets
  back the schedule it had before (kept on that review as `card_before`) and the review is
  deleted. Only that one review keeps `card_before` (a new rating clears the older ones), so a
  second undo, an undo after a later review of any kind, or after the card changed, is refused.
- Suspend: a suspended card leaves the queue and the counts (its schedule and history stay)
  until it is resumed.
- Listed cards: only a card whose question is published is listed or counted anywhere the
  user looks (the deck page and its topic filter, the queue, the due counts, the deck size,
  progress). A card whose question is unpublished or deleted stays in the database with its
  reviews and comes back if the question is published again.
- A question deleted from the bank keeps its cards and their reviews (the user's history): each
  card keeps the question's title and topic name as a snapshot (cards_keep_history). Deleting
  one's own study pack deletes its cards on purpose (packs.services.pack_delete).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Min, Q, Subquery
from django.utils.translation import gettext

from interview.bank.content_version import content_version
from interview.bank.models import Question, Topic
from interview.practice.engine.activity_stamp import activity_bump, activity_stamp
from interview.practice.engine.errors import PracticeError
from interview.practice.engine.preferences import preferences_for
from interview.practice.flashcards import scheduling
from interview.practice.models import (
    Card,
    ExerciseAttempt,
    Preferences,
    Rating,
    ReviewLog,
    SessionItem,
)

DUPLICATE_WINDOW = timedelta(seconds=30)


def cards_keep_history(*, question: Question) -> None:
    """Before `question` is deleted from the bank: its cards keep its title and topic name, so
    the deck still names them once the foreign key is cleared (one query per question)."""
    topic_name = Topic.objects.filter(pk=question.topic_id).values("name")[:1]
    cards = Card.objects.filter(question=question)
    activity_bump(user_ids=cards.values_list("user_id", flat=True))
    cards.update(question_title=question.title[:255], topic_name=Subquery(topic_name))


def local_day_bounds(*, time_zone: str, now: datetime) -> tuple[datetime, datetime]:
    """Start and end (exclusive) of the user's current calendar day, in UTC.

    A day is not always 24 hours: around a daylight-saving change it is 23 or 25.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    today = now.astimezone(zone).date()
    start = datetime.combine(today, time.min, tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def deck_add(*, user: User, questions, now: datetime) -> tuple[int, int]:
    """Add questions the user may practise (published, of the bank or the user's own packs)
    to the user's deck; returns (added, already in the deck)."""
    ids = set(questions.available_to(user).values_list("id", flat=True))
    existing = set(
        Card.objects.filter(user=user, question_id__in=ids).values_list("question_id", flat=True)
    )
    Card.objects.bulk_create(
        [
            Card(user=user, question_id=qid, created_at=now, due=now)
            for qid in sorted(ids - existing)
        ],
        ignore_conflicts=True,
    )
    activity_bump(user_ids=[user.pk])  # bulk_create sends no signals
    return len(ids - existing), len(existing)


def deck_add_topic(*, user: User, topic: Topic, now: datetime) -> tuple[int, int]:
    return deck_add(user=user, questions=Question.objects.filter(topic=topic), now=now)


@dataclass(frozen=True)
class Queue:
    card: Card | None
    due_count: int
    new_count: int
    new_left_today: int
    next_due: datetime | None

    @property
    def remaining(self) -> int:
        return self.due_count + self.new_count


def cards_listed(*, user: User):
    """The user's cards whose question is published: the only cards a listing or a count
    shows (an unpublished or deleted question's card keeps its history out of sight)."""
    return Card.objects.filter(user=user, question__status=Question.Status.PUBLISHED)


def deck_size(*, user: User) -> int:
    """How many cards the user's deck lists, suspended ones included (one query)."""
    return cards_listed(user=user).count()


def _live_cards(*, user: User):
    """The listed cards that are not suspended: the queue and the due counts."""
    return cards_listed(user=user).filter(suspended=False)


def _new_left_today(*, user: User, preferences: Preferences, now: datetime) -> int:
    """New cards the user may still start today, read from the database (a rating's check)."""
    start, _ = local_day_bounds(time_zone=preferences.time_zone, now=now)
    introduced = Card.objects.filter(user=user, introduced_at__gte=start).count()
    return max(0, preferences.daily_new_cards - introduced)


@dataclass(frozen=True)
class DeckCounts:
    """The user's live cards counted at `counted_at`: due then, new, due later that local day,
    and the new cards introduced that day. The counts hold until `valid_until` (the next due
    time of a reviewed card or the end of the day, whichever comes first): before it, no card
    moves from "later" to "now" and nothing else changes without a new activity stamp."""

    due_now: int
    new_cards: int
    due_later: int
    introduced_today: int
    counted_at: datetime
    valid_until: datetime

    def holds_at(self, now: datetime) -> bool:
        return self.counted_at <= now < self.valid_until


DECK_COUNTS_SECONDS = 3600


def deck_counts(
    *,
    user: User,
    preferences: Preferences,
    now: datetime,
    version: str | None = None,
    stamp: str | None = None,
) -> DeckCounts:
    """The due and new counts of the home page and the review queue.

    Counted with two aggregate queries over the user's cards, then kept in the cache under the
    user's activity stamp (a review, an undo, a suspension, a card added: a new stamp), the
    bank's content stamp (a question unpublished leaves the counts), the time zone and the
    local day, and used while they hold at the request's time (see DeckCounts): two one-row
    reads instead of reading every card of the deck. `version` and `stamp`: the content and
    activity stamps when the caller has read them already."""
    start, end = local_day_bounds(time_zone=preferences.time_zone, now=now)
    key = ":".join(
        [
            "deck-counts",
            str(user.pk),
            activity_stamp(user=user) if stamp is None else stamp,
            content_version() if version is None else version,
            preferences.time_zone,
            start.isoformat(),
        ]
    )
    counts = cache.get(key)
    if isinstance(counts, DeckCounts) and counts.holds_at(now):
        return counts
    reviewed = Q(last_review__isnull=False)
    row = _live_cards(user=user).aggregate(
        due_now=Count("pk", filter=reviewed & Q(due__lte=now)),
        new_cards=Count("pk", filter=Q(last_review__isnull=True)),
        due_later=Count("pk", filter=reviewed & Q(due__gt=now, due__lt=end)),
        next_due=Min("due", filter=reviewed & Q(due__gt=now)),
    )
    introduced = Card.objects.filter(user=user, introduced_at__gte=start).count()
    counts = DeckCounts(
        due_now=row["due_now"],
        new_cards=row["new_cards"],
        due_later=row["due_later"],
        introduced_today=introduced,
        counted_at=now,
        valid_until=min(row["next_due"] or end, end),
    )
    cache.set(key, counts, DECK_COUNTS_SECONDS)
    return counts


def review_queue(*, user: User, now: datetime, version: str | None = None) -> Queue:
    """Today's queue: cards due now first (oldest first), then new cards up to the daily limit."""
    preferences = preferences_for(user)
    counts = deck_counts(user=user, preferences=preferences, now=now, version=version)
    new_left = max(0, preferences.daily_new_cards - counts.introduced_today)
    due_count, new_count = counts.due_now, min(new_left, counts.new_cards)
    cards = _live_cards(user=user)
    nxt = None
    if due_count or new_count:
        source = (
            cards.filter(last_review__isnull=False, due__lte=now).order_by("due", "id")
            if due_count
            else cards.filter(last_review__isnull=True).order_by("created_at", "id")
        )
        # The card's key points and choices are read by its template when it renders the
        # card, which the review page caches per question (not on every request).
        nxt = source.select_related("question__topic").first()
    next_due = None
    if nxt is None:
        next_due = cards.filter(last_review__isnull=False).aggregate(Min("due"))["due__min"]
    return Queue(nxt, due_count, new_count, new_left, next_due)


def due_summary(
    *,
    user: User | AnonymousUser,
    now: datetime,
    version: str | None = None,
    stamp: str | None = None,
) -> tuple[int, int]:
    """(cards to review now, including today's new cards; more due later today), in counts only."""
    if not user.is_authenticated:
        return 0, 0
    preferences = preferences_for(user)
    counts = deck_counts(user=user, preferences=preferences, now=now, version=version, stamp=stamp)
    new_left = max(0, preferences.daily_new_cards - counts.introduced_today)
    return counts.due_now + min(new_left, counts.new_cards), counts.due_later


_STATE_FIELDS = [
    "state", "step", "stability", "difficulty", "due", "last_review", "reps", "introduced_at",
]  # fmt: skip


def _apply_review(card: Card, *, rating: int, now: datetime, source: str) -> None:
    """Move the card to its next state (in memory; the caller saves it)."""
    if card.is_new and source == ReviewLog.Source.FLASHCARD:
        card.introduced_at = now  # counts against the daily limit of new cards
    scheduling.copy_state(card, scheduling.schedule(card=card, rating=rating, now=now))
    card.reps += 1


def _state_of(card: Card) -> dict:
    """The card's schedule as JSON (datetimes in ISO format)."""
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name in _STATE_FIELDS
        for value in [getattr(card, name)]
    }


def _state_restore(card: Card, state: dict) -> None:
    for name in _STATE_FIELDS:
        value = state.get(name)
        if name in ("due", "last_review", "introduced_at") and value is not None:
            value = datetime.fromisoformat(value)
        setattr(card, name, value)


def _record(
    card: Card, *, rating: int, now: datetime, source: str, duration_ms: int | None = None
) -> ReviewLog:
    before = _state_of(card)
    _apply_review(card, rating=rating, now=now, source=source)
    card.save(update_fields=_STATE_FIELDS)
    ReviewLog.objects.filter(card__user_id=card.user_id, card_before__isnull=False).update(
        card_before=None
    )
    return ReviewLog.objects.create(
        card=card,
        rating=rating,
        reviewed_at=now,
        duration_ms=duration_ms,
        source=source,
        card_before=before,
    )


def review_undoable(*, user: User) -> ReviewLog | None:
    """The user's rating that "Undo" would take back, if any (one query)."""
    return (
        ReviewLog.objects.filter(card__user=user, card_before__isnull=False)
        .select_related("card__question")
        .order_by("-reviewed_at", "-id")
        .first()
    )


def review_undo(*, user: User, review: ReviewLog) -> ReviewOutcome:
    """Take back the user's last flashcard rating (see the module's rules)."""
    with transaction.atomic():
        card = Card.objects.select_for_update().get(pk=review.card_id, user=user)
        review = ReviewLog.objects.filter(pk=review.pk, card=card).first()  # type: ignore[assignment]
        latest = ReviewLog.objects.filter(card__user=user).order_by("-reviewed_at", "-id").first()
        before = review.card_before if review is not None else None
        if (
            review is None
            or before is None
            or latest is None
            or latest.pk != review.pk
            or card.reps != before.get("reps", -1) + 1
        ):
            return ReviewOutcome(
                False, gettext("Only your last rating can be undone, once; nothing was changed.")
            )
        _state_restore(card, before)
        card.save(update_fields=_STATE_FIELDS)
        review.delete()
        return ReviewOutcome(True, gettext("Rating undone: the card is back as it was."))


def card_suspend(*, card: Card, suspended: bool) -> ReviewOutcome:
    """Suspend a card (it leaves the queue) or resume it; doing it twice changes nothing."""
    Card.objects.filter(pk=card.pk).update(suspended=suspended)
    activity_bump(user_ids=[card.user_id])
    card.suspended = suspended
    return ReviewOutcome(
        True, gettext("Card suspended.") if suspended else gettext("Card resumed.")
    )


DECK_STATES = {"new": "New", "suspended": "Suspended"}


def deck_cards(*, user: User, topic_slug: str = ""):
    """The user's cards for the deck page, soonest due first, with their question and topic
    (one query per page whatever the deck holds). Only listed cards (cards_listed)."""
    cards = cards_listed(user=user).select_related("question__topic")
    if topic_slug:
        cards = cards.filter(question__topic__slug=topic_slug)
    return cards.order_by("suspended", "due", "id")


def deck_topics(*, user: User) -> list[Topic]:
    """The topics the user has listed cards in, for the deck's filter (one query)."""
    return list(
        Topic.objects.filter(
            questions__cards__user=user, questions__status=Question.Status.PUBLISHED
        )
        .distinct()
        .only("slug", "name")
        .order_by("order", "name")
    )


@dataclass(frozen=True)
class ReviewOutcome:
    applied: bool
    message: str = ""


def card_review(
    *, card: Card, version: int, rating: int, now: datetime, duration_ms: int | None = None
) -> ReviewOutcome:
    """Rate a card from the review queue. A double click records one review; a rating from a
    stale tab (the card was reviewed since, or is not due) is refused and changes nothing."""
    if rating not in Rating.values:
        raise PracticeError(gettext("Rate the card with Again, Hard, Good or Easy (1-4)."))
    with transaction.atomic():
        card = Card.objects.select_for_update().get(pk=card.pk)
        if card.reps != version:
            last = card.reviews.order_by("-reviewed_at").first()
            if last is not None and now - last.reviewed_at <= DUPLICATE_WINDOW:
                return ReviewOutcome(False)  # the same click twice: already recorded
            return ReviewOutcome(
                False,
                gettext("That card was already reviewed (in another tab?); nothing was recorded."),
            )
        if not card.is_new and card.due > now:
            return ReviewOutcome(
                False,
                gettext("That card is not due yet; nothing was recorded. Here is your queue."),
            )
        if card.is_new and not _new_left_today(
            user=card.user, preferences=preferences_for(card.user), now=now
        ):
            return ReviewOutcome(
                False,
                gettext("You have reached today's limit of new cards; nothing was recorded."),
            )
        duration = None if duration_ms is None else max(0, min(duration_ms, 3_600_000))
        _record(
            card, rating=rating, now=now, source=ReviewLog.Source.FLASHCARD, duration_ms=duration
        )
        return ReviewOutcome(True)


def cards_review_from_practice(
    *,
    user_id: int,
    source: str,
    answers: list[tuple[SessionItem, int]] | list[tuple[ExerciseAttempt, int]],
    now: datetime,
) -> None:
    """Interview self-ratings, quiz answers and exercise submissions count as reviews of their
    questions' cards (the questions join the deck if needed). Each answer is counted once; a
    fixed number of queries whatever the number of answers, and cards are locked in question
    order."""
    asked = [
        (item.question_id, item, rating) for item, rating in answers if item.question_id is not None
    ]
    if not asked:
        return
    link = "exercise_attempt" if isinstance(asked[0][1], ExerciseAttempt) else "session_item"
    with transaction.atomic():
        counted = set(
            ReviewLog.objects.filter(**{f"{link}__in": [item for _, item, _ in asked]}).values_list(
                f"{link}_id", flat=True
            )
        )
        pending = sorted(
            (answer for answer in asked if answer[1].pk not in counted), key=lambda a: a[0]
        )
        if not pending:
            return
        question_ids = [question_id for question_id, _, _ in pending]
        Card.objects.bulk_create(
            [
                Card(user_id=user_id, question_id=qid, created_at=now, due=now)
                for qid in question_ids
            ],
            ignore_conflicts=True,
        )
        cards = {
            card.question_id: card
            for card in Card.objects.select_for_update()
            .filter(user_id=user_id, question_id__in=question_ids)
            .order_by("question_id")
        }
        logs = []
        for question_id, item, rating in pending:
            card = cards[question_id]
            _apply_review(card, rating=rating, now=now, source=source)
            logs.append(
                ReviewLog(card=card, rating=rating, reviewed_at=now, source=source, **{link: item})
            )
        Card.objects.bulk_update(list(cards.values()), _STATE_FIELDS)
        ReviewLog.objects.bulk_create(logs)
        activity_bump(user_ids=[user_id])  # bulk writes send no signals
