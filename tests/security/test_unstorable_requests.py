"""A NUL or a lone surrogate never reaches the database from a request: every page refuses it
in the query string, the form, the cookies and the headers with a 400, and the import page
names it in its dry run so the confirm never meets it. Run on PostgreSQL these would be 500s
(it rejects NUL in text)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from interview.bank.models import Question
from interview.bank.transfer.pending import SESSION_KEY
from interview.practice.interviews import services
from interview.practice.models import SessionItem
from tests.factories import TopicFactory, open_question_with_points

pytestmark = pytest.mark.django_db


def _plain_paths(patterns, prefix: str = "") -> list[str]:
    """Every URL of the app that takes no argument (the list and filter pages among them)."""
    paths = []
    for pattern in patterns:
        route = str(pattern.pattern)
        if getattr(pattern.pattern, "converters", None) or pattern.pattern.regex.groups:
            continue
        route = route.removeprefix("^").removesuffix("$").replace("\\", "")
        if isinstance(pattern, URLResolver):
            paths += _plain_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            paths.append("/" + prefix + route)
    return sorted(set(paths))


PATHS = _plain_paths(get_resolver().url_patterns)


def test_the_app_has_the_list_and_filter_pages_this_file_relies_on():
    for path in ["/interviews/new/", "/quizzes/new/", "/search/", "/topics/", "/review/"]:
        assert path in PATHS, PATHS


@pytest.mark.parametrize("path", PATHS)
def test_a_nul_in_any_query_string_is_a_400(editor_client, path):
    client = Client(raise_request_exception=False)
    client.cookies = editor_client.cookies
    for query in ({"topic": "\x00"}, {"q": "a\x00b", "page": "2"}, {"\x00": "1"}):
        response = client.get(path, query)
        assert response.status_code == 400, (path, query, response.status_code)


@pytest.fixture
def interview(alice):
    topic = TopicFactory(name="RNN & Sequences", slug="rnn")
    questions = [open_question_with_points(topic=topic) for _ in range(2)]
    return services.interview_create(
        user=alice,
        topics=[topic],
        question_count=2,
        seconds_per_question=None,
        now=timezone.now(),
        question_ids=[q.pk for q in questions],
    )


@pytest.mark.parametrize("field", ["answer", "position", "revision"])
def test_a_nul_in_an_autosave_body_is_a_400_and_nothing_is_saved(alice_client, interview, field):
    alice_client.get(interview.get_absolute_url())
    url = reverse("practice:interview_autosave", kwargs={"pk": interview.pk})
    body = {"position": "0", "revision": "1", "answer": "fine so far"}
    body[field] = body[field] + "\x00"
    response = alice_client.post(url, body, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert not SessionItem.objects.filter(session=interview, answer__contains="fine").exists()


def test_a_nul_in_a_multipart_form_field_is_a_400(editor_client):
    upload = SimpleUploadedFile("bank.json", b'{"questions": []}')
    response = editor_client.post(
        "/admin/bank/question/import/", {"files": upload, "mode": "update\x00", "format": ""}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "cookie",
    [
        'sessionid="abcdefgh\\000ijklmnopqrstuvwxyz"',  # an octal escape: plain ASCII on the wire
        "sessionid=abcdefgh\x00ijklmnop",
        'csrftoken="a\\000b"',
    ],
    ids=["session-escaped", "session-raw", "csrf-escaped"],
)
@pytest.mark.parametrize("path", ["/", "/topics/", "/accounts/login/"])
def test_a_nul_in_a_cookie_is_a_400(path, cookie):
    client = Client(raise_request_exception=False, HTTP_COOKIE=cookie)
    response = client.get(path)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_in_the_user_agent_of_a_failed_login_is_a_400_not_a_500(db):
    """The login throttle stores the User-Agent of every failed login."""
    client = Client(raise_request_exception=False, HTTP_USER_AGENT="probe\x00agent")
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert response.status_code == 400


@pytest.mark.parametrize("bad", ["\\u0000", "\\ud800"], ids=["nul", "surrogate"])
def test_the_import_dry_run_names_unstorable_json_so_the_confirm_never_meets_it(editor_client, bad):
    TopicFactory(slug="t", name="T")
    data = (
        '{"slug": "t", "name": "T", "questions": [{"slug": "q", "prompt": "Fine?", '
        f'"official_answer": "bad {bad} text"}}]}}'
    ).encode()
    upload = SimpleUploadedFile("bank.json", data)
    response = editor_client.post(
        "/admin/bank/question/import/", {"files": upload, "mode": "update", "format": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing can be imported" in body and "official_answer" in body
    assert 'name="confirm"' not in body and SESSION_KEY not in editor_client.session
    assert not Question.objects.exists()


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_a_very_long_username_on_either_login_page_is_a_failed_login(client, login_url):
    response = client.post(login_url, {"username": "x" * 5000, "password": "nope"})
    assert response.status_code == 200
    assert not User.objects.exists()
