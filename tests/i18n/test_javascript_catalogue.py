"""The page scripts' strings come from Django's JavaScript catalogue, a script file of its own
(no inline script), so the strict CSP holds."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_load_the_catalogue_as_a_script_file_before_the_page_scripts(client):
    body = client.get("/").content.decode()
    catalogue = f'<script src="{reverse("javascript-catalog")}"></script>'
    assert catalogue in body
    assert body.index(catalogue) < body.index("js/refusals.js")
    for chunk in body.split("<script")[1:]:
        assert chunk.lstrip().startswith("src="), chunk[:80]


def test_the_catalogue_is_javascript_under_the_strict_policy(client):
    response = client.get(reverse("javascript-catalog"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    body = response.content.decode()
    assert "django.gettext" in body and "django.interpolate" in body
