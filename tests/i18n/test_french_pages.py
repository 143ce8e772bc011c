"""Pages rendered in French speak French: their interface strings come from the catalogue and
no English interface string is left (content stays as written: it is translated as data)."""

import html
import re
from datetime import date

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from interview.practice.flashcards import services as flashcards
from interview.practice.models import Preferences
from tests.factories import StudyNoteFactory, TopicFactory, open_question_with_points

pytestmark = pytest.mark.django_db
LOCALE = settings.LOCALE_PATHS[0]


def english_interface_strings() -> list[str]:
    """The catalogue's English strings that French words differently, long enough to be
    unambiguous (single words are often shared or appear in content)."""
    with open(f"{LOCALE}/fr/LC_MESSAGES/django.po", "rb") as po_file:
        messages = [m for m in read_po(po_file, locale="fr") if m.id]
    found = []
    for message in messages:
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        for english in ids:
            if english in strings or "%" in english or "<" in english:
                continue
            if len(english) >= 8 and " " in english:
                found.append(english)
    return found


def visible_text(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    attributes = " ".join(re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', body))
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + attributes)


def english_left(response) -> list[str]:
    text = " ".join(visible_text(response).split())
    return [
        s for s in english_interface_strings() if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)
    ]


@pytest.fixture
def bank(db):
    topic = TopicFactory(name="Réseaux récurrents", slug="rnn", description="LSTM et GRU.")
    StudyNoteFactory(topic=topic, title="Portes", body="Les portes filtrent l'information.")
    question = open_question_with_points(
        topic=topic,
        prompt="Comment une LSTM évite-t-elle la disparition du gradient ?",
        instruction="",
        context="",
        official_answer="Par son état de cellule et ses portes.",
        short_answer="Par son état de cellule.",
    )
    return topic, question


@pytest.fixture
def french_alice(alice_client, alice, bank):
    Preferences.objects.create(user=alice, language="fr")
    alice_client.post(reverse("language"), {"language": "fr", "next": "/"})
    flashcards.deck_add_topic(user=alice, topic=bank[0], now=timezone.now())
    return alice_client


def test_the_home_page_in_french(french_alice):
    response = french_alice.get("/")
    body = response.content.decode()
    assert '<html lang="fr"' in body and response["Content-Language"] == "fr"
    for french in [
        "Entraînez-vous à l'entretien avant l'entretien.",
        "Question du jour",
        "Commencer un entretien blanc",
        "Se déconnecter",
        "Changer de langue",
        "<strong data-due-count>1</strong> carte à réviser maintenant",
    ]:
        assert french in html.unescape(body), french
    assert english_left(response) == []


def test_the_flashcard_pages_in_french(french_alice, bank):
    review = french_alice.get(reverse("practice:review"))
    text = html.unescape(review.content.decode())
    assert "Voir la réponse" in text and "Révision" in text
    assert english_left(review) == []
    shown = french_alice.get(reverse("practice:review") + "?show=1")
    assert "Vous en êtes-vous bien souvenu" in html.unescape(shown.content.decode())
    for label in ["À revoir", "Difficile", "Correct", "Facile"]:
        assert label in html.unescape(shown.content.decode()), label
    assert english_left(shown) == []
    cram = french_alice.get(reverse("practice:cram", args=[bank[0].slug]))
    assert "Bachotage" in html.unescape(cram.content.decode())
    assert english_left(cram) == []


@pytest.mark.parametrize(
    "url",
    [
        "/topics/",
        "/topics/rnn/",
        "/search/?q=LSTM",
        "/interviews/new/",
        "/quizzes/new/",
        "/progress/",
        "/exercises/",
        "/accounts/password/",
        "/accounts/delete/",
        "/review/settings/",
    ],
)
def test_member_pages_in_french_leave_no_english(french_alice, url):
    response = french_alice.get(url)
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()
    assert english_left(response) == []


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/nowhere/"]
)
def test_visitor_pages_in_french_leave_no_english(client, bank, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="fr"' in response.content.decode()
    assert english_left(response) == []


def test_the_question_page_in_french(client, bank):
    url = bank[1].get_absolute_url()
    response = client.get(url + "?reveal=1", HTTP_ACCEPT_LANGUAGE="fr")
    text = html.unescape(response.content.decode())
    assert "Points clés d'une bonne réponse" in text and "Réponse de référence" in text
    assert english_left(response) == []


def test_plurals_follow_the_language(client, bank):
    open_question_with_points(topic=bank[0])
    text = html.unescape(client.get("/topics/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "2 questions" in text and "1 note de cours" in text
    text = html.unescape(client.get("/topics/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "2 questions" in text and "1 study note" in text
    forms = ("%(counter)s study note", "%(counter)s study notes")
    with translation.override("fr"):
        assert translation.ngettext(*forms, 0) % {"counter": 0} == "0 note de cours"
    with translation.override("en"):
        assert translation.ngettext(*forms, 0) % {"counter": 0} == "0 study notes"


def test_dates_and_numbers_follow_the_language():
    moment = date(2026, 3, 29)
    expected = {
        "en": ("March 29, 2026", "1,234.5"),
        "fr": ("29 mars 2026", "1\u00a0234,5"),
        "de": ("29. März 2026", "1.234,5"),
    }
    for lang, (day, number) in expected.items():
        with translation.override(lang):
            assert formats.date_format(moment) == day
            assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == number


def test_the_password_reset_email_is_in_french(client, alice, mailoutbox):
    alice.email = "alice@example.com"
    alice.save()
    client.post(
        reverse("password_reset"), {"email": "alice@example.com"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    (mail,) = mailoutbox
    assert mail.subject == "Réinitialisez votre mot de passe Prépa entretiens"
    assert mail.body.startswith("Bonjour alice,")
    assert "le lien ne sert qu'une fois" in mail.body


def test_the_javascript_catalogue_in_french(client):
    body = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Temps \\u00e9coul\\u00e9" in body or "Temps écoulé" in body
    assert '"plural"' not in body or "n > 1" in body


def test_error_pages_in_french(client):
    response = client.get("/nowhere/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable" in html.unescape(response.content.decode())
    from django.template.loader import render_to_string

    with translation.override("fr"):
        assert "Le service redémarre" in render_to_string("503.html")
        assert "Une erreur s'est produite" in html.unescape(render_to_string("500.html"))
