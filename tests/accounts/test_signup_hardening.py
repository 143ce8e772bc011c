"""Sign-up under pressure: parallel requests for one name, name probing, proxies."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.test import RequestFactory, override_settings

from interview.accounts.forms import SignupForm
from interview.accounts.throttle import client_address, login_username

pytestmark = pytest.mark.django_db

GOOD = {"password1": "A-long-pass-phrase-42", "password2": "A-long-pass-phrase-42"}


def test_a_signup_that_loses_the_race_for_its_username_gets_the_form_back(client, monkeypatch):
    def lost_race(self, commit=True):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(SignupForm, "save", lost_race)
    response = client.post("/accounts/signup/", {"username": "carol", **GOOD})
    assert response.status_code == 200
    assert b"A user with that username already exists" in response.content


@override_settings(SIGNUP_TAKEN_LIMIT=3)
def test_probing_taken_usernames_is_limited_per_address(client):
    for name in ("u1", "u2", "u3"):
        User.objects.create_user(name)
        response = client.post("/accounts/signup/", {"username": name, **GOOD})
        assert response.status_code == 200
    response = client.post("/accounts/signup/", {"username": "fresh-name", **GOOD})
    assert response.status_code == 429
    assert not User.objects.filter(username="fresh-name").exists()
    other = client.post(
        "/accounts/signup/", {"username": "fresh-name", **GOOD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_login_username_is_cut_to_a_usernames_length():
    request = RequestFactory().post("/accounts/login/", {"username": "y" * 300})
    assert len(login_username(request)) == 150


def test_without_trusted_proxies_forwarded_addresses_are_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(request) == "10.1.1.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_with_one_trusted_proxy_the_address_it_saw_is_the_client():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_address(request) == "203.0.113.7"  # the spoofed 6.6.6.6 is not trusted


@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=2)
def test_behind_a_proxy_one_attacker_does_not_lock_out_other_clients(client):
    User.objects.create_user("dana", password="Dana-pass-phrase-1")
    for _ in range(3):
        client.post(
            "/accounts/login/",
            {"username": "dana", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "dana", "password": "Dana-pass-phrase-1"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302
