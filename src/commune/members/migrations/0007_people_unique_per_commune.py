"""Each commune keeps its own people (3 of 3): every person has a commune, and an email or
an account names at most one person per commune."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0006_split_people")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="commune",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="communes.commune",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(fields=("commune", "email"), name="person_email_unique"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(fields=("commune", "user"), name="person_user_unique"),
        ),
    ]
