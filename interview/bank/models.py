from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interview.bank.cloze import cloze_front, cloze_problems
from interview.bank.translation import localized_text


class Translatable(models.Model):
    """A model whose texts can be translated (see `interview.bank.translation`)."""

    translations = models.JSONField(
        default=dict,
        blank=True,
        help_text="Translations of the texts, by language code (edited in the admin).",
    )

    class Meta:
        abstract = True


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=60, unique=True, verbose_name=_("slug"))

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TopicQuerySet(models.QuerySet["Topic"]):
    def public(self) -> TopicQuerySet:
        """The shared bank: topics no user owns."""
        return self.filter(owner__isnull=True)

    def visible_to(self, user) -> TopicQuerySet:
        """The one rule for topics: the shared bank plus the viewer's own study packs (a
        private topic of another user is never listed and its page is a 404)."""
        if user is not None and user.is_authenticated:
            return self.filter(models.Q(owner__isnull=True) | models.Q(owner=user))
        return self.public()


class Topic(Translatable):
    name = models.CharField(max_length=120, verbose_name=_("name"))
    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="topics", verbose_name=_("tags"))
    key_concepts = models.TextField(
        blank=True,
        help_text=_("The things a candidate needs to know, one per line."),
        verbose_name=_("key concepts"),
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_topics",
        verbose_name=_("owner"),
        help_text=_("Set for a user's private study pack; empty for the shared bank."),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(owner__isnull=True),
                name="topic_unique_public_name",
                violation_error_message=_("A topic with this name already exists."),
            ),
            models.UniqueConstraint(fields=["owner", "name"], name="topic_unique_owner_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("bank:topic_detail", kwargs={"slug": self.slug})

    @property
    def is_pack(self) -> bool:
        return self.owner_id is not None

    @property
    def key_concept_list(self) -> list[str]:
        return [line.strip() for line in self.key_concepts.splitlines() if line.strip()]


class TopicAlias(models.Model):
    """A slug a topic was known by: old links and bookmarks redirect to the topic."""

    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("topic")
    )

    class Meta:
        verbose_name = _("topic alias")
        verbose_name_plural = _("topic aliases")

    def __str__(self) -> str:
        return f"{self.slug} -> {self.topic.slug}"


class StudyNote(Translatable):
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="notes", verbose_name=_("topic")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    body = models.TextField(help_text=_("Markdown."), verbose_name=_("body"))
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("study note")
        verbose_name_plural = _("study notes")
        ordering = ["topic", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "title"], name="studynote_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


def _own_pack(user) -> models.Q:
    if user is not None and user.is_authenticated:
        return models.Q(topic__owner=user)
    return models.Q(pk__in=[])


class QuestionQuerySet(models.QuerySet["Question"]):
    def published(self) -> QuestionQuerySet:
        """Published questions of the shared bank (never a user's private study pack): what
        everyone may see, e.g. the question of the day, statistics, the bank checks."""
        return self.filter(status=Question.Status.PUBLISHED, topic__owner__isnull=True)

    def available_to(self, user) -> QuestionQuerySet:
        """What the user may practise: the bank's published questions and their own packs'."""
        return self.filter(
            models.Q(status=Question.Status.PUBLISHED)
            & (models.Q(topic__owner__isnull=True) | _own_pack(user))
        )

    def visible_to(self, user) -> QuestionQuerySet:
        """What the viewer may open: staff see the bank's drafts too; everyone sees the
        published bank and their own study packs; another user's pack never."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self.filter(models.Q(topic__owner__isnull=True) | _own_pack(user))
        return self.available_to(user)


class Question(Translatable):
    class Kind(models.TextChoices):
        OPEN = "open", _("Open answer")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        CLOZE = "cloze", _("Cloze (fill in the blanks)")
        SQL = "sql", _("SQL exercise")
        PYTHON = "python", _("Python exercise")

    class Difficulty(models.TextChoices):
        EASY = "easy", _("Easy")
        MEDIUM = "medium", _("Medium")
        HARD = "hard", _("Hard")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("topic")
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=_("Stable key used by imports and the starter bank."),
        verbose_name=_("slug"),
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.OPEN, verbose_name=_("kind")
    )
    prompt = models.TextField(
        help_text=_(
            "Markdown; code goes in fenced blocks. Cloze questions mark each blank "
            "{{c1::answer}} or {{c1::answer|other accepted answer::hint}}."
        ),
        verbose_name=_("prompt"),
    )
    instruction = models.TextField(
        blank=True,
        help_text=_('e.g. "Discuss how X works and its impact on Y".'),
        verbose_name=_("instruction"),
    )
    context = models.TextField(
        blank=True,
        help_text=_('e.g. "This evaluates knowledge of ...".'),
        verbose_name=_("context"),
    )
    official_answer = models.TextField(
        blank=True, help_text=_("Markdown."), verbose_name=_("official answer")
    )
    short_answer = models.TextField(
        blank=True,
        help_text=_("One to three sentences: the back of the question's flashcard (Markdown)."),
        verbose_name=_("short answer"),
    )
    difficulty = models.CharField(
        max_length=10,
        choices=Difficulty.choices,
        default=Difficulty.MEDIUM,
        verbose_name=_("difficulty"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name=_("tags"))
    source_title = models.CharField(max_length=300, blank=True, verbose_name=_("source title"))
    source_url = models.URLField(max_length=500, blank=True, verbose_name=_("source URL"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="follow_up_of",
        help_text=_("Follow-up questions an interviewer would ask next."),
        verbose_name=_("related"),
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # Maintained on PostgreSQL only (see signals); stays NULL elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["topic__order", "order", "id"]
        indexes = [
            models.Index(fields=["topic", "status", "order"], name="question_topic_status_order"),
            models.Index(fields=["status", "kind"], name="question_status_kind"),
            models.Index(fields=["status", "difficulty"], name="question_status_difficulty"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bank:question_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        """The prompt's first line as plain text, for lists and admin."""
        return self.title_in(language="en")

    @property
    def localized_title(self) -> str:
        """The title in the active language (English where the prompt is not translated)."""
        return self.title_in(language=None)

    def title_in(self, *, language: str | None) -> str:
        prompt = self.prompt if language == "en" else localized_text(self, "prompt", language)
        prompt = cloze_front(prompt) if self.is_cloze else prompt
        for line in prompt.splitlines():
            text = line.strip().strip("#*_`> ").strip()
            if text:
                return text if len(text) <= 160 else text[:157].rstrip() + "..."
        return f"Question {self.pk}"

    @property
    def is_multiple_choice(self) -> bool:
        return self.kind == self.Kind.MULTIPLE_CHOICE

    @property
    def is_cloze(self) -> bool:
        return self.kind == self.Kind.CLOZE

    @property
    def is_exercise(self) -> bool:
        return self.kind in EXERCISE_KINDS

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def clean(self) -> None:
        super().clean()
        if self.pk and self.is_multiple_choice:
            validate_choices(self.kind, self.choices.all())
        if self.is_cloze:
            problems = cloze_problems(self.prompt)
            if problems:
                raise ValidationError({"prompt": problems})


EXERCISE_KINDS = (Question.Kind.SQL, Question.Kind.PYTHON)


def validate_choices(kind: str, choices: Iterable[Choice]) -> None:
    """A multiple-choice question needs at least two options and at least one correct one."""
    if kind != Question.Kind.MULTIPLE_CHOICE:
        return
    options = list(choices)
    errors = []
    if len(options) < 2:
        errors.append("A multiple-choice question needs at least two options.")
    if not any(option.is_correct for option in options):
        errors.append("A multiple-choice question needs at least one correct option.")
    if errors:
        raise ValidationError(errors)


def split_keywords(text: str) -> list[str]:
    """Keywords as stored and typed: separated by commas, except a comma inside a word (with no
    space or comma on either side), so "1,234,567" and "shape (d,)" stay whole."""
    return [
        word.strip()
        for word in re.split(r"(?:(?<=\s)|(?<=,)|^),|,(?=\s|,|$)", text)
        if word.strip()
    ]


class KeyPoint(Translatable):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="key_points", verbose_name=_("question")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    text = models.CharField(max_length=300, verbose_name=_("text"))
    keywords = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Other words or phrases that count for this point, separated by commas."),
        verbose_name=_("keywords"),
    )
    misconceptions = models.TextField(
        blank=True,
        help_text=_(
            "Confident wrong versions of this point, one per line: an answer that states one "
            "is shown as contradicting the point."
        ),
        verbose_name=_("misconceptions"),
    )

    class Meta:
        verbose_name = _("key point")
        verbose_name_plural = _("key points")
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def keyword_list(self) -> list[str]:
        return split_keywords(self.keywords)

    @property
    def misconception_list(self) -> list[str]:
        return [line.strip() for line in self.misconceptions.splitlines() if line.strip()]


class Choice(Translatable):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    text = models.TextField(help_text=_("Markdown (inline)."), verbose_name=_("text"))
    is_correct = models.BooleanField(default=False, verbose_name=_("correct"))
    explanation = models.TextField(
        blank=True,
        help_text=_("Why this option is right or wrong (Markdown)."),
        verbose_name=_("explanation"),
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Exercise(models.Model):
    """What makes a question runnable: for SQL a fixture script and expected results, for
    Python a function, examples and hidden tests. The explanation is the question's official
    answer. `cases` is a list of test cases (see `interview.bank.exercises` for the shape);
    those with "hidden": false are the visible examples that "Run" checks."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, related_name="exercise", verbose_name=_("question")
    )
    setup_sql = models.TextField(
        _("data (SQL)"),
        blank=True,
        help_text=_("SQL exercises: the script that creates and fills the tables (DuckDB SQL)."),
    )
    function_name = models.CharField(
        max_length=80,
        blank=True,
        help_text=_("Python exercises: the function the candidate writes and the tests call."),
        verbose_name=_("function name"),
    )
    starter_code = models.TextField(
        blank=True, help_text=_("What the editor holds at first."), verbose_name=_("starter code")
    )
    solution = models.TextField(
        help_text=_("The official solution (code)."), verbose_name=_("solution")
    )
    cases = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            'Test cases, a JSON list. SQL: {"name", "hidden", "setup" (extra SQL run after the '
            'data script), "expected": {"columns": [...], "rows": [[...]]}}. Python: {"name", '
            '"hidden", "args": [...], "expected": value} or {"name", "hidden", "assert": code}.'
        ),
        verbose_name=_("cases"),
    )
    order_matters = models.BooleanField(
        default=False,
        help_text=_("SQL: rows must come in the expected order."),
        verbose_name=_("order matters"),
    )
    float_tolerance = models.FloatField(
        default=1e-6,
        help_text=_("Numbers within this absolute difference count as equal."),
        verbose_name=_("float tolerance"),
    )

    class Meta:
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")

    def __str__(self) -> str:
        return f"Exercise for {self.question}"

    @property
    def visible_cases(self) -> list[dict]:
        return [case for case in self.cases if not case.get("hidden")]


class BankMedia(models.Model):
    """An image shown by questions (see `interview.bank.media`), served by the app."""

    name = models.CharField(max_length=120, unique=True)
    content_type = models.CharField(max_length=40)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank image")
        verbose_name_plural = _("bank images")

    def __str__(self) -> str:
        return self.name


class ContentVersion(models.Model):
    """One row whose stamp changes with every change to the bank's content (any bank row saved
    or deleted, the admin's bulk actions, imports, study packs).

    Rendered parts of pages (topic lists, question bodies, the day's question) are cached in
    each server process under keys that include the stamp, read once per request: an edit in
    any process changes the stamp in the database, so every process stops using what it cached
    before, and no cache has to be shared between processes. The stamp is random, never a
    counter, so a stamp seen once is never seen again (not even after a database is emptied)."""

    stamp = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.stamp
