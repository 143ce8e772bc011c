"""An editor imports a Markdown file in the admin: upload, dry run, confirm (no CSP errors)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from interview.bank.models import Question
from tests.factories import TopicFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "transfer" / "statistics.md"


def test_import_a_markdown_file_in_the_admin(page, live_server):
    TopicFactory(slug="statistics", name="Statistics")
    UserFactory(username="erin", is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Questions").click()
    page.get_by_role("link", name="Import").click()

    page.locator("#id_files").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Check (dry run)").click()
    expect(page.get_by_text("Dry run: nothing has been written yet")).to_be_visible()
    expect(page.get_by_text("Questions to be created (3)")).to_be_visible()
    assert not Question.objects.exists()

    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_text("questions: 3 created")).to_be_visible()
    assert Question.objects.count() == 3
    assert page.console_problems == []  # no CSP violations, no script errors
