import pytest

pytestmark = pytest.mark.django_db


def test_it_keeps_the_chosen_theme_and_goes_back(client):
    response = client.post("/accounts/theme/", {"theme": "dark", "next": "/topics/"})
    assert response.status_code == 302 and response["Location"] == "/topics/"
    assert response.cookies["theme"].value == "dark"
    page = client.get("/topics/")
    assert b'<html lang="en" data-theme="dark">' in page.content


def test_system_forgets_the_choice(client):
    client.post("/accounts/theme/", {"theme": "light", "next": "/"})
    response = client.post("/accounts/theme/", {"theme": "system", "next": "/"})
    assert response.cookies["theme"].value == ""
    assert b"data-theme" not in client.get("/").content.split(b"<head>")[0]


def test_it_never_redirects_off_site(client):
    response = client.post("/accounts/theme/", {"theme": "dark", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_it_rejects_get(client):
    assert client.get("/accounts/theme/").status_code == 405


def test_dark_code_styles_are_scoped_to_dark_mode():
    from interview.bank.markdown import pygments_dark_css

    css = pygments_dark_css()
    rules = [line for line in css.splitlines() if "{" in line and "@media" not in line]
    assert rules and all(line.lstrip().startswith(":root") for line in rules)
    assert "@media (prefers-color-scheme: dark)" in css
