"""A 10,000-question import is a bulk operation: a fixed number of queries per batch."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interview.bank.models import KeyPoint, Question
from interview.bank.transfer import ImportFile, bank_import
from interview.bank.transfer.importer import default_batch_size
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

PER_BATCH = 12  # read 5 (questions + 4 prefetches), write at most 7 (see importer._write_batch)
FIXED = 12  # topics, tags, next order numbers, one transaction


def spreadsheet(count: int, answer: str = "An answer") -> ImportFile:
    rows = ["slug,topic,front,back,tags,key_points"]
    rows += [
        f"q-{n},statistics,What is concept {n}?,{answer} {n},stats bulk,one; two; three"
        for n in range(count)
    ]
    return ImportFile(name="bulk.csv", data="\n".join(rows).encode(), format="csv")


def counted_import(file: ImportFile) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        report = bank_import(files=[file])
    assert report.ok, report.problems[:3]
    return len(queries), report


@pytest.fixture(autouse=True)
def statistics():
    return TopicFactory(slug="statistics", name="Statistics")


def test_importing_10000_questions_is_a_bulk_operation():
    count = 10_000
    queries, report = counted_import(spreadsheet(count))
    assert report.created["question"] == Question.objects.count() == count
    assert KeyPoint.objects.count() == 3 * count
    assert queries <= FIXED + PER_BATCH * math.ceil(count / default_batch_size())


def test_updates_and_unchanged_rows_are_batched_too():
    count = 3 * default_batch_size()
    small, _ = counted_import(spreadsheet(default_batch_size() // 2))
    created, _ = counted_import(spreadsheet(count))
    assert created <= FIXED + PER_BATCH * 3
    assert created - small <= 2 * PER_BATCH  # two more batches, not 2.5 batches' rows

    unchanged, report = counted_import(spreadsheet(count))
    assert report.unchanged["question"] == count and not report.changed
    assert unchanged <= FIXED + 5 * 3  # reads only

    updated, report = counted_import(spreadsheet(count, answer="A better answer"))
    assert report.updated["question"] == count
    assert updated <= FIXED + PER_BATCH * 3
    assert Question.objects.filter(official_answer__startswith="A better").count() == count
