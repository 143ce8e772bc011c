"""Rendered parts of the bank's pages are cached under the bank's content stamp: an edit, in
the admin or anywhere else, shows on the next request in every server process."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from interview.bank import selectors
from interview.bank.content_version import content_version
from interview.bank.models import ContentVersion, KeyPoint, Question
from tests.factories import (
    KeyPointFactory,
    QuestionFactory,
    StudyNoteFactory,
    TagFactory,
    TopicFactory,
    admin_question_post,
)

pytestmark = pytest.mark.django_db


def _question_form(topic, **overrides):
    """An open question as the admin's add and change forms post it (no inline rows)."""
    fields = {
        "topic": topic.pk,
        "slug": "residual",
        "kind": "open",
        "prompt": "What does a residual connection add?",
        "official_answer": "The input of the block goes to its output.",
    }
    return admin_question_post(fields, **overrides)


def _pages(question):
    return {
        "home": reverse("bank:home"),
        "topics": reverse("bank:topic_list"),
        "topic": question.topic.get_absolute_url(),
        "question": question.get_absolute_url(),
        "answer": question.get_absolute_url() + "?reveal=1",
    }


def _read(reader: Client, pages: dict[str, str]) -> dict[str, str]:
    return {name: reader.get(url).content.decode() for name, url in pages.items()}


def test_an_edit_in_the_admin_shows_at_once_on_every_cached_page(editor_client):
    topic = TopicFactory(name="Residual networks")
    response = editor_client.post(reverse("admin:bank_question_add"), _question_form(topic))
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(slug="residual")
    reader = Client()
    pages = _pages(question)
    before = _read(reader, pages)
    assert "What does a residual connection add?" in before["home"]  # the day's question
    assert "What does a residual connection add?" in before["question"]
    assert "The input of the block goes to its output." in before["answer"]
    assert "1 question" in before["topics"]

    response = editor_client.post(
        reverse("admin:bank_question_change", args=[question.pk]),
        _question_form(
            topic,
            prompt="Why do residual connections help deep networks train?",
            official_answer="Gradients flow through the identity path.",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after = _read(reader, pages)
    for name in ("home", "question"):
        assert "Why do residual connections help deep networks train?" in after[name]
        assert "What does a residual connection add?" not in after[name]
    assert "Gradients flow through the identity path." in after["answer"]
    assert "input to its output" not in after["answer"]

    editor_client.post(
        reverse("admin:bank_question_changelist"),
        {"action": "unpublish", "_selected_action": [question.pk]},
    )
    assert reader.get(pages["question"]).status_code == 404
    assert "Residual networks" not in reader.get(pages["topics"]).content.decode()
    assert "Question of the day" not in reader.get(pages["home"]).content.decode()


def test_a_change_made_in_another_process_is_seen_without_this_process_forgetting_anything():
    """Another server process cannot delete this one's cache: only the stamp in the database
    tells. With every local deletion disabled, the edit still shows."""
    question = QuestionFactory(prompt="Old prompt about bagging?")
    reader = Client()
    pages = _pages(question)
    assert "Old prompt about bagging?" in _read(reader, pages)["question"]
    stamp = content_version()
    with mock.patch.object(selectors.cache, "delete_many"):
        question.prompt = "New prompt about boosting?"
        question.save()
    assert content_version() != stamp
    body = reader.get(pages["question"]).content.decode()
    assert "New prompt about boosting?" in body
    assert "Old prompt about bagging?" not in body


def test_tags_key_points_and_notes_changed_show_at_once():
    question = QuestionFactory(prompt="What is dropout?")
    KeyPointFactory(question=question, text="Drops units at random")
    reader = Client()
    pages = _pages(question)
    before = _read(reader, pages)
    assert "Drops units at random" in before["answer"]
    assert "1 study note" not in before["topics"]

    assert "No study notes for this topic yet." in before["topic"]

    question.tags.add(TagFactory(name="regularisation"))
    question.topic.tags.add(TagFactory(name="neural-networks"))
    KeyPoint.objects.filter(question=question).delete()
    StudyNoteFactory(topic=question.topic, title="Inverted dropout")
    after = _read(reader, pages)
    assert "regularisation" in after["question"]
    assert "Drops units at random" not in after["answer"]
    assert "1 study note" in after["topics"]
    assert "Inverted dropout" in after["topic"] and "neural-networks" in after["topic"]


def test_the_stamp_is_never_reused_after_the_table_is_emptied():
    first = content_version()
    ContentVersion.objects.all().delete()
    second = content_version()
    assert second != first
    assert content_version() == second


def test_cached_topic_lists_are_kept_apart_per_viewer(client, editor_client):
    draft_only = TopicFactory(name="Only drafts here")
    QuestionFactory(topic=draft_only, status=Question.Status.DRAFT)
    QuestionFactory(topic=TopicFactory(name="Published topic"))
    for url in (reverse("bank:topic_list"), reverse("bank:home")):
        assert "Only drafts here" in editor_client.get(url).content.decode()
        anonymous = Client().get(url).content.decode()
        assert "Published topic" in anonymous
        assert "Only drafts here" not in anonymous


def test_cached_parts_are_kept_apart_per_language(client):
    question = QuestionFactory(prompt="What is a kernel?")
    question.translations = {"fr": {"prompt": "Qu'est-ce qu'un noyau ?"}}
    question.save()
    url = question.get_absolute_url()
    with translation.override("en"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("fr"):
        french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "What is a kernel?" in english and "noyau" not in english
    assert "noyau" in french


def test_a_reader_made_editor_sees_the_drafts_at_once(client, alice):
    draft_only = TopicFactory(name="Only drafts here")
    QuestionFactory(topic=draft_only, status=Question.Status.DRAFT)
    QuestionFactory(topic=TopicFactory(name="Published topic"))
    client.force_login(alice)
    assert "Only drafts here" not in client.get(reverse("bank:topic_list")).content.decode()
    alice.is_staff = True
    alice.save()
    assert "Only drafts here" in client.get(reverse("bank:topic_list")).content.decode()
