"""The admin's Import page (upload, dry run, confirm) and the "Export selected" actions."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interview.bank.models import Question
from interview.bank.transfer.pending import SESSION_KEY
from tests.factories import QuestionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "transfer"
IMPORT_URL = "/admin/bank/question/import/"
CHANGELIST_URL = "/admin/bank/question/"


@pytest.fixture
def statistics():
    return TopicFactory(slug="statistics", name="Statistics")


def upload(name: str, **fields) -> dict:
    data = (FIXTURES / name).read_bytes()
    return {"files": SimpleUploadedFile(name, data), "mode": "update", "format": "", **fields}


def test_urls():
    assert reverse("admin:bank_question_import") == IMPORT_URL


def test_changelist_links_to_the_import_page(editor_client):
    body = editor_client.get(CHANGELIST_URL).content.decode()
    assert f'href="{IMPORT_URL}"' in body


def test_import_page_renders_without_inline_script(editor_client):
    response = editor_client.get(IMPORT_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in body and 'name="files"' in body
    assert "<script>" not in body and "onclick" not in body and 'style="' not in body


def test_dry_run_then_confirm(editor_client, statistics):
    response = editor_client.post(IMPORT_URL, upload("statistics.md"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dry run: nothing has been written yet" in body
    assert "Questions to be created (3)" in body and "stats-p-value" in body
    assert not Question.objects.exists()
    token = editor_client.session[SESSION_KEY]["token"]
    assert f'name="token" value="{token}"' in body

    response = editor_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    assert Question.objects.count() == 3
    assert SESSION_KEY not in editor_client.session
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Imported. topics: 0 created, 0 updated, 0 unchanged; notes: 0 created, 0 updated, "
        "0 unchanged; questions: 3 created, 0 updated, 0 unchanged; tags: 2 created"
    ]


def test_confirm_uses_the_stored_upload_not_the_client(editor_client, statistics):
    editor_client.post(IMPORT_URL, upload("statistics.md"))
    token = editor_client.session[SESSION_KEY]["token"]
    other = SimpleUploadedFile("evil.csv", b"topic,front\nstatistics,Injected?\n")
    editor_client.post(IMPORT_URL, {"confirm": "1", "token": token, "files": other, "mode": "skip"})
    assert Question.objects.count() == 3
    assert not Question.objects.filter(prompt="Injected?").exists()


def test_a_wrong_or_used_token_imports_nothing(editor_client, statistics):
    editor_client.post(IMPORT_URL, upload("statistics.md"))
    response = editor_client.post(IMPORT_URL, {"confirm": "1", "token": "guessed"})
    assert response.status_code == 302 and response["Location"] == IMPORT_URL
    assert not Question.objects.exists()
    token = editor_client.session[SESSION_KEY]["token"]
    editor_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    response = editor_client.post(IMPORT_URL, {"confirm": "1", "token": token}, follow=True)
    assert "no longer waiting for confirmation" in response.content.decode()
    assert Question.objects.count() == 3


def test_problems_are_shown_with_file_line_and_field_and_cannot_be_confirmed(
    editor_client, statistics
):
    response = editor_client.post(IMPORT_URL, upload("many_problems.csv"))
    body = response.content.decode()
    assert "Nothing can be imported" in body
    assert "6 problems found, 6 questions rejected" in body
    assert (
        "<tr><td>many_problems.csv</td><td>6</td><td>difficulty</td>"
        "<td>invalid difficulty &#x27;impossible&#x27;: use easy, medium, hard</td></tr>" in body
    )
    assert 'name="confirm"' not in body
    assert SESSION_KEY not in editor_client.session
    assert not Question.objects.exists()


def test_options_are_used(editor_client):
    response = editor_client.post(IMPORT_URL, upload("unknown_topic.tsv", create_topics="on"))
    token = editor_client.session[SESSION_KEY]["token"]
    assert "Dry run" in response.content.decode()
    editor_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    assert Question.objects.filter(topic__name="No Such Topic").count() == 2


def test_declared_format_and_zip_upload(editor_client, statistics):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(FIXTURES / "statistics.md", "statistics.md")
    data = {"files": SimpleUploadedFile("bank.zip", buffer.getvalue()), "mode": "update"}
    response = editor_client.post(IMPORT_URL, data)
    assert "Questions to be created (3)" in response.content.decode()
    wrong = upload("statistics.md", format="csv")
    body = editor_client.post(IMPORT_URL, wrong).content.decode()
    assert "looks like Markdown, not a CSV/TSV file" in body


def test_upload_over_the_limit_is_refused(editor_client, settings, statistics):
    settings.BANK_IMPORT_MAX_FILE_BYTES = 100
    body = editor_client.post(IMPORT_URL, upload("statistics.md")).content.decode()
    assert "the limit is 100 bytes" in body
    assert SESSION_KEY not in editor_client.session


def test_import_needs_add_and_change_permissions(client):
    user = UserFactory(username="viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_question"))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    body = client.get(CHANGELIST_URL).content.decode()
    assert IMPORT_URL not in body


def test_import_needs_staff(alice_client):
    response = alice_client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# Export selected


def export(client, action: str, questions) -> object:
    return client.post(
        CHANGELIST_URL, {"action": action, "_selected_action": [q.pk for q in questions]}
    )


def test_export_selected_as_json(editor_client, statistics):
    chosen = QuestionFactory(topic=statistics, slug="chosen")
    QuestionFactory(topic=statistics, slug="not-chosen")
    response = export(editor_client, "export_json", [chosen])
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="questions-')
    data = json.loads(response.content)
    assert [q["slug"] for t in data["topics"] for q in t["questions"]] == ["chosen"]


def test_export_selected_as_csv(editor_client, statistics):
    chosen = QuestionFactory(topic=statistics, slug="chosen")
    response = export(editor_client, "export_csv", [chosen])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert ",chosen,Statistics," in response.content.decode()  # Front, Back, then the slug


def test_export_selected_as_markdown(editor_client, statistics):
    one = QuestionFactory(topic=statistics, slug="one")
    response = export(editor_client, "export_markdown", [one])
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.content.decode().startswith("# Statistics {#statistics}")
    two = QuestionFactory(slug="two")
    response = export(editor_client, "export_markdown", [one, two])
    assert response["Content-Type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 2


def test_export_selected_markdown_problem_is_a_message(editor_client, statistics):
    fenced = QuestionFactory(topic=statistics, slug="fenced", prompt="```\ncode\n```")
    response = export(editor_client, "export_markdown", [fenced])
    assert response.status_code == 302
    response = editor_client.get(response["Location"])
    assert "Nothing was exported" in response.content.decode()
