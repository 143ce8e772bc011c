"""Read-side queries for the question bank, each scoped to what the viewer may see."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from interview.bank.content_version import content_version, content_version_bump
from interview.bank.models import Question, StudyNote, Topic, TopicAlias

TOPIC_COUNTS_SECONDS = 24 * 3600
_TOPIC_COUNTS_KEYS = ("bank:topic-counts:all", "bank:topic-counts:published")
# Search's cached vocabulary of the bank (interview.bank.spelling), dropped with the counts.
SEARCH_VOCABULARY_KEY = "bank:search-vocabulary"
_FORGET_KEYS = [*_TOPIC_COUNTS_KEYS, SEARCH_VOCABULARY_KEY]


def topic_counts(*, drafts: bool, version: str | None = None) -> dict[int, tuple[int, int]]:
    """{topic id: (questions, notes)}: two grouped queries, cached.

    The home page and the topic list show these on every request; counting them per topic with
    correlated subqueries grew with the bank. The cache key holds the bank's content stamp, which
    every change to the bank replaces in the database (signals, the admin actions, the
    importer), so no process uses counts from before a change made in another. `version` is
    the stamp when the caller has read it already (else one query here)."""
    stamp = content_version() if version is None else version
    key = f"{_TOPIC_COUNTS_KEYS[0 if drafts else 1]}:{stamp}"
    counts = cache.get(key)
    if counts is None:
        public = Question.objects.filter(topic__owner__isnull=True)
        counts = _counts_per_topic(
            questions=public if drafts else Question.objects.published(),
            notes=StudyNote.objects.filter(topic__owner__isnull=True),
        )
        cache.set(key, counts, TOPIC_COUNTS_SECONDS)
    return counts


def _counts_per_topic(
    *, questions: QuerySet[Question], notes: QuerySet[StudyNote], topic_ids: list[int] | None = None
) -> dict[int, tuple[int, int]]:
    """{topic id: (questions, notes)} from two grouped queries; every topic of `topic_ids`, or
    (None) those with a question or a note."""
    per_topic = [
        dict(
            rows.order_by()
            .values_list("topic_id")
            .annotate(n=Count("pk"))
            .values_list("topic_id", "n")
        )
        for rows in (questions, notes)
    ]
    ids = set(per_topic[0]) | set(per_topic[1]) if topic_ids is None else topic_ids
    return {pk: (per_topic[0].get(pk, 0), per_topic[1].get(pk, 0)) for pk in ids}


def topic_counts_forget() -> None:
    """Called after the bank's content changes (any bank row saved or deleted, bulk changes):
    a new content stamp (every cached count and rendered part goes, in every process), and this
    process's search vocabulary is dropped now and again when the transaction commits (a
    request reading meanwhile would otherwise cache the words from before the change)."""
    content_version_bump()
    cache.delete_many(_FORGET_KEYS)
    transaction.on_commit(lambda: cache.delete_many(_FORGET_KEYS))


def own_topic_counts(*, topics: list[Topic]) -> dict[int, tuple[int, int]]:
    """{topic id: (questions, notes)} of the viewer's own study packs among `topics` (already
    scoped to the viewer): two grouped queries, none when there is no pack."""
    own = [topic.pk for topic in topics if topic.owner_id is not None]
    if not own:
        return {}
    return _counts_per_topic(
        questions=Question.objects.filter(topic_id__in=own, status=Question.Status.PUBLISHED),
        notes=StudyNote.objects.filter(topic_id__in=own),
        topic_ids=own,
    )


def visible_topic_counts(
    *, topics: list[Topic], drafts: bool = False, version: str | None = None
) -> dict[int, tuple[int, int]]:
    """The counts of the bank's topics (cached) and of the viewer's own packs among `topics`."""
    return {**topic_counts(drafts=drafts, version=version), **own_topic_counts(topics=topics)}


def topic_list(*, user: User | AnonymousUser) -> list[Topic]:
    """Topics with the number of questions the viewer can see and the number of notes; a topic
    with nothing the viewer can see (only drafts, no notes) is left out, except for editors.
    The viewer's own study packs are listed with the bank; other users' never."""
    staff = bool(user.is_authenticated and user.is_staff)
    topics = list(Topic.objects.visible_to(user).prefetch_related("tags").order_by("order", "name"))
    counts = visible_topic_counts(topics=topics, drafts=staff)
    for topic in topics:
        topic.question_count, topic.note_count = counts.get(topic.pk, (0, 0))  # type: ignore[attr-defined]
    if staff:
        return topics
    return [t for t in topics if t.question_count or t.note_count]  # type: ignore[attr-defined]


def topic_choices(*, user: User | AnonymousUser, version: str | None = None) -> list[Topic]:
    """The topics a picker offers the viewer (those with a question the viewer can see: the
    bank's and the viewer's own packs), in order, with their slug and name only: one query once
    the counts are cached (two more when the viewer has packs)."""
    topics = list(
        Topic.objects.visible_to(user).only("slug", "name", "owner_id").order_by("order", "name")
    )
    counts = visible_topic_counts(
        topics=topics, drafts=bool(user.is_authenticated and user.is_staff), version=version
    )
    return [topic for topic in topics if counts.get(topic.pk, (0, 0))[0]]


def _topic_page_lookups() -> list[str | Prefetch]:
    return ["tags", Prefetch("notes", queryset=StudyNote.objects.order_by("order", "id"))]


def topic_get(*, slug: str, user: User | AnonymousUser, load: bool = True) -> Topic:
    """A topic the viewer may see (the bank or their own pack); 404 otherwise. With `load`,
    also its tags and notes (two more queries, which `topic_load` runs later instead)."""
    topics = Topic.objects.visible_to(user)
    if load:
        topics = topics.prefetch_related(*_topic_page_lookups())
    return get_object_or_404(topics, slug=slug)


def topic_load(*, topic: Topic) -> None:
    """Fetches what `topic_get(load=False)` left out; nothing when it is there already."""
    prefetch_related_objects([topic], *_topic_page_lookups())


def topic_alias_target(*, slug: str) -> Topic | None:
    """The topic that used to be called `slug`, if any (old links keep working)."""
    alias = (
        TopicAlias.objects.select_related("topic")
        .filter(slug=slug, topic__owner__isnull=True)
        .first()
    )
    return alias.topic if alias else None


def topic_questions(*, topic: Topic, user: User | AnonymousUser) -> QuerySet[Question]:
    return (
        Question.objects.visible_to(user)
        .filter(topic=topic)
        .only("id", "prompt", "translations", "kind", "difficulty", "status", "topic_id", "order")
        .order_by("order", "id")
    )


def questions_filtered(
    *, user: User | AnonymousUser, topic: str = "", difficulty: str = "", kind: str = ""
) -> QuerySet[Question]:
    """The questions the viewer can see, narrowed by whichever filters are set (a topic slug, a
    difficulty, a kind), in the bank's order."""
    questions = Question.objects.visible_to(user).select_related("topic")
    if topic:
        questions = questions.filter(topic__slug=topic)
    if difficulty:
        questions = questions.filter(difficulty=difficulty)
    if kind:
        questions = questions.filter(kind=kind)
    return questions.order_by("topic__order", "topic__name", "order", "id")


def _question_page_lookups(user: User | AnonymousUser) -> list[str | Prefetch]:
    visible = Question.objects.visible_to(user)
    return [
        "tags",
        "key_points",
        "choices",
        Prefetch(
            "related",
            queryset=visible.select_related("topic").order_by("topic__order", "order", "id"),
        ),
    ]


def question_get(*, pk: int, user: User | AnonymousUser, load: bool = True) -> Question:
    """One question and its topic; 404 when the viewer may not see it. With `load`, also
    everything its page shows (tags, key points, choices, follow-ups): four more queries,
    which `question_load` runs later instead when `load` is False."""
    questions = Question.objects.visible_to(user).select_related("topic")
    if load:
        questions = questions.prefetch_related(*_question_page_lookups(user))
    return get_object_or_404(questions, pk=pk)


def question_load(*, question: Question, user: User | AnonymousUser) -> None:
    """Fetches what `question_get(load=False)` left out; nothing when it is there already."""
    prefetch_related_objects([question], *_question_page_lookups(user))


def question_next_in_topic(*, question_id: int, user: User | AnonymousUser) -> Question | None:
    """The question after this one in its topic's order (None after the last), among those the
    viewer can see."""
    current = Question.objects.filter(pk=question_id).values("topic_id", "order").first()
    if current is None:
        return None
    return (
        Question.objects.visible_to(user)
        .filter(topic_id=current["topic_id"])
        .filter(Q(order__gt=current["order"]) | Q(order=current["order"], pk__gt=question_id))
        .order_by("order", "id")
        .first()
    )


def question_of_the_day(*, day: datetime.date) -> Question | None:
    """The same published question for everyone all day, a different one the next day.

    Picked once a day per process (cached until the day changes): the day's digest chooses a
    point between the smallest and the largest published id and the first published question
    at or after it is taken (wrapping to the first), an indexed pick instead of an OFFSET scan
    over the bank. A question unpublished during the day is replaced at the next look."""
    key = f"bank:question-of-the-day:{day.isoformat()}"
    published = Question.objects.published().select_related("topic")
    pk = cache.get(key)
    if pk is not None:
        question = published.filter(pk=pk).first()
        if question is not None:
            return question
    bounds = published.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return None
    digest = hashlib.sha256(day.isoformat().encode()).digest()
    target = bounds["low"] + int.from_bytes(digest[:8], "big") % (
        bounds["high"] - bounds["low"] + 1
    )
    question = (
        published.filter(pk__gte=target).order_by("id").first() or published.order_by("id").first()
    )
    if question is not None:
        cache.set(key, question.pk, 26 * 3600)
    return question
