"""A petition keeps the number of its live signatures (given, not withdrawn)."""

from django.db import migrations, models
from django.db.models import Count, Q


def count_them(apps, schema_editor):
    petition_model = apps.get_model("mandates", "RecallPetition")
    counted = petition_model.objects.annotate(
        live=Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True))
    )
    for petition in counted:
        petition_model.objects.filter(pk=petition.pk).update(live_signatures=petition.live)


class Migration(migrations.Migration):
    dependencies = [("mandates", "0004_replacement_on_same_ballot")]
    operations = [
        migrations.AddField(
            model_name="recallpetition",
            name="live_signatures",
            field=models.PositiveIntegerField(default=0, verbose_name="live signatures"),
        ),
        migrations.RunPython(count_them, migrations.RunPython.noop),
    ]
