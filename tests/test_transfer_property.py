"""Property: exporting any bank and importing it into an empty bank gives the same bank."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils.text import slugify
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interview.bank.models import Choice, KeyPoint, Question, StudyNote, Tag, Topic
from interview.bank.transfer import bank_import
from tests.transfer_support import bank_snapshot, empty_the_bank, exported

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=25,
    database=None,  # no .hypothesis folder in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLUGS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
URLS = st.sampled_from(["", "https://example.com/", "https://example.org/a?b=c#d"])
# JSON carries any text; CSV and Markdown get plain single-line text (they strip and structure).
ANY_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
    max_size=40,
)
PLAIN_TEXT = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,?!'-]{0,30}[A-Za-z0-9.?!]", fullmatch=True)
WORDS = st.from_regex(r"[a-z]{1,8}( [a-z]{1,8})?", fullmatch=True)


def _nonblank(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return text.filter(lambda value: value.strip())


@st.composite
def banks(draw: st.DrawFn, *, text: st.SearchStrategy[str], plain: bool) -> dict[str, Any]:
    """Topics, tags and questions of every kind, with links between the questions."""
    line = PLAIN_TEXT  # key points, option texts, titles: one line, no surrounding spaces
    tag_names = draw(
        st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True) if plain else WORDS, max_size=4)
    )
    tags = {name: name if plain else draw(SLUGS) for name in dict.fromkeys(tag_names)}
    if len(set(tags.values())) < len(tags):
        tags = {name: slugify(name) for name in tags}
    topic_names = draw(st.lists(WORDS.map(str.title), min_size=1, max_size=3, unique=True))
    topic_names = list({slugify(name): name for name in topic_names}.values())
    topics = [
        {
            "slug": slugify(name) if plain else draw(SLUGS) + f"-{number}",
            "name": name,
            "description": draw(text),
            "key_concepts": draw(st.lists(line, max_size=3)),
            "order": draw(st.integers(0, 5)),
            "tags": draw(st.lists(st.sampled_from(sorted(tags)), unique=True)) if tags else [],
            "notes": [
                {"title": title, "body": draw(text)}
                for title in draw(st.lists(line, max_size=2, unique=True))
            ],
        }
        for number, name in enumerate(topic_names)
    ]
    slugs = draw(st.lists(SLUGS, min_size=1 if plain else 0, max_size=6, unique=True))
    questions = []
    for order, slug in enumerate(slugs):
        # Runnable exercises travel in JSON only (CSV and Markdown leave them out).
        kind = draw(
            st.sampled_from(
                # the Markdown layout does not carry the cloze kind yet: JSON only
                [k for k in Question.Kind.values if k not in {"sql", "python", "cloze"}]
                if plain
                else [k for k in Question.Kind.values if k not in {"sql", "python"}]
            )
        )
        choices = []
        if kind == Question.Kind.MULTIPLE_CHOICE:
            correct = draw(st.lists(st.booleans(), min_size=2, max_size=4).filter(any))
            choices = [
                {"text": draw(line), "is_correct": is_correct, "explanation": draw(text).strip()}
                for is_correct in correct
            ]
        questions.append(
            {
                "slug": slug,
                "topic": draw(st.sampled_from(topics))["slug"],
                "kind": kind,
                "prompt": draw(line if plain else _nonblank(text))
                + (  # a cloze question holds a blank
                    " {{c1::" + draw(st.from_regex(r"[a-z]{1,8}", fullmatch=True)) + "}}"
                    if kind == Question.Kind.CLOZE
                    else ""
                ),
                "instruction": draw(text),
                "context": draw(text),
                "official_answer": draw(text),
                "difficulty": draw(st.sampled_from(Question.Difficulty.values)),
                "status": draw(st.sampled_from(Question.Status.values)),
                "source_title": draw(text),
                "source_url": draw(URLS),
                "order": order if plain else draw(st.integers(0, 50)),
                "tags": draw(st.lists(st.sampled_from(sorted(tags)), unique=True)) if tags else [],
                "key_points": [
                    (draw(line), draw(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True))))
                    for _ in range(draw(st.integers(0, 3)))
                ],
                "choices": choices,
                "related": draw(st.lists(st.sampled_from(slugs), unique=True)) if slugs else [],
            }
        )
    return {"tags": tags, "topics": topics, "questions": questions}


def build(bank: dict[str, Any]) -> None:
    tags = {name: Tag.objects.create(name=name, slug=slug) for name, slug in bank["tags"].items()}
    topics = {}
    for data in bank["topics"]:
        topic = Topic.objects.create(
            slug=data["slug"],
            name=data["name"],
            description=data["description"],
            key_concepts="\n".join(data["key_concepts"]),
            order=data["order"],
        )
        topic.tags.set([tags[name] for name in data["tags"]])
        for order, note in enumerate(data["notes"]):
            StudyNote.objects.create(topic=topic, order=order, **note)
        topics[topic.slug] = topic
    questions = {}
    for data in bank["questions"]:
        fields = {
            key: value
            for key, value in data.items()
            if key not in {"topic", "tags", "key_points", "choices", "related"}
        }
        question = Question.objects.create(topic=topics[data["topic"]], **fields)
        question.tags.set([tags[name] for name in data["tags"]])
        for order, (text, keywords) in enumerate(data["key_points"]):
            KeyPoint.objects.create(
                question=question, order=order, text=text, keywords=", ".join(keywords)
            )
        for order, choice in enumerate(data["choices"]):
            Choice.objects.create(question=question, order=order, **choice)
        questions[question.slug] = question
    for data in bank["questions"]:
        questions[data["slug"]].related.set([questions[slug] for slug in data["related"]])


def round_trip(bank: dict[str, Any], format: str) -> tuple[dict, dict]:
    with transaction.atomic():
        build(bank)
        before = bank_snapshot()
        files = exported(format)
        empty_the_bank()
        report = bank_import(files=files, create_topics=True)
        assert report.ok, report.problems
        after = bank_snapshot()
        again = bank_import(files=files)
        assert again.ok and not again.changed
        transaction.set_rollback(True)
    return before, after


@SETTINGS
@given(bank=banks(text=ANY_TEXT, plain=False))
# A tag whose name is another tag's slug (found by this property): the name was matched
# against the slugs and the two tags became one.
@example(
    bank={
        "tags": {"a": "b", "b": "0"},
        "topics": [
            {
                "slug": "0-0",
                "name": "A",
                "description": "",
                "key_concepts": [],
                "order": 0,
                "tags": [],
                "notes": [],
            }
        ],
        "questions": [],
    }
)
def test_json_export_then_import_is_the_identity(bank):
    before, after = round_trip(bank, "json")
    assert after == before


def _carried(snapshot: dict) -> dict:
    """What CSV and Markdown carry: questions with their topic's name (not order numbers, nor
    topic details)."""
    names = {slug: topic["name"] for slug, topic in snapshot["topics"].items()}
    questions = {
        slug: {**data, "topic": names[data["topic"]], "order": None}
        for slug, data in snapshot.items()
        if slug not in {"tags", "topics"}
    }
    used = {tag for question in questions.values() for tag in question["tags"]}
    return {
        "questions": questions,
        "tags": {slug: name for slug, name in snapshot["tags"].items() if slug in used},
    }


@pytest.mark.parametrize("format", ["csv", "md"])
@SETTINGS
@given(bank=banks(text=PLAIN_TEXT | st.just(""), plain=True))
def test_csv_and_markdown_export_then_import_keep_the_questions(bank, format):
    before, after = round_trip(bank, format)
    assert _carried(after) == _carried(before)
