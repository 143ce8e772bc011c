"""Figures on the practice pages are written the way the page's language writes them: decimal
comma and grouping from Django's formats, and the percent sign where the language puts it ("67 %"
in French, "67%" in English), while machine values (SVG coordinates) keep a decimal point."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from interview.lib import figures
from interview.practice.models import PracticeSession, SessionItem
from interview.practice.packs import reading
from tests.factories import TopicFactory, open_question_with_points

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 30, 10, 0, tzinfo=UTC)
NBSP = "\u00a0"


def finished(user, kind: str, *, coverages: list[int], score: int | None = None):
    topic = TopicFactory(name=f"Redes ({kind})", slug=f"redes-{kind}")
    question = open_question_with_points(topic=topic, prompt="What is an LSTM?")
    session = PracticeSession.objects.create(
        user=user,
        kind=kind,
        question_count=len(coverages),
        status="finished",
        created_at=T0,
        finished_at=T0 + timedelta(minutes=5),
        score_percent=score,
        correct_count=round(len(coverages) * (score or 0) / 100),
    )
    SessionItem.objects.bulk_create(
        SessionItem(
            session=session,
            position=position,
            question=question,
            topic_name=topic.name,
            topic_slug=topic.slug,
            prompt="What is an LSTM?",
            status="answered",
            shown_at=T0,
            finished_at=T0 + timedelta(minutes=1),
            coverage_percent=coverage,
            is_correct=(coverage >= 50) if kind == "quiz" else None,
        )
        for position, coverage in enumerate(coverages)
    )
    return session


def page(client, url: str, lang: str) -> str:
    client.post(reverse("language"), {"language": lang, "next": "/"})
    return html.unescape(client.get(url).content.decode())


def test_figures_follow_the_active_language():
    expected = {
        "en": ("1,000,000", "12.5%", "12%"),
        "fr": (f"1{NBSP}000{NBSP}000", f"12,5{NBSP}%", f"12{NBSP}%"),
        "de": ("1.000.000", f"12,5{NBSP}%", f"12{NBSP}%"),
        "pt": ("1.000.000", "12,5%", "12%"),
    }
    for lang, (big, share, whole) in expected.items():
        with translation.override(lang):
            assert (figures.number(1_000_000), figures.percent(12.5), figures.percent(12)) == (
                big,
                share,
                whole,
            ), lang


def test_the_interview_list_writes_the_average_coverage_as_french_does(alice_client, alice):
    finished(alice, "interview", coverages=[50, 75, 75])
    assert f"<td>67{NBSP}%</td>" in page(alice_client, reverse("practice:interview_list"), "fr")
    assert "<td>67%</td>" in page(alice_client, reverse("practice:interview_list"), "en")


def test_the_interview_report_writes_the_average_coverage_as_french_does(alice_client, alice):
    session = finished(alice, "interview", coverages=[50, 75, 75])
    body = page(alice_client, reverse("practice:interview_report", args=[session.pk]), "fr")
    assert re.search(rf"Couverture moyenne\s*</dt>\s*<dd>67{NBSP}%</dd>", body)


def test_quiz_scores_are_written_as_french_does(alice_client, alice):
    session = finished(alice, "quiz", coverages=[100, 0], score=50)
    assert f"1 / 2 (50{NBSP}%)" in page(alice_client, reverse("practice:quiz_list"), "fr")
    review = page(alice_client, reverse("practice:quiz_review", args=[session.pk]), "fr")
    assert f"1 / 2 (50{NBSP}%)" in review


def test_the_progress_page_localizes_percentages_but_not_chart_coordinates(alice_client, alice):
    finished(alice, "interview", coverages=[50, 75, 75])
    finished(alice, "quiz", coverages=[100, 0], score=50)
    body = page(alice_client, reverse("practice:progress"), "fr")
    circles = re.findall(r'<circle cx="([^"]*)" cy="([^"]*)"', body)
    assert circles
    for value in [v for pair in circles for v in pair]:
        assert re.fullmatch(r"\d+\.\d", value), value
    grid = re.findall(r'<line class="grid" x1="\d+" x2="\d+" y1="([^"]*)"', body)
    assert grid and all(re.fullmatch(r"\d+\.\d", y) for y in grid), grid
    assert f">100{NBSP}%</text>" in body
    assert f"<td>50{NBSP}%</td>" in body
    assert f"<td>67{NBSP}%</td>" in body


def test_the_question_statistics_write_the_share_answered_well_as_french_does(editor_client, alice):
    finished(alice, "quiz", coverages=[100], score=100)
    body = page(editor_client, reverse("practice:item_statistics"), "fr")
    assert f"<td>100{NBSP}% (1)" in body


def test_the_study_pack_length_limit_is_grouped_as_french_does():
    with translation.override("fr"), pytest.raises(reading.ReadError) as error:
        reading.check_text("x" * (reading.MAX_TEXT_CHARS + 1))
    assert f"1{NBSP}000{NBSP}000 caractères" in str(error.value)
