"""Dates on the practice pages are written the way the page's language writes them (Django's
locale formats, English tuned in interview.formats), and interval labels take the language's
plural ("1 mês", "2 meses")."""

import html
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from interview.practice.flashcards.scheduling import format_interval
from tests.i18n.test_number_formats import finished

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 30, 10, 0, tzinfo=UTC)


def page(client, url: str, lang: str) -> str:
    client.post(reverse("language"), {"language": lang, "next": "/"})
    return html.unescape(client.get(url).content.decode())


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("en", "30 Mar 2026, 10:00"),
        ("de", "30.03.2026 10:00"),
        ("fr", "30/03/2026 10:00"),
        ("pt", "30/03/2026 10:00"),
    ],
)
def test_the_interview_list_writes_its_dates_in_the_pages_language(
    alice_client, alice, lang, written
):
    finished(alice, "interview", coverages=[50])
    body = page(alice_client, reverse("practice:interview_list"), lang)
    assert written in body


def test_no_practice_page_writes_the_english_month_order_in_german(alice_client, alice):
    finished(alice, "quiz", coverages=[100], score=100)
    body = page(alice_client, reverse("practice:quiz_list"), "de")
    assert "30 Mar 2026" not in body and "30 Mär 2026" not in body
    assert "30.03.2026" in body


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("en", "1mo", "2mo"),
        ("pt", "1 mês", "2 meses"),
        ("es", "1 mes", "2 meses"),
        ("it", "1 mese", "2 mesi"),
        ("fr", "1 mois", "2 mois"),
    ],
)
def test_month_intervals_take_the_languages_plural(lang, one, two):
    with translation.override(lang):
        assert format_interval(timedelta(days=31)) == one
        assert format_interval(timedelta(days=62)) == two
