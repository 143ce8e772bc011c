from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "interview.ops"
    label = "ops"
    verbose_name = "Operations"
