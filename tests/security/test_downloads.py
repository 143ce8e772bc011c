"""Every file the app hands a signed-in user is private and never stored by a cache
(`Cache-Control: private, no-store`), and every CSV it writes neutralises formula cells."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from interview.bank.admin import QuestionAdmin
from interview.bank.models import Question
from interview.bank.transfer import bank_export
from interview.lib.csv_cells import FORMULA_STARTS
from interview.practice.packs import services as packs
from tests.factories import QuestionFactory, TagFactory, TopicFactory
from tests.practice.packs.test_generator import LECTURE

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","x")'
EXPORT_ACTIONS = [name for name in QuestionAdmin.actions if name.startswith("export_")]


def _private(response) -> None:
    rule = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= rule, response["Cache-Control"]
    assert "public" not in rule


def _formula_cells(text: str, delimiter: str) -> list[str]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def _hostile_question() -> Question:
    topic = TopicFactory(slug="formulas", name="=cmd|' /C calc'!A0")
    question = QuestionFactory(
        topic=topic, slug="formula", prompt=FORMULA, official_answer="+1 plus", short_answer="-"
    )
    question.tags.add(TagFactory(name="@SUM"))
    return question


def test_the_admin_has_export_actions():
    assert {"export_csv", "export_json", "export_apkg"} <= set(EXPORT_ACTIONS)


@pytest.mark.parametrize("action", EXPORT_ACTIONS)
def test_every_admin_export_download_is_private(editor_client, action):
    question = _hostile_question()
    response = editor_client.post(
        reverse("admin:bank_question_changelist"),
        {"action": action, "_selected_action": [question.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    _private(response)


def test_the_progress_export_is_private(alice_client):
    response = alice_client.get(reverse("practice:progress_export"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    _private(response)


def _pack(user) -> Question:
    draft = packs.draft_create(
        user=user, title="Linear models", text=LECTURE, source_name="lecture.md", now=timezone.now()
    )
    return packs.draft_save(draft=draft, now=timezone.now())


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_study_pack_export_is_private(alice, alice_client, fmt):
    pack = _pack(alice)
    response = alice_client.get(reverse("practice:pack_export", args=[pack.slug, fmt]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    _private(response)


def test_a_study_pack_csv_neutralises_formulas(alice, alice_client):
    pack = _pack(alice)
    Question.objects.filter(topic=pack).update(prompt=FORMULA)
    response = alice_client.get(reverse("practice:pack_export", args=[pack.slug, "csv"]))
    text = response.content.decode()
    assert "'" + FORMULA.replace('"', '""') in text
    assert _formula_cells(text, ",") == []


@pytest.mark.parametrize(("format", "delimiter"), [("csv", ","), ("tsv", "\t"), ("anki", "\t")])
def test_every_bank_csv_neutralises_formulas(format, delimiter):
    _hostile_question()
    [exported] = bank_export(format=format)
    text = exported.data.decode()
    assert "'=cmd|" in text  # the topic (a deck name in Anki's text) starts with a formula
    assert _formula_cells(text, delimiter) == []


PAGES = ["/", "/topics/", "/search/?q=x", "/interviews/", "/quizzes/", "/review/", "/review/deck/"]
PAGES += ["/progress/", "/packs/", "/exercises/", "/admin/", "/admin/bank/question/"]


@pytest.mark.parametrize("path", PAGES)
def test_signed_in_pages_are_private_and_anonymous_ones_are_not(client, editor, path):
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 200
    _private(response)
    client.logout()
    anonymous = client.get(path)
    assert "camera=()" in anonymous["Permissions-Policy"]
    if not path.startswith("/admin/"):  # the admin's own rule: never cached, even its login
        assert "no-store" not in anonymous.get("Cache-Control", "")


def test_an_htmx_fragment_and_an_autosave_reply_are_private(alice, alice_client):
    from interview.practice.interviews import services

    topic = TopicFactory(slug="rnn", name="RNN")
    question = QuestionFactory(topic=topic)
    interview = services.interview_create(
        user=alice,
        topics=[topic],
        question_count=1,
        seconds_per_question=None,
        now=timezone.now(),
        question_ids=[question.pk],
    )
    fragment = alice_client.get(interview.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    _private(fragment)
    saved = alice_client.post(
        reverse("practice:interview_autosave", kwargs={"pk": interview.pk}),
        {"position": 0, "revision": 1, "answer": "draft"},
        HTTP_ACCEPT="application/json",
    )
    assert saved.status_code == 200 and saved.json()["status"] == "saved"
    _private(saved)


def test_a_bank_image_keeps_its_long_public_caching_for_a_signed_in_reader(alice_client):
    """The same bytes for everyone (its name changes with its content): nothing to keep private."""
    from interview.bank.models import BankMedia

    png = b"\x89PNG\r\n\x1a\n" + bytes(32)
    BankMedia.objects.create(name="chart-0a1b.png", content_type="image/png", data=png, size=40)
    response = alice_client.get("/media/bank/chart-0a1b.png")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
