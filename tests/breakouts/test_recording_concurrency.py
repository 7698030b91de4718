"""Two people saving the same part of a group's record at once, on the real database with
real threads: one save lands, the other is refused with both texts, nothing is overwritten,
and a new entry sent twice at once is one entry."""

import threading
import time

import pytest
from django.db import connection, transaction

from breakouts.models import Entry, Group, Revision, Section
from breakouts.services.recording import Conflict, Saved, save_part
from socialjustice.locking import lock_row
from socialjustice.models import ActivityLog
from tests.factories import FacilitatorFactory, GroupFactory

NOTES = "section:notes"


def _waiting_for_a_lock() -> int:
    """How many connections to this test database wait for a lock now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _race(group, *, part: str, version: int, values: dict, hold) -> tuple[dict, int]:
    """Each facilitator saves `values[name]` to `part` from `version` in a thread of their
    own, while `hold()` (run in this thread's transaction) keeps them waiting until both wait
    for the database; returns each one's answer and how many were waiting."""
    people = {name: FacilitatorFactory(display_name=name) for name in values}
    outcome = {}
    ready = threading.Barrier(len(values) + 1)

    def save(name):
        ready.wait()
        try:
            outcome[name] = save_part(
                group, part=part, version=version, values=values[name], by=people[name]
            )
        except Conflict as conflict:
            outcome[name] = conflict
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,), name=name) for name in values]
    with transaction.atomic():
        hold()
        for thread in threads:
            thread.start()
        ready.wait()
        deadline = time.monotonic() + 4
        while _waiting_for_a_lock() < len(values) and time.monotonic() < deadline:
            time.sleep(0.02)
        waiting = _waiting_for_a_lock()
    for thread in threads:
        thread.join()
    return outcome, waiting


@pytest.mark.django_db(transaction=True)
def test_save_part_of_one_section_by_two_at_once_lands_one_and_refuses_the_other():
    group = GroupFactory()
    save_part(group, part=NOTES, version=0, values={"text": "Buses stop at six."}, by=None)
    section = Section.objects.get(group=group)
    texts = {
        "Ada": {"text": "Buses stop at six; Ada's note."},
        "Ben": {"text": "Buses stop at six; Ben's note."},
    }

    outcome, waiting = _race(
        group, part=NOTES, version=1, values=texts, hold=lambda: lock_row(Section, section.pk)
    )

    assert waiting == 2
    [winner] = [name for name, answer in outcome.items() if isinstance(answer, Saved)]
    [loser] = [name for name, answer in outcome.items() if isinstance(answer, Conflict)]
    assert (outcome[winner].part, outcome[winner].version) == (NOTES, 2)
    assert (outcome[loser].theirs, outcome[loser].yours, outcome[loser].version) == (
        texts[winner],
        texts[loser],
        2,
    )
    section.refresh_from_db()
    assert (section.version, section.text, section.updated_by.display_name) == (
        2,
        texts[winner]["text"],
        winner,
    )
    assert list(Revision.objects.order_by("version").values_list("version", "content")) == [
        (1, {"text": "Buses stop at six."}),
        (2, texts[winner]),
    ]


@pytest.mark.django_db(transaction=True)
def test_save_part_first_save_of_a_section_by_two_at_once_makes_it_once():
    """Neither has saved the notes yet: both make the section from version 0. The section
    is being made (not yet committed) when they start, so both wait on it, then on its row."""
    group = GroupFactory()
    texts = {"Ada": {"text": "Ada's first notes."}, "Ben": {"text": "Ben's first notes."}}

    outcome, waiting = _race(
        group,
        part=NOTES,
        version=0,
        values=texts,
        hold=lambda: Section.objects.create(group=group, kind="notes", version=0),
    )

    assert waiting == 2
    [winner] = [name for name, answer in outcome.items() if isinstance(answer, Saved)]
    [loser] = [name for name, answer in outcome.items() if isinstance(answer, Conflict)]
    assert outcome[loser].theirs == texts[winner]
    [section] = Section.objects.all()
    assert (section.version, section.text) == (1, texts[winner]["text"])
    assert list(Revision.objects.values_list("version", "content")) == [(1, texts[winner])]


@pytest.mark.django_db(transaction=True)
def test_save_part_new_entry_sent_twice_at_once_makes_one_entry():
    """The offline queue resends a new priority while the first send is still being saved."""
    group = GroupFactory()
    values = {"text": "Free travel for carers", "horizon": "short"}

    outcome, waiting = _race(
        group,
        part="entry:new:priority:k1",
        version=0,
        values={"first": values, "again": values},
        hold=lambda: lock_row(Group, group.pk),
    )

    assert waiting == 2
    [entry] = Entry.objects.all()
    assert (entry.text, entry.horizon, entry.version, entry.client_key) == (
        "Free travel for carers",
        "short",
        1,
        "k1",
    )
    assert {answer.part for answer in outcome.values()} == {f"entry:{entry.pk}"}
    assert {answer.version for answer in outcome.values()} == {1}
    assert Revision.objects.count() == 1
    assert ActivityLog.objects.filter(verb="breakouts.group.recorded").count() == 1
