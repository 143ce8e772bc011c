"""Stored bank images in the admin: listed with a thumbnail and their questions, uploaded through
the import checks, never deleted while a question shows them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interview.bank.media import media_prepare, media_store
from interview.bank.models import BankMedia
from tests.anki_decks import PNG
from tests.factories import ChoiceFactory, QuestionFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/bank/bankmedia/"
ADD_URL = "/admin/bank/bankmedia/add/"
GIF = b"GIF89a" + bytes(20)


@pytest.fixture
def stored():
    images = {}
    for original, data in (("curve.png", PNG), ("unused.gif", GIF)):
        prepared = media_prepare(original=original, data=data)
        assert not isinstance(prepared, str)
        images[original] = prepared
    media_store(files=list(images.values()))
    curve = images["curve.png"]
    QuestionFactory(slug="p-value", official_answer=f"See ![curve]({curve.url}).")
    choice = QuestionFactory(slug="pick-curve", kind="multiple_choice")
    ChoiceFactory(question=choice, text=f"![curve]({curve.url})", is_correct=True)
    QuestionFactory(slug="unrelated")
    return {name: BankMedia.objects.get(name=image.name) for name, image in images.items()}


def test_the_list_shows_name_type_size_thumbnail_and_how_many_questions(editor_client, stored):
    page = editor_client.get(LIST_URL).content.decode()
    curve = stored["curve.png"]
    assert curve.name in page and "image/png" in page and str(curve.size) in page
    assert f'<img src="/media/bank/{curve.name}" alt="" height="48" loading="lazy">' in page
    assert '<td class="field-used_by_count">2</td>' in page
    assert '<td class="field-used_by_count">0</td>' in page


def test_an_image_page_lists_the_questions_that_show_it(editor_client, stored):
    page = editor_client.get(
        reverse("admin:bank_bankmedia_change", args=[stored["curve.png"].pk])
    ).content.decode()
    assert ">p-value</a>" in page and ">pick-curve</a>" in page and "unrelated" not in page
    assert f'<img src="/media/bank/{stored["curve.png"].name}"' in page


def test_an_upload_goes_through_the_import_checks(editor_client):
    response = editor_client.post(
        ADD_URL, {"upload": SimpleUploadedFile("My Plot (final).png", PNG, "image/png")}
    )
    assert response.status_code == 302
    image = BankMedia.objects.get()
    assert image.name.endswith("-My-Plot-final.png")
    assert (image.content_type, image.size, bytes(image.data)) == ("image/png", len(PNG), PNG)
    assert editor_client.get(f"/media/bank/{image.name}").content == PNG


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("drawing.svg", b"<svg onload='alert(1)'/>", "not a PNG, JPEG, GIF or WebP image"),
        ("fake.png", b"MZ\x90\x00 not an image", "not a PNG, JPEG, GIF or WebP image"),
        ("big.png", PNG + bytes(2000), "the limit is 1,000 bytes per image"),
    ],
)
def test_an_upload_that_the_import_would_refuse_is_refused(
    editor_client, settings, name, data, message
):
    settings.BANK_MEDIA_MAX_BYTES = 1000
    response = editor_client.post(ADD_URL, {"upload": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BankMedia.objects.exists()


def test_the_same_image_twice_is_said(editor_client, stored):
    response = editor_client.post(ADD_URL, {"upload": SimpleUploadedFile("again.png", PNG)})
    assert "This image is stored already, as" in response.content.decode()
    assert BankMedia.objects.count() == 2


def test_an_image_a_question_shows_cannot_be_deleted(editor_client, stored):
    curve, unused = stored["curve.png"], stored["unused.gif"]
    delete_url = reverse("admin:bank_bankmedia_delete", args=[curve.pk])
    page = editor_client.post(delete_url, {"post": "yes"}).content.decode()
    assert f"{curve.name} is shown by question p-value" in page
    assert f"{curve.name} is shown by question pick-curve" in page
    page = editor_client.post(
        LIST_URL,
        {"action": "delete_selected", "_selected_action": [curve.pk, unused.pk], "post": "yes"},
    ).content.decode()
    assert f"{curve.name} is shown by question p-value" in page
    assert BankMedia.objects.count() == 2  # nothing deleted while one is still shown


def test_an_unused_image_can_be_deleted(editor_client, stored):
    unused = stored["unused.gif"]
    delete_url = reverse("admin:bank_bankmedia_delete", args=[unused.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not BankMedia.objects.filter(pk=unused.pk).exists()
