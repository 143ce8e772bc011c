"""Every page type, logged out and in, admin included: no horizontal overflow on a 360 px
phone, readable code in dark mode, and no serious or critical axe-core violation in light or
dark mode (axe-core vendored in tests/e2e/vendor, injected by the test only)."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.practice.flashcards import services as flashcards
from interview.practice.interviews import services as interviews
from interview.practice.interviews import single
from interview.practice.quizzes import services as quizzes
from tests.conftest import PASSWORD
from tests.factories import TopicFactory, UserFactory, open_question_with_points, quiz_question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CODE = "Read it:\n\n```python\ndef mean(values):\n    return sum(values) / len(values)\n```\n"


@pytest.fixture
def site(transactional_db):
    alice = UserFactory(username="alice", is_staff=True, is_superuser=True)
    topic = TopicFactory(name="Statistics & Testing", slug="stats")
    question = open_question_with_points(
        topic=topic, prompt="What does this `mean` function compute?", official_answer=CODE
    )
    for n in range(3):
        quiz_question(topic=topic, prompt=f"Which option `{n}` is right?")
    now = timezone.now()
    interview = interviews.interview_create(
        user=alice, topics=[topic], question_count=1, seconds_per_question=300, now=now,
        question_ids=[question.pk],
    )  # fmt: skip
    quiz = quizzes.quiz_create(
        user=alice, topics=[topic], question_count=2, time_limit_seconds=600,
        feedback="end", now=now,
    )  # fmt: skip
    flashcards.deck_add_topic(user=alice, topic=topic, now=now)
    attempt = single.question_answer(
        user=alice, question_id=question.pk, text="It computes the average.", now=now
    )
    return {
        "topic": topic, "question": question, "interview": interview, "quiz": quiz,
        "attempt": attempt,
    }  # fmt: skip


def public_pages(site) -> list[str]:
    return [
        "/",
        "/topics/",
        site["topic"].get_absolute_url(),
        f"/questions/{site['question'].pk}/",
        "/search/?q=mean",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/sent/",
    ]


def member_pages(site) -> list[str]:
    return [
        *public_pages(site)[:5],
        "/search/?q=mean&topic=stats&difficulty=medium&kind=open&unanswered=on",
        f"/questions/{site['question'].pk}/answers/{site['attempt'].pk}/",
        "/interviews/",
        "/interviews/new/",
        site["interview"].get_absolute_url(),
        "/quizzes/",
        "/quizzes/new/",
        site["quiz"].get_absolute_url(),
        "/review/",
        "/review/deck/",
        "/progress/",
        "/exercises/",
        "/accounts/password/",
        "/accounts/delete/",
        "/admin/",
        "/admin/bank/question/",
        f"/admin/bank/question/{site['question'].pk}/change/",
    ]


def log_in(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-3)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
"""


def axe_problems(page, path: str) -> list[str]:
    # Colours still fading (a CSS transition after a colour-scheme switch, the admin's links)
    # would be measured half-way: axe runs on the settled page.
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null)))"
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)})))"
    )
    return [
        f"{path}: {v['id']} ({v['impact']}) {v['nodes']}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def sweep(page, live_server, paths) -> tuple[list[str], list[str]]:
    wide, problems = [], []
    for path in paths:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            extra = overflow(page)
            if extra > 0:
                widest = page.evaluate(WIDEST)
                wide.append(f"{path} ({scheme}): {extra} px wider than the screen: {widest}")
            problems += [f"[{scheme}] {p}" for p in axe_problems(page, path)]
    return wide, problems


def test_every_public_page_fits_a_phone_and_passes_axe(phone, live_server, site):
    wide, problems = sweep(phone, live_server, public_pages(site))
    assert not wide + problems, "\n".join(wide + problems)


def test_every_member_and_admin_page_fits_a_phone_and_passes_axe(phone, live_server, site):
    log_in(phone, live_server)
    wide, problems = sweep(phone, live_server, member_pages(site))
    assert not wide + problems, "\n".join(wide + problems)


def contrast(page, selector: str) -> float:
    return page.evaluate(
        """sel => {
          const el = document.querySelector(sel);
          const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          let bgEl = el, bg = getComputedStyle(el).backgroundColor;
          while (bg === 'rgba(0, 0, 0, 0)' && bgEl.parentElement) {
            bgEl = bgEl.parentElement; bg = getComputedStyle(bgEl).backgroundColor; }
          const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(bg));
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        selector,
    )


@pytest.mark.parametrize("how", ["system", "chosen"])
def test_code_is_readable_in_dark_mode(phone, live_server, site, how):
    url = live_server.url + f"/questions/{site['question'].pk}/?reveal=1"
    if how == "system":
        phone.emulate_media(color_scheme="dark")
        phone.goto(url)
    else:
        phone.emulate_media(color_scheme="light")
        phone.goto(url)
        phone.get_by_role("button", name="Dark").click()
        expect(phone.locator("html")).to_have_attribute("data-theme", "dark")
    expect(phone.locator(".md pre code").first).to_be_visible()
    assert contrast(phone, ".md pre code") >= 7
    assert contrast(phone, ".md pre code .k, .md pre code .nf") >= 4.5
