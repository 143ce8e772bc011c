import factory
from django.contrib.auth import get_user_model

from interview.bank.models import Choice, KeyPoint, Question, StudyNote, Tag, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.LazyAttribute(lambda tag: tag.name.replace(" ", "-"))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = "What this topic covers."
    key_concepts = "First idea\nSecond idea\nThird idea"
    order = factory.Sequence(lambda n: n)


class StudyNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyNote

    topic = factory.SubFactory(TopicFactory)
    title = factory.Sequence(lambda n: f"Note {n}")
    body = "## Heading\n\nSome **notes** with `code`."
    order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    topic = factory.SubFactory(TopicFactory)
    slug = factory.Sequence(lambda n: f"question-{n}")
    kind = Question.Kind.OPEN
    prompt = factory.Sequence(lambda n: f"What is concept number {n}?")
    instruction = "Discuss how it works and its impact on training."
    context = "This evaluates knowledge of fundamentals."
    official_answer = "The **official** answer explains the idea clearly."
    short_answer = "The idea in one sentence."
    difficulty = Question.Difficulty.MEDIUM
    status = Question.Status.PUBLISHED
    order = factory.Sequence(lambda n: n)


class KeyPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyPoint

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Key point {n}")
    keywords = factory.Sequence(lambda n: f"synonym phrase {n}, other phrase {n}")
    order = factory.Sequence(lambda n: n)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.MULTIPLE_CHOICE)
    text = factory.Sequence(lambda n: f"Option {n}")
    is_correct = False
    explanation = "Why this option is right or wrong."
    order = factory.Sequence(lambda n: n)


def multiple_choice_question(**kwargs) -> Question:
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE, **kwargs)
    ChoiceFactory(
        question=question,
        text="The right one",
        is_correct=True,
        explanation="Right because of reasons.",
    )
    ChoiceFactory(
        question=question,
        text="The wrong one",
        is_correct=False,
        explanation="Wrong because of other reasons.",
    )
    return question


def open_question_with_points(*, points: list[tuple[str, str]] | None = None, **kwargs) -> Question:
    """An open question with realistic key points (text, comma-separated keywords)."""
    question = QuestionFactory(kind=Question.Kind.OPEN, **kwargs)
    for order, (text, keywords) in enumerate(
        points
        or [
            ("Forget gate decides what to erase from the cell state", "forget gate"),
            ("Input gate controls what new information is written", "input gate"),
            ("Output gate controls what the hidden state exposes", "output gate"),
        ]
    ):
        KeyPointFactory(question=question, order=order, text=text, keywords=keywords)
    return question


def quiz_question(*, correct: tuple[int, ...] = (0,), options: int = 4, **kwargs) -> Question:
    """A multiple-choice question whose options are "Option A", "Option B", ..."""
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE, **kwargs)
    for index in range(options):
        letter = "ABCDEFGH"[index]
        ChoiceFactory(
            question=question,
            order=index,
            text=f"Option {letter}",
            is_correct=index in correct,
            explanation=f"Explanation {letter}: {'right' if index in correct else 'wrong'}.",
        )
    return question


def admin_question_post(fields: dict, **overrides) -> dict:
    """A question as the admin's add and change forms post it: `fields`, then `overrides`, over
    blank optional texts and empty inlines (key points, choices, exercise); an override of None
    leaves that field out of the post."""
    data: dict = {
        "difficulty": "easy",
        "status": "published",
        "order": 0,
        "instruction": "",
        "context": "",
        "source_title": "",
        "source_url": "",
    }
    for inline in ("key_points", "choices", "exercise"):
        data[f"{inline}-TOTAL_FORMS"] = 0
        data[f"{inline}-INITIAL_FORMS"] = 0
    data.update(fields)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
