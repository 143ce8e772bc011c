"""Form pieces every activity shares: the topics field, "untimed" and an item's position."""

from __future__ import annotations

from django import forms

from interview.bank.models import Topic

UNTIMED = 0


def topics_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one topic."},
    )


class PositionForm(forms.Form):
    position = forms.IntegerField(min_value=0, max_value=1000)
