"""The moved tables take this app's names.

A rename, not a rebuild: on SQLite (3.26 and later) `ALTER TABLE … RENAME` also
rewrites the foreign keys of the tables that refer to them, so the journal's
tables and their append-only triggers are left as they are.
"""

from django.db import migrations


def relabel_content_types(apps, schema_editor):
    """Admin permissions and history follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="members", model__in=["commune", "constitutionversion", "clerk"]
    ).update(app_label="communes")


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0001_initial"),
        ("members", "0003_commune_in_communes"),
        ("journal", "0004_commune_in_communes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="commune", table=None),
        migrations.AlterModelTable(name="constitutionversion", table=None),
        migrations.AlterModelTable(name="clerk", table=None),
        migrations.RunPython(relabel_content_types, migrations.RunPython.noop),
    ]
