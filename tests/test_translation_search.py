"""Search in the reader's language: translated texts (with the language's text-search
configuration on PostgreSQL), and English texts for what is not translated."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from interview.bank.models import Question
from interview.bank.search import question_search
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="text-search configurations are PostgreSQL's"
)


@pytest.fixture
def bank():
    translated = QuestionFactory(
        prompt="How does backpropagation compute gradients?",
        official_answer="It applies the chain rule layer by layer.",
        translations={
            "fr": {
                "prompt": "Comment la rétropropagation calcule-t-elle le gradient ?",
                "official_answer": "Elle applique la règle de dérivation en chaîne couche par "
                "couche.",
            },
            "de": {"prompt": "Wie berechnet die Backpropagation die Gradienten der Netze?"},
        },
    )
    english_only = QuestionFactory(
        prompt="Why does dropout reduce overfitting?",
        official_answer="It averages many thinned networks.",
    )
    return translated, english_only


def found(query, language):
    return list(question_search(query=query, questions=Question.objects.all(), language=language))


def test_a_french_reader_finds_the_french_text(bank):
    translated, _ = bank
    assert found("rétropropagation", "fr") == [translated]
    assert found("rétropropagation", "en") == []  # English readers search English texts


def test_a_translated_language_still_finds_untranslated_questions_in_english(bank):
    _, english_only = bank
    assert found("dropout", "fr") == [english_only]
    assert found("dropout", "de") == [english_only]


def test_another_language_does_not_search_the_french_text(bank):
    assert found("rétropropagation", "de") == []
    assert found("rétropropagation", "es") == []


def test_the_search_page_uses_the_active_language(client, bank):
    translated, _ = bank
    with translation.override("fr"):
        body = client.get(
            reverse("bank:search"), {"q": "rétropropagation"}, HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    assert "Comment la rétropropagation calcule-t-elle le gradient ?" in body
    assert translated.get_absolute_url() in body


@on_postgresql
def test_french_stemming_matches_other_forms(bank):
    translated, _ = bank
    # "règles" and "couches" are stemmed by the french configuration to the forms in the text.
    assert found("règles couches", "fr") == [translated]


@on_postgresql
def test_german_stemming_matches_other_forms(bank):
    translated, _ = bank
    assert found("Netz Gradient", "de") == [translated]


@on_postgresql
def test_the_translated_match_ranks_first(bank):
    translated, _ = bank
    other = QuestionFactory(prompt="What is a gradient?", official_answer="A vector.")
    # "gradient" is in the English prompt of `other` and in the French prompt of `translated`.
    assert found("gradient", "fr")[0] == translated
    assert other in found("gradient", "fr")
