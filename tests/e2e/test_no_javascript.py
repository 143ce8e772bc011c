"""Pages read without JavaScript say what works and what does not, rather than showing
controls that do nothing: a Python exercise (Python runs in the browser) warns, shows no
"Loading Python" that never ends, no editor hint for keys only the editor knows, and its Run
and Submit buttons look disabled."""

import pytest
from playwright.sync_api import expect

from interview.bank.models import Question
from interview.bank.starter_bank import exercise_bank_files, starter_bank_load
from tests.e2e.test_interview import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_python_exercise_without_javascript_says_so(no_js, live_server, alice):
    starter_bank_load(paths=exercise_bank_files())
    question = Question.objects.get(slug="pyx-run-length-encoding")
    log_in(no_js, live_server)
    no_js.goto(f"{live_server.url}/exercises/{question.pk}/")
    # (Playwright's text search skips <noscript>: the warning is read from the element.)
    warning = no_js.locator("noscript .message")
    expect(warning).to_be_visible()
    assert warning.inner_text() == "Python exercises run in your browser: they need JavaScript."
    expect(no_js.get_by_text("Loading Python in your browser")).to_have_count(0)
    expect(no_js.get_by_text("Esc then Tab leaves the editor")).to_be_hidden()
    for name in ("Run", "Submit"):
        button = no_js.get_by_role("button", name=name, exact=True)
        expect(button).to_be_disabled()
        opacity = button.evaluate("b => parseFloat(getComputedStyle(b).opacity)")
        assert opacity < 1, f"{name} looks enabled"
