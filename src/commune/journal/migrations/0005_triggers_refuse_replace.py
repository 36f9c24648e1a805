"""Harden the append-only triggers (the hardening issue, item 2).

- On SQLite, `INSERT OR REPLACE` deleted the clashing row without firing the DELETE
  trigger: a BEFORE INSERT trigger on every journal table now refuses an insert whose
  primary or unique key is taken (it runs before conflict resolution).
- The guard table is protected by the same triggers while locked, and the journal counts
  as locked unless every guard row says 0.

The SQL is in `commune.journal.triggers`; installing it again replaces every trigger.
"""

from django.db import migrations

from commune.journal import triggers


def _install(apps, schema_editor):
    triggers.install(schema_editor)


def _uninstall(apps, schema_editor):
    triggers.uninstall_hardening(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("journal", "0004_commune_in_communes")]
    operations = [migrations.RunPython(_install, _uninstall)]
