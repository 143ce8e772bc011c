from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BankConfig(AppConfig):
    name = "interview.bank"
    label = "bank"
    verbose_name = gettext_lazy("Question bank")

    def ready(self) -> None:
        from interview.bank import signals  # noqa: F401
