"""Each commune keeps its own people (2 of 3), so one commune's clerks learn nothing of
another's.

A person who held memberships in several communes becomes one row per commune,
each keeping that commune's memberships; the account they sign in with, if any,
stays linked to every row.
"""

from django.db import migrations


def split_people(apps, schema_editor):
    Person = apps.get_model("members", "Person")
    Membership = apps.get_model("members", "Membership")
    for person in Person.objects.all().iterator():
        communes = sorted(
            set(Membership.objects.filter(person=person).values_list("commune_id", flat=True))
        )
        if not communes:
            continue  # every admission opens a membership; a lone row stays unscoped
        person.commune_id = communes[0]
        person.save(update_fields=["commune"])
        for commune_id in communes[1:]:
            copy = Person.objects.create(
                commune_id=commune_id,
                full_name=person.full_name,
                email=person.email,
                user_id=person.user_id,
                created_at=person.created_at,
            )
            Membership.objects.filter(person=person, commune_id=commune_id).update(person=copy)
    # A person with no membership cannot be placed in a commune: such rows cannot arise
    # through the actions, and are removed rather than guessed at.
    Person.objects.filter(commune__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0005_people_per_commune")]

    operations = [migrations.RunPython(split_people, migrations.RunPython.noop)]
