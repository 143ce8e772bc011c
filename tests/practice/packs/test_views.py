"""Study pack pages: upload, review and edit the draft (htmx and plain forms), save, export,
delete; another user gets 404 on every URL of a draft or a pack."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Question, StudyNote, Topic
from interview.practice.models import Card, PackDraft, PracticeSession, ReviewLog, SessionItem
from tests.practice.packs.test_generator import LECTURE

pytestmark = pytest.mark.django_db


def test_pasted_text_makes_a_draft(alice_client):
    response = alice_client.post(reverse("practice:pack_upload"), {"text": LECTURE})
    draft = PackDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.title == "Linear models" and draft.source_name == "pasted text"
    page = alice_client.get(draft.get_absolute_url()).content.decode()
    assert "What is Lasso?" in page and "Which term is described here?" in page
    assert "Source (Linear models): “Lasso: a linear model" in page


def test_upload_needs_a_login(client):
    response = client.get(reverse("practice:pack_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _card(draft, term):
    return next(c for c in draft.data["cards"] if c["term"] == term)


def test_edit_a_card_with_htmx_returns_the_item(alice_client, alice_draft):
    card = _card(alice_draft, "Lasso")
    url = reverse("practice:pack_draft_item", args=[alice_draft.pk, "cards", card["id"]])
    response = alice_client.post(
        url,
        {"front": "What does Lasso do?", "back": "Shrinks weights to zero."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        body.lstrip().startswith('<li class="draft-item" id="cards-') and "Shrinks weights" in body
    )
    alice_draft.refresh_from_db()
    assert _card(alice_draft, "Lasso")["back"] == "Shrinks weights to zero."


def test_edit_without_js_redirects_back_and_a_bad_edit_is_refused(alice_client, alice_draft):
    card = _card(alice_draft, "Lasso")
    url = reverse("practice:pack_draft_item", args=[alice_draft.pk, "cards", card["id"]])
    response = alice_client.post(url, {"front": "Q?", "back": "A."})
    assert response.status_code == 302 and response["Location"].endswith(f"#cards-{card['id']}")
    refused = alice_client.post(url, {"front": "", "back": "A."}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and "needs a front and a back" in refused.content.decode()
    assert alice_client.get(url).status_code == 200  # the plain edit page


def test_edit_a_quiz_question_checks_the_options(alice_client, alice_draft):
    question = alice_draft.data["questions"][0]
    url = reverse("practice:pack_draft_item", args=[alice_draft.pk, "questions", question["id"]])
    values = {"prompt": "Pick one", "options": "A\nB\nB\n", "answer": "3", "explanation": ""}
    refused = alice_client.post(url, values, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and "correct option" in refused.content.decode()
    values["answer"] = "2"
    assert alice_client.post(url, values, HTTP_HX_REQUEST="true").status_code == 200
    alice_draft.refresh_from_db()
    changed = alice_draft.data["questions"][0]
    assert changed["options"] == ["A", "B"] and changed["answer"] == 1


def test_delete_and_add_cards(alice_client, alice_draft):
    card = _card(alice_draft, "Lasso")
    url = reverse("practice:pack_draft_item_delete", args=[alice_draft.pk, "cards", card["id"]])
    assert alice_client.post(url, HTTP_HX_REQUEST="true").content == b""
    assert alice_client.post(url).status_code == 302  # a second delete changes nothing
    add = reverse("practice:pack_draft_card_add", args=[alice_draft.pk])
    alice_client.post(add, {"front": "What is a tensor?", "back": "An array with any axes."})
    alice_draft.refresh_from_db()
    terms = [c["term"] for c in alice_draft.data["cards"]]
    assert "Lasso" not in terms
    assert alice_draft.data["cards"][-1]["front"] == "What is a tensor?"


def test_save_makes_a_private_topic_with_notes_cards_and_quiz(alice, alice_client, alice_draft):
    n_cards = len(alice_draft.data["cards"])
    n_quiz = len(alice_draft.data["questions"])
    response = alice_client.post(reverse("practice:pack_draft_save", args=[alice_draft.pk]))
    topic = Topic.objects.get(owner=alice)
    assert response["Location"] == topic.get_absolute_url()
    assert not PackDraft.objects.exists()
    assert list(StudyNote.objects.filter(topic=topic).values_list("title", flat=True)) == [
        "Linear models",
        "Optimisation",
        "Evaluation",
    ]
    assert topic.key_concept_list
    questions = Question.objects.filter(topic=topic)
    n_cloze = sum(1 for c in alice_draft.data["cards"] if c["kind"] == "cloze")
    assert questions.filter(kind="open").count() == n_cards - n_cloze
    assert questions.filter(kind="cloze").count() == n_cloze > 0
    quiz = questions.filter(kind="multiple_choice")
    assert quiz.count() == n_quiz
    assert all(q.status == "published" for q in questions)
    lasso = questions.get(prompt="What is Lasso?")
    assert lasso.short_answer.startswith("Lasso: a linear model")
    cloze = questions.filter(kind="cloze").first()
    card = next(c for c in alice_draft.data["cards"] if c["kind"] == "cloze")
    assert questions.filter(prompt=card["front"].replace("_____", "{{c1::" + card["back"] + "}}"))
    assert cloze.short_answer and "_____" not in cloze.prompt
    first = quiz.first()
    right = first.choices.get(is_correct=True)
    assert first.choices.count() == 4 and right.explanation
    assert Card.objects.filter(user=alice, question__topic=topic).count() == n_cards
    page = alice_client.get(topic.get_absolute_url()).content.decode()
    assert "Your private study pack" in page


def test_saved_pack_is_in_the_users_lists_and_pickers(alice_client, alice_pack):
    assert alice_pack.name in alice_client.get(reverse("bank:topic_list")).content.decode()
    assert alice_pack.name in alice_client.get(reverse("practice:pack_list")).content.decode()
    quiz_form = alice_client.get(reverse("practice:quiz_new")).content.decode()
    assert alice_pack.name in quiz_form
    interview_form = alice_client.get(reverse("practice:interview_new")).content.decode()
    assert alice_pack.name in interview_form
    review = alice_client.get(reverse("practice:review")).content.decode()
    assert "What is" in review or "[…]" in review


def test_a_quiz_and_an_interview_on_the_pack_start(alice_client, alice_pack):
    response = alice_client.post(
        reverse("practice:quiz_new"),
        {"topics": [alice_pack.pk], "question_count": 5, "time_limit": 0, "feedback": "end"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = PracticeSession.objects.get(kind="quiz")
    assert set(session.plan) <= set(
        Question.objects.filter(topic=alice_pack).values_list("id", flat=True)
    )


def test_two_users_may_name_their_packs_alike(alice, bob):
    from django.utils import timezone

    from interview.practice.packs import services

    for user in (alice, bob, alice):
        draft = services.draft_create(
            user=user, title="Week 1", text=LECTURE, source_name="a.md", now=timezone.now()
        )
        services.draft_save(draft=draft, now=timezone.now())
    assert sorted(Topic.objects.values_list("name", flat=True)) == [
        "Week 1",
        "Week 1",
        "Week 1 (2)",
    ]


def test_export_json_and_anki_csv(alice_client, alice_pack):
    response = alice_client.get(reverse("practice:pack_export", args=[alice_pack.slug, "json"]))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    [topic] = data["topics"]
    assert topic["name"] == alice_pack.name and len(topic["questions"]) > 5
    response = alice_client.get(reverse("practice:pack_export", args=[alice_pack.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[0] for r in rows if r[0] == "What is Lasso?"] == ["What is Lasso?"]
    assert (
        alice_client.get(reverse("practice:pack_export", args=[alice_pack.slug, "xml"])).status_code
        == 404
    )


def test_delete_asks_then_removes_the_pack_with_cards_and_history(alice, alice_client, alice_pack):
    from django.utils import timezone

    url = reverse("practice:pack_delete", args=[alice_pack.slug])
    assert "cannot be undone" in alice_client.get(url).content.decode()
    question = Question.objects.filter(topic=alice_pack, kind="open").first()
    card = Card.objects.get(user=alice, question=question)
    ReviewLog.objects.create(card=card, rating=3, reviewed_at=timezone.now())
    session = PracticeSession.objects.create(user=alice, kind="interview", question_count=1)
    SessionItem.objects.create(session=session, position=0, question=question, prompt="x")
    response = alice_client.post(url)
    assert response["Location"] == reverse("practice:pack_list")
    assert not Topic.objects.filter(pk=alice_pack.pk).exists()
    assert not Question.objects.filter(topic_id=alice_pack.pk).exists()
    assert not Card.objects.filter(user=alice).exists() and not ReviewLog.objects.exists()
    assert not PracticeSession.objects.exists()


def test_deleting_the_account_deletes_its_packs(alice, alice_pack):
    from interview.accounts.views import account_delete_apply

    account_delete_apply(user=alice)
    assert not Topic.objects.filter(pk=alice_pack.pk).exists()


def test_bob_gets_404_on_every_url_of_alices_draft_and_pack(client, bob, alice_draft):
    from django.utils import timezone

    from interview.practice.packs import services

    card = alice_draft.data["cards"][0]
    draft_urls = [
        ("get", reverse("practice:pack_draft", args=[alice_draft.pk])),
        ("get", reverse("practice:pack_draft_item", args=[alice_draft.pk, "cards", card["id"]])),
        ("post", reverse("practice:pack_draft_item", args=[alice_draft.pk, "cards", card["id"]])),
        (
            "post",
            reverse("practice:pack_draft_item_delete", args=[alice_draft.pk, "cards", card["id"]]),
        ),
        ("post", reverse("practice:pack_draft_card_add", args=[alice_draft.pk])),
        ("post", reverse("practice:pack_draft_save", args=[alice_draft.pk])),
        ("post", reverse("practice:pack_draft_delete", args=[alice_draft.pk])),
    ]
    client.force_login(bob)
    for method, url in draft_urls:
        response = getattr(client, method)(url, {"front": "x", "back": "y"})
        assert response.status_code == 404, url
    draft = PackDraft.objects.get(pk=alice_draft.pk)
    assert draft.data == alice_draft.data
    pack = services.draft_save(draft=draft, now=timezone.now())
    question = Question.objects.filter(topic=pack).first()
    pack_urls = [
        ("get", pack.get_absolute_url()),
        ("get", question.get_absolute_url()),
        ("get", question.get_absolute_url() + "?reveal=1"),
        ("get", reverse("practice:pack_export", args=[pack.slug, "json"])),
        ("get", reverse("practice:pack_export", args=[pack.slug, "csv"])),
        ("get", reverse("practice:pack_delete", args=[pack.slug])),
        ("post", reverse("practice:pack_delete", args=[pack.slug])),
        ("get", reverse("practice:cram", args=[pack.slug])),
        ("post", reverse("practice:deck_add_topic", args=[pack.slug])),
        ("post", reverse("practice:deck_add_question", args=[question.pk])),
    ]
    for method, url in pack_urls:
        assert getattr(client, method)(url).status_code == 404, url
    assert Topic.objects.filter(pk=pack.pk).exists()
    assert not Card.objects.filter(user=bob).exists()


def test_draft_page_queries_do_not_grow_with_the_draft(alice_client, alice, alice_draft):
    from django.utils import timezone

    from interview.practice.packs import services

    big = services.draft_create(
        user=alice, title="Big", text=LECTURE * 6, source_name="a.md", now=timezone.now()
    )
    counts = []
    for draft in (alice_draft, big):
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(draft.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_pack_list_queries_do_not_grow_with_packs(alice_client, alice):
    from django.utils import timezone

    from interview.practice.packs import services

    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            alice_client.get(reverse("practice:pack_list"))
        counts.append(len(queries))
        for _ in range(3):
            draft = services.draft_create(
                user=alice, title="P", text=LECTURE, source_name="a.md", now=timezone.now()
            )
            services.draft_save(draft=draft, now=timezone.now())
    assert counts[0] == counts[1]


def test_at_most_ten_drafts(alice_client, alice):
    from django.utils import timezone

    from interview.practice.packs import services

    for _ in range(services.MAX_DRAFTS):
        services.draft_create(
            user=alice, title="D", text=LECTURE, source_name="a.md", now=timezone.now()
        )
    response = alice_client.post(reverse("practice:pack_upload"), {"text": LECTURE})
    assert response.status_code == 400 and "drafts already" in response.content.decode()


def test_a_cloze_card_without_a_single_blank_is_saved_as_an_open_question():
    from interview.practice.packs.services import _card_question

    def card(front, back):
        return {"kind": "cloze", "front": front, "back": back}

    assert _card_question(card("The _____ is small.", "variance")) == (
        "cloze",
        "The {{c1::variance}} is small.",
    )
    for front, back in [
        ("No blank left here.", "x"),
        ("_____ and _____", "x"),
        ("A _____.", "a|b"),
    ]:
        assert _card_question(card(front, back)) == ("open", f"Fill in the blank: {front}")
    assert _card_question({"kind": "definition", "front": "What is X?", "back": "Y."}) == (
        "open",
        "What is X?",
    )


def test_each_draft_item_names_its_edit_and_delete_controls(client, alice):
    """Screen readers list every "Edit" and "Delete" of a draft: each says which item it is."""
    from django.utils import timezone

    from interview.practice.packs import services

    draft = services.draft_create(
        user=alice,
        title="Trees",
        text="# Trees\n\nEntropy is a measure of the impurity of a set of labels.\n",
        source_name="a.md",
        now=timezone.now(),
    )
    client.force_login(alice)
    body = client.get(draft.get_absolute_url()).content.decode()
    front = draft.data["cards"][0]["front"]
    assert f'Edit<span class="visually-hidden"> “{front}”</span></summary>' in body
    assert f'Delete<span class="visually-hidden"> “{front}”</span></button>' in body


def test_the_draft_shows_math_rendered_in_cards_and_options(client, alice):
    from django.utils import timezone

    from interview.practice.packs import services

    draft = services.draft_create(
        user=alice,
        title="Weights",
        text="# Weights\n\nThe weight matrix is a table of numbers that maps inputs to scores.\n",
        source_name="a.md",
        now=timezone.now(),
    )
    data = draft.data
    data["cards"][0]["front"] = "What does \\(W\\) hold?"
    data["cards"][0]["back"] = "One row $w_k$ per class."
    data["questions"] = [
        {
            "id": 1,
            "prompt": "Which is a matrix?",
            "options": ["\\(W\\)", "$b$", "$x$"],
            "answer": 0,
            "explanation": "",
            "term": "W",
            "module": 0,
        }
    ]
    draft.data = data
    draft.save()
    client.force_login(alice)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert "What does <math" in body and "One row <math" in body
    assert body.count("<math") >= 5
    assert "\\(W\\)</strong>" not in body and "$w_k$</p>" not in body
