import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def starter_bank(transactional_db):
    call_command("load_starter_bank", verbosity=0)


def test_browse_home_topic_question_and_reveal_the_answer(page, live_server, starter_bank):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Question of the day")).to_be_visible()
    page.get_by_role("link", name="Topics", exact=True).first.click()
    page.get_by_role("link", name="RNN & Sequences").click()
    expect(page.get_by_role("heading", name="RNN & Sequences", level=1)).to_be_visible()
    expect(page.get_by_text("things you need to know")).to_be_visible()

    page.get_by_role("link", name=re.compile("three gates of an LSTM")).click()
    page.wait_for_load_state("load")  # htmx is ready
    question_url = page.url
    expect(page.locator(".prompt")).to_contain_text("gates of an LSTM")
    expect(page.get_by_role("heading", name="Official answer")).to_have_count(0)

    page.get_by_role("link", name="Reveal answer").click()
    expect(page.get_by_role("heading", name="Official answer")).to_be_visible()
    expect(page.get_by_role("heading", name="Key points a strong answer covers")).to_be_visible()
    expect(page.locator(".official-answer")).to_contain_text("forget")
    assert page.url == question_url  # swapped in by htmx, no navigation
    assert page.console_problems == []  # no CSP violations, no script errors


def test_reveal_works_without_javascript(browser, live_server, starter_bank):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/topics/deep-learning-fundamentals/")
    page.get_by_role("link", name=re.compile("skip \\(residual\\) connection")).click()
    page.get_by_role("link", name="Reveal answer").click()
    assert "reveal=1" in page.url
    expect(page.get_by_role("heading", name="Official answer")).to_be_visible()
    context.close()


def test_search_as_you_type(page, live_server, starter_bank):
    page.goto(live_server.url + "/search/")
    page.get_by_role("searchbox", name="Search questions").fill("gradient clipping")
    results = page.locator("#search-results")
    expect(results).to_contain_text("exploding-gradient problem")
    assert "q=gradient" in page.url
    page.get_by_role("searchbox", name="Search questions").fill("zzzqqq")
    expect(results).to_contain_text("No questions match")
    assert page.console_problems == []


def test_sign_up_log_out_and_log_in(page, live_server, starter_bank):
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password", exact=True).fill("a-Long-passphrase-42")
    page.get_by_label("Password confirmation").fill("a-Long-passphrase-42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome, carol!")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Log out").click()
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()

    nav.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("enter a correct username and password")).to_be_visible()
    page.get_by_label("Password").fill("a-Long-passphrase-42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert page.console_problems == []


def test_staff_edit_a_question_in_the_admin(page, live_server, starter_bank):
    UserFactory(username="erin", is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Questions").click()
    page.get_by_role("searchbox").fill("GRU")
    page.keyboard.press("Enter")
    page.get_by_role("link", name=re.compile("GRU differ")).first.click()
    expect(page.locator(".answer-preview")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert page.console_problems == []
