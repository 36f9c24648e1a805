"""Communes, constitution versions and clerks move here from the members app.

Their tables already exist (members 0001): this migration only tells Django's
state that the models now belong to `communes`, keeping the old table names
until 0002 renames them. No row is touched.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("members", "0002_cache_table"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Commune",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("slug", models.SlugField(max_length=64, unique=True, verbose_name="short name")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("constitution", models.JSONField(verbose_name="constitution")),
                        ("constitution_version", models.PositiveIntegerField(default=1, verbose_name="constitution version")),
                        ("created_at", models.DateTimeField(verbose_name="created at")),
                    ],
                    options={
                        "verbose_name": "commune",
                        "verbose_name_plural": "communes",
                        "ordering": ["name"],
                        "db_table": "members_commune",
                    },
                ),
                migrations.CreateModel(
                    name="ConstitutionVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("version", models.PositiveIntegerField(verbose_name="version")),
                        ("rules", models.JSONField(verbose_name="rules")),
                        ("adopted_at", models.DateTimeField(verbose_name="adopted at")),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("commune", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="versions", to="communes.commune")),
                    ],
                    options={
                        "verbose_name": "constitution version",
                        "verbose_name_plural": "constitution versions",
                        "ordering": ["commune", "version"],
                        "constraints": [models.UniqueConstraint(fields=("commune", "version"), name="constitution_version_unique")],
                        "db_table": "members_constitutionversion",
                    },
                ),
                migrations.CreateModel(
                    name="Clerk",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("appointed_at", models.DateTimeField(verbose_name="appointed at")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="clerkships", to=settings.AUTH_USER_MODEL)),
                        ("commune", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="clerks", to="communes.commune")),
                    ],
                    options={
                        "verbose_name": "clerk",
                        "verbose_name_plural": "clerks",
                        "constraints": [models.UniqueConstraint(fields=("user", "commune"), name="clerk_unique")],
                        "db_table": "members_clerk",
                    },
                ),
            ],
        ),
    ]
