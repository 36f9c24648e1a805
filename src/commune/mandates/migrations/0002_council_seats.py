"""Each mandate gives a seat in the council (assemblies.Seat); existing mandates get theirs.

The council is created for each commune that has mandates. These rows restate what the
journal already holds (`mandate.began`), so no entry is appended here.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def seat_existing_mandates(apps, schema_editor):
    Mandate = apps.get_model("mandates", "Mandate")
    Body = apps.get_model("assemblies", "Body")
    Seat = apps.get_model("assemblies", "Seat")
    for mandate in Mandate.objects.filter(seat__isnull=True).order_by("started_at", "pk"):
        council = Body.objects.filter(commune_id=mandate.commune_id, kind="council").first()
        if council is None:
            council = Body.objects.create(
                commune_id=mandate.commune_id,
                kind="council",
                name="Council of the Commune",
                created_at=timezone.now(),
            )
        seat = Seat.objects.filter(
            body=council, person_id=mandate.person_id, ended_at__isnull=True
        ).first()
        if seat is None:
            seat = Seat.objects.create(
                body=council,
                person_id=mandate.person_id,
                origin="mandate",
                started_at=mandate.started_at,
                ended_at=mandate.ended_at,
            )
        mandate.seat = seat
        mandate.save(update_fields=["seat"])


class Migration(migrations.Migration):
    dependencies = [
        ("assemblies", "0001_initial"),
        ("mandates", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mandate",
            name="seat",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mandates",
                to="assemblies.seat",
            ),
        ),
        migrations.RunPython(seat_existing_mandates, migrations.RunPython.noop),
    ]
