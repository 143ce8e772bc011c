from django.core.management.base import BaseCommand, CommandError

from interview.bank.checks import bank_check, bank_shape_check
from interview.bank.models import Question


class Command(BaseCommand):
    help = (
        "Check the question bank: answers, key points, options and explanations, follow-up "
        "links, empty Markdown, duplicate prompts. Exits non-zero when anything is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--shape",
            action="store_true",
            help="Also check the bank's shape: questions, notes and key concepts per topic, and "
            "questions per kind of interview question (the starter bank's promise).",
        )

    def handle(self, *args, **options):
        problems = bank_check()
        if options["shape"]:
            problems += bank_shape_check()
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s) found in the question bank.")
        count = Question.objects.count()
        self.stdout.write(self.style.SUCCESS(f"No problems in {count} questions."))
