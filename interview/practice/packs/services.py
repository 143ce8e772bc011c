"""Study packs: a draft generated from the user's notes, edited, then saved as a private topic.

Specification:
- Only the owner reaches a draft or a saved pack; anyone else gets 404 (draft_get, pack_get).
- draft_create: the generator's pack becomes a PackDraft (JSON: modules, concepts, cards,
  questions, each item with an id); a user holds at most MAX_DRAFTS drafts.
- Editing a draft changes one item (validated: no empty front/back, a question with 2-6
  distinct options and its answer among them); deleting removes it; a card can be added.
- draft_save: in one transaction, a Topic owned by the user (its name unique among the user's
  topics: "Name (2)" when taken), a study note per module, the key concepts, an open question
  per card (front = prompt, back = short answer) or, for a fill-in-the-blank card, a cloze
  question (the sentence with the missing term as its blank, `{{c1::term}}`), and a
  multiple-choice question per quiz question (the
  source sentence as explanation); everything published, the cards added to the user's
  flashcard deck; the draft deleted.
- pack_delete: the pack's questions, their flashcards and review history, the practice answers
  on them (a session left with no answer is deleted) and the topic with its notes.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from interview.bank.models import Choice, Question, StudyNote, Topic
from interview.bank.search import question_refresh_search_vectors
from interview.bank.selectors import topic_counts_forget
from interview.bank.transfer.exporter import ExportFile, bank_export
from interview.practice.flashcards import deck_add
from interview.practice.models import Card, PackDraft, PracticeSession, SessionItem
from interview.practice.packs.generator import generate

MAX_DRAFTS = 10
BLANK = "_____"  # how the generator marks a cloze card's blank
MAX_OPTIONS = 6
SECTIONS = ("modules", "cards", "questions")


class DraftError(ValueError):
    """A change to a draft that cannot be applied; the message says why."""


# --- drafts ---------------------------------------------------------------------------------


def draft_get(*, user: User, pk: int) -> PackDraft:
    return get_object_or_404(PackDraft, pk=pk, user=user)


def draft_list(*, user: User) -> QuerySet[PackDraft]:
    return PackDraft.objects.filter(user=user).only("id", "title", "source_name", "created_at")


def draft_data(*, text: str, title: str) -> dict[str, Any]:
    """The generator's pack as a draft document, every item with an id."""
    pack = generate(text, title=title)
    next_id = 1
    data: dict[str, Any] = {"concepts": pack.concepts}
    for section, items in (
        ("modules", pack.modules),
        ("cards", pack.cards),
        ("questions", pack.questions),
    ):
        data[section] = []
        for item in items:
            data[section].append({"id": next_id, **asdict(item)})
            next_id += 1
    data["next_id"] = next_id
    return data


def draft_create(
    *, user: User, title: str, text: str, source_name: str, now: datetime
) -> PackDraft:
    if PackDraft.objects.filter(user=user).count() >= MAX_DRAFTS:
        raise DraftError(
            _("You have %(n)s drafts already: save or discard one before adding another.")
            % {"n": MAX_DRAFTS}
        )
    data = draft_data(text=text, title=title)
    return PackDraft.objects.create(
        user=user,
        title=title[:120],
        source_name=source_name[:255],
        data=data,
        created_at=now,
        updated_at=now,
    )


def _locked(draft: PackDraft) -> PackDraft:
    return PackDraft.objects.select_for_update().get(pk=draft.pk)


def draft_item(*, draft: PackDraft, section: str, item_id: int) -> dict[str, Any]:
    if section not in SECTIONS:
        raise DraftError(_("Unknown part of the draft."))
    for item in draft.data.get(section, []):
        if item["id"] == item_id:
            return item
    raise DraftError(_("This item is no longer in the draft."))


def _clean(value: Any, *, limit: int = 4000) -> str:
    return str(value or "").replace("\x00", "").strip()[:limit]


def _validated(section: str, values: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    if section == "modules":
        title, body = (
            _clean(values.get("title"), limit=200),
            _clean(values.get("body"), limit=50_000),
        )
        if not title or not body:
            raise DraftError(_("A module needs a title and a text."))
        return {**item, "title": title, "body": body}
    if section == "cards":
        front, back = _clean(values.get("front")), _clean(values.get("back"))
        if not front or not back:
            raise DraftError(_("A card needs a front and a back."))
        return {**item, "front": front, "back": back}
    prompt = _clean(values.get("prompt"))
    options = list(dict.fromkeys(o.strip() for o in _clean(values.get("options")).splitlines()))
    options = [o[:500] for o in options if o]
    explanation = _clean(values.get("explanation"))
    try:
        answer = int(values.get("answer") or 0) - 1
    except (TypeError, ValueError):
        answer = -1
    if not prompt:
        raise DraftError(_("A question needs a prompt."))
    if not 2 <= len(options) <= MAX_OPTIONS:
        raise DraftError(
            _("A question needs 2 to %(n)s different options, one per line.") % {"n": MAX_OPTIONS}
        )
    if not 0 <= answer < len(options):
        raise DraftError(_("Give the number of the correct option (1 for the first line)."))
    return {
        **item,
        "prompt": prompt,
        "options": options,
        "answer": answer,
        "explanation": explanation,
    }


def draft_item_update(
    *, draft: PackDraft, section: str, item_id: int, values: dict[str, Any], now: datetime
) -> dict[str, Any]:
    with transaction.atomic():
        draft = _locked(draft)
        item = draft_item(draft=draft, section=section, item_id=item_id)
        changed = _validated(section, values, item)
        draft.data[section] = [changed if i["id"] == item_id else i for i in draft.data[section]]
        draft.updated_at = now
        draft.save(update_fields=["data", "updated_at"])
        return changed


def draft_item_delete(*, draft: PackDraft, section: str, item_id: int, now: datetime) -> None:
    with transaction.atomic():
        draft = _locked(draft)
        draft_item(draft=draft, section=section, item_id=item_id)
        draft.data[section] = [i for i in draft.data[section] if i["id"] != item_id]
        draft.updated_at = now
        draft.save(update_fields=["data", "updated_at"])


def draft_card_add(*, draft: PackDraft, front: str, back: str, now: datetime) -> dict[str, Any]:
    with transaction.atomic():
        draft = _locked(draft)
        item = {"id": draft.data.get("next_id", 1), "kind": "definition", "term": "",
                "source": "", "module": 0}  # fmt: skip
        card = _validated("cards", {"front": front, "back": back}, item)
        draft.data.setdefault("cards", []).append(card)
        draft.data["next_id"] = card["id"] + 1
        draft.updated_at = now
        draft.save(update_fields=["data", "updated_at"])
        return card


def draft_delete(*, draft: PackDraft) -> None:
    draft.delete()


# --- saving ---------------------------------------------------------------------------------


def _unique_name(*, user: User, title: str) -> str:
    base = title.strip()[:110] or "Study pack"
    taken = set(
        Topic.objects.filter(owner=user, name__startswith=base).values_list("name", flat=True)
    )
    name, number = base, 2
    while name in taken:
        name = f"{base} ({number})"
        number += 1
    return name


def _note_titles(modules: list[dict[str, Any]]) -> list[str]:
    titles: list[str] = []
    for module in modules:
        title, number = module["title"][:190] or "Module", 2
        candidate = title
        while candidate in titles:
            candidate = f"{title} ({number})"
            number += 1
        titles.append(candidate)
    return titles


def _card_question(card: dict[str, Any]) -> tuple[str, str]:
    """(kind, prompt) of a card: a fill-in-the-blank card with one blank becomes a cloze
    question (the bank's `{{c1::answer}}` syntax); any other card, or one whose answer holds
    characters of that syntax, an open question."""
    front, back = card["front"], card["back"]
    if card.get("kind") == "cloze":
        plain_answer = not any(mark in back for mark in ("{{", "}}", "::", "|"))
        if front.count(BLANK) == 1 and plain_answer and "{{" not in front:
            return Question.Kind.CLOZE, front.replace(BLANK, "{{c1::" + back + "}}")
        return Question.Kind.OPEN, f"Fill in the blank: {front}"
    return Question.Kind.OPEN, front


def _source_note(source: str) -> str:
    return f"From your notes:\n\n> {source}" if source else ""


def draft_save(*, draft: PackDraft, now: datetime) -> Topic:
    with transaction.atomic():
        draft = _locked(draft)
        user = draft.user
        data = draft.data
        token = secrets.token_hex(4)
        topic = Topic.objects.create(
            owner=user,
            name=_unique_name(user=user, title=draft.title),
            slug=f"pack-{user.pk}-{token}-{slugify(draft.title)[:60]}".rstrip("-"),
            description=f"Your study pack from {draft.source_name or 'your notes'}.",
            key_concepts="\n".join(data.get("concepts", [])),
            order=10_000,
        )
        modules = data.get("modules", [])
        StudyNote.objects.bulk_create(
            StudyNote(topic=topic, title=title, body=module["body"], order=number)
            for number, (module, title) in enumerate(
                zip(modules, _note_titles(modules), strict=True)
            )
        )
        questions: list[Question] = []
        for number, card in enumerate(data.get("cards", []), start=1):
            kind, prompt = _card_question(card)
            questions.append(
                Question(
                    topic=topic,
                    slug=f"{topic.slug[:90]}-card-{number}",
                    kind=kind,
                    prompt=prompt,
                    short_answer=card["back"],
                    official_answer="\n\n".join(
                        part
                        for part in (card["back"], _source_note(card.get("source", "")))
                        if part
                    ),
                    status=Question.Status.PUBLISHED,
                    source_title=draft.source_name[:300],
                    order=number,
                )
            )
        quiz = data.get("questions", [])
        offset = len(questions)
        for number, item in enumerate(quiz, start=1):
            questions.append(
                Question(
                    topic=topic,
                    slug=f"{topic.slug[:90]}-quiz-{number}",
                    kind=Question.Kind.MULTIPLE_CHOICE,
                    prompt=item["prompt"],
                    official_answer=_source_note(item.get("explanation", "")),
                    short_answer=item["options"][item["answer"]],
                    status=Question.Status.PUBLISHED,
                    source_title=draft.source_name[:300],
                    order=offset + number,
                )
            )
        Question.objects.bulk_create(questions)
        saved = {q.slug: q for q in Question.objects.filter(topic=topic)}
        choices = []
        for number, item in enumerate(quiz, start=1):
            question = saved[f"{topic.slug[:90]}-quiz-{number}"]
            for position, option in enumerate(item["options"]):
                right = position == item["answer"]
                choices.append(
                    Choice(
                        question=question,
                        order=position,
                        text=option,
                        is_correct=right,
                        explanation=item.get("explanation", "") if right else "",
                    )
                )
        Choice.objects.bulk_create(choices)
        # bulk_create sends no signals: search vectors are filled here (PostgreSQL only).
        question_refresh_search_vectors(questions=Question.objects.filter(topic=topic))
        deck_add(
            user=user,
            questions=Question.objects.filter(
                topic=topic, kind__in=(Question.Kind.OPEN, Question.Kind.CLOZE)
            ),
            now=now,
        )
        draft.delete()
        topic_counts_forget()
        return topic


# --- saved packs ----------------------------------------------------------------------------


def pack_list(*, user: User) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(owner=user)
        .annotate(
            n_cards=Count(
                "questions",
                filter=Q(questions__kind__in=(Question.Kind.OPEN, Question.Kind.CLOZE)),
            ),
            n_quiz=Count("questions", filter=Q(questions__kind=Question.Kind.MULTIPLE_CHOICE)),
        )
        .order_by("name")
    )


def pack_get(*, user: User, slug: str) -> Topic:
    return get_object_or_404(Topic, slug=slug, owner=user)


def pack_delete(*, topic: Topic) -> None:
    """Delete the pack with its flashcards and review history and the practice answers on its
    questions (deleting a bank question keeps them; a pack's owner deletes them on purpose)."""
    assert topic.owner_id is not None, "only a user's study pack is deleted here"
    with transaction.atomic():
        questions = Question.objects.filter(topic=topic)
        sessions = set(
            SessionItem.objects.filter(question__in=questions).values_list("session_id", flat=True)
        )
        SessionItem.objects.filter(question__in=questions).delete()
        PracticeSession.objects.filter(pk__in=sessions, items__isnull=True).delete()
        Card.objects.filter(question__in=questions).delete()  # a bank deletion would keep them
        questions.delete()
        topic.delete()
        topic_counts_forget()


def pack_export(*, topic: Topic, format: str) -> ExportFile:
    """JSON (full fidelity) or an Anki CSV of the pack, by the bank's own writers."""
    files = bank_export(
        format=format, questions=Question.objects.filter(topic=topic), name=topic.slug
    )
    return files[0]
