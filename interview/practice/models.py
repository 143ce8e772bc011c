"""What a user does: practice sessions (mock interviews, later quizzes) and their items.

A session is an ordered list of items. Each item keeps a snapshot of what the user saw (prompt,
official answer, key points), so editing a question later never rewrites history. The server
owns the clock: every deadline is stored here and decided on the arrival time of requests.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# "Answered well", the one definition every page, pick and statistic uses (see
# SessionItemQuerySet.answered_well): a quiz answer that is correct, or an interview answer
# covering at least this share of the key points that its author did not rate Again or Hard.
WELL_ANSWERED_PERCENT = 60


class Rating(models.IntegerChoices):
    AGAIN = 1, _("Again")
    HARD = 2, _("Hard")
    GOOD = 3, _("Good")
    EASY = 4, _("Easy")


WELL_ANSWERED = Q(is_correct=True) | (
    Q(coverage_percent__gte=WELL_ANSWERED_PERCENT)
    & (Q(rating__isnull=True) | Q(rating__gte=Rating.GOOD))
)


class PracticeSession(models.Model):
    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Mock interview")
        QUIZ = "quiz", _("Quiz")

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        FINISHED = "finished", _("Finished")

    class Feedback(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately after each question")
        END = "end", _("At the end")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    topics = models.ManyToManyField("bank.Topic", blank=True, related_name="+")
    difficulty = models.CharField(max_length=10, blank=True, help_text=_("Empty: any difficulty."))
    question_count = models.PositiveSmallIntegerField()
    seconds_per_item = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Empty: untimed.")
    )
    follow_up_mode = models.BooleanField(default=False)
    plan = models.JSONField(
        default=list, help_text=_("Interviews: ids of the questions picked, in the order to ask.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Quizzes: one clock for the whole session, fixed at start.
    time_limit_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Whole-session limit; empty: untimed.")
    )
    deadline = models.DateTimeField(null=True, blank=True)
    feedback = models.CharField(max_length=10, choices=Feedback.choices, blank=True)
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    retry_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retries",
        help_text=_("The finished session whose missed questions this one retries."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "kind", "-created_at"], name="session_user_kind_created"),
            models.Index(fields=["user", "status"], name="session_user_status"),
            models.Index(fields=["status", "deadline"], name="session_status_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.user})"

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.QUIZ:
            return reverse("practice:quiz_detail", kwargs={"pk": self.pk})
        return reverse("practice:interview_detail", kwargs={"pk": self.pk})

    def get_result_url(self) -> str:
        if self.kind == self.Kind.QUIZ:
            return reverse("practice:quiz_review", kwargs={"pk": self.pk})
        return reverse("practice:interview_report", kwargs={"pk": self.pk})

    @cached_property
    def plan_has_exercises(self) -> bool:
        """An interview with a coding round (SQL or Python exercises in its plan)."""
        from interview.bank.models import EXERCISE_KINDS, Question

        return Question.objects.filter(pk__in=self.plan, kind__in=EXERCISE_KINDS).exists()

    @property
    def immediate_feedback(self) -> bool:
        return self.feedback == self.Feedback.IMMEDIATE

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def ended_by_clock(self) -> bool:
        """Finished by its whole-session clock: the finish time was capped at the deadline."""
        return (
            not self.is_active and self.deadline is not None and self.finished_at == self.deadline
        )


class SessionItemQuerySet(models.QuerySet["SessionItem"]):
    def answered(self) -> SessionItemQuerySet:
        """Items with an answer given or timed out (not pending, active or skipped)."""
        return self.filter(status__in=SessionItem.ANSWERED_STATUSES)

    def finished(self) -> SessionItemQuerySet:
        """Items that can no longer change: answered, timed out or skipped."""
        return self.filter(status__in=SessionItem.FINISHED_STATUSES)

    def answered_well(self) -> SessionItemQuerySet:
        """Answered well: a correct quiz answer, or an interview answer covering at least
        WELL_ANSWERED_PERCENT of its key points and not self-rated Again or Hard."""
        return self.answered().filter(WELL_ANSWERED)

    def missed(self) -> SessionItemQuerySet:
        """Finished and not answered well (a skipped quiz question is missed)."""
        return self.finished().exclude(WELL_ANSWERED)


class SessionItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not shown yet")
        ACTIVE = "active", _("Answering")
        ANSWERED = "answered", _("Answered")
        TIMED_OUT = "timed_out", _("Timed out")
        SKIPPED = "skipped", _("Not answered")

    session = models.ForeignKey(PracticeSession, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(
        "bank.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Snapshot of what the user saw, in the content language it was shown in.
    language = models.CharField(max_length=8, default="en")
    # Snapshot fields shown in English because they were not translated into `language`.
    fallback_fields = models.JSONField(default=list, blank=True)
    topic_name = models.CharField(max_length=120)
    topic_slug = models.SlugField(max_length=120)
    prompt = models.TextField()
    instruction = models.TextField(blank=True)
    context = models.TextField(blank=True)
    official_answer = models.TextField(blank=True)
    key_points = models.JSONField(default=list)
    # Multiple choice: options as shown (shuffled once per session), each with
    # {"id", "text", "is_correct", "explanation"}; `selected` holds indexes into it.
    # Cloze: the blanks in reading order, each {"number", "answers", "hint"}; `selected` holds
    # the responses typed, one string per blank (empty list while every blank is empty).
    choices = models.JSONField(default=list)
    selected = models.JSONField(default=list)
    flagged = models.BooleanField(default=False)
    checked_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)
    # Timing, decided by the server.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    shown_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The answer, autosaved; `answer_revision` is the client's counter of the last accepted save.
    answer = models.TextField(blank=True)
    answer_revision = models.PositiveIntegerField(default=0)
    answer_saved_at = models.DateTimeField(null=True, blank=True)
    # Feedback.
    coverage = models.JSONField(null=True, blank=True)
    # Percentage of key points covered, counting those the user marked "I did cover this";
    # `self_assessed_points` says how many of them are the user's own assessment.
    coverage_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    self_assessed_points = models.PositiveSmallIntegerField(default=0)
    suggested_rating = models.PositiveSmallIntegerField(
        choices=Rating.choices, null=True, blank=True
    )
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    objects = SessionItemQuerySet.as_manager()

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="item_unique_position")
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="item_status_deadline"),
            models.Index(fields=["question", "finished_at"], name="item_question_finished"),
        ]

    def __str__(self) -> str:
        return f"Item {self.position + 1} of session {self.session_id}"

    ANSWERED_STATUSES = (Status.ANSWERED, Status.TIMED_OUT)  # an answer was given or timed out
    FINISHED_STATUSES = (*ANSWERED_STATUSES, Status.SKIPPED)  # can no longer change

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED_STATUSES

    @property
    def is_cloze(self) -> bool:
        return bool(self.choices) and all("answers" in choice for choice in self.choices)

    @property
    def multiple_answers(self) -> bool:
        return sum(1 for choice in self.choices if choice.get("is_correct")) > 1

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None

    @property
    def timed_out(self) -> bool:
        return self.status == self.Status.TIMED_OUT

    @property
    def time_used(self) -> timedelta | None:
        if self.shown_at is None or self.finished_at is None:
            return None
        return max(self.finished_at - self.shown_at, timedelta(0))


class Preferences(models.Model):
    """Per-user settings for practice: the user's time zone ("today") and daily new cards."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_preferences"
    )
    time_zone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    daily_new_cards = models.PositiveSmallIntegerField(default=10)
    # The interface language chosen in the header's switcher (a code of settings.LANGUAGES,
    # checked where it is set, so adding a language needs no migration); empty: the cookie,
    # then the browser's Accept-Language.
    language = models.CharField(max_length=8, blank=True, default="")

    def __str__(self) -> str:
        return f"Preferences of {self.user}"


class ActivityStamp(models.Model):
    """A user's activity stamp: a new value whenever a row of their practice (sessions, answers,
    cards, reviews, exercise submissions) changes, so pages that cache what they compute from
    those rows (the progress dashboard) key the cache by it. See engine/activity_stamp.py."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="practice_activity_stamp",
    )
    stamp = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Activity stamp of {self.user}"


class Card(models.Model):
    """One user's spaced-repetition schedule for one question (the fsrs Card's fields, UTC)."""

    class State(models.IntegerChoices):
        LEARNING = 1, _("Learning")
        REVIEW = 2, _("Review")
        RELEARNING = 3, _("Relearning")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards"
    )
    # A question deleted from the bank leaves the card (and its reviews) in the user's history,
    # named by the snapshot below, taken just before the deletion (flashcards.services.
    # cards_keep_history); such a card leaves the queue, cram and the statistics.
    question = models.ForeignKey(
        "bank.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    question_title = models.CharField(
        max_length=255, blank=True, help_text=_("Snapshot taken when the question was deleted.")
    )
    topic_name = models.CharField(
        max_length=120, blank=True, help_text=_("Snapshot taken when the question was deleted.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(default=timezone.now)
    last_review = models.DateTimeField(null=True, blank=True)
    introduced_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the card was first learned as a new flashcard.")
    )
    reps = models.PositiveIntegerField(default=0, help_text=_("Reviews so far; a version number."))
    suspended = models.BooleanField(
        default=False, help_text=_("Left out of the review queue until resumed (history kept).")
    )

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="card_unique_question")
        ]
        indexes = [
            models.Index(fields=["user", "due"], name="card_user_due"),
            models.Index(fields=["user", "introduced_at"], name="card_user_introduced"),
            # The queue's next new card (oldest first): read in order and stopped at the first
            # listed one, where without it PostgreSQL joined every card of the user to the
            # whole bank to sort them (31 ms at 20,000 questions, 0.1 ms with it).
            models.Index(
                fields=["user", "created_at", "id"],
                condition=models.Q(last_review__isnull=True),
                name="card_user_new",
            ),
        ]

    def __str__(self) -> str:
        return f"Card {self.pk} of {self.user} for question {self.question_id}"

    @property
    def is_new(self) -> bool:
        return self.last_review is None

    @property
    def removed(self) -> bool:
        """The question was deleted from the bank; the card is history only."""
        return self.question_id is None

    @property
    def title(self) -> str:
        return self.question_title if self.question is None else self.question.title


class ReviewLogQuerySet(models.QuerySet["ReviewLog"]):
    def flashcards(self) -> ReviewLogQuerySet:
        """Reviews made in the flashcard queue (not those counted from interviews or quizzes)."""
        return self.filter(source=ReviewLog.Source.FLASHCARD)

    def recalled(self) -> ReviewLogQuerySet:
        """A flashcard answered well: any rating but Again."""
        return self.exclude(rating=Rating.AGAIN)

    def forgotten(self) -> ReviewLogQuerySet:
        """A flashcard missed: rated Again."""
        return self.filter(rating=Rating.AGAIN)


class ReviewLog(models.Model):
    """Every review of a card, from which the card's state can be rebuilt."""

    class Source(models.TextChoices):
        FLASHCARD = "flashcard", _("Flashcard review")
        INTERVIEW = "interview", _("Mock interview")
        QUIZ = "quiz", _("Quiz")
        EXERCISE = "exercise", _("Exercise")

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    session_item = models.OneToOneField(
        SessionItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review",
        help_text=_("The interview or quiz answer this review came from (one review per answer)."),
    )
    exercise_attempt = models.OneToOneField(
        "ExerciseAttempt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review",
        help_text=_("The exercise submission this review came from (one review per submission)."),
    )
    card_before = models.JSONField(
        null=True,
        blank=True,
        help_text=_(
            "The card's schedule before this review, while it can still be undone (only the "
            "user's latest flashcard rating keeps it)."
        ),
    )

    objects = ReviewLogQuerySet.as_manager()

    class Meta:
        ordering = ["reviewed_at", "id"]
        indexes = [
            models.Index(fields=["card", "reviewed_at"], name="review_card_time"),
            # The rating "Undo" can take back: at most one row per user keeps card_before, and
            # the review page looks it up on every request (without this index, through every
            # review of the user).
            models.Index(
                fields=["card"],
                condition=models.Q(card_before__isnull=False),
                name="review_undoable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on card {self.card_id} at {self.reviewed_at}"


class OptionPick(models.Model):
    """An option a user picked in a finished quiz: lets editors count picks per option in SQL."""

    item = models.ForeignKey(SessionItem, on_delete=models.CASCADE, related_name="picks")
    choice = models.ForeignKey(
        "bank.Choice", on_delete=models.SET_NULL, null=True, blank=True, related_name="picks"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "choice"], name="pick_unique_choice")
        ]

    def __str__(self) -> str:
        return f"Pick of choice {self.choice_id} in item {self.item_id}"


class ExerciseAttemptQuerySet(models.QuerySet["ExerciseAttempt"]):
    def passed(self) -> ExerciseAttemptQuerySet:
        """Every test case passed."""
        return self.filter(passed=True)


class ExerciseAttempt(models.Model):
    """A submitted SQL or Python exercise: the code, one verdict per test case, and where it
    was checked (SQL on the server; Python in the candidate's browser, as the page reported).
    The prompt is kept as a snapshot, like session items."""

    class CheckedIn(models.TextChoices):
        SERVER = "server", _("Checked on the server")
        BROWSER = "browser", _("Checked in your browser")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_attempts"
    )
    question = models.ForeignKey(
        "bank.Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session_item = models.ForeignKey(
        SessionItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exercise_attempts",
        help_text=_("The coding-round question of a mock interview this was submitted in."),
    )
    kind = models.CharField(max_length=20)  # the question's kind: "sql" or "python"
    prompt = models.TextField()
    code = models.TextField()
    passed = models.BooleanField()
    cases_passed = models.PositiveSmallIntegerField()
    cases_total = models.PositiveSmallIntegerField()
    results = models.JSONField(
        default=list, help_text=_('Per case: {"name", "hidden", "passed", "message"}.')
    )
    output = models.TextField(blank=True)
    checked_in = models.CharField(max_length=10, choices=CheckedIn.choices)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    objects = ExerciseAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-submitted_at"], name="attempt_user_submitted"),
            models.Index(fields=["question", "submitted_at"], name="attempt_question_submitted"),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.pk} of {self.user} on question {self.question_id}"

    def get_absolute_url(self) -> str:
        return reverse("practice:exercise_attempt", kwargs={"pk": self.pk})

    @property
    def first_failure(self) -> dict | None:
        return next((case for case in self.results if not case.get("passed")), None)


class PackDraft(models.Model):
    """A study pack being reviewed before it is saved: what the generator made from the user's
    notes, as one JSON document the user edits (see interview.practice.packs.drafts for its
    shape). Saving turns it into a private topic and deletes the draft."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pack_drafts"
    )
    title = models.CharField(max_length=120)
    source_name = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:pack_draft", kwargs={"pk": self.pk})
