"""Read-side queries for the question bank, each scoped to what the viewer may see."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from interview.bank.models import Question, StudyNote, Topic, TopicAlias
from interview.lib.queries import count_subquery


def topic_list(*, user: User | AnonymousUser) -> QuerySet[Topic]:
    """Topics with the number of questions the viewer can see and the number of notes."""
    return (
        Topic.objects.annotate(
            question_count=count_subquery(Question.objects.visible_to(user), "topic"),
            note_count=count_subquery(StudyNote.objects.all(), "topic"),
        )
        .prefetch_related("tags")
        .order_by("order", "name")
    )


def topic_get(*, slug: str) -> Topic:
    return get_object_or_404(
        Topic.objects.prefetch_related(
            "tags", Prefetch("notes", queryset=StudyNote.objects.order_by("order", "id"))
        ),
        slug=slug,
    )


def topic_alias_target(*, slug: str) -> Topic | None:
    """The topic that used to be called `slug`, if any (old links keep working)."""
    alias = TopicAlias.objects.select_related("topic").filter(slug=slug).first()
    return alias.topic if alias else None


def topic_questions(*, topic: Topic, user: User | AnonymousUser) -> QuerySet[Question]:
    return (
        Question.objects.visible_to(user)
        .filter(topic=topic)
        .only("id", "prompt", "kind", "difficulty", "status", "topic_id", "order")
        .order_by("order", "id")
    )


def question_get(*, pk: int, user: User | AnonymousUser) -> Question:
    """One question with everything its page shows; 404 when the viewer may not see it."""
    visible = Question.objects.visible_to(user)
    return get_object_or_404(
        visible.select_related("topic").prefetch_related(
            "tags",
            "key_points",
            "choices",
            Prefetch(
                "related",
                queryset=visible.select_related("topic").order_by("topic__order", "order", "id"),
            ),
        ),
        pk=pk,
    )


def question_of_the_day(*, day: datetime.date) -> Question | None:
    """The same published question for everyone all day, a different one the next day."""
    published = Question.objects.published().select_related("topic").order_by("id")
    total = published.count()
    if not total:
        return None
    digest = hashlib.sha256(day.isoformat().encode()).digest()
    return published[int.from_bytes(digest[:8], "big") % total]
