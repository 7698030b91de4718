"""The signed-in person, read from the cache instead of the database on every request.

Every signed-in request needs its person, and Django's `get_user` asks the database for the
row: on most signed-in pages the only query, and the one that makes the request pay for a
connection check too (CONN_HEALTH_CHECKS). The row is kept by the page cache
(socialjustice/pagecache.py) under two groups: the person's own (`person-<pk>`), replaced
whenever they are saved or deleted, and everyone's (`people`), replaced when roles change in
bulk (networks/roles.py). Both tokens are read before the row is, so a row read before a
change is never served after it.

The password hash is not kept, only the session's hash of it (`get_session_auth_hash`), and
the cached person is used only when the session holds exactly that hash for an active person
through a configured backend. Anything else (signed out elsewhere, a new password, a hash made
with a SECRET_KEY_FALLBACKS key, an inactive account) goes to Django's own `get_user`, which
decides as it always has.

A person's own page (/me/) is kept under the same groups, block by block, each app's block
by that app (`own_block`): the person's group is also replaced when a row of theirs that the
page shows is saved or deleted (`shown_on_own_page`: their registrations, their
contributions), and everyone's own pages (`own-pages`) when such rows change in bulk.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language

from socialjustice import pagecache

from .models import User

EVERYONE = "people"
# Everyone's own pages: replaced when rows they show change without their save signals.
OWN_PAGES = "own-pages"


def person_group(pk) -> str:
    return f"person-{pk}"


def shown_on_own_page(model, person_field: str) -> None:
    """Rows of `model` show on the own page of the person in `person_field`: saving or
    deleting one builds that person's page afresh, and a write that bypasses the signals
    (`pagecache.invalidate_models_on_commit`) everyone's."""
    attname = model._meta.get_field(person_field).attname

    def group_of(row):
        pk = getattr(row, attname)
        return None if pk is None else person_group(pk)

    pagecache.invalidated_by_rows(model, group_of, otherwise=OWN_PAGES)


def own_block(person, name: str, *, groups=(), build) -> str:
    """A block of `person`'s own page, built once and kept until they change, a row of theirs
    it shows changes (`shown_on_own_page`), or anything in `groups` (the app's pages that
    name the same things: a workshop's new title) does."""
    return pagecache.cached(
        (*groups, EVERYONE, OWN_PAGES, person_group(person.pk)),
        f"own-{name}",
        person.pk,
        get_language(),
        build=build,
    )


def _kept(pk) -> tuple:
    """What the cache keeps of a person: the session hash and their fields but the password
    (empty for nobody to sign in as). A tuple, so the page cache may keep it in the process."""
    user = User._default_manager.filter(pk=pk).first()
    if user is None or not user.is_active:
        return ()
    fields = tuple(
        (field.attname, getattr(user, field.attname))
        for field in User._meta.concrete_fields
        if field.attname != "password"
    )
    return (user.get_session_auth_hash(), fields)


def signed_in_person(request) -> User | None:
    """The person this session is signed in as, from the cache; None when Django should ask."""
    session = request.session
    try:
        pk = User._meta.pk.to_python(session[SESSION_KEY])
        backend = session[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None
    session_hash = session.get(HASH_SESSION_KEY)
    if backend not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return None
    kept = pagecache.cached((EVERYONE, person_group(pk)), "person", pk, build=lambda: _kept(pk))
    if not kept or not constant_time_compare(session_hash, kept[0]):
        return None
    names, values = zip(*kept[1], strict=True)
    # As a query would give it: the password left deferred (read if anything asks for it).
    return User.from_db(DEFAULT_DB_ALIAS, list(names), list(values))


def _forget(group: str) -> None:
    # Now, for the rest of this transaction (a request that changed a person and reads them
    # again), and after commit, for a request that read the old row in the meantime.
    pagecache.invalidate(group)
    pagecache.invalidate_on_commit(group)


def forget_everyone() -> None:
    """People's rows changed without their save signals (a queryset's `update`)."""
    _forget(EVERYONE)


def _saved(sender, instance, **kwargs):
    _forget(person_group(instance.pk))


def connect() -> None:
    post_save.connect(_saved, sender=User, dispatch_uid="signed-in-person-saved")
    post_delete.connect(_saved, sender=User, dispatch_uid="signed-in-person-deleted")
