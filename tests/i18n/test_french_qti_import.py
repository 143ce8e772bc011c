"""QTI items and content packages with problems are reported in the editor's language."""

import io
import zipfile

from django.utils import translation

from interview.bank.transfer.qti import parse_qti_item, parse_qti_package

NS = 'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"'


def item(body: str, declarations: str = "") -> str:
    return (
        f'<?xml version="1.0"?><assessmentItem {NS} identifier="i" title="T" '
        f'adaptive="false" timeDependent="false">{declarations}<itemBody>{body}</itemBody>'
        "</assessmentItem>"
    )


def messages_of_item(text: str) -> list[str]:
    with translation.override("fr"):
        parsed = parse_qti_item(name="item.xml", text=text)
    return [problem.message for problem in parsed.problems]


def messages_of_package(members: dict[str, str]) -> list[str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    with translation.override("fr"):
        parsed = parse_qti_package(name="pack.zip", data=buffer.getvalue(), limit=1_000_000)
    return [problem.message for problem in parsed.problems]


def test_qti_item_problems_in_french():
    choices = (
        '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Pick</prompt>'
        '<simpleChoice identifier="A">a</simpleChoice></choiceInteraction>'
    )
    keyed = (
        '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
        "<correctResponse><value>Z</value></correctResponse></responseDeclaration>"
    )
    assert messages_of_item(item(choices, keyed)) == [
        "l'interaction à choix n'a pas de bonne réponse"
    ]
    assert messages_of_item('<questestinterop><item ident="x"/></questestinterop>') == [
        "QTI 1.2 n'est pas encore pris en charge : exportez plutôt les questions en QTI 2.1, "
        "Moodle XML ou GIFT"
    ]
    assert messages_of_item("<quiz/>") == [
        "l'élément racine est <quiz>, pas un <assessmentItem> QTI"
    ]


def test_qti_package_problems_in_french():
    resource = (
        '<resource identifier="r" type="imsqti_item_xmlv2p1" href="missing.xml">'
        '<file href="missing.xml"/></resource>'
    )
    listed = f"<manifest><resources>{resource}</resources></manifest>"
    assert messages_of_package({"imsmanifest.xml": listed}) == [
        "'missing.xml' figure dans le manifeste mais pas dans le paquet"
    ]
    assert messages_of_package({"imsmanifest.xml": "<manifest/>"}) == [
        "le manifeste ne liste aucun item QTI 2 (imsqti_item_xmlv2p1)"
    ]
    assert messages_of_package({"other.xml": "<x/>"}) == ["aucun imsmanifest.xml dans l'archive"]
