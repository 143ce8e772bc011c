"""Autosave never claims a save the server does not hold; no submit overwrites an unseen draft;
the keyboard lands where the candidate expects after each step."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.practice.interviews import services
from interview.practice.models import SessionItem
from tests.e2e.test_interview import log_in
from tests.factories import TopicFactory, UserFactory, open_question_with_points

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Saved at \d\d:\d\d:\d\d$")


@pytest.fixture
def session(transactional_db):
    alice = UserFactory(username="alice")
    topic = TopicFactory(name="RNN & Sequences", slug="rnn")
    for n in range(2):
        open_question_with_points(topic=topic, prompt=f"LSTM question number {n}?")
    return services.interview_create(
        user=alice, topics=[topic], question_count=2, seconds_per_question=600, now=timezone.now()
    )


def first(session) -> SessionItem:
    return session.items.get(position=0)


def test_a_second_tab_never_shows_saved_and_cannot_overwrite_the_newer_draft(
    page, live_server, session
):
    log_in(page, live_server)
    other = page.context.new_page()
    page.goto(live_server.url + session.get_absolute_url())
    other.goto(live_server.url + session.get_absolute_url())

    page.get_by_label("Your answer").fill("Written in the first tab.")
    expect(page.locator("[data-save-state]")).to_have_text(SAVED)

    other.get_by_label("Your answer").fill("Older text from the second tab.")
    state = other.locator("[data-save-state]")
    expect(state).to_contain_text("Not saved: this answer was changed in another tab")
    expect(state).not_to_have_text(SAVED)
    assert first(session).answer == "Written in the first tab."

    other.get_by_role("button", name="Submit answer").click()
    expect(other.get_by_text("Not submitted: this answer was changed")).to_be_visible()
    expect(other.get_by_label("Your answer")).to_have_value("Written in the first tab.")
    item = first(session)
    assert item.status == SessionItem.Status.ACTIVE
    assert item.answer == "Written in the first tab."
    # The refusal has focus, so a screen reader reads why.
    expect(other.locator("[data-messages]")).to_be_focused()

    # Having seen the newest draft, the second tab submits it.
    other.get_by_role("button", name="Submit answer").click()
    expect(other.get_by_role("heading", name=re.compile("Key points"))).to_be_visible()
    assert first(session).answer == "Written in the first tab."
    assert first(session).is_finished


def test_text_typed_just_before_a_reload_comes_back_and_is_saved(page, live_server, session):
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    box = page.get_by_label("Your answer")
    box.fill("First draft.")
    expect(page.locator("[data-save-state]")).to_have_text(SAVED)

    # The last keystrokes' save is lost on the way (the beacon never reaches the server).
    autosave_path = f"/interviews/{session.pk}/autosave/"
    page.route(re.compile(re.escape(autosave_path) + "$"), lambda route: route.abort())
    box.press("End")
    box.type(" And more.")
    page.reload()
    page.unroute(re.compile(re.escape(autosave_path) + "$"))
    page.wait_for_load_state("load")

    box = page.get_by_label("Your answer")
    expect(box).to_have_value("First draft. And more.")
    expect(page.locator("[data-save-state]")).to_have_text(SAVED)
    assert first(session).answer == "First draft. And more."
    # The caret is after the text, so typing continues it.
    expect(box).to_be_focused()
    page.keyboard.type(" End.")
    expect(box).to_have_value("First draft. And more. End.")


def test_typing_shows_not_saved_until_the_server_answers(page, live_server, session):
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    page.route("**/autosave/", lambda route: route.abort())
    page.get_by_label("Your answer").type("Nothing reaches the server.")
    state = page.locator("[data-save-state]")
    expect(state).to_have_text(re.compile("Not saved"))
    page.wait_for_timeout(2500)
    expect(state).not_to_have_text(SAVED)
    assert first(session).answer == ""


def test_submit_moves_focus_to_the_feedback_and_the_title_follows_the_question(
    page, live_server, session
):
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    expect(page).to_have_title(re.compile("^Question 1 of 2"))
    expect(page.get_by_label("Your answer")).to_be_focused()
    page.get_by_label("Your answer").fill("The forget gate decides what to erase.")
    expect(page.locator("[data-save-state]")).to_have_text(SAVED)
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#feedback-heading")).to_be_focused()
    page.keyboard.press("3")  # Good
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    expect(page).to_have_title(re.compile("^Question 2 of 2"))
    expect(page.get_by_label("Your answer")).to_be_focused()


def test_ending_early_asks_first_and_an_empty_answer_is_not_answered(page, live_server, session):
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    page.wait_for_load_state("load")
    page.get_by_role("button", name="End the interview now").click()
    dialog = page.get_by_role("dialog", name="End the interview now?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Keep going").click()
    expect(dialog).to_be_hidden()
    session.refresh_from_db()
    assert session.is_active
    page.get_by_role("button", name="End the interview now").click()
    dialog.get_by_role("button", name="End the interview").click()
    expect(page.get_by_role("heading", name="Interview report")).to_be_visible()
    expect(page.locator(".report-item .badge").first).to_have_text("Not answered")
    assert first(session).status == SessionItem.Status.SKIPPED


def test_text_typed_before_the_page_script_runs_is_saved(page, live_server, session):
    """On a slow load the candidate can type before interview.js listens for input: that text
    is still saved (the script compares the box with what the server rendered)."""
    log_in(page, live_server)
    held = []
    page.route("**/interview.js*", lambda route: held.append(route))
    page.goto(live_server.url + session.get_absolute_url(), wait_until="commit")
    page.get_by_label("Your answer").fill("Typed while the page was still loading.")
    expect(page.locator("[data-save-state]")).to_have_text("")
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    expect(page.locator("[data-save-state]")).to_have_text(SAVED)
    assert first(session).answer == "Typed while the page was still loading."
