"""Every existing campaign moves into its brand's default programme."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Brand = apps.get_model("brands", "Brand")
    Campaign = apps.get_model("campaigns", "Campaign")
    Programme = apps.get_model("programmes", "Programme")
    for brand in Brand.objects.all().iterator():
        first = Campaign.objects.filter(brand=brand).order_by("created_at").first()
        starts = timezone.localtime(first.created_at).date() if first else timezone.localdate()
        programme, _ = Programme.objects.get_or_create(
            brand=brand,
            is_default=True,
            defaults={"name": "Co-création continue", "starts_on": starts},
        )
        Campaign.objects.filter(brand=brand, programme__isnull=True).update(programme=programme)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("campaigns", "0004_campaign_programme"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
