"""Export then import gives the same bank, in every format; importing twice changes nothing."""

import pytest

from interview.bank.models import Question
from interview.bank.starter_bank import starter_bank_files, starter_bank_load
from interview.bank.transfer import bank_import
from tests.transfer_support import bank_snapshot, empty_the_bank, exported

pytestmark = pytest.mark.django_db


@pytest.fixture
def starter_bank():
    starter_bank_load(paths=starter_bank_files())


def test_json_round_trip_into_an_empty_bank_is_identical(starter_bank):
    before = bank_snapshot()
    files = exported("json")
    empty_the_bank()
    report = bank_import(files=files)
    assert report.ok, report.problems
    assert report.created["question"] == len(before) - 2
    assert bank_snapshot() == before


def test_importing_the_same_file_twice_changes_nothing(starter_bank):
    files = exported("json")
    stamps = dict(Question.objects.values_list("slug", "updated_at"))
    report = bank_import(files=files)
    assert report.ok, report.problems
    assert not report.changed
    assert report.unchanged["question"] == len(stamps)
    assert dict(Question.objects.values_list("slug", "updated_at")) == stamps


def _questions_as_carried(snapshot: dict) -> dict:
    """What CSV and Markdown carry: everything about a question but its order number and the
    key points' misconceptions (a JSON-only field); runnable exercises travel in JSON only."""
    topics = snapshot["topics"]
    return {
        slug: {
            **data,
            "order": None,
            "topic": topics[data["topic"]]["name"],
            "key_points": [point[:2] for point in data["key_points"]],
        }
        for slug, data in snapshot.items()
        if slug not in {"tags", "topics"} and data["kind"] not in {"sql", "python"}
    }


def _sequence() -> dict[str, list[str]]:
    """Each topic's questions in their order (exercises aside: they travel in JSON only)."""
    sequence: dict[str, list[str]] = {}
    questions = Question.objects.exclude(kind__in=["sql", "python"]).order_by("order", "id")
    for topic, slug in questions.values_list("topic__name", "slug"):
        sequence.setdefault(topic, []).append(slug)
    return sequence


@pytest.mark.parametrize("format", ["csv", "tsv", "md"])
def test_csv_tsv_and_markdown_round_trips_keep_every_question(starter_bank, format):
    before = bank_snapshot()
    sequence = _sequence()
    files = exported(format)
    empty_the_bank()
    report = bank_import(files=files, create_topics=True)
    assert report.ok, report.problems[:5]
    after = bank_snapshot()
    assert _questions_as_carried(after) == _questions_as_carried(before)
    carried = {data["topic"] for data in _questions_as_carried(before).values()}
    assert sorted(topic["name"] for topic in after["topics"].values()) == sorted(carried)
    kept = set(_questions_as_carried(before))
    wanted = {topic: [slug for slug in slugs if slug in kept] for topic, slugs in sequence.items()}
    assert _sequence() == {topic: slugs for topic, slugs in wanted.items() if slugs}
    again = bank_import(files=files)
    assert again.ok and not again.changed
