"""The admin's question import in French: the form, the dry-run report and its problems and
notes speak the editor's language (the file names and slugs stay as written)."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from interview.bank.models import Question
from interview.bank.transfer import ExportError, bank_export
from interview.lib.figures import number

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/bank/question/import/"
FORM_ENGLISH = [
    "Files",
    "From the content",
    "Questions already in the bank",
    "Update them to match the file",
    "Leave them alone (only create new questions)",
    "Create topics named in the files that are not in the bank yet",
    "Topic for questions whose file names none",
    "Language of the files",
    "Check (dry run)",
    "at most",
]


def text_of(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    values = " ".join(re.findall(r'value="([^"]*)"', body))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + values).split())


def french_post(client, name: str, data: bytes, **fields):
    upload = SimpleUploadedFile(name, data)
    form = {"files": upload, "mode": "update", "format": "", **fields}
    return client.post(IMPORT_URL, form, HTTP_ACCEPT_LANGUAGE="fr")


def test_the_import_form_in_french(editor_client):
    text = text_of(editor_client.get(IMPORT_URL, HTTP_ACCEPT_LANGUAGE="fr"))
    for french in [
        "Fichiers",
        "D'après le contenu",
        "Questions déjà dans la banque",
        "Les mettre à jour d'après le fichier",
        "Langue des fichiers",
        "Vérifier (simulation)",
        "Mo au plus en tout",
    ]:
        assert french in text, french
    for english in FORM_ENGLISH:
        assert not re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text), english


def test_a_dry_run_report_in_french(editor_client):
    rows = "What is a p-value?\tThe probability of data at least as extreme.\n"
    data = ("#separator:tab\n#html:false\n" + rows * 2).encode()
    response = french_post(editor_client, "stats_cards.tsv", data, create_topics="on")
    text = text_of(response)
    assert "Simulation : rien n'a encore été écrit" in text
    # the notes: the repeated row left out, the topic taken from the file name
    assert "1 répétition(s) exacte(s) d'une question dans le même fichier" in text
    assert "1 question(s) sans thème : thème 'Stats cards' tiré du nom du fichier" in text
    assert "taken from the file name" not in text and "exact repeat" not in text
    assert "Importer maintenant" in text and "Import now" not in text
    assert not Question.objects.exists()


def test_problems_of_a_dry_run_in_french(editor_client):
    data = b"#separator:tab\n#deck:No Such Topic\nWhat is power?\tRejecting a false null.\n"
    text = text_of(french_post(editor_client, "unknown.tsv", data))
    assert "Rien ne peut être importé" in text
    assert "thème inconnu 'No Such Topic' : créez-le d'abord" in text
    assert "unknown topic" not in text
    empty = text_of(french_post(editor_client, "empty.csv", b"  \n"))
    assert "le fichier est vide" in empty and "the file is empty" not in empty
    rows = b"prompt,answer,difficulty\n,An answer.,easy\nWhat is power?,Rejecting.,hard,extra\n"
    per_row = text_of(french_post(editor_client, "rows.csv", rows))
    assert "« prompt » est absent ou vide" in per_row
    assert "la ligne a 4 champs mais le fichier a 3 colonnes" in per_row
    assert "missing or empty" not in per_row and "fields but the file has" not in per_row
    markdown = text_of(french_post(editor_client, "notes.md", b"# Statistics\n\nNo questions.\n"))
    assert "aucun titre '## Question' dans le fichier" in markdown
    assert "headings in the file" not in markdown
    data = b"::Q1:: What is a p-value? {=A probability\n"
    gift = text_of(french_post(editor_client, "quiz.gift", data, format="gift"))
    assert "un bloc de réponses ouvert par '{' n'est jamais fermé" in gift
    assert "is never closed" not in gift
    xml = text_of(french_post(editor_client, "quiz.xml", b"<?xml version='1.0'?><other/>"))
    assert "l'élément racine est <other>, pas le <quiz> de Moodle" in xml
    assert "root element is" not in xml


def test_the_size_error_in_french_with_french_figures(editor_client, settings):
    settings.BANK_IMPORT_MAX_FILE_BYTES = 1000
    data = b"prompt,answer\n" + b"What is a p-value?,A probability.\n" * 60
    text = text_of(french_post(editor_client, "big.csv", data))
    with translation.override("fr"):
        size, limit = number(len(data)), number(1000)
    expected = f"L'envoi fait {size} octets ; la limite est de {limit} octets."
    assert " ".join(expected.split()) in text  # the page's text with its spaces evened out
    assert size != f"{len(data):,}"  # French groups the thousands its own way
    assert "The upload is" not in text


def test_export_errors_in_french():
    with translation.override("fr"), pytest.raises(ExportError) as unknown_format:
        bank_export(format="docx")
    assert str(unknown_format.value).startswith("format inconnu 'docx' : choisissez parmi json")
    with translation.override("fr"), pytest.raises(ExportError) as unknown_topic:
        bank_export(format="json", topic_slugs=["nope"])
    assert str(unknown_topic.value) == "thème(s) inconnu(s) : nope"


def test_the_bank_app_is_named_in_french_in_the_admin(editor_client):
    text = text_of(editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Banque de questions" in text and "Question bank" not in text
