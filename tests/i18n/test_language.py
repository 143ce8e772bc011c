"""Which language a page speaks: the logged-in user's preference, then the language cookie,
then the browser's Accept-Language, then English; the header's switcher sets them."""

import pytest
from django.conf import settings
from django.urls import reverse

from interview.practice.models import Preferences

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def lang_of(response) -> str:
    head = response.content.decode().split("<head>")[0]
    return head.split('<html lang="')[1].split('"')[0]


def test_english_without_any_choice(client):
    response = client.get("/")
    assert lang_of(response) == "en"
    assert response["Content-Language"] == "en"


def test_accept_language_chooses_an_offered_language(client):
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")) == "de"
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")) == "pt"


def test_an_unoffered_browser_language_falls_back_to_english(client):
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="ja,zh;q=0.8")) == "en"


def test_the_cookie_wins_over_accept_language(client):
    client.cookies[COOKIE] = "es"
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "es"


def test_the_preference_wins_over_cookie_and_accept_language(client, alice):
    Preferences.objects.create(user=alice, language="it")
    client.force_login(alice)
    client.cookies[COOKIE] = "es"
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "it"
    client.post(reverse("logout"))
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "es"


def test_a_user_without_a_preference_follows_cookie_then_browser(alice_client):
    assert lang_of(alice_client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "fr"
    alice_client.cookies[COOKIE] = "pt"
    assert lang_of(alice_client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "pt"


def test_switching_as_a_visitor_sets_the_cookie_and_goes_back(client):
    response = client.post(reverse("language"), {"language": "de", "next": "/topics/"})
    assert response.status_code == 302 and response["Location"] == "/topics/"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "de" and cookie["samesite"] == "Lax" and cookie["httponly"]
    assert lang_of(client.get("/topics/", HTTP_ACCEPT_LANGUAGE="fr")) == "de"


def test_switching_when_logged_in_stores_the_preference(alice_client, alice):
    alice_client.post(reverse("language"), {"language": "fr", "next": "/"})
    assert Preferences.objects.get(user=alice).language == "fr"
    assert lang_of(alice_client.get("/")) == "fr"
    alice_client.cookies.pop(COOKIE)
    assert lang_of(alice_client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "fr"


def test_the_preference_follows_the_user_to_a_new_login(client, alice):
    client.force_login(alice)
    client.post(reverse("language"), {"language": "es", "next": "/"})
    client.post(reverse("logout"))
    client.cookies.clear()
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "de"
    client.force_login(alice)
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "es"


def test_bob_switching_leaves_alice_alone(client, alice, bob):
    Preferences.objects.create(user=alice, language="it")
    client.force_login(bob)
    client.post(reverse("language"), {"language": "de", "next": "/"})
    assert Preferences.objects.get(user=alice).language == "it"
    assert Preferences.objects.get(user=bob).language == "de"


@pytest.mark.parametrize("code", ["xx", "", "en-GB", "fr\u0301", "../de", "de; Path=/"])
def test_an_unknown_language_changes_nothing(alice_client, alice, code):
    response = alice_client.post(reverse("language"), {"language": code, "next": "/topics/"})
    assert response.status_code == 302 and response["Location"] == "/topics/"
    assert COOKIE not in response.cookies
    assert not Preferences.objects.filter(user=alice).exclude(language="").exists()
    assert lang_of(alice_client.get("/")) == "en"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_it_never_redirects_off_site(client, next_url):
    response = client.post(reverse("language"), {"language": "fr", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_it_rejects_get(client):
    assert client.get(reverse("language") + "?language=fr").status_code == 405


def test_it_needs_the_csrf_token(alice, alice_client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(reverse("language"), {"language": "fr", "next": "/"})
    assert response.status_code == 403
    assert not Preferences.objects.filter(user=alice, language="fr").exists()


def test_the_switcher_is_a_labelled_post_form_on_every_page(client):
    body = client.get("/topics/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    form = body.split('class="language-form"')[1].split("</form>")[0]
    assert 'method="post"' in body.split('class="language-form"')[0].rsplit("<form", 1)[1]
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<label for="language-select"' in form and 'id="language-select"' in form
    assert '<input type="hidden" name="next" value="/topics/">' in form
    for code, name in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}"' in form and name in form
    assert '<option value="de" lang="de" selected>' in form


def test_the_admin_speaks_the_editors_language(editor_client):
    editor_client.post(reverse("language"), {"language": "fr", "next": "/"})
    body = editor_client.get("/admin/").content.decode()
    assert '<html lang="fr"' in body
    assert "Site d\u2019administration" in body  # Django's own admin translation
    assert "Administration de Prépa entretiens" in body  # ours
