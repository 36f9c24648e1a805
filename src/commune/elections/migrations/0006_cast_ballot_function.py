"""On PostgreSQL, a ballot is cast by one call of a function in the database.

The cast holds the election's row lock (FOR NO KEY UPDATE) from the check that it is open
to the commit, and casts of one election take turns on it. Sent statement by statement,
the cast's seven statements made seven round trips under that lock, and the turns were
as long as the round trips. In one function they are one round trip, and the lock is held
only for the statements' own work. The function does what `casting._write_shuffled` and
`casting._swap_two` do on SQLite, in the same order, with draws made by the caller from the
operating system's randomness (`secrets`), reduced modulo the number of places (a bias of
at most n / 2^62).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION elections_cast_ballot(
    election bigint, person bigint, new_id uuid, new_marks text, new_blank boolean,
    new_receipt text, draws bigint[]
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    n bigint;
    at bigint;
    first bigint;
    second bigint;
    old elections_ballot%ROWTYPE;
BEGIN
    SELECT status INTO state FROM elections_election WHERE id = election FOR NO KEY UPDATE;
    IF state IS DISTINCT FROM 'open' THEN
        RETURN coalesce(state, 'missing');
    END IF;
    INSERT INTO elections_voted (election_id, person_id) VALUES (election, person)
        ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN 'voted';
    END IF;
    SELECT coalesce(max(place) + 1, 0) INTO n FROM elections_ballot
        WHERE election_id = election;
    at := draws[1] % (n + 1);
    IF at = n THEN
        INSERT INTO elections_ballot (id, election_id, marks, is_blank, receipt, place)
            VALUES (new_id, election, new_marks, new_blank, new_receipt, n);
    ELSE
        SELECT * INTO old FROM elections_ballot WHERE election_id = election AND place = at;
        UPDATE elections_ballot SET marks = new_marks, is_blank = new_blank,
            receipt = new_receipt WHERE election_id = election AND place = at;
        INSERT INTO elections_ballot (id, election_id, marks, is_blank, receipt, place)
            VALUES (new_id, election, old.marks, old.is_blank, old.receipt, n);
    END IF;
    IF n >= 2 THEN
        first := draws[2] % (n + 1);
        second := (first + 1 + draws[3] % n) % (n + 1);
        UPDATE elections_ballot AS b
            SET marks = o.marks, is_blank = o.is_blank, receipt = o.receipt
            FROM elections_ballot AS o
            WHERE b.election_id = election AND o.election_id = election
              AND ((b.place = first AND o.place = second)
                OR (b.place = second AND o.place = first));
    END IF;
    RETURN 'cast';
END
$$;
"""

DROP = (
    "DROP FUNCTION IF EXISTS elections_cast_ballot(bigint, bigint, uuid, text, boolean, text, "
    "bigint[])"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(CREATE)  # no parameters: its % are PL/pgSQL's, not placeholders


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("elections", "0005_ballot_place")]
    operations = [migrations.RunPython(create, drop)]
