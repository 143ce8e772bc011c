"""Short answers, key-point misconceptions and renamed topics: stored, moved, served."""

from __future__ import annotations

import json

import pytest

from interview.bank.models import KeyPoint, Question, Topic, TopicAlias
from interview.bank.transfer import ImportFile, ImportMode, bank_export, bank_import
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _topic_file(slug: str, name: str, **extra) -> ImportFile:
    topic = {
        "slug": slug,
        "name": name,
        "key_concepts": ["One", "Two", "Three"],
        "questions": [
            {
                "slug": "p-value",
                "prompt": "What is a p-value?",
                "official_answer": "The probability of data at least this extreme under H0.",
                "short_answer": "How surprising the data would be if the null were true.",
                "key_points": [
                    {
                        "text": "Computed assuming the null hypothesis is true",
                        "keywords": ["assuming the null"],
                        "misconceptions": ["The probability that the null hypothesis is true"],
                    }
                ],
            }
        ],
        **extra,
    }
    return ImportFile(name=f"{slug}.json", data=json.dumps(topic).encode(), format="json")


def _import(file: ImportFile):
    report = bank_import(files=[file], format="json", mode=ImportMode.UPDATE)
    assert report.ok, report.problems
    return report


def test_short_answer_and_misconceptions_are_imported_and_exported():
    _import(_topic_file("stats", "Stats"))
    question = Question.objects.get(slug="p-value")
    assert question.short_answer == "How surprising the data would be if the null were true."
    point = KeyPoint.objects.get(question=question)
    assert point.misconception_list == ["The probability that the null hypothesis is true"]

    exported = json.loads(bank_export(format="json")[0].data)
    question_json = exported["topics"][0]["questions"][0]
    assert question_json["short_answer"] == question.short_answer
    assert question_json["key_points"][0]["misconceptions"] == point.misconception_list


def test_importing_the_same_file_twice_changes_nothing():
    _import(_topic_file("stats", "Stats"))
    report = _import(_topic_file("stats", "Stats"))
    assert not report.changed


def test_a_topic_with_former_slugs_renames_the_old_topic_and_keeps_its_questions():
    old = TopicFactory(slug="statistics", name="Statistics")
    kept = QuestionFactory(topic=old, slug="kept-question")
    _import(_topic_file("inferential-statistics", "Inferential", former_slugs=["statistics"]))
    old.refresh_from_db()
    assert old.slug == "inferential-statistics"
    assert Topic.objects.count() == 1
    kept.refresh_from_db()
    assert kept.topic_id == old.pk
    assert TopicAlias.objects.get(slug="statistics").topic == old
    report = _import(
        _topic_file("inferential-statistics", "Inferential", former_slugs=["statistics"])
    )
    assert not report.changed


def test_a_fresh_bank_still_answers_the_former_slug(client):
    _import(_topic_file("inferential-statistics", "Inferential", former_slugs=["statistics"]))
    response = client.get("/topics/statistics/")
    assert response.status_code == 301
    assert response["Location"] == "/topics/inferential-statistics/"


def test_an_unknown_slug_is_still_404(client):
    assert client.get("/topics/nothing-here/").status_code == 404


def test_misconceptions_must_be_strings():
    file = _topic_file("stats", "Stats")
    data = json.loads(file.data)
    data["questions"][0]["key_points"][0]["misconceptions"] = [1]
    report = bank_import(
        files=[ImportFile(name="s.json", data=json.dumps(data).encode(), format="json")],
        format="json",
    )
    assert any("misconceptions" in problem.message for problem in report.problems)


def test_keywords_may_hold_a_comma_that_no_space_follows():
    from interview.bank.models import split_keywords

    assert split_keywords("1,234,567, shape (d,), a,b , last,") == [
        "1,234,567",
        "shape (d,)",
        "a,b",
        "last",
    ]


def test_a_topic_reference_adds_questions_after_the_topics_own():
    _import(_topic_file("stats", "Stats"))
    reference = {
        "slug": "stats",
        "questions": [{"slug": "extra", "prompt": "One more?", "official_answer": "Yes."}],
    }
    file = ImportFile(name="more.json", data=json.dumps(reference).encode(), format="json")
    _import(file)
    topic = Topic.objects.get(slug="stats")
    assert topic.name == "Stats"
    assert list(topic.questions.order_by("order").values_list("slug", flat=True)) == [
        "p-value",
        "extra",
    ]
    assert not _import(file).changed


def test_a_reference_to_an_unknown_topic_is_a_problem():
    reference = {"slug": "nowhere", "questions": [{"slug": "x", "prompt": "X?"}]}
    report = bank_import(
        files=[ImportFile(name="x.json", data=json.dumps(reference).encode(), format="json")],
        format="json",
    )
    assert any("unknown topic 'nowhere'" in problem.message for problem in report.problems)
