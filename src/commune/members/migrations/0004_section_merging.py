"""A section merged into another keeps its row and history, marked as dissolved."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0002_own_tables"),
        ("members", "0003_commune_in_communes"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="dissolved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dissolved at"),
        ),
        migrations.AddField(
            model_name="section",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_sections",
                to="members.section",
                verbose_name="merged into",
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.CheckConstraint(
                condition=models.Q(("merged_into__isnull", True), ("dissolved_at__isnull", False), _connector="OR"),
                name="merged_section_is_dissolved",
            ),
        ),
    ]
