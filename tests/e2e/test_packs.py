"""A candidate turns a lecture PDF into a study pack: upload, review and edit the draft (htmx),
save, review its flashcards and take its quiz; the new pages pass axe."""

import pytest
from playwright.sync_api import expect

from interview.bank.models import Question, Topic
from interview.practice.models import PracticeSession, ReviewLog
from tests.e2e.test_interview import log_in
from tests.e2e.test_pages import axe_problems
from tests.factories import UserFactory
from tests.pdf_support import make_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LECTURE_PAGES = [
    [
        "Ensemble methods",
        "Bagging is an ensemble method that trains models on bootstrap samples of the data.",
        "Boosting is an ensemble method that fits each new model to the errors of the last.",
        "A random forest is an ensemble of decision trees that also samples the features.",
    ],
    [
        "Evaluation",
        "Precision is the fraction of predicted positives that are actually positive.",
        "Recall is the fraction of actual positives that the classifier finds.",
        "Cross-validation is a procedure that trains and tests a model on several folds.",
    ],
]


def pack_page_paths(user) -> list[tuple[str, str]]:
    """A draft and a saved pack of the lecture for `user`: their pages (path, label), the
    upload page first; the pages every pack browser check walks."""
    from django.utils import timezone

    from interview.practice.packs import services

    text = "\n\n".join("\n\n".join(p) for p in LECTURE_PAGES)
    draft = services.draft_create(
        user=user, title="Ensembles", text=text, source_name="a.md", now=timezone.now()
    )
    saved = services.draft_save(
        draft=services.draft_create(
            user=user, title="Saved", text=text, source_name="a.md", now=timezone.now()
        ),
        now=timezone.now(),
    )
    card = draft.data["cards"][0]["id"]
    return [
        ("/packs/", "upload"),
        (draft.get_absolute_url(), "draft review"),
        (f"{draft.get_absolute_url()}cards/{card}/", "draft card edit"),
        (saved.get_absolute_url(), "saved pack"),
        (f"/packs/{saved.slug}/delete/", "pack delete"),
    ]


def test_upload_a_lecture_pdf_edit_save_review_and_take_the_quiz(
    page, live_server, alice, tmp_path
):
    lecture = tmp_path / "ensembles-lecture.pdf"
    lecture.write_bytes(make_pdf(LECTURE_PAGES))
    log_in(page, live_server)
    page.get_by_role("link", name="Study packs").click()
    page.get_by_label("Notes file").set_input_files(str(lecture))
    page.get_by_role("button", name="Make a draft").click()
    expect(page.get_by_text("Draft ready")).to_be_visible()
    expect(page.get_by_role("heading", name="Draft: ensembles lecture")).to_be_visible()
    page.wait_for_load_state("load")

    # Edit a card in place (htmx swaps the item), then delete another.
    bagging = page.locator(".draft-item", has_text="What is Bagging?")
    bagging.get_by_text("Edit").click()
    bagging.get_by_label("Back").fill("Bagging averages models fitted on bootstrap samples.")
    bagging.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("paragraph").filter(has_text="Bagging averages models fitted on")
    ).to_be_visible()
    expect(bagging.locator("details.edit-item")).not_to_have_attribute("open", "")
    boosting = page.locator("#cards .draft-item", has_text="What is Boosting?")
    boosting.get_by_role("button", name="Delete").click()
    expect(page.locator("#cards .draft-item", has_text="What is Boosting?")).to_have_count(0)

    page.get_by_role("button", name="Save the pack").click()
    expect(page.get_by_text("Your private study pack")).to_be_visible()
    topic = Topic.objects.get(owner=alice)
    assert not Question.objects.filter(topic=topic, prompt="What is Boosting?").exists()
    assert Question.objects.get(topic=topic, prompt="What is Bagging?").short_answer == (
        "Bagging averages models fitted on bootstrap samples."
    )

    # Its flashcards are in the review queue.
    page.get_by_role("link", name="Review", exact=True).click()
    page.wait_for_load_state("load")
    remaining = page.locator("[data-queue-remaining]")
    before = int(remaining.inner_text())
    page.keyboard.press("Space")
    expect(page.locator("[data-card-back]")).to_be_visible()
    page.keyboard.press("3")
    expect(remaining).to_have_text(str(before - 1))
    assert ReviewLog.objects.filter(card__question__topic=topic).count() == 1

    # Its quiz.
    page.goto(live_server.url + "/quizzes/new/")
    page.get_by_label(topic.name).check()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_label("At the end").check()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    page.wait_for_load_state("load")
    session = PracticeSession.objects.get(kind="quiz")
    for position in range(2):
        item = session.items.get(position=position)
        if item.is_cloze:  # a fill-in-the-blank card of the pack
            page.get_by_label("Blank 1").fill(item.choices[0]["answers"][0])
        else:
            right = next(c["text"] for c in item.choices if c["is_correct"])
            page.get_by_label(right, exact=True).check()
        expect(page.locator("#selection-state")).to_contain_text("Saved at")
        page.wait_for_load_state("networkidle")
        if position == 0:
            page.get_by_role("link", name="Next →").click()
            expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    page.get_by_role("button", name="Finish quiz").click()
    expect(page.get_by_text("2 / 2 (100%)")).to_be_visible()
    assert page.console_problems == []


def test_bob_gets_404_on_alices_pack_in_the_browser(page, live_server, alice):
    from django.utils import timezone

    from interview.practice.packs import services

    draft = services.draft_create(
        user=alice,
        title="Ensembles",
        text="\n".join(" ".join(p) for p in LECTURE_PAGES) + "\n",
        source_name="a.md",
        now=timezone.now(),
    )
    draft_url = draft.get_absolute_url()
    topic = services.draft_save(
        draft=services.draft_create(
            user=alice,
            title="Saved",
            text="\n\n".join("\n\n".join(p) for p in LECTURE_PAGES),
            source_name="a.md",
            now=timezone.now(),
        ),
        now=timezone.now(),
    )
    UserFactory(username="bob")
    log_in(page, live_server, username="bob")
    for url in (draft_url, topic.get_absolute_url()):
        response = page.goto(live_server.url + url)
        assert response.status == 404


def test_pack_pages_pass_axe_in_light_and_dark(phone, live_server, alice):
    paths = [path for path, _label in pack_page_paths(alice)]
    log_in(phone, live_server)
    problems = []
    for path in paths:
        for scheme in ("light", "dark"):
            phone.emulate_media(color_scheme=scheme)
            phone.goto(live_server.url + path)
            phone.wait_for_load_state("load")
            problems += [f"[{scheme}] {p}" for p in axe_problems(phone, path)]
    assert problems == []
