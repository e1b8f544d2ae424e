import secrets

from django.db import migrations, models

import cocrea.customizer.models


def one_version_each(apps, schema_editor):
    """AddField gives every existing row the same default: give each product its own."""
    Product = apps.get_model("customizer", "Product")
    for pk in Product.objects.values_list("pk", flat=True):
        Product.objects.filter(pk=pk).update(catalogue_version=secrets.token_hex(8))


class Migration(migrations.Migration):
    dependencies = [
        ("customizer", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="catalogue_version",
            field=models.CharField(
                default=cocrea.customizer.models.new_catalogue_version,
                editable=False,
                max_length=16,
            ),
        ),
        migrations.RunPython(one_version_each, migrations.RunPython.noop),
    ]
