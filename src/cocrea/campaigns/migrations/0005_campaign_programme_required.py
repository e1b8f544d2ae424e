import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_campaign_programme"),
        ("programmes", "0002_default_programmes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="programme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="campaigns",
                to="programmes.programme",
                verbose_name="programme",
            ),
        ),
    ]
