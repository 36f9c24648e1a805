"""On PostgreSQL, ballot pages keep half their room free.

Casting writes a new ballot into the row of a random earlier one (see
`commune.elections.actions.casting`). PostgreSQL writes an updated row anew; with free
room in the page and no indexed column changed, it writes it in the same page (a HOT
update), so the row stays where the shuffle put it instead of moving to the table's end.
"""

from django.db import migrations


def keep_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE elections_ballot SET (fillfactor = 50)")


def default_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE elections_ballot RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("elections", "0001_initial")]
    operations = [migrations.RunPython(keep_room, default_room)]
