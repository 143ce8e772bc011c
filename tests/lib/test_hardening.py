"""Hostile input and headers: clear 4xx answers, never a 500, and private pages stay private."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from interview.bank.models import Question
from interview.bank.transfer import ImportFile, bank_import
from interview.lib.csv_cells import csv_cell_value, csv_safe_cell
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/interviews/new/", "/quizzes/new/", "/search/", "/topics/"])
def test_a_nul_in_the_query_string_is_a_400(alice_client, url):
    response = alice_client.get(url, {"topic": "\x00", "q": "a\x00b"})
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_in_a_form_is_a_400_and_nothing_is_stored(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "eve\x00", "password1": "Str0ng-pass-phrase", "password2": "x"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username__startswith="eve").exists()


@pytest.mark.parametrize(
    "value", ["bad\x00text", "lone \ud800 surrogate"], ids=["nul", "surrogate"]
)
def test_import_strings_the_database_cannot_store_are_named_in_the_dry_run(value):
    topic = {
        "slug": "t",
        "name": "T",
        "questions": [{"slug": "q", "prompt": "Fine?", "official_answer": value}],
    }
    data = json.dumps(topic).encode()
    report = bank_import(files=[ImportFile("t.json", data, "json")], format="json", dry_run=True)
    assert not report.ok
    assert any(p.field == "official_answer" for p in report.problems), report.problems
    assert not Question.objects.exists()


def test_deeply_nested_json_is_a_named_problem():
    data = ("[" * 100_000 + "]" * 100_000).encode()
    report = bank_import(files=[ImportFile("deep.json", data, "json")], format="json")
    assert [p.message for p in report.problems] == [
        "the JSON is nested too deeply to be a question bank"
    ]


def test_a_very_long_username_is_a_failed_login_not_a_500(client):
    response = client.post(reverse("login"), {"username": "x" * 5000, "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_logged_in_pages_are_private_and_not_stored(alice_client):
    response = alice_client.get("/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_anonymous_pages_get_a_permissions_policy_but_no_private_cache_rule(client):
    response = client.get("/topics/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_csv_cells_that_look_like_formulas_are_neutralised_and_read_back():
    for value in ['=HYPERLINK("http://x")', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)"]:
        written = csv_safe_cell(value)
        assert written.startswith("'")
        assert csv_cell_value(written) == value
    assert csv_safe_cell("plain") == "plain"
    assert csv_cell_value("'quoted") == "'quoted"


def test_the_admin_csv_export_neutralises_formulas_and_imports_back(editor_client):
    QuestionFactory(slug="formula", prompt='=HYPERLINK("http://evil.example","x")')
    from interview.bank.transfer import bank_export

    exported = bank_export(format="csv")[0]
    assert b"'=HYPERLINK" in exported.data
    Question.objects.all().delete()
    report = bank_import(files=[exported], format="csv", create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get(slug="formula").prompt.startswith("=HYPERLINK")


def test_a_view_only_editor_cannot_publish_or_unpublish(client, db):
    viewer = User.objects.create_user("viewer", password="pw-for-viewer-1", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_question"))
    client.force_login(viewer)
    question = QuestionFactory(status=Question.Status.DRAFT)
    url = reverse("admin:bank_question_changelist")
    response = client.post(
        url, {"action": "publish", "_selected_action": [question.pk]}, follow=True
    )
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT
    assert response.status_code == 200
