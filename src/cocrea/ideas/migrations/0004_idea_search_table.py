"""Full-text search moves from a GIN index on the idea row to ``ideas_ideasearch``.

On PostgreSQL, triggers keep the table in step with the ideas' title and text, the existing
ideas are copied in, and the expression index of 0002 is dropped: a vote rewrites the idea row,
and that index made every vote compute and insert the idea's whole document again. SQLite
keeps an empty table (its search uses LIKE).
"""

import importlib

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

DOCUMENT = "to_tsvector('simple'::regconfig, COALESCE({row}.title, '') || ' ' || COALESCE({row}.body_text, ''))"
FORWARD = f"""
CREATE OR REPLACE FUNCTION ideas_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ideas_ideasearch (idea_id, document) VALUES (NEW.id, {DOCUMENT.format(row="NEW")})
  ON CONFLICT (idea_id) DO UPDATE SET document = EXCLUDED.document;
  RETURN NULL;
END
$$;
CREATE TRIGGER ideas_search_insert AFTER INSERT ON ideas_idea
  FOR EACH ROW EXECUTE FUNCTION ideas_search_write();
CREATE TRIGGER ideas_search_update AFTER UPDATE OF title, body_text ON ideas_idea
  FOR EACH ROW
  WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body_text IS DISTINCT FROM NEW.body_text)
  EXECUTE FUNCTION ideas_search_write();
INSERT INTO ideas_ideasearch (idea_id, document)
  SELECT i.id, {DOCUMENT.format(row="i")} FROM ideas_idea i
  ON CONFLICT (idea_id) DO NOTHING;
CREATE INDEX IF NOT EXISTS idea_search_document ON ideas_ideasearch USING gin (document);
DROP INDEX IF EXISTS idea_search_simple;
"""
BACKWARD = """
DROP TRIGGER IF EXISTS ideas_search_update ON ideas_idea;
DROP TRIGGER IF EXISTS ideas_search_insert ON ideas_idea;
DROP FUNCTION IF EXISTS ideas_search_write();
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        old = importlib.import_module("cocrea.ideas.migrations.0002_idea_search_index")
        schema_editor.execute(BACKWARD)
        schema_editor.execute(old.CREATE)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0003_drop_redundant_indexes")]

    operations = [
        migrations.CreateModel(
            name="IdeaSearch",
            fields=[
                (
                    "idea",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="ideas.idea",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
