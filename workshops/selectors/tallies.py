"""A workshop's registrations counted: read from the tallies the database keeps.

Migration 0008 makes `workshops_registration_tally` and the triggers that keep it exact in
the same statement as every change to a registration or its networks. Reading it costs the
same whatever the number of registrations: one query over a few rows, where counting them
cost a scan of every one (190 ms for the networks of 50,000).
"""

from dataclasses import dataclass, field

from django.db import connection

from ..enums import RegistrationStatus

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
# The dimensions read whole; connections ("source": one row for most registrations) only
# from this many registrations up.
DIMENSIONS = ["status", "attended", "sector", "network", "no_network"]

_TALLIES = """
    SELECT tally.dimension, tally.value, tally.count, network.name
    FROM workshops_registration_tally tally
    LEFT JOIN networks_network network
        ON tally.dimension = 'network' AND network.id::text = tally.value
    WHERE tally.workshop_id = %s AND tally.dimension = ANY(%s)
    UNION ALL
    SELECT dimension, value, count, NULL
    FROM workshops_registration_tally
    WHERE workshop_id = %s AND dimension = 'source' AND count > 1 AND count >= %s
"""


@dataclass(frozen=True)
class Tallies:
    """How many registrations a workshop has, by status; and of those confirmed or waiting,
    by sector, by network (by name) and by connection (those with at least `from_one`)."""

    by_status: dict[str, int] = field(default_factory=dict)
    attended: int = 0
    by_sector: dict[str, int] = field(default_factory=dict)
    by_network: list[tuple[str, int]] = field(default_factory=list)
    without_network: int = 0
    sources: dict[str, int] = field(default_factory=dict)

    def status(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def tallies_of(workshop_id: int, *, from_one: int = 2) -> Tallies:
    """The workshop's tallies, in one query."""
    rows = {name: {} for name in [*DIMENSIONS, "source"]}
    networks = []
    with connection.cursor() as cursor:
        cursor.execute(_TALLIES, [workshop_id, DIMENSIONS, workshop_id, from_one])
        for dimension, value, count, network_name in cursor.fetchall():
            if dimension == "network":
                if network_name is not None:  # None: a network deleted meanwhile
                    networks.append((network_name, count))
            else:
                rows[dimension][value] = count
    return Tallies(
        by_status=rows["status"],
        attended=rows["attended"].get("", 0),
        by_sector=rows["sector"],
        by_network=networks,
        without_network=rows["no_network"].get("", 0),
        sources=rows["source"],
    )


_PLACES = """
    SELECT
        coalesce(sum(count) FILTER (WHERE value = %s), 0),
        coalesce(sum(count) FILTER (WHERE value = %s), 0),
        (SELECT id FROM workshops_registration WHERE workshop_id = %s AND email_normalised = %s)
    FROM workshops_registration_tally
    WHERE workshop_id = %s AND dimension = 'status'
"""


@dataclass(frozen=True)
class Places:
    confirmed: int
    waiting: int
    existing: int | None  # this address's registration, cancelled ones included


def places_of(workshop_id: int, email_normalised: str = "") -> Places:
    """The places taken and the people waiting, from the tallies, and this address's
    registration (by the one-per-address index): one query, whatever the number of
    registrations. Exact under the workshop's lock, as every registration is decided."""
    with connection.cursor() as cursor:
        cursor.execute(
            _PLACES,
            [
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITING,
                workshop_id,
                email_normalised,
                workshop_id,
            ],
        )
        confirmed, waiting, existing = cursor.fetchone()
    return Places(confirmed=confirmed, waiting=waiting, existing=existing)
