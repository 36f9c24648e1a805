"""Create the shared cache's table (sign-in rate limits) with the rest of the schema.

Django's database cache needs `createcachetable`, which `migrate` does not run;
without it the first sign-in of a fresh install fails. Creating it here makes
`commune migrate` enough.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
