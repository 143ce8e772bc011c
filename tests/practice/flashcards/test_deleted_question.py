"""A question deleted from the bank keeps the user's history: the card and its reviews, the
interview answers; the report names it from its snapshot, marked as removed, and it leaves the
deck page, the queue, cram and the due counts. Deleting one's own study pack still deletes its
cards (tests/practice/packs)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from interview.practice.flashcards import services as flashcards
from interview.practice.interviews import services as interviews
from interview.practice.models import Card, PracticeSession, ReviewLog, SessionItem
from tests.factories import QuestionFactory, TopicFactory, open_question_with_points

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def topic():
    return TopicFactory(name="Deep Learning", slug="dl")


@pytest.fixture
def doomed(topic):
    return open_question_with_points(
        topic=topic, prompt="What does dropout do at test time?", official_answer="Nothing."
    )


@pytest.fixture
def kept(topic):
    return QuestionFactory(topic=topic, prompt="What is a residual connection?")


@pytest.fixture
def history(alice, doomed, kept, frozen_clock):
    """Alice has reviewed both cards and answered the doomed question in a finished interview."""
    cards = [
        Card.objects.create(user=alice, question=q, created_at=T0, due=T0) for q in (doomed, kept)
    ]
    for card in cards:
        assert flashcards.card_review(card=card, version=0, rating=3, now=T0).applied
    session = interviews.interview_create(
        user=alice, topics=[doomed.topic], question_count=1, seconds_per_question=None,
        now=T0, question_ids=[doomed.pk],
    )  # fmt: skip
    interviews.session_sync(session=session, now=T0)  # shows the question
    interviews.answer_submit(
        session=session, position=0, revision=1, text="It is turned off.", now=T0
    )
    interviews.interview_end(session=session, now=T0)
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.FINISHED
    return {"cards": cards, "session": session}


def delete_in_admin(editor_client, question):
    url = reverse("admin:bank_question_delete", args=[question.pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 302


def test_an_editor_deleting_a_question_keeps_alice_card_reviews_and_answers(
    client, alice, editor, doomed, history
):
    card = history["cards"][0]
    reviews = list(ReviewLog.objects.filter(card=card).values_list("pk", "rating"))
    assert reviews
    client.force_login(editor)
    delete_in_admin(client, doomed)

    card.refresh_from_db()
    assert card.question_id is None and card.removed
    assert card.question_title == "What does dropout do at test time?"
    assert card.topic_name == "Deep Learning"
    assert list(ReviewLog.objects.filter(card=card).values_list("pk", "rating")) == reviews
    item = SessionItem.objects.get(session=history["session"])
    assert item.question_id is None and item.prompt == "What does dropout do at test time?"


def test_alice_sees_the_deleted_question_in_her_report_marked_removed_not_in_her_deck(
    client, alice, doomed, history
):
    doomed.delete()
    client.force_login(alice)
    deck = client.get(reverse("practice:deck")).content.decode()
    assert "dropout" not in deck
    assert "What is a residual connection?" in deck
    report = client.get(
        reverse("practice:interview_report", kwargs={"pk": history["session"].pk})
    ).content.decode()
    assert "Removed from the bank" in report
    assert "It is turned off." in report


def test_a_deleted_question_leaves_the_queue_cram_and_the_due_counts(
    client, alice, doomed, kept, history, frozen_clock
):
    later = T0 + timedelta(days=60)  # both cards are due again by then
    assert flashcards.due_summary(user=alice, now=later)[0] == 2
    doomed.delete()
    assert flashcards.due_summary(user=alice, now=later)[0] == 1
    queue = flashcards.review_queue(user=alice, now=later)
    assert queue.due_count == 1 and queue.card.question == kept
    frozen_clock.move_to(later)
    client.force_login(alice)
    cram = client.get(reverse("practice:cram", args=["dl"])).content.decode()
    assert "What is a residual connection?" in cram
    assert "dropout" not in cram
    progress = client.get(reverse("practice:progress"))
    assert progress.status_code == 200
    assert "What does dropout do at test time?" not in progress.content.decode()
    export = client.get(reverse("practice:progress_export"))
    assert export.status_code == 200


def test_bob_still_gets_404_on_alice_history_after_the_deletion(client, bob, doomed, history):
    doomed.delete()
    card = history["cards"][0]
    client.force_login(bob)
    report = reverse("practice:interview_report", kwargs={"pk": history["session"].pk})
    assert client.get(report).status_code == 404
    suspend = reverse("practice:card_suspend", args=[card.pk])
    assert client.post(suspend, {"suspended": "1", "next": "deck"}).status_code == 404
    assert "dropout" not in client.get(reverse("practice:deck")).content.decode()
    card.refresh_from_db()
    assert not card.suspended
