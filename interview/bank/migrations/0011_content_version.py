import uuid

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("bank", "ContentVersion").objects.create(pk=1, stamp=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [
        ("bank", "0010_bank_media"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("stamp", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
