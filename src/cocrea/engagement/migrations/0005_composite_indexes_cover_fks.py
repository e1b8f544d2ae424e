"""Drop the single-column indexes of three foreign keys that a composite index already starts
with (``engagement_event_member``, ``engagement_event_brand``, ``engagement_leaderboard``).

Django's own AlterField(db_index=False) would also drop and re-add each foreign key, checking
every row of the ledger again; only the indexes change here, so the database side is three
DROP INDEX (the same names on SQLite and PostgreSQL: Django derives them from table and column).
"""

import django.db.models.deletion
from django.db import migrations, models

_FIELDS = [  # model, field, related_name, target
    ("engagementevent", "brand", "+", "brands.brand"),
    ("engagementevent", "member", "engagement_events", "brands.membership"),
    ("memberscore", "brand", "+", "brands.brand"),
]
_INDEXES = [
    ("engagement_engagementevent", "brand_id", "engagement_engagementevent_brand_id_146e21f2"),
    ("engagement_engagementevent", "member_id", "engagement_engagementevent_member_id_ab729873"),
    ("engagement_memberscore", "brand_id", "engagement_memberscore_brand_id_f2909d26"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("brands", "0001_initial"),
        ("engagement", "0004_brand_events"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name=field,
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name=related,
                        to=to,
                    ),
                )
                for model, field, related, to in _FIELDS
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for table, column, name in _INDEXES
            ],
        )
    ]
