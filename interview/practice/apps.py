from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_delete


class PracticeConfig(AppConfig):
    name = "interview.practice"
    label = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        # Each activity registers its rules with the session engine when imported.
        from interview.bank.models import Question
        from interview.practice.engine import activity_stamp
        from interview.practice.exercises import services as exercises  # noqa: F401
        from interview.practice.interviews import services as interviews  # noqa: F401
        from interview.practice.quizzes import services as quizzes  # noqa: F401

        activity_stamp.connect_receivers()

        pre_delete.connect(
            _question_deleted, sender=Question, dispatch_uid="practice_cards_keep_history"
        )


def _question_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from interview.practice.flashcards.services import cards_keep_history

    cards_keep_history(question=instance)
