"""Form pieces every activity shares: the topics field, "untimed" and an item's position."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef

from interview.bank.models import Question, Topic

UNTIMED = 0


def topics_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        # Only topics with a published question to practise (a draft-only topic is offered
        # nowhere).
        queryset=Topic.objects.filter(
            Exists(Question.objects.published().filter(topic=OuterRef("pk")))
        ).order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one topic."},
    )


class NewSessionForm(forms.Form):
    """What every new session asks: topics, then its own fields, one of them a clock in
    seconds (`clock_field`, UNTIMED for none)."""

    clock_field = ""
    topics = topics_field()

    @property
    def seconds(self) -> int | None:
        value = self.cleaned_data[self.clock_field]
        return None if value == UNTIMED else value


class PositionForm(forms.Form):
    """A change to one item of a session, named by its position."""

    position = forms.IntegerField(min_value=0, max_value=1000)
