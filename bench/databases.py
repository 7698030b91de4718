"""The bench's databases: made and dropped through Postgres' maintenance database, as the
bench's role (which may create databases)."""

from contextlib import contextmanager
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql


@contextmanager
def maintenance(url):
    """A cursor on the maintenance database, for `url` (urlsplit's) role and server."""
    conn = psycopg2.connect(
        dbname="postgres",
        user=unquote(url.username or ""),
        password=unquote(url.password or ""),
        host=url.hostname,
        port=url.port or 5432,
    )
    conn.autocommit = True  # CREATE and DROP DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cursor:
            yield cursor
    finally:
        conn.close()


def name_of(url) -> str:
    return unquote(url.path.lstrip("/"))


def copy_database(database_url, suffix):
    """A copy of the bench database (`CREATE DATABASE … TEMPLATE`: nobody may be connected to
    it meanwhile); returns the copy's address."""
    url = urlsplit(database_url)
    name = name_of(url)
    copy = f"{name}{suffix}"
    with maintenance(url) as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy))
        )
        cursor.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(copy), sql.Identifier(name)
            )
        )
    return urlunsplit(url._replace(path=f"/{copy}"))


def drop_database(database_url):
    url = urlsplit(database_url)
    with maintenance(url) as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name_of(url)))
        )
