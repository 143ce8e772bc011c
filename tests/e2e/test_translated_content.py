"""A French reader sees the bank's French texts, and the English fallback marked and said, on
pages that pass axe."""

import pytest
from playwright.sync_api import expect

from interview.bank.translation import translation_set
from tests.e2e.test_pages import axe_problems
from tests.factories import KeyPointFactory, QuestionFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bank(transactional_db):
    topic = TopicFactory(name="Gradient basics", slug="gradient-basics")
    translation_set(topic, language="fr", values={"name": "Bases du gradient"})
    topic.save()
    question = QuestionFactory(
        topic=topic,
        prompt="What happens when the learning rate is too large?",
        official_answer="The steps overshoot the minimum and the loss diverges.",
        translations={
            "fr": {"prompt": "Que se passe-t-il si le taux d'apprentissage est trop grand ?"}
        },
    )
    KeyPointFactory(
        question=question,
        text="The updates overshoot the minimum",
        translations={"fr": {"text": "Les mises à jour dépassent le minimum"}},
    )
    return question


def test_a_french_reader_sees_french_and_the_marked_english_fallback(browser, live_server, bank):
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{bank.get_absolute_url()}?reveal=1")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".prompt")).to_contain_text("Que se passe-t-il si le taux")
    expect(page.locator(".official-answer")).to_have_attribute("lang", "en")
    expect(page.locator(".official-answer")).to_contain_text("overshoot the minimum")
    expect(page.locator("#answer .fallback-note")).to_have_text(
        "Affiché en anglais : pas encore traduit"
    )
    expect(page.get_by_text("Les mises à jour dépassent le minimum")).to_be_visible()
    assert axe_problems(page, bank.get_absolute_url()) == []
    page.goto(f"{live_server.url}/topics/gradient-basics/")
    expect(page.get_by_role("heading", name="Bases du gradient", level=1)).to_be_visible()
    assert axe_problems(page, "/topics/gradient-basics/") == []
    context.close()
