from django.apps import AppConfig


class BankConfig(AppConfig):
    name = "interview.bank"
    label = "bank"
    verbose_name = "Question bank"

    def ready(self) -> None:
        from interview.bank import signals  # noqa: F401
