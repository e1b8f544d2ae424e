from django.core.management import call_command
from django.db import migrations, models


def create_cache_table(apps, schema_editor):
    # The embedded default keeps its cache (allauth's rate limits among others) in the database.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="RateLimitBucket",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=200)),
                ("window_start", models.BigIntegerField()),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("key", "window_start"), name="ratelimit_unique_window")
                ]
            },
        ),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
