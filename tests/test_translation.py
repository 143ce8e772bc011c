"""Translated bank content: the fallback rule, pages in another language, the admin's
translation fields and what a practice snapshot keeps."""

import random
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from interview.bank.models import Question, Topic
from interview.bank.translation import (
    content_language,
    localized,
    translation_set,
    translations_clean,
)
from interview.practice.engine.sessions import question_snapshot
from interview.practice.interviews import services as interviews
from interview.practice.models import SessionItem
from tests.factories import (
    ChoiceFactory,
    KeyPointFactory,
    QuestionFactory,
    StudyNoteFactory,
    TopicFactory,
    admin_question_post,
)

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)
NOTE = "Shown in English: not yet translated"
NOTES = {
    "en": NOTE,
    "fr": "Affiché en anglais : pas encore traduit",
    "de": "Auf Englisch angezeigt: noch nicht übersetzt",
}


def get_in(client, language, url, **params):
    """A page requested by a reader of `language` (header and active language both)."""
    with translation.override(language):
        return client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def topic():
    topic = TopicFactory(
        name="Gradient basics",
        slug="gradient-basics",
        description="How gradient descent works.",
        key_concepts="The gradient points uphill\nThe learning rate sets the step",
    )
    translation_set(
        topic,
        language="fr",
        values={
            "name": "Bases du gradient",
            "description": "Comment fonctionne la descente de gradient.",
            "key_concepts": "Le gradient indique la montée\nLe taux d'apprentissage fixe le pas",
        },
    )
    topic.save()
    return topic


@pytest.fixture
def question(topic):
    question = QuestionFactory(
        topic=topic,
        prompt="What happens when the learning rate is too large?",
        official_answer="The steps **overshoot** the minimum and the loss diverges.",
        instruction="",
        context="",
    )
    question.translations = {
        "fr": {"prompt": "Que se passe-t-il quand le taux d'apprentissage est trop grand ?"}
    }
    question.save()
    KeyPointFactory(
        question=question,
        text="The updates overshoot the minimum",
        keywords="overshoot",
        translations={
            "fr": {"text": "Les mises à jour dépassent le minimum", "keywords": "dépasse, saute"}
        },
    )
    return question


def test_content_language_reduces_codes_to_the_six_languages():
    assert content_language("fr-ca") == "fr"
    assert content_language("pt_BR") == "pt"
    assert content_language("DE") == "de"
    assert content_language("nl") == "en"
    assert content_language(None) == "en"


def test_localized_uses_the_translation_else_english_and_says_so(question):
    shown = localized(question, "prompt", "fr")
    assert shown.text.startswith("Que se passe-t-il") and not shown.fallback
    answer = localized(question, "official_answer", "fr")
    assert answer.text.startswith("The steps") and answer.language == "en" and answer.fallback
    assert not localized(question, "prompt", "en").fallback
    assert localized(question, "prompt", "de").fallback
    # An empty English field is empty everywhere and is no fallback.
    assert localized(question, "context", "fr").text == ""
    assert not localized(question, "context", "fr").fallback


def test_english_fields_stay_english_whatever_the_active_language(question):
    with translation.override("fr"):
        assert Question.objects.get(pk=question.pk).prompt.startswith("What happens")


def test_translations_clean_refuses_unknown_languages_fields_and_non_text(topic):
    assert translations_clean(topic, {"fr": {"name": "Nom", "description": "  "}}) == {
        "fr": {"name": "Nom"}
    }
    for raw in ({"nl": {"name": "x"}}, {"fr": {"prompt": "x"}}, {"fr": {"name": 3}}, ["fr"]):
        with pytest.raises(ValueError):
            translations_clean(topic, raw)


def test_translation_set_removes_an_emptied_text(topic):
    assert translation_set(topic, language="fr", values={"name": ""})
    assert "name" not in topic.translations["fr"]
    assert not translation_set(topic, language="fr", values={"name": ""})


def test_question_page_in_french_shows_the_translation_and_marks_the_fallback(client, question):
    body = get_in(client, "fr", question.get_absolute_url(), reveal="1").content.decode()
    assert "Que se passe-t-il quand le taux" in body
    assert '<div class="md prompt">' in body  # translated: no lang mark
    # The official answer is not translated: English, marked, and said so.
    assert '<div class="md official-answer" lang="en"><p>The steps <strong>overshoot' in body
    assert f'<p class="fallback-note">{NOTES["fr"]}</p>' in body and NOTE not in body
    assert "Les mises à jour dépassent le minimum" in body
    assert "(dépasse, saute)" in body
    assert "Bases du gradient" in body  # breadcrumb


def test_question_page_in_english_has_no_fallback_note(client, question):
    body = get_in(client, "en", question.get_absolute_url(), reveal="1").content.decode()
    assert "What happens when the learning rate is too large?" in body
    article = body.split('<article class="question">', 1)[1].split("</article>", 1)[0]
    assert NOTE not in body and 'lang="en"' not in article


def test_question_page_in_german_falls_back_to_english_everywhere(client, question):
    body = get_in(client, "de", question.get_absolute_url()).content.decode()
    assert '<div class="md prompt" lang="en"><p>What happens' in body
    assert NOTES["de"] in body


def test_topic_page_in_french_translates_name_concepts_notes_and_titles(client, topic, question):
    StudyNoteFactory(
        topic=topic,
        title="Core ideas",
        body="Steps go **downhill**.",
        translations={"fr": {"title": "Idées principales"}},
    )
    other = QuestionFactory(topic=topic, prompt="Why normalise inputs?")
    body = get_in(client, "fr", topic.get_absolute_url()).content.decode()
    assert "<h1>Bases du gradient</h1>" in body
    assert "<li>Le taux d'apprentissage fixe le pas</li>" in body
    assert "<summary>Idées principales</summary>" in body
    # The note's body is not translated: English, marked.
    assert '<div class="md" lang="en"><p>Steps go <strong>downhill' in body
    assert "Que se passe-t-il quand le taux" in body
    assert f'<a href="{other.get_absolute_url()}" lang="en">Why normalise inputs?</a>' in body
    assert NOTES["fr"] in body


def test_topic_list_in_french_shows_translated_names(client, topic, question):
    body = get_in(client, "fr", reverse("bank:topic_list")).content.decode()
    assert "Bases du gradient" in body
    assert "Comment fonctionne la descente de gradient." in body


def test_multiple_choice_options_fall_back_option_by_option(client, topic):
    question = QuestionFactory(topic=topic, kind=Question.Kind.MULTIPLE_CHOICE)
    ChoiceFactory(
        question=question,
        text="Against the gradient",
        is_correct=True,
        explanation="Steepest descent.",
        translations={"fr": {"text": "À l'opposé du gradient"}},
    )
    ChoiceFactory(question=question, text="Along the gradient", is_correct=False)
    body = get_in(client, "fr", question.get_absolute_url()).content.decode()
    assert "<li>À l'opposé du gradient</li>" in body
    assert '<li lang="en">Along the gradient</li>' in body


def test_page_query_counts_do_not_depend_on_the_language(
    client, topic, question, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for language in ("en", "fr", "de"):
        for url in (topic.get_absolute_url(), question.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                assert get_in(client, language, url).status_code == 200
            counts.append(len(queries))
    assert counts[0:2] == counts[2:4] == counts[4:6], counts


# The admin: translations edited beside the English.


def test_question_change_page_groups_the_translations_by_language(editor_client, question):
    url = reverse("admin:bank_question_change", args=[question.pk])
    body = editor_client.get(url).content.decode()
    for language in ("French (fr)", "German (de)", "Spanish (es)", "Portuguese (pt)"):
        assert language in body
    assert 'name="prompt_fr"' in body and 'name="official_answer_it"' in body
    assert "Que se passe-t-il quand le taux" in body  # the stored French, to edit
    assert "English: What happens when the learning rate is too large?" in body
    assert 'name="key_points-0-text_fr"' in body
    assert 'lang="fr"' in body


def _question_post_data(question, **overrides):
    fields = {
        "topic": question.topic_id,
        "slug": question.slug,
        "kind": question.kind,
        "difficulty": question.difficulty,
        "status": question.status,
        "order": question.order,
        "prompt": question.prompt,
        "instruction": question.instruction,
        "context": question.context,
        "official_answer": question.official_answer,
        "short_answer": question.short_answer,
    }
    return admin_question_post(fields, **overrides)


def test_admin_saves_translations_and_keeps_the_english(editor_client, topic):
    question = QuestionFactory(topic=topic, prompt="Why scale features?")
    url = reverse("admin:bank_question_change", args=[question.pk])
    data = _question_post_data(
        question,
        prompt_fr="Pourquoi mettre les variables à l'échelle ?",
        official_answer_de="Weil der **Gradientenabstieg** schneller konvergiert.",
        prompt_es="   ",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.prompt == "Why scale features?"
    assert question.translations == {
        "fr": {"prompt": "Pourquoi mettre les variables à l'échelle ?"},
        "de": {"official_answer": "Weil der **Gradientenabstieg** schneller konvergiert."},
    }


def test_admin_topic_page_has_translation_fields_for_the_topic_and_its_notes(editor_client, topic):
    StudyNoteFactory(topic=topic, title="Core ideas")
    body = editor_client.get(reverse("admin:bank_topic_change", args=[topic.pk])).content.decode()
    assert 'name="name_fr"' in body and 'value="Bases du gradient"' in body
    assert 'name="notes-0-body_pt"' in body


# Practice: the snapshot keeps the language the candidate saw.


def test_snapshot_keeps_the_language_and_the_translated_texts(question):
    question = Question.objects.select_related("topic").get(pk=question.pk)
    snapshot = question_snapshot(question, language="fr")
    assert snapshot["language"] == "fr"
    assert snapshot["prompt"].startswith("Que se passe-t-il")
    assert snapshot["topic_name"] == "Bases du gradient"
    assert snapshot["key_points"] == [
        {
            "text": "Les mises à jour dépassent le minimum",
            "keywords": ["dépasse", "saute"],
            "misconceptions": [],
        }
    ]
    assert snapshot["official_answer"].startswith("The steps")
    assert snapshot["fallback_fields"] == ["official_answer"]
    english = question_snapshot(question, language="en")
    assert english["language"] == "en" and english["fallback_fields"] == []
    assert english["prompt"].startswith("What happens")


def test_interview_started_in_french_is_kept_in_french_after_the_bank_changes(alice, question):
    with translation.override("fr"):
        session = interviews.interview_create(
            user=alice,
            topics=[question.topic],
            question_count=1,
            seconds_per_question=None,
            now=T0,
            rng=random.Random(1),
        )
    item = SessionItem.objects.get(session=session)
    assert item.language == "fr"
    assert item.prompt.startswith("Que se passe-t-il")
    Question.objects.filter(pk=question.pk).update(translations={})
    item.refresh_from_db()
    assert item.prompt.startswith("Que se passe-t-il")


def test_interview_page_marks_the_snapshot_fallback(alice_client, alice, question):
    with translation.override("fr"):
        session = interviews.interview_create(
            user=alice,
            topics=[question.topic],
            question_count=1,
            seconds_per_question=None,
            now=T0,
            rng=random.Random(1),
        )
    url = reverse("practice:interview_detail", args=[session.pk])
    body = get_in(alice_client, "fr", url).content.decode()
    assert "Que se passe-t-il quand le taux" in body
    assert '<div class="md prompt">' in body
    # Read back in English later, the French prompt is marked as French.
    body = get_in(alice_client, "en", url).content.decode()
    assert '<div class="md prompt" lang="fr">' in body


def test_topic_translations_are_one_json_column_on_the_row(topic):
    assert Topic.objects.values_list("translations", flat=True).get(pk=topic.pk)["fr"]["name"]


def _interview_in(language, user, question):
    with translation.override(language):
        session = interviews.interview_create(
            user=user,
            topics=[question.topic],
            question_count=1,
            seconds_per_question=None,
            now=T0,
            rng=random.Random(1),
        )
        interviews.session_sync(session=session, now=T0)
    return session


def test_the_grader_gets_the_key_points_and_the_language_of_the_snapshot(
    alice, question, monkeypatch
):
    seen = {}
    real = interviews.grade_answer

    def spy(**kwargs):
        seen.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(interviews, "grade_answer", spy)
    session = _interview_in("fr", alice, question)
    interviews.answer_submit(
        session=session,
        position=0,
        revision=1,
        text="Chaque mise à jour dépasse le minimum.",
        now=T0,
    )
    assert seen["language"] == "fr"
    assert [point.text for point in seen["key_points"]] == ["Les mises à jour dépassent le minimum"]
    assert SessionItem.objects.get(session=session).coverage_percent == 100


def test_an_answer_in_german_is_graded_in_german(alice, topic):
    question = QuestionFactory(topic=topic, prompt="Why does dropout help?")
    KeyPointFactory(
        question=question,
        text="Dropout reduces overfitting",
        keywords="overfitting",
        translations={
            "de": {"text": "Dropout verringert die Überanpassung", "keywords": "Überanpassung"}
        },
    )
    covered = _interview_in("de", alice, question)
    interviews.answer_submit(
        session=covered,
        position=0,
        revision=1,
        text="Dropout verringert die Überanpassung des Netzes.",
        now=T0,
    )
    negated = _interview_in("de", alice, question)
    interviews.answer_submit(
        session=negated,
        position=0,
        revision=1,
        text="Dropout verringert die Überanpassung nicht.",
        now=T0,
    )
    assert SessionItem.objects.get(session=covered).coverage_percent == 100
    assert SessionItem.objects.get(session=negated).coverage_percent == 0


def test_key_points_shown_in_english_are_graded_in_english(alice, topic):
    question = QuestionFactory(topic=topic, translations={"de": {"prompt": "Warum hilft Dropout?"}})
    KeyPointFactory(question=question, text="Dropout reduces overfitting", keywords="overfitting")
    session = _interview_in("de", alice, question)
    item = SessionItem.objects.get(session=session)
    assert item.language == "de" and "key_points" in item.fallback_fields
    assert interviews.grading_language(item) == "en"
