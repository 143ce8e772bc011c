"""Who may change the bank, and what a learner sees of questions that left it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from interview.bank.markdown import render_markdown
from interview.bank.models import Question
from interview.practice.models import Card
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _staff_with(*codenames: str) -> User:
    user = User.objects.create_user("viewer", password="pw-for-viewer-1", is_staff=True)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.mark.parametrize(
    ("action", "before"),
    [("publish", Question.Status.DRAFT), ("unpublish", Question.Status.PUBLISHED)],
)
def test_a_view_only_editor_can_neither_publish_nor_unpublish(client, action, before):
    client.force_login(_staff_with("view_question"))
    question = QuestionFactory(status=before)
    changelist = reverse("admin:bank_question_changelist")
    body = client.get(changelist).content.decode()
    assert f'value="{action}"' not in body  # not offered
    client.post(changelist, {"action": action, "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert question.status == before


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("publish", Question.Status.DRAFT, Question.Status.PUBLISHED),
        ("unpublish", Question.Status.PUBLISHED, Question.Status.DRAFT),
    ],
)
def test_an_editor_with_the_change_permission_can(client, action, before, after):
    client.force_login(_staff_with("view_question", "change_question"))
    question = QuestionFactory(status=before)
    client.post(
        reverse("admin:bank_question_changelist"),
        {"action": action, "_selected_action": [question.pk]},
    )
    question.refresh_from_db()
    assert question.status == after


def test_a_deleted_question_leaves_the_queue_and_cram(alice, alice_client):
    topic = TopicFactory(name="Deep Learning", slug="dl")
    now = timezone.now()
    cards = [
        Card.objects.create(
            user=alice,
            question=QuestionFactory(topic=topic, prompt=f"Card question {n}?"),
            created_at=now,
            due=now,
        )
        for n in range(2)
    ]
    cards[0].question.delete()
    body = alice_client.get(reverse("practice:review"), {"show": "1"}).content.decode()
    assert "Card question 0?" not in body and "Card question 1?" in body
    cram = alice_client.get(reverse("practice:cram", args=["dl"])).content.decode()
    assert "Card question 0?" not in cram and "Card question 1?" in cram
    response = alice_client.post(
        reverse("practice:review_rate", args=[cards[0].pk]), {"version": 0, "rating": 3}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "source",
    [
        "![a](HTTPS://tracker.example/p.png)",
        "![a](< //tracker.example/p.png>)",
        "![a][ref]\n\n[ref]: //tracker.example/p.png",
        '![a](https://tracker.example/p.png "title")',
    ],
)
def test_images_from_other_sites_in_any_spelling_lose_their_source(source):
    html = render_markdown(source)
    assert "<img" in html and "src=" not in html


@pytest.mark.parametrize(
    "source", ["![a](\\\\tracker.example/p.png)", "![a](/\\tracker.example/p.png)"]
)
def test_backslash_spellings_stay_paths_of_this_site(source):
    """Browsers read a backslash as a slash; the renderer percent-encodes it first."""
    html = render_markdown(source)
    assert 'src="%5C' in html or 'src="/%5C' in html
