"""Drop state nothing reads: a quiz's plan (its items hold the questions) and the summary
figures stored beside each answer's key-point verdicts (always recomputed from the verdicts)."""

from django.db import migrations, models

SUMMARY_KEYS = ("covered_count", "total", "percent")


def drop_dead_state(apps, schema_editor):
    PracticeSession = apps.get_model("practice", "PracticeSession")
    SessionItem = apps.get_model("practice", "SessionItem")
    PracticeSession.objects.filter(kind="quiz").exclude(plan=[]).update(plan=[])
    items = SessionItem.objects.filter(coverage__isnull=False).only("pk", "coverage")
    changed = []
    for item in items.iterator(chunk_size=500):
        if isinstance(item.coverage, dict) and any(key in item.coverage for key in SUMMARY_KEYS):
            item.coverage = {"points": item.coverage.get("points") or []}
            changed.append(item)
        if len(changed) >= 500:
            SessionItem.objects.bulk_update(changed, ["coverage"])
            changed = []
    SessionItem.objects.bulk_update(changed, ["coverage"])


class Migration(migrations.Migration):
    dependencies = [("practice", "0005_card_introduced_at")]

    operations = [
        migrations.AlterField(
            model_name="practicesession",
            name="plan",
            field=models.JSONField(
                default=list, help_text="Interviews: ids of the questions picked, in the order to ask."
            ),
        ),
        migrations.RunPython(drop_dead_state, migrations.RunPython.noop),
    ]
