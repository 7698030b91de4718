"""Each contribution's groups, sectors and levels kept on its own row as arrays of ids, with
a GIN index over them, for the public collection's filters and facet counts (issue 12).

`group_ids`, `sector_ids` and `level_ids` are the database's own bookkeeping, with no model
field: Django never writes them, so no `save()` of a contribution read earlier can put back
an old list. Triggers on the three link tables keep them exact in the same transaction as
every change of the links, whoever makes it (the services, the admin, factories,
`bulk_create`): once a statement, over the contributions it touched (transition tables).

Why: a search with groups or a sector chosen had to test the words against every
contribution linked to the group, reading each one's row and its search vector (stored
apart, in TOAST) to do so: 20 ms of the page's SQL at 20,000 contributions. With the ids on
the row, the database answers the groups, sectors and levels from this index and the words
from `contribution_search_idx`, combines the two, and reads only the rows that match both;
the facets are counted from the arrays, without joining the link tables.
contributions/selectors/collection.py reads them.
"""

# The SQL is put together from this file's constants alone, never from input.
# ruff: noqa: S608

from django.db import migrations

# (array column, link table, the link table's column)
LINKS = [
    ("group_ids", "contributions_contribution_groups", "equalitygroup_id"),
    ("sector_ids", "contributions_contribution_sectors", "sector_id"),
    ("level_ids", "contributions_contribution_levels", "level_id"),
]
TABLE = "contributions_contribution"


def _ids(column: str, link: str, linked: str) -> str:
    return (
        f"{column} = ARRAY(SELECT l.{linked} FROM {link} l "
        f"WHERE l.contribution_id = c.id ORDER BY l.{linked})"
    )


def _forward() -> str:
    parts = [
        f"ALTER TABLE {TABLE} "
        + ", ".join(f"ADD COLUMN {column} bigint[] NOT NULL DEFAULT '{{}}'" for column, *_ in LINKS)
        + ";",
        f"UPDATE {TABLE} c SET " + ", ".join(_ids(*link) for link in LINKS) + ";",
        f"CREATE INDEX contribution_classification_idx ON {TABLE} "
        f"USING gin ({', '.join(column for column, *_ in LINKS)});",
        # The planner's estimates for the new columns, before anyone searches.
        f"ANALYZE {TABLE};",
    ]
    for column, link, linked in LINKS:
        parts.append(f"""
CREATE FUNCTION {TABLE}_{column}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} c SET {_ids(column, link, linked)}
    WHERE c.id IN (SELECT DISTINCT contribution_id FROM changed);
    RETURN NULL;
END $$;
CREATE TRIGGER {column}_added AFTER INSERT ON {link}
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION {TABLE}_{column}();
CREATE TRIGGER {column}_removed AFTER DELETE ON {link}
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION {TABLE}_{column}();
""")
    return "\n".join(parts)


def _backward() -> str:
    parts = []
    for column, link, _linked in LINKS:
        parts.append(f"DROP TRIGGER {column}_added ON {link};")
        parts.append(f"DROP TRIGGER {column}_removed ON {link};")
        parts.append(f"DROP FUNCTION {TABLE}_{column}();")
    parts.append("DROP INDEX contribution_classification_idx;")
    parts.append(
        f"ALTER TABLE {TABLE} " + ", ".join(f"DROP COLUMN {column}" for column, *_ in LINKS) + ";"
    )
    return "\n".join(parts)


class Migration(migrations.Migration):
    dependencies = [("contributions", "0002_newest_index")]

    operations = [migrations.RunSQL(sql=_forward(), reverse_sql=_backward())]
