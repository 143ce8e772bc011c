"""Search filters as GET parameters: a value that is not one of the choices (an unknown or
renamed topic, a hand-edited URL) is left out and named on the page, never an error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from interview.bank.models import Question, Topic

ANY = ""


@dataclass(frozen=True)
class SearchFilters:
    topic: str = ANY
    difficulty: str = ANY
    kind: str = ANY
    unanswered: bool = False

    @property
    def any(self) -> bool:
        return bool(self.topic or self.difficulty or self.kind or self.unanswered)


class SearchFiltersForm(forms.Form):
    topic = forms.ChoiceField(required=False, label=_("Topic"))
    difficulty = forms.ChoiceField(
        required=False,
        label=_("Difficulty"),
        choices=[(ANY, _("Any difficulty")), *Question.Difficulty.choices],
    )
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[(ANY, _("Any kind")), *Question.Kind.choices]
    )
    unanswered = forms.BooleanField(required=False, label=_("Not yet answered"))

    def __init__(self, *args: Any, topics: Sequence[Topic], signed_in: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        topic = cast(forms.ChoiceField, self.fields["topic"])
        topic.choices = [(ANY, _("Any topic"))] + [(t.slug, t.name) for t in topics]
        if not signed_in:
            del self.fields["unanswered"]

    def filters(self) -> SearchFilters:
        """The valid filters; those with an unknown value are dropped (see `ignored`)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return SearchFilters(
            topic=data.get("topic", ANY),
            difficulty=data.get("difficulty", ANY),
            kind=data.get("kind", ANY),
            unanswered=bool(data.get("unanswered", False)),
        )

    @property
    def ignored(self) -> list[str]:
        """Labels of the filters whose value was not understood."""
        return [str(self.fields[name].label or name.title()) for name in self.errors]
