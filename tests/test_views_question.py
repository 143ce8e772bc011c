import pytest

from interview.bank.models import Question
from tests.factories import KeyPointFactory, QuestionFactory, multiple_choice_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    question = QuestionFactory(
        prompt="What is a residual connection?",
        official_answer="It adds the **input** to the output.",
        source_title="Deep Residual Learning",
        source_url="https://arxiv.org/abs/1512.03385",
    )
    KeyPointFactory(question=question, text="Identity shortcut", keywords="skip, bypass")
    return question


def test_question_page_hides_answer_and_key_points_until_revealed(client, question):
    body = client.get(question.get_absolute_url()).content.decode()
    assert "What is a residual connection?" in body
    assert "Discuss how it works" in body and "This evaluates knowledge" in body
    assert "Reveal answer" in body
    assert "adds the <strong>input</strong>" not in body
    assert "Identity shortcut" not in body


def test_reveal_without_javascript_shows_the_full_page_with_answer(client, question):
    body = client.get(question.get_absolute_url() + "?reveal=1").content.decode()
    assert "<html" in body
    assert "adds the <strong>input</strong>" in body
    assert "Identity shortcut" in body and "skip, bypass" in body
    assert 'href="https://arxiv.org/abs/1512.03385"' in body


def test_reveal_over_htmx_returns_only_the_answer_fragment(client, question):
    response = client.get(question.get_absolute_url() + "?reveal=1", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="answer"')
    assert "adds the <strong>input</strong>" in body and "Identity shortcut" in body
    assert "<html" not in body and "What is a residual connection?" not in body


def test_plain_htmx_request_without_reveal_gets_the_full_page(client, question):
    body = client.get(question.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in body and "Identity shortcut" not in body


def test_multiple_choice_options_shown_but_correctness_only_after_reveal(client):
    question = multiple_choice_question(prompt="Pick one")
    body = client.get(question.get_absolute_url()).content.decode()
    assert "The right one" in body and "The wrong one" in body
    assert "Right because of reasons." not in body and "Correct" not in body
    revealed = client.get(question.get_absolute_url() + "?reveal=1").content.decode()
    assert "Right because of reasons." in revealed and "Wrong because of other reasons." in revealed
    assert 'class="correct"' in revealed


def test_related_questions_link_only_to_visible_ones(client, question):
    follow_up = QuestionFactory(prompt="How does ResNet use this?")
    draft = QuestionFactory(prompt="Secret draft follow-up?", status=Question.Status.DRAFT)
    question.related.add(follow_up, draft)
    body = client.get(question.get_absolute_url()).content.decode()
    assert "Follow-up questions" in body
    assert follow_up.get_absolute_url() in body
    assert "Secret draft follow-up?" not in body


def test_unpublished_question_is_404_for_anonymous_and_regular_users(client, alice):
    draft = QuestionFactory(status=Question.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert (
        client.get(draft.get_absolute_url() + "?reveal=1", HTTP_HX_REQUEST="true").status_code
        == 404
    )
    client.force_login(alice)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft(editor_client):
    draft = QuestionFactory(status=Question.Status.DRAFT)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft" in response.content.decode()


def test_unknown_question_is_404(client):
    assert client.get("/questions/999999/").status_code == 404


def test_prompt_markdown_is_sanitized_on_the_page(client):
    question = QuestionFactory(prompt='Hi <img src=x onerror="alert(1)"> [x](javascript:alert(1))')
    body = client.get(question.get_absolute_url()).content.decode()
    assert "<img src=x" not in body and 'href="javascript:' not in body
