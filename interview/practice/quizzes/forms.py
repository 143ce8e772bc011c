from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from interview.practice.engine.forms import UNTIMED, NewSessionForm, PositionForm
from interview.practice.models import PracticeSession

TIME_LIMIT_CHOICES = [
    (300, _("5 minutes")),
    (600, _("10 minutes")),
    (900, _("15 minutes")),
    (1200, _("20 minutes")),
    (1800, _("30 minutes")),
    (UNTIMED, _("Untimed")),
]
MAX_OPTIONS = 12
MAX_BLANKS = 50


class QuizForm(NewSessionForm):
    clock_field = "time_limit"
    question_count = forms.IntegerField(
        label=_("Number of questions"), min_value=1, max_value=50, initial=10
    )
    time_limit = forms.TypedChoiceField(
        label=_("Time limit for the whole quiz"),
        choices=TIME_LIMIT_CHOICES,
        coerce=int,
        initial=600,
    )
    feedback = forms.ChoiceField(
        label=_("Feedback"),
        choices=PracticeSession.Feedback.choices,
        initial=PracticeSession.Feedback.END,
        widget=forms.RadioSelect,
    )


class TextListField(forms.Field):
    """Every value posted under one name, as strings (the blanks of a cloze question)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[str]:
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            raise forms.ValidationError(gettext("Expected a list of answers."))
        return [str(item) for item in value]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > MAX_BLANKS:
            raise forms.ValidationError(
                gettext("At most %(count)s blanks.") % {"count": MAX_BLANKS}
            )


class SelectionForm(PositionForm):
    revision = forms.IntegerField(min_value=0, max_value=10_000_000)
    selected = forms.TypedMultipleChoiceField(
        choices=[(index, index) for index in range(MAX_OPTIONS)], coerce=int, required=False
    )
    blanks = TextListField(required=False)


class FlagForm(PositionForm):
    flagged = forms.TypedChoiceField(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )
