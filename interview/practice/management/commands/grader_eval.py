import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interview.practice.grading.evaluation import evaluate, half_of, read_records


class Command(BaseCommand):
    help = (
        "Measure the key-point grader on a labelled set (JSON lines: prompt, instruction, "
        "key_points, answer, answer_class, labels). Each record is graded with its own prompt "
        "and key points. Prints micro precision, recall and F1, the mean coverage per answer "
        "class and the share of parrot and misconception answers scoring 50 % or more. "
        "The --min-*/--max-* options turn it into a gate: exit status 1 below them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="labelled answers, one JSON object a line")
        parser.add_argument(
            "--predictions",
            type=Path,
            help='write one line per record: {"id": ..., "covered": [true, false, ...]}',
        )
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument(
            "--half",
            type=int,
            choices=(1, 2),
            help="measure one half of the set split by question (sorted slugs, alternately)",
        )
        parser.add_argument("--min-f1", type=float)
        parser.add_argument("--min-precision", type=float)
        parser.add_argument("--min-recall", type=float)
        parser.add_argument("--min-strong", type=float, help="mean coverage of strong answers")
        parser.add_argument(
            "--max-wrong", type=float, help="share of parrot+misconception answers at >= 50 %%"
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            records = read_records(path)
            if options["half"]:
                records = half_of(records, options["half"])
            predictions, figures = evaluate(records)
        except (ValueError, KeyError) as error:
            raise CommandError(f"{path}: not a labelled set ({error})") from error
        if options["predictions"]:
            with options["predictions"].open("w", encoding="utf-8") as out:
                for prediction in predictions:
                    line = {"id": prediction.id, "covered": list(prediction.covered)}
                    out.write(json.dumps(line) + "\n")
        if options["json"]:
            self.stdout.write(json.dumps(figures))
        else:
            self._print(figures)
        failures = self._gate(figures, options)
        if failures:
            raise CommandError("Below the thresholds: " + "; ".join(failures))

    def _print(self, figures):
        self.stdout.write(f"records {figures['records']}, key-point pairs {figures['pairs']}")
        self.stdout.write(
            f"precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
            f"F1 {figures['f1']:.3f}"
        )
        self.stdout.write("mean coverage per answer class:")
        for name, value in figures["mean_coverage"].items():
            self.stdout.write(f"  {name:<16} {value * 100:5.1f} %")
        self.stdout.write(
            f"parrot + misconception answers scoring >= 50 %: "
            f"{figures['wrong_scoring_50'] * 100:.1f} %"
        )

    @staticmethod
    def _gate(figures, options):
        strong = figures["mean_coverage"].get("strong", 0.0)
        checks = [
            ("F1", figures["f1"], options["min_f1"], 1),
            ("precision", figures["precision"], options["min_precision"], 1),
            ("recall", figures["recall"], options["min_recall"], 1),
            ("strong coverage", strong, options["min_strong"], 1),
            ("wrong answers at >= 50 %", figures["wrong_scoring_50"], options["max_wrong"], -1),
        ]
        failures = []
        for name, value, limit, sign in checks:
            if limit is not None and sign * value < sign * limit:
                relation = "<" if sign > 0 else ">"
                failures.append(f"{name} {value:.3f} {relation} {limit:.3f}")
        return failures
