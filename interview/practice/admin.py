"""Admin registrations of practice (found by the admin's autodiscovery)."""

from interview.practice.progress import admin as progress_admin  # noqa: F401
