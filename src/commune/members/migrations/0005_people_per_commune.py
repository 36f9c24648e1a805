"""Each commune keeps its own people (1 of 3): the column that says whose person is whose.

Split in three migrations because PostgreSQL refuses to alter a table that has
pending trigger events from rows written in the same transaction.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("communes", "0002_own_tables"),
        ("members", "0004_section_merging"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="commune",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="communes.commune",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="email",
            field=models.EmailField(blank=True, max_length=254, null=True, verbose_name="email"),
        ),
        migrations.AlterField(
            model_name="person",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="people",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
