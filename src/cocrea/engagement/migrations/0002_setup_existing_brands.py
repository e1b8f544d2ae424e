"""Give every existing brand its weights row and the default ladder of three tiers."""

from django.db import migrations

LADDERS = {
    "fr": [("Membre", 0.0, False), ("Initié", 100.0, False), ("Ambassadeur", 400.0, True)],
    "en": [("Member", 0.0, False), ("Insider", 100.0, False), ("Ambassador", 400.0, True)],
}


def setup(apps, schema_editor):  # type: ignore[no-untyped-def]
    Brand = apps.get_model("brands", "Brand")
    Weights = apps.get_model("engagement", "EngagementWeights")
    Tier = apps.get_model("engagement", "Tier")
    for brand in Brand.objects.all():
        _weights, created = Weights.objects.get_or_create(brand=brand)
        if created and not Tier.objects.filter(brand=brand).exists():
            ladder = LADDERS.get(brand.default_language, LADDERS["en"])
            for name, threshold, accepted in ladder:
                Tier.objects.create(
                    brand=brand, name=name, threshold=threshold, requires_accepted_idea=accepted
                )


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial"), ("brands", "0001_initial")]
    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
