"""Recording a group's outputs part by part: versions, refusals that lose nothing, the
offline queue's resends, new entries made once per key, deleting, restoring, ready."""

from datetime import date

import pytest
from django.utils import timezone

from breakouts.models import Entry, Recommendation, Revision, Section
from breakouts.services.recording import (
    Conflict,
    Saved,
    delete_part,
    mark_ready,
    restore,
    save_part,
)
from socialjustice.errors import PortalError
from socialjustice.models import ActivityLog
from tests.factories import ContributionFactory, GroupFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTES = "section:notes"


def notes(group, *, version: int, text: str, by) -> Saved:
    return save_part(group, part=NOTES, version=version, values={"text": text}, by=by)


def stored(group, kind: str = "notes") -> tuple[int, str]:
    section = Section.objects.get(group=group, kind=kind)
    return section.version, section.text


def revisions(group) -> list[tuple[str, int, dict]]:
    return list(
        Revision.objects.filter(group=group)
        .order_by("pk")
        .values_list("part", "version", "content")
    )


def log(verb: str = "breakouts.group.recorded") -> list[tuple]:
    return list(
        ActivityLog.objects.filter(verb=verb)
        .order_by("pk")
        .values_list("actor", "target_id", "scope_id", "data")
    )


# Sections


def test_save_part_first_save_of_a_section_makes_version_one(group, facilitator):
    saved = save_part(
        group, part=NOTES, version=0, values={"text": "Buses stop at six."}, by=facilitator
    )

    assert (saved.part, saved.version) == (NOTES, 1)
    assert stored(group) == (1, "Buses stop at six.")
    section = Section.objects.get(group=group)
    assert (section.updated_by, section.updated_at) == (facilitator, saved.saved_at)
    [revision] = Revision.objects.filter(group=group)
    assert (revision.part, revision.version, revision.content, revision.by) == (
        NOTES,
        1,
        {"text": "Buses stop at six."},
        facilitator,
    )


def test_save_part_from_the_current_version_makes_the_next(group, facilitator):
    notes(group, version=0, text="Buses stop at six.", by=facilitator)

    saved = notes(
        group, version=1, text="Buses stop at six; no service on Sundays.", by=facilitator
    )

    assert (saved.part, saved.version) == (NOTES, 2)
    assert stored(group) == (2, "Buses stop at six; no service on Sundays.")
    assert revisions(group) == [
        (NOTES, 1, {"text": "Buses stop at six."}),
        (NOTES, 2, {"text": "Buses stop at six; no service on Sundays."}),
    ]


def test_save_part_from_a_stale_version_is_refused_with_both_texts(group, facilitator):
    colleague = UserFactory(display_name="Bea Colleague")
    notes(group, version=0, text="Buses stop at six.", by=facilitator)
    notes(group, version=1, text="Buses stop at six, says Bea.", by=colleague)

    with pytest.raises(Conflict) as refused:
        notes(group, version=1, text="Buses stop at six, says Sam.", by=facilitator)

    conflict = refused.value
    assert (conflict.part, conflict.version) == (NOTES, 2)
    assert conflict.theirs == {"text": "Buses stop at six, says Bea."}
    assert conflict.yours == {"text": "Buses stop at six, says Sam."}
    at = timezone.localtime(Section.objects.get(group=group).updated_at).strftime("%H:%M")
    assert str(conflict) == (
        f"Bea Colleague saved this part at {at}, after you opened it. Nothing was "
        "overwritten: compare the two texts, merge them, and save again."
    )
    assert stored(group) == (2, "Buses stop at six, says Bea.")
    assert [version for _part, version, _content in revisions(group)] == [1, 2]


def test_save_part_the_same_text_again_from_a_stale_version_is_saved_once(group, facilitator):
    """The offline queue sends a save again when it never heard back: same values, the
    version it was made from."""
    first = notes(group, version=0, text="Buses stop at six.", by=facilitator)

    again = notes(group, version=0, text="Buses stop at six.", by=facilitator)

    assert again == Saved(part=NOTES, version=1, saved_at=first.saved_at)
    assert stored(group) == (1, "Buses stop at six.")
    assert len(revisions(group)) == 1
    assert len(log()) == 1


def test_save_part_of_different_sections_from_the_same_versions_both_land(group, facilitator):
    colleague = UserFactory()

    notes(group, version=0, text="Buses stop at six.", by=facilitator)
    save_part(
        group, part="section:chat", version=0, values={"text": "Link to the map."}, by=colleague
    )

    assert stored(group, "notes") == (1, "Buses stop at six.")
    assert stored(group, "chat") == (1, "Link to the map.")
    assert sorted(part for part, _version, _content in revisions(group)) == [
        "section:chat",
        NOTES,
    ]


def test_save_part_writes_who_recorded_what_in_the_activity_log(group, facilitator):
    notes(group, version=0, text="Buses stop at six.", by=facilitator)
    notes(group, version=1, text="Buses stop at six pm.", by=facilitator)

    expected = (facilitator.pk, str(group.pk), str(group.workshop_id), {"part": NOTES})
    assert log() == [expected, expected]
    [entry, _again] = ActivityLog.objects.filter(verb="breakouts.group.recorded")
    assert entry.target == group


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("section:nope", "There is no such part of the record."),
        ("entry:abc", "There is no such part of the record."),
        ("entry:new:bogus:k1", "There is no such part of the record."),
        ("entry:new:priority", "There is no such part of the record."),
        ("shelf:1", "There is no such part of the record."),
        ("entry:999999", "This part was deleted meanwhile."),
    ],
)
def test_save_part_of_an_unknown_part_is_refused(group, facilitator, part, message):
    with pytest.raises(PortalError) as refused:
        save_part(group, part=part, version=0, values={"text": "Anything"}, by=facilitator)

    assert str(refused.value) == message
    assert (Section.objects.count(), Entry.objects.count(), Revision.objects.count()) == (0, 0, 0)
    assert log() == []


def test_save_part_of_another_groups_entry_is_refused(group, facilitator):
    other = GroupFactory(item=group.item)
    theirs = save_part(
        other, part="entry:new:priority:k1", version=0, values={"text": "Theirs"}, by=facilitator
    )

    with pytest.raises(PortalError, match=r"^This part was deleted meanwhile\.$"):
        save_part(group, part=theirs.part, version=1, values={"text": "Mine"}, by=facilitator)

    assert Entry.objects.get().text == "Theirs"


# Entries and recommendations


def test_save_part_new_entry_is_made_once_per_key(group, facilitator):
    values = {"text": "Free travel for carers", "horizon": "short"}

    saved = save_part(group, part="entry:new:priority:k1", version=0, values=values, by=facilitator)
    again = save_part(group, part="entry:new:priority:k1", version=0, values=values, by=facilitator)

    entry = Entry.objects.get()
    assert (saved.part, saved.version) == (f"entry:{entry.pk}", 1)
    assert again == Saved(part=saved.part, version=1, saved_at=entry.updated_at)
    assert (entry.group, entry.kind, entry.text, entry.horizon, entry.position) == (
        group,
        "priority",
        "Free travel for carers",
        "short",
        1,
    )
    assert (entry.client_key, entry.updated_by) == ("k1", facilitator)
    assert revisions(group) == [
        (
            saved.part,
            1,
            {
                "text": "Free travel for carers",
                "horizon": "short",
                "organisation_id": None,
                "contact": "",
                "who": "",
                "by_when": "",
                "level_id": None,
                "theme_id": None,
            },
        )
    ]
    assert log() == [(facilitator.pk, str(group.pk), str(group.workshop_id), {"part": saved.part})]


def test_save_part_new_entries_go_after_the_last_of_their_kind(group, facilitator):
    for key, kind in [("a", "priority"), ("b", "question"), ("c", "priority")]:
        save_part(
            group, part=f"entry:new:{kind}:{key}", version=0, values={"text": key}, by=facilitator
        )

    assert list(Entry.objects.order_by("pk").values_list("kind", "position")) == [
        ("priority", 1),
        ("question", 1),
        ("priority", 2),
    ]


def test_save_part_an_entry_from_a_stale_version_is_refused(group, facilitator):
    made = save_part(
        group, part="entry:new:priority:k1", version=0, values={"text": "First"}, by=facilitator
    )
    save_part(group, part=made.part, version=1, values={"text": "Second"}, by=facilitator)

    with pytest.raises(Conflict) as refused:
        save_part(group, part=made.part, version=1, values={"text": "Third"}, by=facilitator)

    assert (refused.value.theirs["text"], refused.value.yours) == ("Second", {"text": "Third"})
    assert (Entry.objects.get().text, Entry.objects.get().version) == ("Second", 2)


def test_save_part_new_recommendation_keeps_its_contributions_and_due_date(group, facilitator):
    first, second = ContributionFactory(), ContributionFactory()
    network = NetworkFactory()
    values = {
        "text": "Fund community transport",
        "contributions": [second.pk, first.pk],
        "due_on": date(2030, 6, 30),
        "owner_network_id": network.pk,
    }

    saved = save_part(group, part="recommendation:new:r1", version=0, values=values, by=facilitator)
    again = save_part(group, part="recommendation:new:r1", version=0, values=values, by=facilitator)

    recommendation = Recommendation.objects.get()
    assert saved.part == again.part == f"recommendation:{recommendation.pk}"
    assert (recommendation.text, recommendation.due_on, recommendation.owner_network) == (
        "Fund community transport",
        date(2030, 6, 30),
        network,
    )
    assert (recommendation.position, recommendation.version) == (1, 1)
    assert sorted(recommendation.contributions.values_list("pk", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    [(_part, _version, content)] = revisions(group)
    assert content == {
        "text": "Fund community transport",
        "level_id": None,
        "four_r_id": None,
        "category_id": None,
        "owner_network_id": network.pk,
        "owner_organisation_id": None,
        "due_on": "2030-06-30",
        "contributions": sorted([first.pk, second.pk]),
    }


def test_save_part_recommendation_changes_its_contributions(group, facilitator):
    first, second = ContributionFactory(), ContributionFactory()
    made = save_part(
        group,
        part="recommendation:new:r1",
        version=0,
        values={"text": "Fund transport", "contributions": [first.pk]},
        by=facilitator,
    )

    saved = save_part(
        group,
        part=made.part,
        version=1,
        values={"text": "Fund transport", "contributions": [second.pk]},
        by=facilitator,
    )

    assert saved.version == 2
    assert list(Recommendation.objects.get().contributions.values_list("pk", flat=True)) == [
        second.pk
    ]


# Deleting


def test_delete_part_from_the_version_seen_deletes_it(group, facilitator):
    made = save_part(
        group, part="entry:new:question:k1", version=0, values={"text": "Who"}, by=facilitator
    )

    delete_part(group, part=made.part, version=1, by=facilitator)

    assert Entry.objects.exists() is False
    assert log()[-1] == (
        facilitator.pk,
        str(group.pk),
        str(group.workshop_id),
        {"part": made.part, "deleted": True},
    )


def test_delete_part_from_a_stale_version_is_refused_and_keeps_it(group, facilitator):
    made = save_part(
        group, part="entry:new:question:k1", version=0, values={"text": "Who"}, by=facilitator
    )
    save_part(group, part=made.part, version=1, values={"text": "Who pays?"}, by=facilitator)

    with pytest.raises(Conflict) as refused:
        delete_part(group, part=made.part, version=1, by=facilitator)

    assert (refused.value.theirs["text"], refused.value.yours) == ("Who pays?", {})
    assert Entry.objects.get().text == "Who pays?"
    assert len(log()) == 2


def test_delete_part_of_a_section_is_refused(group, facilitator):
    notes(group, version=0, text="Buses stop at six.", by=facilitator)

    with pytest.raises(
        PortalError, match=r"^A part of the record cannot be deleted: empty it instead\.$"
    ):
        delete_part(group, part=NOTES, version=1, by=facilitator)

    assert stored(group) == (1, "Buses stop at six.")


# Restoring


def test_restore_brings_back_an_earlier_text_as_a_new_version(group, facilitator):
    notes(group, version=0, text="Buses stop at six.", by=facilitator)
    notes(group, version=1, text="Deleted by mistake", by=facilitator)
    first = Revision.objects.get(group=group, version=1)

    saved = restore(group, revision=first, by=facilitator)

    assert (saved.part, saved.version) == (NOTES, 3)
    assert stored(group) == (3, "Buses stop at six.")
    assert [(version, content["text"]) for _part, version, content in revisions(group)] == [
        (1, "Buses stop at six."),
        (2, "Deleted by mistake"),
        (3, "Buses stop at six."),
    ]
    assert log("breakouts.group.restored") == [
        (facilitator.pk, str(group.pk), str(group.workshop_id), {"part": NOTES, "restored": 1})
    ]


def test_restore_a_recommendation_brings_back_its_due_date_and_contributions(group, facilitator):
    contribution = ContributionFactory()
    made = save_part(
        group,
        part="recommendation:new:r1",
        version=0,
        values={"text": "Fund", "due_on": date(2030, 6, 30), "contributions": [contribution.pk]},
        by=facilitator,
    )
    save_part(
        group,
        part=made.part,
        version=1,
        values={"text": "Fund more", "due_on": None, "contributions": []},
        by=facilitator,
    )

    restore(group, revision=Revision.objects.get(group=group, version=1), by=facilitator)

    recommendation = Recommendation.objects.get()
    assert (recommendation.version, recommendation.text, recommendation.due_on) == (
        3,
        "Fund",
        date(2030, 6, 30),
    )
    assert list(recommendation.contributions.values_list("pk", flat=True)) == [contribution.pk]


def test_restore_a_revision_of_another_group_is_refused(group, facilitator):
    other = GroupFactory(item=group.item)
    notes(other, version=0, text="Their notes", by=facilitator)

    with pytest.raises(PortalError, match=r"^This version belongs to another group\.$"):
        restore(group, revision=Revision.objects.get(group=other), by=facilitator)

    assert Section.objects.filter(group=group).exists() is False


def test_restore_a_deleted_entry_is_refused(group, facilitator):
    made = save_part(
        group, part="entry:new:question:k1", version=0, values={"text": "Who"}, by=facilitator
    )
    revision = Revision.objects.get(group=group)
    delete_part(group, part=made.part, version=1, by=facilitator)

    with pytest.raises(
        PortalError, match=r"^This part was deleted, so its versions cannot be restored\.$"
    ):
        restore(group, revision=revision, by=facilitator)


# Ready for the plenary


def test_mark_ready_sets_and_clears_the_time(group, facilitator):
    before = timezone.now()

    marked = mark_ready(group, ready=True, by=facilitator)

    group.refresh_from_db()
    assert group.ready_at == marked.ready_at
    assert group.ready_at >= before

    mark_ready(group, ready=False, by=facilitator)

    group.refresh_from_db()
    assert group.ready_at is None
    assert log("breakouts.group.ready") == [
        (facilitator.pk, str(group.pk), str(group.workshop_id), {"ready": True}),
        (facilitator.pk, str(group.pk), str(group.workshop_id), {"ready": False}),
    ]
