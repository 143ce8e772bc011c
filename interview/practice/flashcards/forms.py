from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from interview.practice.models import Preferences, Rating


class CardRatingForm(forms.Form):
    version = forms.IntegerField(min_value=0)
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int)
    duration_ms = forms.IntegerField(min_value=0, required=False)


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
