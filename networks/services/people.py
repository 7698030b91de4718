from django.db import IntegrityError, transaction

from socialjustice.locking import lock_row
from socialjustice.slugs import unique_slug

from .. import addresses
from ..models import Organisation, User


def find_or_create_organisation(*, name: str, **fields) -> Organisation:
    """The organisation with this name (any letter case), created if nobody has added it yet."""
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.create(
                name=name,
                slug=unique_slug(Organisation, name, reserved=addresses.ORGANISATION),
                **fields,
            )
    except IntegrityError:
        # Someone added the same name a moment ago: the case-insensitive unique constraint
        # refused ours, so theirs is the one.
        return Organisation.objects.get(name__iexact=name)


PROFILE_FIELDS = ["display_name", "pronouns", "job_title", "sector", "organisation", "access_needs"]


def update_profile(
    person: User,
    *,
    display_name: str,
    pronouns: str = "",
    job_title: str = "",
    sector: str = "",
    organisation_name: str = "",
    access_needs: str = "",
) -> User:
    """Save a person's profile. The organisation is typed: a name the directory has (in any
    letter case) links them to it, a new one is added to the directory, none unlinks them."""
    with transaction.atomic(durable=True):
        locked = lock_row(User.objects.select_related("organisation"), person.pk)
        locked.display_name = display_name
        locked.pronouns = pronouns
        locked.job_title = job_title
        locked.sector = sector
        locked.organisation = _typed_organisation(locked, organisation_name)
        locked.access_needs = access_needs
        # Only the profile's fields: the row's other columns (roles, password) are not ours.
        locked.save(update_fields=PROFILE_FIELDS)
    return locked


def _typed_organisation(person: User, name: str) -> Organisation | None:
    name = " ".join(name.split())
    if not name:
        return None
    current = person.organisation
    # The name the form showed, saved unchanged, keeps the organisation the person had, even
    # one whose stored name find_or_create would not match (doubled spaces).
    if current and " ".join(current.name.split()).casefold() == name.casefold():
        return current
    return find_or_create_organisation(name=name)


def start_account(*, email: str) -> User:
    """An account for an address that has none yet: no password, the address not yet
    verified. Signing in with the emailed code verifies it."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        person, created = User.objects.get_or_create(
            email__iexact=email, defaults={"email": email.lower()}
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
            EmailAddress.objects.create(user=person, email=person.email, primary=True)
    return person


def name_person(person: User, *, display_name: str) -> User:
    """Give someone the name they are shown by (for an account made without one)."""
    person.display_name = " ".join(display_name.split())[:150]
    person.save(update_fields=["display_name"])
    return person
