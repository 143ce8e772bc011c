"""A GIN index on the full-text search vector, on PostgreSQL only (SQLite has no GIN)."""

from django.db import migrations

INDEX = "bank_question_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON bank_question USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("bank", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
