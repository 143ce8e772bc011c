"""Form pieces every activity shares: the topics field, "untimed" and an item's position."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from interview.bank.models import Question, Topic

UNTIMED = 0


class _OfferedTopics(ModelChoiceIterator):
    """The topics offered: only those with a published question (a draft-only topic is offered
    nowhere). Any topic still validates, so a stale page gets the activity's clear message."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        super().__init__(field)
        self.queryset = self.queryset.filter(
            Exists(
                Question.objects.filter(
                    status=Question.Status.PUBLISHED, topic=OuterRef("pk")
                )  # the field's queryset already holds only topics the user may see
            )
        )


def topics_field() -> forms.ModelMultipleChoiceField:
    field = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.public().order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics"),
        error_messages={"required": _("Choose at least one topic.")},
    )
    field.iterator = _OfferedTopics
    return field


class NewSessionForm(forms.Form):
    """What every new session asks: topics (the bank's and the user's own study packs), then
    its own fields, one of them a clock in seconds (`clock_field`, UNTIMED for none)."""

    clock_field = ""
    topics = topics_field()

    def __init__(self, *args: Any, user: User | AnonymousUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topics"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Topic.objects.visible_to(user).order_by("order", "name")

    @property
    def seconds(self) -> int | None:
        value = self.cleaned_data[self.clock_field]
        return None if value == UNTIMED else value

    @property
    def common(self) -> dict[str, Any]:
        """What every activity's create service takes from the form: topics and question count."""
        return {
            "topics": self.cleaned_data["topics"],
            "question_count": self.cleaned_data["question_count"],
        }


class PositionForm(forms.Form):
    """A change to one item of a session, named by its position."""

    position = forms.IntegerField(min_value=0, max_value=1000)
