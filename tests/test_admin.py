import pytest
from django.urls import reverse

from interview.bank.models import Question
from tests.factories import (
    KeyPointFactory,
    QuestionFactory,
    StudyNoteFactory,
    TagFactory,
    TopicFactory,
    admin_question_post,
    multiple_choice_question,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["topic", "question", "tag"])
def test_changelists_render(editor_client, model):
    topic = TopicFactory()
    StudyNoteFactory(topic=topic)
    QuestionFactory(topic=topic)
    multiple_choice_question(topic=topic)
    TagFactory()
    response = editor_client.get(reverse(f"admin:bank_{model}_changelist"))
    assert response.status_code == 200


def test_topic_changelist_shows_question_and_note_counts(editor_client):
    topic = TopicFactory(name="Statistics")
    QuestionFactory.create_batch(2, topic=topic)
    QuestionFactory(topic=topic, status=Question.Status.DRAFT)
    StudyNoteFactory(topic=topic)
    body = editor_client.get(reverse("admin:bank_topic_changelist")).content.decode()
    assert '<td class="field-published_questions">2</td>' in body
    assert '<td class="field-all_questions">3</td>' in body
    assert '<td class="field-notes">1</td>' in body


def test_topic_change_page_has_inline_notes(editor_client):
    note = StudyNoteFactory(title="Core concepts")
    response = editor_client.get(reverse("admin:bank_topic_change", args=[note.topic.pk]))
    assert response.status_code == 200
    assert "Core concepts" in response.content.decode()


def test_question_change_page_has_inlines_and_rendered_answer_preview(editor_client):
    question = multiple_choice_question(official_answer="Use **bold** and `code`.")
    KeyPointFactory(question=question, text="Talking point one")
    response = editor_client.get(reverse("admin:bank_question_change", args=[question.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Talking point one" in body and "The right one" in body
    assert (
        '<div class="md answer-preview"><p>Use <strong>bold</strong> and <code>code</code>.</p>'
        in body
    )


def test_answer_preview_is_sanitized(editor_client):
    question = QuestionFactory(official_answer="<script>alert(1)</script> [x](javascript:alert(1))")
    body = editor_client.get(
        reverse("admin:bank_question_change", args=[question.pk])
    ).content.decode()
    preview = body.split('class="md answer-preview"')[1].split("</div>")[0]
    assert "<script>" not in preview and 'href="javascript:' not in preview


def test_question_search_filters_and_autocomplete(editor_client):
    topic = TopicFactory(name="SQL")
    QuestionFactory(topic=topic, prompt="Explain window functions", official_answer="OVER clause")
    QuestionFactory(prompt="Unrelated question")
    url = reverse("admin:bank_question_changelist")
    body = editor_client.get(url, {"q": "OVER clause"}).content.decode()
    assert "Explain window functions" in body and "Unrelated question" not in body
    body = editor_client.get(
        url,
        {
            "topic__id__exact": topic.pk,
            "kind__exact": "open",
            "difficulty__exact": "medium",
            "status__exact": "published",
        },
    ).content.decode()
    assert "Explain window functions" in body and "Unrelated question" not in body
    autocomplete = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "bank", "model_name": "question", "field_name": "related", "term": "window"},
    )
    assert autocomplete.status_code == 200
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Explain window functions"]


def test_publish_and_unpublish_actions(editor_client):
    drafts = QuestionFactory.create_batch(2, status=Question.Status.DRAFT)
    url = reverse("admin:bank_question_changelist")
    ids = [q.pk for q in drafts]
    editor_client.post(url, {"action": "publish", "_selected_action": ids})
    assert set(Question.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "published"
    }
    editor_client.post(url, {"action": "unpublish", "_selected_action": ids})
    assert set(Question.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"draft"}


def _question_form(topic, **overrides):
    fields = {
        "topic": topic.pk,
        "slug": "new-question",
        "kind": "multiple_choice",
        "prompt": "Which are primes?",
        "official_answer": "2 and 3.",
        "choices-TOTAL_FORMS": 2,
        "choices-0-order": 0,
        "choices-0-text": "2",
        "choices-0-is_correct": "on",
        "choices-0-explanation": "Prime.",
        "choices-1-order": 1,
        "choices-1-text": "4",
        "choices-1-explanation": "2 x 2.",
    }
    return admin_question_post(fields, **overrides)


def test_admin_creates_a_valid_multiple_choice_question(editor_client):
    topic = TopicFactory()
    response = editor_client.post(reverse("admin:bank_question_add"), _question_form(topic))
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(slug="new-question")
    assert question.choices.count() == 2


def test_admin_refuses_multiple_choice_without_a_correct_option(editor_client):
    topic = TopicFactory()
    data = _question_form(topic, **{"choices-0-is_correct": None})
    response = editor_client.post(reverse("admin:bank_question_add"), data)
    assert response.status_code == 200
    assert "at least one correct option" in response.content.decode()
    assert not Question.objects.filter(slug="new-question").exists()


def test_admin_refuses_multiple_choice_with_one_option(editor_client):
    topic = TopicFactory()
    data = _question_form(topic, **{"choices-TOTAL_FORMS": 1, "choices-1-text": None})
    response = editor_client.post(reverse("admin:bank_question_add"), data)
    assert response.status_code == 200
    assert "at least two options" in response.content.decode()


def test_list_editable_status(editor_client):
    question = QuestionFactory(status=Question.Status.DRAFT)
    url = reverse("admin:bank_question_changelist")
    response = editor_client.post(
        url,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000,
            "form-0-id": question.pk,
            "form-0-status": "published",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "published"


def test_admin_needs_staff(alice_client):
    response = alice_client.get(reverse("admin:bank_question_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def _sql_exercise_form(topic, solution, status="published"):
    return _question_form(
        topic,
        kind="sql",
        status=status,
        prompt="How many rows are in t?",
        **{
            "choices-TOTAL_FORMS": 0,
            "exercise-TOTAL_FORMS": 1,
            "exercise-0-setup_sql": "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2);",
            "exercise-0-function_name": "",
            "exercise-0-starter_code": "SELECT",
            "exercise-0-solution": solution,
            "exercise-0-cases": '[{"name": "sample", "hidden": false, "setup": "",'
            ' "expected": {"columns": ["n"], "rows": [[2]]}}]',
            "exercise-0-float_tolerance": "0.000001",
        },
    )


def test_admin_publishes_an_exercise_whose_solution_passes(editor_client):
    topic = TopicFactory()
    response = editor_client.post(
        reverse("admin:bank_question_add"),
        _sql_exercise_form(topic, "SELECT count(*) AS n FROM t"),
        follow=True,
    )
    question = Question.objects.get(slug="new-question")
    assert question.status == "published"
    assert question.exercise.cases[0]["expected"]["rows"] == [[2]]
    assert "passes every test case" in response.content.decode()


def test_admin_keeps_an_exercise_whose_solution_fails_in_draft(editor_client):
    topic = TopicFactory()
    response = editor_client.post(
        reverse("admin:bank_question_add"),
        _sql_exercise_form(topic, "SELECT 3 AS n"),
        follow=True,
    )
    question = Question.objects.get(slug="new-question")
    assert question.status == "draft"
    body = response.content.decode()
    assert "Saved as a draft" in body and "Expected (2), got (3)" not in body
    assert "Row 1: expected (2), got (3)" in body or "A missing row: (2)" in body


def test_admin_refuses_an_exercise_without_its_fields(editor_client):
    topic = TopicFactory()
    data = _sql_exercise_form(topic, "SELECT 1")
    data["exercise-0-cases"] = "[]"
    response = editor_client.post(reverse("admin:bank_question_add"), data)
    assert response.status_code == 200
    assert "at least one test case" in response.content.decode()
    assert not Question.objects.filter(slug="new-question").exists()
