"""Counts of each workshop's registrations kept by the database, and indexes for the lists
whose cost grew with the data (issue 11).

`workshops_registration_tally` holds, per workshop, how many registrations there are of each
status, how many confirmed people attended, and, of the people confirmed or waiting, how many
there are of each sector, each network, with no network named, and from each connection
(`source`). Triggers on the registrations and on their networks keep it exact in the same
transaction as every change, whoever makes it (services, the admin, `.update()`,
`bulk_create`): the dashboard reads a few rows instead of counting 50,000. It is the
database's own bookkeeping, with no model: workshops/selectors/tallies.py reads it.

The triggers run once a statement, over the rows it changed (transition tables). A statement
of a few rows (a registration, a place given, the networks someone named) is counted row by
row, each row's tallies in one upsert, as that time is spent holding the workshop's lock; a bulk one (`bulk_create`, marking everyone attended) is totalled and added
in one upsert, in key order: row by row, one transaction would update the same tally row
thousands of times, each slower than the last. Every service that changes registrations
holds their workshop's lock, so two transactions never wait on each other's tally rows in
turn. A tally that falls to zero is deleted. TRUNCATE (the test suite's flush) counts
everything again from what is left, as does the (never made) change of a network link.

The indexes are created here rather than in the models' Meta, so this change touches no
model: a registration list in the order people registered, the connections that registered
several times, workshops latest first (the organisers' list, the downloads), materials
newest first (the home page), and registrations by trigrams of their name, email and
organisation (the dashboard's search: a scan of every registration of the workshop before).
"""

# The SQL is put together from this file's constants alone, never from input.
# ruff: noqa: S608

from django.db import migrations

ACTIVE = "('confirmed', 'waiting')"
SEARCHED = ("name", "email", "organisation")
# Statements that change this many rows or fewer are counted row by row; more, in bulk.
FEW = 20

TABLE = """
CREATE TABLE workshops_registration_tally (
    workshop_id bigint NOT NULL,
    dimension varchar(16) NOT NULL,
    value varchar(64) NOT NULL,
    count integer NOT NULL,
    PRIMARY KEY (workshop_id, dimension, value)
);
-- The bursts: connections with several registrations (workshops.selectors.tallies).
CREATE INDEX workshops_registration_tally_sources
    ON workshops_registration_tally (workshop_id, count)
    WHERE dimension = 'source' AND count > 1;
-- Tallies a bulk change left at zero, to delete.
CREATE INDEX workshops_registration_tally_zero
    ON workshops_registration_tally (workshop_id) WHERE count = 0;
"""

# Row by row: each row's tallies in one upsert.

APPLY = """
CREATE FUNCTION workshops_registration_tally_apply(
    w bigint, dims text[], vals text[], weights integer[]
) RETURNS void LANGUAGE plpgsql AS $$
-- Add each weight to its tally of workshop w, in key order; delete those left at zero.
BEGIN
    INSERT INTO workshops_registration_tally AS tally (workshop_id, dimension, value, count)
    SELECT w, d, v, sum(n) FROM unnest(dims, vals, weights) AS key(d, v, n)
    GROUP BY d, v HAVING sum(n) <> 0 ORDER BY d, v
    ON CONFLICT (workshop_id, dimension, value)
    DO UPDATE SET count = tally.count + excluded.count;
    IF -1 = ANY(weights) THEN
        DELETE FROM workshops_registration_tally WHERE workshop_id = w AND count = 0;
    END IF;
END $$;
"""

COUNT = f"""
CREATE FUNCTION workshops_registration_tally_count(r workshops_registration, n integer)
RETURNS void LANGUAGE plpgsql AS $$
-- Count one registration into (n = 1) or out of (n = -1) every tally it is in.
DECLARE dims text[] := ARRAY['status']; vals text[] := ARRAY[r.status::text];
        networks text[];
BEGIN
    IF r.status = 'confirmed' AND r.attended_at IS NOT NULL THEN
        dims := dims || 'attended'::text; vals := vals || ''::text;
    END IF;
    IF r.status IN {ACTIVE} THEN
        dims := dims || 'sector'::text; vals := vals || r.sector::text;
        IF r.source <> '' THEN
            dims := dims || 'source'::text; vals := vals || r.source::text;
        END IF;
        SELECT array_agg(network_id::text) INTO networks
        FROM workshops_registration_networks WHERE registration_id = r.id;
        IF networks IS NULL THEN
            dims := dims || 'no_network'::text; vals := vals || ''::text;
        ELSE
            dims := dims || array_fill('network'::text, ARRAY[cardinality(networks)]);
            vals := vals || networks;
        END IF;
    END IF;
    PERFORM workshops_registration_tally_apply(
        r.workshop_id, dims, vals, array_fill(n, ARRAY[cardinality(dims)]));
END $$;
"""

MOVE = f"""
CREATE FUNCTION workshops_registration_tally_move(
    old workshops_registration, new workshops_registration
) RETURNS void LANGUAGE plpgsql AS $$
-- One registration changed: the usual change (a place given, an arrival noted) moves only
-- its status and attended tallies; any other is counted out as it was and in as it is.
DECLARE was_there boolean; is_there boolean;
        dims text[] := ARRAY[]::text[]; vals text[] := ARRAY[]::text[];
        weights integer[] := ARRAY[]::integer[];
BEGIN
    IF old.workshop_id = new.workshop_id
       AND (old.status IN {ACTIVE}) = (new.status IN {ACTIVE})
       AND old.sector = new.sector AND old.source = new.source THEN
        IF old.status <> new.status THEN
            dims := ARRAY['status', 'status'];
            vals := ARRAY[old.status::text, new.status::text];
            weights := ARRAY[-1, 1];
        END IF;
        was_there := old.status = 'confirmed' AND old.attended_at IS NOT NULL;
        is_there := new.status = 'confirmed' AND new.attended_at IS NOT NULL;
        IF was_there <> is_there THEN
            dims := dims || 'attended'::text; vals := vals || ''::text;
            weights := weights || CASE WHEN is_there THEN 1 ELSE -1 END;
        END IF;
        IF cardinality(dims) > 0 THEN
            PERFORM workshops_registration_tally_apply(new.workshop_id, dims, vals, weights);
        END IF;
    ELSE
        PERFORM workshops_registration_tally_count(old, -1);
        PERFORM workshops_registration_tally_count(new, 1);
    END IF;
END $$;
"""

LINK = f"""
CREATE FUNCTION workshops_registration_tally_links(
    registration_id bigint, networks bigint[], n integer
) RETURNS void LANGUAGE plpgsql AS $$
-- Networks linked to (n = 1) or unlinked from (n = -1) one registration, by one statement:
-- counted for each network while it is active; its first network takes it out of "no
-- network", its last one puts it back.
DECLARE registration record; left_now integer;
        dims text[] := array_fill('network'::text, ARRAY[cardinality(networks)]);
        vals text[] := networks::text[];
        weights integer[] := array_fill(n, ARRAY[cardinality(networks)]);
BEGIN
    SELECT workshop_id, status INTO registration
    FROM workshops_registration WHERE id = registration_id;
    IF NOT FOUND OR registration.status NOT IN {ACTIVE} THEN
        RETURN;  -- deleted before its links (it counted them out itself), or not counted
    END IF;
    SELECT count(*) INTO left_now FROM workshops_registration_networks link
    WHERE link.registration_id = workshops_registration_tally_links.registration_id;
    IF (n = 1 AND left_now = cardinality(networks)) OR (n = -1 AND left_now = 0) THEN
        dims := dims || 'no_network'::text; vals := vals || ''::text; weights := weights || -n;
    END IF;
    PERFORM workshops_registration_tally_apply(registration.workshop_id, dims, vals, weights);
END $$;
"""

# In bulk: what a set of changed registrations adds to (weight 1) or takes from (-1) the
# tallies, totalled, in one upsert.
DELTAS = f"""
    SELECT workshop_id, 'status' AS dimension, status AS value, weight FROM changed
    UNION ALL
    SELECT workshop_id, 'attended', '', weight FROM changed
    WHERE status = 'confirmed' AND attended_at IS NOT NULL
    UNION ALL
    SELECT workshop_id, 'sector', sector, weight FROM changed WHERE status IN {ACTIVE}
    UNION ALL
    SELECT workshop_id, 'source', source, weight FROM changed
    WHERE status IN {ACTIVE} AND source <> ''
    UNION ALL
    SELECT changed.workshop_id, 'network', link.network_id::text, weight
    FROM changed JOIN workshops_registration_networks link ON link.registration_id = changed.id
    WHERE changed.status IN {ACTIVE}
    UNION ALL
    SELECT workshop_id, 'no_network', '', weight FROM changed
    WHERE status IN {ACTIVE} AND NOT EXISTS (
        SELECT 1 FROM workshops_registration_networks link
        WHERE link.registration_id = changed.id
    )
"""
LINKS_ADDED = f"""
    SELECT registration.workshop_id, 'network' AS dimension, link.network_id::text AS value,
           1 AS weight
    FROM new_rows link JOIN workshops_registration registration
         ON registration.id = link.registration_id
    WHERE registration.status IN {ACTIVE}
    UNION ALL
    SELECT registration.workshop_id, 'no_network', '', -1
    FROM (SELECT registration_id, count(*) AS added FROM new_rows GROUP BY 1) added_links
    JOIN workshops_registration registration ON registration.id = added_links.registration_id
    WHERE registration.status IN {ACTIVE} AND added_links.added = (
        SELECT count(*) FROM workshops_registration_networks link
        WHERE link.registration_id = added_links.registration_id
    )
"""
LINKS_REMOVED = f"""
    SELECT registration.workshop_id, 'network' AS dimension, link.network_id::text AS value,
           -1 AS weight
    FROM old_rows link JOIN workshops_registration registration
         ON registration.id = link.registration_id
    WHERE registration.status IN {ACTIVE}
    UNION ALL
    SELECT registration.workshop_id, 'no_network', '', 1
    FROM (SELECT DISTINCT registration_id FROM old_rows) removed_links
    JOIN workshops_registration registration ON registration.id = removed_links.registration_id
    WHERE registration.status IN {ACTIVE} AND NOT EXISTS (
        SELECT 1 FROM workshops_registration_networks link
        WHERE link.registration_id = removed_links.registration_id
    )
"""


def upsert(deltas: str, *, changed: str = "") -> str:
    """Add the totals of `deltas` to the tallies, in key order; delete what fell to zero."""
    with_changed = f"changed AS ({changed})," if changed else ""
    return f"""
    WITH {with_changed} deltas AS ({deltas}), totals AS (
        SELECT workshop_id, dimension, value, sum(weight) AS count FROM deltas
        GROUP BY workshop_id, dimension, value HAVING sum(weight) <> 0
    ), upserted AS (
        INSERT INTO workshops_registration_tally AS tally (workshop_id, dimension, value, count)
        SELECT workshop_id, dimension, value, count FROM totals
        ORDER BY workshop_id, dimension, value
        ON CONFLICT (workshop_id, dimension, value)
        DO UPDATE SET count = tally.count + excluded.count
        RETURNING workshop_id
    )
    SELECT array_agg(DISTINCT workshop_id) INTO touched FROM upserted;
    DELETE FROM workshops_registration_tally WHERE count = 0 AND workshop_id = ANY(touched);
    """


COLUMNS = "id, workshop_id, status, sector, source, attended_at"
NEW = f"SELECT {COLUMNS}, 1 AS weight FROM new_rows"
OLD = f"SELECT {COLUMNS}, -1 AS weight FROM old_rows"


def function(name: str, declare: str, body: str) -> str:
    return f"""
    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE touched bigint[]; {declare}
    BEGIN
    {body}
    RETURN NULL;
    END $$;
    """


def few_or_bulk(rows: str, one_by_one: str, bulk: str) -> str:
    return f"""
    IF (SELECT count(*) FROM {rows}) <= {FEW} THEN
        {one_by_one}
    ELSE
        {bulk}
    END IF;
    """


ADDED = function(
    "workshops_registration_tally_added",
    "r workshops_registration;",
    few_or_bulk(
        "new_rows",
        "FOR r IN SELECT * FROM new_rows ORDER BY id LOOP "
        "PERFORM workshops_registration_tally_count(r, 1); END LOOP;",
        upsert(DELTAS, changed=NEW),
    ),
)
REMOVED = function(
    "workshops_registration_tally_removed",
    "r workshops_registration;",
    few_or_bulk(
        "old_rows",
        "FOR r IN SELECT * FROM old_rows ORDER BY id LOOP "
        "PERFORM workshops_registration_tally_count(r, -1); END LOOP;",
        upsert(DELTAS, changed=OLD),
    ),
)
CHANGED = function(
    "workshops_registration_tally_changed",
    "changed_id bigint; was workshops_registration; became workshops_registration;",
    few_or_bulk(
        "new_rows",
        "FOR changed_id IN SELECT id FROM new_rows ORDER BY id LOOP "
        "SELECT * INTO was FROM old_rows WHERE id = changed_id; "
        "SELECT * INTO became FROM new_rows WHERE id = changed_id; "
        "PERFORM workshops_registration_tally_move(was, became); END LOOP;",
        upsert(DELTAS, changed=f"{NEW} UNION ALL {OLD}"),
    ),
)
LINKED = function(
    "workshops_registration_tally_linked",
    "links record;",
    few_or_bulk(
        "new_rows",
        "FOR links IN SELECT registration_id, array_agg(network_id ORDER BY network_id) AS ids "
        "FROM new_rows GROUP BY registration_id ORDER BY registration_id LOOP "
        "PERFORM workshops_registration_tally_links(links.registration_id, links.ids, 1); "
        "END LOOP;",
        upsert(LINKS_ADDED),
    ),
)
UNLINKED = function(
    "workshops_registration_tally_unlinked",
    "links record;",
    few_or_bulk(
        "old_rows",
        "FOR links IN SELECT registration_id, array_agg(network_id ORDER BY network_id) AS ids "
        "FROM old_rows GROUP BY registration_id ORDER BY registration_id LOOP "
        "PERFORM workshops_registration_tally_links(links.registration_id, links.ids, -1); "
        "END LOOP;",
        upsert(LINKS_REMOVED),
    ),
)

# Everything counted again from the registrations and their links, in bulk.
COUNTED = f"SELECT {COLUMNS}, 1 AS weight FROM workshops_registration"
RECOUNT = f"""
    DELETE FROM workshops_registration_tally;
    WITH changed AS ({COUNTED}), deltas AS ({DELTAS})
    INSERT INTO workshops_registration_tally (workshop_id, dimension, value, count)
    SELECT workshop_id, dimension, value, sum(weight) FROM deltas
    GROUP BY workshop_id, dimension, value;
"""
# Django never updates a link row, nor empties the tables but in tests (flush's TRUNCATE):
# then everything is counted again.
REBUILD = function("workshops_registration_tally_rebuild", "", RECOUNT)


def trigger(name: str, event: str, table: str, tables: str, call: str) -> str:
    return f"""
    CREATE TRIGGER {name} AFTER {event} ON {table}
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {call}();
    """


REGISTRATIONS, LINKS = "workshops_registration", "workshops_registration_networks"
TRIGGERS = [
    trigger(
        "registration_tally_insert",
        "INSERT",
        REGISTRATIONS,
        "NEW TABLE AS new_rows",
        "workshops_registration_tally_added",
    ),
    trigger(
        "registration_tally_delete",
        "DELETE",
        REGISTRATIONS,
        "OLD TABLE AS old_rows",
        "workshops_registration_tally_removed",
    ),
    trigger(
        "registration_tally_update",
        "UPDATE",
        REGISTRATIONS,
        "NEW TABLE AS new_rows OLD TABLE AS old_rows",
        "workshops_registration_tally_changed",
    ),
    trigger(
        "registration_tally_link",
        "INSERT",
        LINKS,
        "NEW TABLE AS new_rows",
        "workshops_registration_tally_linked",
    ),
    trigger(
        "registration_tally_unlink",
        "DELETE",
        LINKS,
        "OLD TABLE AS old_rows",
        "workshops_registration_tally_unlinked",
    ),
    f"""
    CREATE TRIGGER registration_tally_relink AFTER UPDATE ON {LINKS}
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_registration_tally_rebuild();
    CREATE TRIGGER registration_tally_truncate AFTER TRUNCATE ON {REGISTRATIONS}
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_registration_tally_rebuild();
    CREATE TRIGGER registration_tally_truncate_links AFTER TRUNCATE ON {LINKS}
    FOR EACH STATEMENT EXECUTE FUNCTION workshops_registration_tally_rebuild();
    """,
]

INDEXES = [
    """
    CREATE INDEX registration_list_idx ON workshops_registration (workshop_id, created_at, id);
    CREATE INDEX registration_source_idx
        ON workshops_registration (workshop_id, source) WHERE source <> '';
    CREATE INDEX workshop_latest_idx ON workshops_workshop (starts_at DESC, id);
    CREATE INDEX material_newest_idx ON workshops_material (visibility, created_at DESC, id);
    """,
    # The dashboard's and check-in's search (`icontains`: UPPER(…) LIKE '%…%'), by trigrams.
    # pg_trgm ships with Postgres and is a trusted extension: the database's owner may add it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    *(
        f"CREATE INDEX registration_{column}_trgm_idx ON workshops_registration "
        f"USING gin (upper({column}::text) gin_trgm_ops);"
        for column in SEARCHED
    ),
]

FORWARD = [
    TABLE,
    APPLY,
    COUNT,
    MOVE,
    LINK,
    ADDED,
    REMOVED,
    CHANGED,
    LINKED,
    UNLINKED,
    REBUILD,
    *TRIGGERS,
    RECOUNT,
    *INDEXES,
]

BACKWARD = """
    DROP INDEX IF EXISTS registration_name_trgm_idx;
    DROP INDEX IF EXISTS registration_email_trgm_idx;
    DROP INDEX IF EXISTS registration_organisation_trgm_idx;
    DROP INDEX IF EXISTS material_newest_idx;
    DROP INDEX IF EXISTS workshop_latest_idx;
    DROP INDEX IF EXISTS registration_source_idx;
    DROP INDEX IF EXISTS registration_list_idx;
    DROP TRIGGER IF EXISTS registration_tally_truncate_links ON workshops_registration_networks;
    DROP TRIGGER IF EXISTS registration_tally_truncate ON workshops_registration;
    DROP TRIGGER IF EXISTS registration_tally_relink ON workshops_registration_networks;
    DROP TRIGGER IF EXISTS registration_tally_unlink ON workshops_registration_networks;
    DROP TRIGGER IF EXISTS registration_tally_link ON workshops_registration_networks;
    DROP TRIGGER IF EXISTS registration_tally_update ON workshops_registration;
    DROP TRIGGER IF EXISTS registration_tally_delete ON workshops_registration;
    DROP TRIGGER IF EXISTS registration_tally_insert ON workshops_registration;
    DROP FUNCTION IF EXISTS workshops_registration_tally_rebuild();
    DROP FUNCTION IF EXISTS workshops_registration_tally_unlinked();
    DROP FUNCTION IF EXISTS workshops_registration_tally_linked();
    DROP FUNCTION IF EXISTS workshops_registration_tally_changed();
    DROP FUNCTION IF EXISTS workshops_registration_tally_removed();
    DROP FUNCTION IF EXISTS workshops_registration_tally_added();
    DROP FUNCTION IF EXISTS workshops_registration_tally_links(bigint, bigint[], integer);
    DROP FUNCTION IF EXISTS
        workshops_registration_tally_move(workshops_registration, workshops_registration);
    DROP FUNCTION IF EXISTS workshops_registration_tally_count(workshops_registration, integer);
    DROP FUNCTION IF EXISTS
        workshops_registration_tally_apply(bigint, text[], text[], integer[]);
    DROP TABLE IF EXISTS workshops_registration_tally;
"""


class Migration(migrations.Migration):
    dependencies = [("workshops", "0007_workshop_previous_slugs")]

    operations = [migrations.RunSQL(sql=FORWARD, reverse_sql=BACKWARD)]
