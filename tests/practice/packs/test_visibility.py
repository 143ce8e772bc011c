"""A saved pack is alice's alone: every list, search, picker, statistic and export of the bank
leaves it out for everyone else (bob, editors, anonymous visitors)."""

import datetime
import json

import pytest
from django.urls import reverse

from interview.bank import selectors
from interview.bank.checks import bank_check
from interview.bank.models import Question, Topic
from interview.bank.search import question_search
from interview.bank.transfer.exporter import bank_export
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_question(db):
    return QuestionFactory(topic=TopicFactory(name="Statistics"), prompt="What is a p-value?")


def test_querysets_hold_the_rule(alice, bob, alice_pack, bank_question):
    for user in (bob,):
        assert not Topic.objects.visible_to(user).filter(pk=alice_pack.pk).exists()
        assert not Question.objects.visible_to(user).filter(topic=alice_pack).exists()
        assert not Question.objects.available_to(user).filter(topic=alice_pack).exists()
    assert Question.objects.visible_to(alice).filter(topic=alice_pack).exists()
    assert not Question.objects.published().filter(topic=alice_pack).exists()
    assert Question.objects.visible_to(bob).filter(pk=bank_question.pk).exists()


@pytest.mark.parametrize("name", ["bob", "anonymous", "editor"])
def test_lists_and_search_leave_the_pack_out(request, client, name, alice_pack, bank_question):
    if name != "anonymous":
        client.force_login(request.getfixturevalue(name))
    for url in (reverse("bank:home"), reverse("bank:topic_list")):
        page = client.get(url).content.decode()
        assert "Statistics" in page and alice_pack.name not in page, url
    page = client.get(reverse("bank:search"), {"q": "Lasso"}).content.decode()
    assert "What is Lasso?" not in page
    assert client.get(alice_pack.get_absolute_url()).status_code == 404


def test_search_finds_it_for_alice(alice_client, alice_pack):
    page = alice_client.get(reverse("bank:search"), {"q": "Lasso"}).content.decode()
    assert "What is Lasso?" in page


def test_question_of_the_day_is_never_a_pack_question(alice_pack):
    for day in range(40):
        question = selectors.question_of_the_day(
            day=datetime.date(2026, 1, 1) + datetime.timedelta(day)
        )
        assert question is None


def test_pickers_offer_and_accept_only_visible_topics(client, bob, alice_pack, bank_question):
    client.force_login(bob)
    for name in ("practice:quiz_new", "practice:interview_new"):
        page = client.get(reverse(name) + f"?topic={alice_pack.slug}").content.decode()
        assert alice_pack.name not in page and "Statistics" in page
    response = client.post(
        reverse("practice:quiz_new"),
        {"topics": [alice_pack.pk], "question_count": 5, "time_limit": 0, "feedback": "end"},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_bobs_progress_does_not_list_the_pack(client, bob, alice_pack, bank_question):
    client.force_login(bob)
    assert alice_pack.name not in client.get(reverse("practice:progress")).content.decode()


def test_statistics_admin_and_bank_exports_leave_packs_out(
    editor_client, alice_pack, bank_question
):
    stats = editor_client.get(reverse("practice:item_statistics")).content.decode()
    assert "p-value" in stats and "Lasso" not in stats and alice_pack.name not in stats
    for url in ("admin:bank_topic_changelist", "admin:bank_question_changelist"):
        page = editor_client.get(reverse(url)).content.decode()
        assert alice_pack.name not in page and "Lasso" not in page, url
    question = Question.objects.filter(topic=alice_pack).first()
    change = reverse("admin:bank_question_change", args=[question.pk])
    assert editor_client.get(change).status_code == 302  # "doesn't exist" redirect
    [exported] = bank_export(format="json")
    assert alice_pack.slug not in exported.data.decode()
    assert "p-value" in json.dumps(json.loads(exported.data))
    assert not [p for p in bank_check() if alice_pack.slug in p.where]


def test_search_function_with_bobs_queryset(bob, alice_pack):
    results = question_search(query="Lasso", questions=Question.objects.visible_to(bob))
    assert not list(results)
