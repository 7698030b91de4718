"""Setting up breakout groups: positions, the breakout item they belong to, facilitators
joining the role and emailed once, participants allocated to one group an item."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Group as Role
from django.core import mail

from breakouts.models import Group, Member
from breakouts.services.groups import GroupDetails, delete_group, save_group, set_members
from socialjustice.errors import PortalError
from socialjustice.models import ActivityLog, OutgoingEmail
from tests.factories import (
    LONDON,
    BreakoutItemFactory,
    ContributionFactory,
    GroupFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def outbox() -> list[tuple[str, str, str]]:
    return list(OutgoingEmail.objects.order_by("pk").values_list("kind", "key", "to"))


def members(group) -> list[int]:
    return sorted(group.members.values_list("registration_id", flat=True))


@pytest.fixture
def item():
    workshop = WorkshopFactory(
        title="Understandings of Inequality",
        starts_at=datetime(2030, 3, 14, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 3, 14, 12, 30, tzinfo=LONDON),
    )
    return BreakoutItemFactory(workshop=workshop)


# Saving a group


def test_save_group_first_group_of_an_item_comes_first(item, organiser):
    group = save_group(item, GroupDetails(name="Priorities"), by=organiser)

    group = Group.objects.get(pk=group.pk)
    assert (group.item, group.workshop, group.name, group.position) == (
        item,
        item.workshop,
        "Priorities",
        1,
    )


def test_save_group_new_group_goes_after_the_last(item, organiser):
    GroupFactory(item=item, position=4)
    GroupFactory(item=item, position=2)
    GroupFactory(position=9)  # another item's

    group = save_group(item, GroupDetails(name="Designs"), by=organiser)

    assert Group.objects.get(pk=group.pk).position == 5


def test_save_group_on_an_item_that_is_not_breakouts_is_refused(organiser):
    talk = ProgrammeItemFactory(kind="talk")

    with pytest.raises(PortalError) as refused:
        save_group(talk, GroupDetails(name="Priorities"), by=organiser)

    assert str(refused.value) == (
        "Groups belong to a programme item of the kind “Breakout groups”."
    )
    assert Group.objects.exists() is False


def test_save_group_keeps_what_the_organiser_said(item, organiser):
    contribution = ContributionFactory()

    group = save_group(
        item,
        GroupDetails(
            name="Priorities",
            prompts="Short, medium and longer term goals",
            room_link="https://meet.example.org/room-2",
            open_to_choose=True,
            contributions=(contribution,),
        ),
        by=organiser,
    )

    group = Group.objects.get(pk=group.pk)
    assert (group.prompts, group.room_link, group.open_to_choose) == (
        "Short, medium and longer term goals",
        "https://meet.example.org/room-2",
        True,
    )
    assert list(group.contributions.all()) == [contribution]
    [entry] = ActivityLog.objects.all()
    assert (entry.actor, entry.verb, entry.target, entry.scope_id) == (
        organiser,
        "breakouts.group.saved",
        group,
        str(item.workshop_id),
    )


def test_save_group_with_a_new_facilitator_gives_the_role_and_emails_the_page(
    item, organiser, django_capture_on_commit_callbacks
):
    person = UserFactory(display_name="Amal Facilitator", email="amal@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        group = save_group(
            item, GroupDetails(name="Priorities", facilitators=(person,)), by=organiser
        )

    assert list(group.facilitators.all()) == [person]
    assert list(person.groups.values_list("name", flat=True)) == ["Facilitators"]
    assert outbox() == [
        ("breakout.facilitator", f"breakout:{group.pk}:facilitator:{person.pk}", "amal@example.org")
    ]
    row = OutgoingEmail.objects.get()
    assert (row.subject, row.state) == ("You facilitate a breakout group: Priorities", "sent")
    assert row.body_text == (
        "Dear Amal Facilitator,\n\n"
        "Thank you for facilitating the group “Priorities” at Understandings of Inequality on "
        "Thursday 14 March 2030.\n\n"
        "Record what the group produces on this page, on a phone, tablet or laptop. It saves "
        "as you type, even if the connection drops for a while:\n"
        f"http://testserver/breakouts/{group.pk}/"
    )
    [email] = mail.outbox
    assert (email.to, email.subject) == (["amal@example.org"], row.subject)


def test_save_group_again_with_the_same_facilitator_emails_nobody(
    item, organiser, django_capture_on_commit_callbacks
):
    person = UserFactory()
    details = GroupDetails(name="Priorities", facilitators=(person,))
    with django_capture_on_commit_callbacks(execute=True):
        group = save_group(item, details, by=organiser)

    with django_capture_on_commit_callbacks(execute=True):
        save_group(
            item, GroupDetails(name="Renamed", facilitators=(person,)), group=group, by=organiser
        )

    assert Group.objects.get(pk=group.pk).name == "Renamed"
    assert len(outbox()) == 1
    assert len(mail.outbox) == 1
    assert Role.objects.get(name="Facilitators").user_set.filter(pk=person.pk).count() == 1


def test_save_group_adding_a_second_facilitator_emails_only_them(
    item, organiser, django_capture_on_commit_callbacks
):
    first, second = UserFactory(), UserFactory(email="second@example.org")
    group = save_group(item, GroupDetails(name="Priorities", facilitators=(first,)), by=organiser)

    with django_capture_on_commit_callbacks(execute=True):
        save_group(
            item,
            GroupDetails(name="Priorities", facilitators=(first, second)),
            group=group,
            by=organiser,
        )

    assert sorted(group.facilitators.values_list("pk", flat=True)) == sorted([first.pk, second.pk])
    assert [to for _kind, _key, to in outbox()] == [first.email, "second@example.org"]
    assert [email.to for email in mail.outbox] == [["second@example.org"]]


def test_save_group_without_a_facilitator_removes_them_and_emails_nobody(item, organiser):
    person = UserFactory()
    group = save_group(item, GroupDetails(name="Priorities", facilitators=(person,)), by=organiser)

    save_group(item, GroupDetails(name="Priorities"), group=group, by=organiser)

    assert list(group.facilitators.all()) == []
    assert len(outbox()) == 1


# Deleting a group


def test_delete_group_removes_it_and_its_members(item, organiser):
    group = GroupFactory(item=item)
    kept = GroupFactory(item=item)
    set_members(group, registrations=[RegistrationFactory(workshop=item.workshop)], by=organiser)

    delete_group(group, by=organiser)

    assert list(Group.objects.all()) == [kept]
    assert Member.objects.exists() is False
    entry = ActivityLog.objects.get(verb="breakouts.group.deleted")
    assert (entry.actor, entry.target_id, entry.target_label) == (
        organiser,
        str(group.pk),
        group.name,
    )


# Allocating participants


def test_set_members_allocates_the_registrations(item, organiser):
    group = GroupFactory(item=item)
    people = RegistrationFactory.create_batch(2, workshop=item.workshop)

    set_members(group, registrations=people, by=organiser)

    assert members(group) == sorted(person.pk for person in people)
    assert set(Member.objects.values_list("item_id", flat=True)) == {item.pk}
    entry = ActivityLog.objects.get(verb="breakouts.group.members")
    assert (entry.actor, entry.target, entry.data) == (organiser, group, {"members": 2})


def test_set_members_moves_a_registration_out_of_another_group_of_the_item(item, organiser):
    first, second = GroupFactory(item=item), GroupFactory(item=item)
    moving, staying = RegistrationFactory.create_batch(2, workshop=item.workshop)
    set_members(first, registrations=[moving, staying], by=organiser)

    set_members(second, registrations=[moving], by=organiser)

    assert members(first) == [staying.pk]
    assert members(second) == [moving.pk]
    assert Member.objects.filter(registration=moving).count() == 1


def test_set_members_keeps_a_registration_in_a_group_of_another_item(item, organiser):
    later = GroupFactory(item=BreakoutItemFactory(workshop=item.workshop))
    group = GroupFactory(item=item)
    person = RegistrationFactory(workshop=item.workshop)
    set_members(later, registrations=[person], by=organiser)

    set_members(group, registrations=[person], by=organiser)

    assert members(later) == [person.pk]
    assert members(group) == [person.pk]


def test_set_members_without_someone_takes_them_out(item, organiser):
    group = GroupFactory(item=item)
    leaving, staying = RegistrationFactory.create_batch(2, workshop=item.workshop)
    set_members(group, registrations=[leaving, staying], by=organiser)
    joined = Member.objects.get(registration=staying).pk

    set_members(group, registrations=[staying], by=organiser)

    assert members(group) == [staying.pk]
    assert Member.objects.get(registration=staying).pk == joined
