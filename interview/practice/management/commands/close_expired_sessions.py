from django.core.management.base import BaseCommand
from django.utils import timezone

from interview.practice.engine.sessions import sessions_close_expired


class Command(BaseCommand):
    help = (
        "Close practice questions whose time (and grace period) ran out, keeping the last "
        "answer saved in time. Idempotent: safe to run from cron every minute."
    )

    def handle(self, *args: object, **options: object) -> None:
        closed = sessions_close_expired(now=timezone.now())
        self.stdout.write(f"Closed {closed} expired question(s) or quiz(zes).")
