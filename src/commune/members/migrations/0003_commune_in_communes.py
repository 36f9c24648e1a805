"""Communes, constitution versions and clerks now belong to the `communes` app.

State only: the sections' and memberships' foreign keys point at the same table,
now known as `communes.Commune`; the models leave this app's state.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_cache_table"),
        ("communes", "0001_initial"),
        ("journal", "0004_commune_in_communes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="section",
                    name="commune",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sections",
                        to="communes.commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="commune",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="communes.commune",
                    ),
                ),
                migrations.DeleteModel(name="Clerk"),
                migrations.DeleteModel(name="ConstitutionVersion"),
                migrations.DeleteModel(name="Commune"),
            ],
        ),
    ]
