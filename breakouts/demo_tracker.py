"""The recommendation tracker's demo: four of the recommendations of "Understandings of
Inequality" followed up since the workshop (agreed, in progress, done and dropped), each with
the updates that brought it there, made through the tracker's own service.

It does not depend on the workshop's report being published (the tracker shows them once it
is). Run again, nothing is doubled: a recommendation's updates are made in order, and only
those it does not have yet are added.
"""

from datetime import date, timedelta

from django.utils import timezone

from networks.models import Network, User

from .models import Recommendation
from .services.tracker import update_recommendation

WORKSHOP = "understandings-of-inequality-2020-06-24"

# Per recommendation (its group's name and its number in the group, as breakouts/demo.py
# made it), its owner network, then each update: the values it changes and its note. A due
# date of a number of days is counted from the day the demo first runs.
TRACKED = [
    (
        "Challenges and good practice",
        1,
        "inequalities-research-network",
        [
            (
                {"status": "agreed", "due_on": 5},
                "Example: agreed at the network's steering group, with a first impact "
                "assessment due within the week.",
            ),
        ],
    ),
    (
        "Challenges and good practice",
        2,
        "health-inequalities-research-network",
        [
            ({"status": "agreed", "due_on": 120}, "Example: agreed by the network's members."),
            (
                {"status": "in_progress", "progress": 40},
                "Example: two local authorities share their equity data; a common format is "
                "being drafted.",
            ),
        ],
    ),
    (
        "Priorities for service development",
        1,
        "equal-england",
        [
            ({"status": "agreed", "due_on": date(2021, 3, 31)}, "Example: agreed."),
            ({"status": "in_progress", "progress": 60}, ""),
            (
                {"status": "done", "progress": 100},
                "Example: community members now sit on the planning group of each service.",
            ),
        ],
    ),
    (
        "Priorities for service development",
        2,
        "leeds-equality-network",
        [
            (
                {"status": "dropped"},
                "Example: overtaken by the council's own targeted provision, which the network "
                "now follows instead.",
            ),
        ],
    ),
]


def _values(recommendation: Recommendation, changes: dict) -> dict:
    values = {
        "status": recommendation.status,
        "progress": recommendation.progress,
        "due_on": recommendation.due_on,
        **changes,
    }
    if isinstance(values["due_on"], int):
        values["due_on"] = timezone.localdate() + timedelta(days=values["due_on"])
    return values


def load_tracker(stdout) -> None:
    organiser = User.objects.filter(email="organiser@example.org").first()
    networks = {network.slug: network for network in Network.objects.all()}
    followed = 0
    for group, number, owner, steps in TRACKED:
        recommendation = Recommendation.objects.filter(
            group__workshop__slug=WORKSHOP, group__name=group, client_key=f"demo-{number}"
        ).first()
        if recommendation is None or recommendation.owner_network_id != getattr(
            networks.get(owner), "pk", None
        ):
            continue  # not made by breakouts/demo.py, or changed since: left as it is
        for changes, note in steps[recommendation.updates.count() :]:
            recommendation.refresh_from_db()
            update_recommendation(
                recommendation, values=_values(recommendation, changes), note=note, by=organiser
            )
        followed += 1
    stdout.write(f"Recommendation tracker: {followed} recommendations followed up, with updates.")
