import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_signup_creates_an_account_and_logs_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "carol@example.com",
            "password1": "a-Long-passphrase-42",
            "password2": "a-Long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="carol").exists()
    assert "carol" in client.get(reverse("bank:home")).content.decode()


def test_signup_follows_a_safe_next_but_not_an_external_one(client):
    data = {
        "username": "dave",
        "password1": "a-Long-passphrase-42",
        "password2": "a-Long-passphrase-42",
    }
    response = client.post(reverse("signup"), {**data, "next": "https://evil.example/"})
    assert response["Location"] == reverse("bank:home")
    client.post(reverse("logout"))
    response = client.post(reverse("signup"), {**data, "username": "dan", "next": "/topics/"})
    assert response["Location"] == "/topics/"


def test_signup_shows_errors_and_keeps_input(client):
    response = client.post(
        reverse("signup"), {"username": "erin", "password1": "x", "password2": "y"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "password fields didn" in body
    assert 'value="erin"' in body
    assert not User.objects.filter(username="erin").exists()


def test_signup_is_404_when_disabled(client, settings):
    settings.ALLOW_SIGNUP = False
    assert client.get(reverse("signup")).status_code == 404
    response = client.post(
        reverse("signup"),
        {
            "username": "mallory",
            "password1": "a-Long-passphrase-42",
            "password2": "a-Long-passphrase-42",
        },
    )
    assert response.status_code == 404
    assert not User.objects.filter(username="mallory").exists()


def test_login_and_logout(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert "alice" in client.get(reverse("bank:home")).content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert "Log in" in client.get(reverse("bank:home")).content.decode()


def test_wrong_password_gives_a_clear_message(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_failed_logins_are_throttled(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )


def test_password_change_needs_login_and_works(client, alice):
    assert client.get(reverse("password_change")).status_code == 302
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "an-Other-passphrase-7",
            "new_password2": "an-Other-passphrase-7",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("an-Other-passphrase-7")


def test_logout_by_get_is_refused(alice_client):
    assert alice_client.get(reverse("logout")).status_code == 405


def test_post_without_csrf_token_is_refused(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
