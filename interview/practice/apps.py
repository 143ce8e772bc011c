from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "interview.practice"
    label = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        # Each activity registers its rules with the session engine when imported.
        from interview.practice.exercises import services as exercises  # noqa: F401
        from interview.practice.interviews import services as interviews  # noqa: F401
        from interview.practice.quizzes import services as quizzes  # noqa: F401
