"""Ballots get their place in the election's shuffled list (drawn uniformly when cast).

The shuffle used to pick "the first ballot whose random id follows a fresh random id": a
ballot is then picked in proportion to the gap before its id, not uniformly, and the rows
written lately (fresh ids, larger gaps on average) were picked more often, so recent
ballots gathered at the end of the table. A place 0 … n-1 drawn uniformly makes the shuffle
exact. Ballots already stored take places in the order of their random ids.
"""

from django.db import migrations, models


def number_places(apps, schema_editor):
    Ballot = apps.get_model("elections", "Ballot")
    elections = Ballot.objects.values_list("election_id", flat=True).distinct()
    for election_id in list(elections):
        ids = Ballot.objects.filter(election_id=election_id).order_by("id")
        for place, pk in enumerate(ids.values_list("id", flat=True)):
            Ballot.objects.filter(pk=pk).update(place=place)


class Migration(migrations.Migration):
    dependencies = [("elections", "0004_fixed_roll")]
    operations = [
        migrations.RemoveIndex(model_name="ballot", name="ballot_election_id"),
        migrations.AddField(
            model_name="ballot",
            name="place",
            field=models.PositiveIntegerField(default=0, verbose_name="place"),
            preserve_default=False,
        ),
        migrations.RunPython(number_places, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.UniqueConstraint(
                fields=("election", "place"), name="ballot_place_unique"
            ),
        ),
    ]
