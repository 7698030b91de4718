from django.db import IntegrityError, transaction

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


def update_profile(
    person: User,
    *,
    display_name: str,
    pronouns: str = "",
    job_title: str = "",
    sector: str = "",
    organisation: Organisation | None = None,
    new_organisation: str = "",
    access_needs: str = "",
) -> User:
    with transaction.atomic():
        if new_organisation.strip():
            organisation = find_or_create_organisation(name=new_organisation)
        person.display_name = display_name
        person.pronouns = pronouns
        person.job_title = job_title
        person.sector = sector
        person.organisation = organisation
        person.access_needs = access_needs
        person.save()
    return person


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
