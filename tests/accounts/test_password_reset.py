import re

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from interview.lib.env import email_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_links_to_the_reset(client):
    assert b'href="/accounts/password/reset/"' in client.get("/accounts/login/").content


def test_it_mails_a_link_that_sets_a_new_password(client):
    alice = UserFactory(username="alice", email="alice@example.com")
    response = client.post("/accounts/password/reset/", {"email": "Alice@example.com"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    form = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-fresh-passphrase-42", "new_password2": "a-fresh-passphrase-42"},
    )
    assert done["Location"] == "/accounts/password/reset/done/"
    alice.refresh_from_db()
    assert alice.check_password("a-fresh-passphrase-42")
    again = client.get(link.group(1), follow=True)
    assert b"no longer valid" in again.content


def test_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_email_url_console_by_default_and_smtp_from_a_url():
    assert email_settings("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = email_settings("smtp://mailer:p%40ss@mail.example.com:2525")
    assert smtp["EMAIL_HOST"] == "mail.example.com" and smtp["EMAIL_PORT"] == 2525
    assert smtp["EMAIL_HOST_USER"] == "mailer" and smtp["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert smtp["EMAIL_USE_TLS"] is True and smtp["EMAIL_USE_SSL"] is False
    secure = email_settings("smtps://u:p@mail.example.com")
    assert secure["EMAIL_PORT"] == 465 and secure["EMAIL_USE_SSL"] is True
    assert secure["EMAIL_USE_TLS"] is False
    plain = email_settings("smtp://relay?tls=false")
    assert plain["EMAIL_PORT"] == 25 and plain["EMAIL_USE_TLS"] is False
    with pytest.raises(ImproperlyConfigured):
        email_settings("http://mail.example.com")
