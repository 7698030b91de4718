"""The activity log: who did what, when, kept as it was said."""

from datetime import date

import pytest

from socialjustice.activity import activity_of, describe, log_action
from socialjustice.models import ActivityLog
from tests.factories import OrganiserFactory, ProgrammeItemFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_log_action_keeps_who_what_the_target_and_its_scope():
    organiser = OrganiserFactory()
    item = ProgrammeItemFactory(title="Keynote")

    entry = log_action(
        organiser, "workshops.item.saved", item, {"on": date(2020, 6, 24)}, scope=item.workshop
    )

    assert (entry.actor, entry.verb, entry.target, entry.target_label) == (
        organiser,
        "workshops.item.saved",
        item,
        "10:00 Keynote",
    )
    assert entry.data == {"on": "2020-06-24"}
    assert list(activity_of(item.workshop)) == [entry]
    assert describe(entry) == "saved a programme item"


def test_log_action_of_an_unknown_verb_is_refused():
    with pytest.raises(ValueError, match="Unknown activity verb 'workshops.item.eaten'"):
        log_action(None, "workshops.item.eaten", WorkshopFactory())


def test_log_action_keeps_the_name_after_the_target_is_deleted():
    item = ProgrammeItemFactory(title="Keynote")
    log_action(OrganiserFactory(), "workshops.item.deleted", item, scope=item.workshop)
    item.delete()

    [entry] = ActivityLog.objects.all()
    assert entry.target is None
    assert entry.target_label == "10:00 Keynote"


def test_activity_of_lists_newest_first_and_only_its_own_scope(django_assert_num_queries):
    workshop, other = WorkshopFactory(), WorkshopFactory()
    first = log_action(None, "workshops.workshop.created", workshop)
    log_action(None, "workshops.workshop.created", other)
    second = log_action(OrganiserFactory(), "workshops.workshop.published", workshop)

    with django_assert_num_queries(1):
        entries = list(activity_of(workshop))
        actors = [entry.actor for entry in entries]

    assert entries == [second, first]
    assert actors == [second.actor, None]
