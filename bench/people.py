"""The people the page benchmark signs in as: a participant and an organiser.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=…/socialjustice_bench \\
    python -m bench.people SLUG

bench/run.py runs it with gunicorn's environment (the same secret key, so the sessions made
here are valid there, and the same cache prefix, where the sessions are read). The participant
has registered for the measured workshop SLUG and four other upcoming ones; the organiser is in
the Organisers group. Made once and found again on later runs; each run makes new sessions.
Prints one line of JSON on stdout: the session cookie's name, a session key for each, and
"details": a page of each kind the demo content has (a network, a partnership, an
organisation, a contribution, a recommendation, a report, a workshop pack, a collaboration, a
call, and SLUG's registration form).
"""

import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.sessions import signed_in  # noqa: E402
from breakouts.models import Report  # noqa: E402
from breakouts.selectors.tracker import public_recommendations  # noqa: E402
from contributions.models import Call  # noqa: E402
from contributions.selectors.contributions import public_contributions  # noqa: E402
from networks.models import Collaboration, Network, Organisation, User  # noqa: E402
from workshops.enums import RegistrationStatus, WorkshopState  # noqa: E402
from workshops.models import Registration, Workshop  # noqa: E402

PARTICIPANT = "bench-participant@example.org"
ORGANISER = "bench-pages-organiser@example.org"
WORKSHOPS = 5


def person(email, name, group=None):
    user, made = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if made:
        user.set_unusable_password()
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def register(user, slug):
    """Confirmed places at the measured workshop and the next upcoming ones, as the form gives."""
    upcoming = Workshop.objects.filter(
        state=WorkshopState.PUBLISHED, starts_at__gt=timezone.now()
    ).exclude(slug=slug)
    chosen = [Workshop.objects.get(slug=slug), *upcoming.order_by("starts_at")[: WORKSHOPS - 1]]
    for workshop in chosen:
        Registration.objects.get_or_create(
            workshop=workshop,
            email_normalised=user.email,
            defaults={
                "person": user,
                "name": user.display_name,
                "email": user.email,
                "consented_at": timezone.now(),
                "status": RegistrationStatus.CONFIRMED,
                "confirmed_at": timezone.now(),
                "source": "bench",
            },
        )


def details(slug):
    """The address of a page of each kind, one for each: the first by name or number."""
    network = Network.objects.exclude(partnership=None).order_by("name").first()
    organisation = Organisation.objects.order_by("name").first()
    contribution = public_contributions().order_by("pk").first()
    recommendation = public_recommendations().order_by("pk").first()
    report = Report.objects.filter(state="published").select_related("workshop").first()
    collaboration = Collaboration.objects.order_by("title").first()
    call = Call.objects.order_by("pk").first()
    return [
        f"/networks/{network.slug}/",
        f"/networks/partnerships/{network.partnership.slug}/",
        f"/networks/organisations/{organisation.slug}/",
        f"/contributions/{contribution.pk}/",
        f"/recommendations/{recommendation.pk}/",
        f"/workshops/{report.workshop.slug}/report/",
        f"/workshops/{report.workshop.slug}/contributions/",
        f"/networks/collaborations/{collaboration.slug}/",
        f"/contributions/calls/{call.slug}/",
        f"/workshops/{slug}/register/",
    ]


def main():
    slug = sys.argv[1]
    participant = person(PARTICIPANT, "Bench Participant")
    register(participant, slug)
    organiser = person(ORGANISER, "Bench Pages Organiser", group="Organisers")
    print(
        json.dumps(
            {
                "cookie": settings.SESSION_COOKIE_NAME,
                "participant": signed_in(participant),
                "organiser": signed_in(organiser),
                "details": details(slug),
            }
        )
    )


if __name__ == "__main__":
    main()
