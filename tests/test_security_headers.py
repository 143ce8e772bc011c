import pytest
from django.urls import reverse

from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    QuestionFactory()
    response = client.get(reverse("bank:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/topics/", "/search/?q=x", "/accounts/login/"])
def test_pages_contain_no_inline_script(client, url):
    body = client.get(url).content.decode()
    for chunk in body.split("<script")[1:]:
        assert chunk.lstrip().startswith("src="), chunk[:80]
    assert " onclick=" not in body and " onload=" not in body


def test_htmx_is_served_locally_with_csrf_header_on_body(client):
    body = client.get(reverse("bank:home")).content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js"' in body
    assert 'hx-headers=\'{"X-CSRFToken": "' in body
    assert "https://" not in body.split("<body")[0]


def test_favicon_redirects_to_the_static_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_not_found_page_uses_the_site_layout(alice_client):
    response = alice_client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "Log out" in body
