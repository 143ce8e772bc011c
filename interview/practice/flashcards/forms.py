from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from interview.bank.models import Topic
from interview.practice.models import Preferences, Rating


class CardRatingForm(forms.Form):
    version = forms.IntegerField(min_value=0)
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int)
    duration_ms = forms.IntegerField(min_value=0, required=False)


class CardSuspendForm(forms.Form):
    suspended = forms.TypedChoiceField(
        choices=[("1", "suspend"), ("0", "resume")], coerce=lambda value: value == "1"
    )
    next = forms.ChoiceField(choices=[("review", "review"), ("deck", "deck")], required=False)
    # The deck page's own query (topic, page), to return to the same list.
    next_query = forms.RegexField(regex=r"^[\w=&%.-]{0,200}$", required=False)


class DeckFilterForm(forms.Form):
    """The deck page's topic filter: a topic the user has no card in is not understood."""

    topic = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, topics: Sequence[Topic], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["topic"])
        field.choices = [("", _("All topics"))] + [(t.slug, t.name) for t in topics]


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=_time_zone_choices,
        label=_("Time zone"),
        help_text=_('Your "today" for the daily review queue and streaks starts at midnight here.'),
    )
    daily_new_cards = forms.IntegerField(
        label=_("New cards per day"), min_value=0, max_value=200, help_text=_("0 pauses new cards.")
    )

    class Meta:
        model = Preferences
        fields = ["time_zone", "daily_new_cards"]
