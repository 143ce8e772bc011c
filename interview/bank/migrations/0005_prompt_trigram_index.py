"""pg_trgm and a trigram GIN index on the lower-cased prompt, on PostgreSQL only: search finds
the questions closest to a misspelt or oddly joined query through it (SQLite has neither)."""

from django.db import migrations

INDEX = "bank_question_prompt_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON bank_question "
            "USING gin (lower(prompt) gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("bank", "0004_exercises")]

    operations = [migrations.RunPython(create_index, drop_index)]
