"""The journal's foreign keys now name `communes.Commune` (the same table: state only)."""

import django.db.models.deletion
from django.db import migrations, models


def _commune(related_name, **extra):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="communes.commune",
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0003_fewer_indexes"),
        ("communes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="treehead",
                    name="commune",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tree_head",
                        to="communes.commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="journalentry", name="commune", field=_commune("journal", db_index=False)
                ),
                migrations.AlterField(
                    model_name="treenode", name="commune", field=_commune("tree_nodes", db_index=False)
                ),
                migrations.AlterField(
                    model_name="checkpoint", name="commune", field=_commune("checkpoints")
                ),
                migrations.AlterField(
                    model_name="signingkey", name="commune", field=_commune("signing_keys")
                ),
            ],
        ),
    ]
