from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interview.bank.models import Question
from interview.practice.engine.forms import UNTIMED, NewSessionForm, PositionForm
from interview.practice.models import Rating

SECONDS_CHOICES = [
    (60, _("1 minute")),
    (120, _("2 minutes")),
    (180, _("3 minutes")),
    (300, _("5 minutes")),
    (600, _("10 minutes")),
    (UNTIMED, _("Untimed")),
]


class InterviewForm(NewSessionForm):
    clock_field = "seconds_per_question"
    question_count = forms.IntegerField(
        label=_("Number of questions"), min_value=1, max_value=20, initial=5
    )
    seconds_per_question = forms.TypedChoiceField(
        label=_("Time per question"), choices=SECONDS_CHOICES, coerce=int, initial=180
    )
    difficulty = forms.ChoiceField(
        choices=[("", _("Any difficulty")), *Question.Difficulty.choices], required=False
    )
    coding_questions = forms.IntegerField(
        label=_("Coding round: SQL or Python exercises after the questions"),
        min_value=0,
        max_value=5,
        initial=0,
        required=False,
        help_text=_("Each is timed like a question; your code is autosaved."),
    )
    follow_up = forms.BooleanField(
        label=_("Follow-up mode: after a question, ask a related one where the bank has it"),
        required=False,
    )


class AnswerForm(PositionForm):
    """An autosave or a submit: which question it is for, the client's revision, the text, and
    ``base``: the saved revision the text was typed on (absent from older clients)."""

    revision = forms.IntegerField(min_value=0, max_value=10_000_000)
    base = forms.IntegerField(min_value=0, max_value=10_000_000, required=False)
    answer = forms.CharField(required=False, max_length=20_000, strip=False)
    report = forms.CharField(required=False, max_length=200_000, strip=False)


class RatingForm(PositionForm):
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int)


class PointClaimForm(forms.Form):
    """'I did cover this' on one key point of one answer (``claimed`` 0 takes it back)."""

    position = forms.IntegerField(min_value=0, max_value=1000)
    index = forms.IntegerField(min_value=0, max_value=100)
    claimed = forms.TypedChoiceField(choices=[("1", "yes"), ("0", "no")], coerce=lambda v: v == "1")
    next = forms.ChoiceField(choices=[("step", "step"), ("report", "report")], required=False)


class SingleAnswerForm(forms.Form):
    """An answer typed on a question's page."""

    answer = forms.CharField(max_length=20_000, strip=False)


class SingleRatingForm(forms.Form):
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int)
