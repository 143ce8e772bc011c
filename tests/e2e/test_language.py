"""The language switcher in the header: a plain POST form that works by keyboard, on a phone,
for visitors and members, and passes axe."""

import pytest
from playwright.sync_api import expect

from interview.practice.models import Preferences
from tests.conftest import PASSWORD
from tests.e2e.test_pages import (  # noqa: F401 (site is a fixture)
    axe_problems,
    log_in,
    member_pages,
    overflow,
    public_pages,
    site,
    sweep,
)
from tests.factories import TopicFactory, UserFactory, open_question_with_points

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, bypass_csp=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def bank(transactional_db):
    topic = TopicFactory(name="Statistics", slug="stats")
    open_question_with_points(topic=topic)
    return topic


def test_a_visitor_switches_language_by_keyboard_on_a_phone(phone, live_server, bank):
    phone.goto(live_server.url + "/topics/")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    select = phone.get_by_label("Language")
    select.focus()
    select.select_option("fr")
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Change language")).to_be_focused()
    phone.keyboard.press("Enter")
    phone.wait_for_url(live_server.url + "/topics/")
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_label("Langue")).to_have_value("fr")
    assert overflow(phone) <= 0
    assert not axe_problems(phone, "/topics/ (fr)")


def test_a_members_choice_is_kept_in_the_preferences(phone, live_server, bank):
    alice = UserFactory(username="alice")
    log_in(phone, live_server)
    phone.get_by_label("Language").select_option("de")
    phone.get_by_role("button", name="Change language").click()
    expect(phone.locator("html")).to_have_attribute("lang", "de")
    assert Preferences.objects.get(user=alice).language == "de"
    assert overflow(phone) <= 0
    assert not axe_problems(phone, "/ (de, logged in)")


def test_every_page_in_french_fits_a_phone_and_passes_axe(browser, live_server, site):  # noqa: F811
    """French words run longer than English ones: every page, logged out and in, admin
    included, still fits a 360 px phone and passes axe in French."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, bypass_csp=True, locale="fr-FR"
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    try:
        wide, problems = sweep(phone, live_server, public_pages(site))
        phone.goto(live_server.url + "/accounts/login/")
        expect(phone.locator("html")).to_have_attribute("lang", "fr")
        phone.get_by_label("Nom d\u2019utilisateur").fill("alice")
        phone.get_by_label("Mot de passe").fill(PASSWORD)
        phone.get_by_role("button", name="Se connecter").click()
        expect(phone.get_by_role("button", name="Se déconnecter")).to_be_visible()
        more_wide, more_problems = sweep(phone, live_server, member_pages(site))
    finally:
        context.close()
    found = wide + problems + more_wide + more_problems
    assert not found, "\n".join(found)
