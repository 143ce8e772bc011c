from __future__ import annotations

import zoneinfo

from django import forms

from interview.bank.models import Question, Topic
from interview.practice.models import PracticeSession, Preferences, Rating

UNTIMED = 0


def topics_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one topic."},
    )


SECONDS_CHOICES = [
    (60, "1 minute"),
    (120, "2 minutes"),
    (180, "3 minutes"),
    (300, "5 minutes"),
    (600, "10 minutes"),
    (UNTIMED, "Untimed"),
]


class InterviewForm(forms.Form):
    topics = topics_field()
    question_count = forms.IntegerField(
        label="Number of questions", min_value=1, max_value=20, initial=5
    )
    seconds_per_question = forms.TypedChoiceField(
        label="Time per question", choices=SECONDS_CHOICES, coerce=int, initial=180
    )
    difficulty = forms.ChoiceField(
        choices=[("", "Any difficulty"), *Question.Difficulty.choices], required=False
    )
    follow_up = forms.BooleanField(
        label="Follow-up mode: after a question, ask a related one where the bank has it",
        required=False,
    )

    @property
    def seconds(self) -> int | None:
        value = self.cleaned_data["seconds_per_question"]
        return None if value == UNTIMED else value


class AnswerForm(forms.Form):
    """An autosave or a submit: which question it is for, the client's revision, the text."""

    position = forms.IntegerField(min_value=0, max_value=1000)
    revision = forms.IntegerField(min_value=0, max_value=10_000_000)
    answer = forms.CharField(required=False, max_length=20_000, strip=False)


class RatingForm(forms.Form):
    position = forms.IntegerField(min_value=0, max_value=1000)
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int)


TIME_LIMIT_CHOICES = [
    (300, "5 minutes"),
    (600, "10 minutes"),
    (900, "15 minutes"),
    (1200, "20 minutes"),
    (1800, "30 minutes"),
    (UNTIMED, "Untimed"),
]
MAX_OPTIONS = 12


class QuizForm(forms.Form):
    topics = topics_field()
    question_count = forms.IntegerField(
        label="Number of questions", min_value=1, max_value=50, initial=10
    )
    time_limit = forms.TypedChoiceField(
        label="Time limit for the whole quiz", choices=TIME_LIMIT_CHOICES, coerce=int, initial=600
    )
    feedback = forms.ChoiceField(
        label="Feedback",
        choices=PracticeSession.Feedback.choices,
        initial=PracticeSession.Feedback.END,
        widget=forms.RadioSelect,
    )

    @property
    def seconds(self) -> int | None:
        value = self.cleaned_data["time_limit"]
        return None if value == UNTIMED else value


class SelectionForm(forms.Form):
    position = forms.IntegerField(min_value=0, max_value=1000)
    revision = forms.IntegerField(min_value=0, max_value=10_000_000)
    selected = forms.TypedMultipleChoiceField(
        choices=[(index, index) for index in range(MAX_OPTIONS)], coerce=int, required=False
    )


class PositionForm(forms.Form):
    position = forms.IntegerField(min_value=0, max_value=1000)


class FlagForm(PositionForm):
    flagged = forms.TypedChoiceField(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )


class CardRatingForm(forms.Form):
    version = forms.IntegerField(min_value=0)
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int)
    duration_ms = forms.IntegerField(min_value=0, required=False)


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=_time_zone_choices,
        help_text='Your "today" for the daily review queue and streaks starts at midnight here.',
    )
    daily_new_cards = forms.IntegerField(
        label="New cards per day", min_value=0, max_value=200, help_text="0 pauses new cards."
    )

    class Meta:
        model = Preferences
        fields = ["time_zone", "daily_new_cards"]
