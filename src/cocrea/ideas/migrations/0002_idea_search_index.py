"""A GIN index for the campaign page's full-text search on PostgreSQL (nothing on SQLite).

The expression is the one ``SearchVector("title", "body_text", config="simple")`` compiles to
in ``ideas.selectors._search``, so the planner can use the index for ``@@`` queries.
"""

from django.db import migrations

INDEX = "idea_search_simple"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON ideas_idea USING gin (
    to_tsvector('simple'::regconfig,
                COALESCE(title, '') || ' ' || COALESCE(body_text, ''))
)
"""


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
