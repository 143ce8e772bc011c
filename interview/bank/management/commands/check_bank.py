from django.core.management.base import BaseCommand, CommandError

from interview.bank.checks import bank_check, bank_shape_check
from interview.bank.models import Question


class Command(BaseCommand):
    help = (
        "Check the question bank: answers, key points, options and explanations, follow-up "
        "links, empty Markdown, duplicate prompts. Exits non-zero when anything is wrong. "
        "Key-point wording (negated points, points restating the prompt, generic one-word "
        "keywords) is reported as warnings, which fail only with --strict."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--shape",
            action="store_true",
            help="Also check the bank's shape: questions, notes and key concepts per topic, and "
            "questions per kind of interview question (the starter bank's promise).",
        )
        parser.add_argument(
            "--strict", action="store_true", help="fail on warnings too (key-point wording)"
        )
        parser.add_argument("--no-warnings", action="store_true", help="print errors only")

    def handle(self, *args, **options):
        problems = bank_check()
        if options["shape"]:
            problems += bank_shape_check()
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity != "error"]
        for problem in errors if options["no_warnings"] else problems:
            self.stdout.write(str(problem))
        failing = problems if options["strict"] else errors
        if failing:
            raise CommandError(
                f"{len(errors)} problem(s) and {len(warnings)} warning(s) found in the question "
                "bank."
            )
        if warnings:
            self.stdout.write(
                self.style.WARNING(f"{len(warnings)} warning(s); --strict makes them fail.")
            )
        count = Question.objects.filter(topic__owner__isnull=True).count()
        self.stdout.write(self.style.SUCCESS(f"No problems in {count} questions."))
