from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from socialjustice.errors import PortalError
from socialjustice.models import ActivityLog, Mailing
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)
from workshops.enums import WorkshopState
from workshops.models import Speaker, Workshop
from workshops.selectors.speakers import speaker_label
from workshops.services import programme, series, speakers
from workshops.services import workshops as services
from workshops.services.workshops import WorkshopDetails

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def item(start, end, **kwargs):
    return programme.ItemData(
        starts_at=time(*start), ends_at=time(*end), kind="talk", title="Talk", **kwargs
    )


def details_of(workshop, **changes):
    """What the edit form would send for the workshop as it is, with `changes`."""
    details = WorkshopDetails(
        **{
            name: getattr(workshop, name)
            for name in WorkshopDetails.names()
            if name not in WorkshopDetails.MANY
        },
        networks=tuple(workshop.networks.all()),
    )
    return replace(details, **changes)


def mailings():
    return list(Mailing.objects.values_list("kind", "object_id", "audience"))


@pytest.fixture
def workshop():
    """10:00 to 12:30 on 24 June 2030."""
    return WorkshopFactory(
        starts_at=datetime(2030, 6, 24, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 6, 24, 12, 30, tzinfo=LONDON),
    )


def test_save_item_ending_before_it_starts_is_refused(workshop):
    with pytest.raises(programme.ProgrammeError) as error:
        programme.save_programme_item(workshop, data=item((11, 0), (10, 30)), by=None)
    assert str(error.value) == "The item ends at 10:30, before it starts at 11:00."
    assert error.value.field == "ends_at"
    assert workshop.programme.count() == 0


@pytest.mark.parametrize(
    ("start", "end", "message", "field"),
    [
        (
            (9, 30),
            (10, 0),
            "The item starts at 09:30, before the workshop starts at 10:00.",
            "starts_at",
        ),
        ((12, 0), (13, 0), "The item ends at 13:00, after the workshop ends at 12:30.", "ends_at"),
    ],
)
def test_save_item_outside_workshop_hours_is_refused(workshop, start, end, message, field):
    with pytest.raises(programme.ProgrammeError) as error:
        programme.save_programme_item(workshop, data=item(start, end), by=None)
    assert (str(error.value), error.value.field) == (message, field)


def test_save_item_overlapping_another_warns_and_saves_nothing(workshop):
    ProgrammeItemFactory(
        workshop=workshop, starts_at=time(10, 15), ends_at=time(11, 5), title="Opening"
    )

    with pytest.raises(programme.OverlapWarning) as warning:
        programme.save_programme_item(workshop, data=item((11, 0), (11, 55)), by=None)

    assert "overlaps 10:15–11:05 Opening" in str(warning.value)
    assert workshop.programme.count() == 1


def test_save_item_overlap_accepted_is_kept_as_written(workshop):
    ProgrammeItemFactory(workshop=workshop, starts_at=time(10, 15), ends_at=time(11, 5))

    saved = programme.save_programme_item(
        workshop, data=item((11, 0), (11, 55)), accept_overlap=True, by=None
    )

    assert (saved.starts_at, saved.ends_at) == (time(11, 0), time(11, 55))
    assert workshop.programme.count() == 2


def test_save_item_accepted_overlap_is_not_asked_again_but_a_new_one_is(workshop):
    ProgrammeItemFactory(
        workshop=workshop, starts_at=time(10, 15), ends_at=time(11, 5), title="Opening"
    )
    saved = programme.save_programme_item(
        workshop, data=item((11, 0), (11, 55)), accept_overlap=True, by=None
    )
    ProgrammeItemFactory(
        workshop=workshop, starts_at=time(12, 0), ends_at=time(12, 30), title="Lunch"
    )

    # Saved again unchanged: the overlap with Opening was accepted already.
    programme.save_programme_item(workshop, data=item((11, 0), (11, 55)), item=saved, by=None)
    # Made longer, into Lunch: that overlap is new, and asked about.
    with pytest.raises(programme.OverlapWarning) as warning:
        programme.save_programme_item(workshop, data=item((11, 0), (12, 15)), item=saved, by=None)

    assert "overlaps 12:00–12:30 Lunch" in str(warning.value)
    assert "Opening" not in str(warning.value)


def test_save_item_marked_parallel_needs_no_acceptance(workshop):
    ProgrammeItemFactory(workshop=workshop, starts_at=time(11, 0), ends_at=time(12, 0))
    saved = programme.save_programme_item(
        workshop, data=item((11, 0), (12, 0), is_parallel=True), by=None
    )
    assert saved.is_parallel is True


def test_save_item_touching_the_previous_one_is_not_an_overlap(workshop):
    ProgrammeItemFactory(workshop=workshop, starts_at=time(10, 0), ends_at=time(10, 30))
    programme.save_programme_item(workshop, data=item((10, 30), (11, 0)), by=None)
    assert workshop.programme.count() == 2


def test_save_item_keeps_the_timetable_in_time_order(workshop):
    programme.save_programme_item(workshop, data=item((11, 0), (11, 30)), by=None)
    programme.save_programme_item(workshop, data=item((10, 0), (10, 30)), by=None)
    assert [(i.starts_at, i.position) for i in workshop.programme.all()] == [
        (time(10, 0), 1),
        (time(11, 0), 2),
    ]


def test_save_item_creates_chair_and_speakers_once(workshop):
    data = item(
        (10, 0),
        (10, 30),
        chair="Professor Sarah Salway (University of Sheffield)",
        speakers=("Dr Ghazala Mir (University of Leeds)", "Morgan Campbell (University of Leeds)"),
    )
    first = programme.save_programme_item(workshop, data=data, by=None)
    second = programme.save_programme_item(
        workshop, data=item((10, 30), (11, 0), chair=data.chair), by=None
    )

    assert first.chair == second.chair
    assert (first.chair.honorific, first.chair.name, first.chair.affiliation.name) == (
        "Professor",
        "Sarah Salway",
        "University of Sheffield",
    )
    assert sorted(str(s) for s in first.speakers.all()) == ["Dr Ghazala Mir", "Morgan Campbell"]
    assert Speaker.objects.count() == 3


def test_move_item_swaps_items_starting_together(workshop):
    first = ProgrammeItemFactory(
        workshop=workshop, starts_at=time(11, 0), ends_at=time(12, 0), position=1
    )
    second = ProgrammeItemFactory(
        workshop=workshop, starts_at=time(11, 0), ends_at=time(12, 0), position=2
    )

    programme.move_programme_item(second, up=True, by=None)

    assert list(workshop.programme.all()) == [second, first]
    with pytest.raises(PortalError, match="This item cannot move further."):
        programme.move_programme_item(second, up=True, by=None)


def test_add_programme_items_replace_swaps_the_whole_programme(workshop):
    ProgrammeItemFactory(workshop=workshop, title="Old item")
    programme.add_programme_items(
        workshop, items=[item((10, 15), (11, 5)), item((11, 0), (11, 55))], replace=True, by=None
    )
    assert [(i.starts_at, i.ends_at) for i in workshop.programme.all()] == [
        (time(10, 15), time(11, 5)),
        (time(11, 0), time(11, 55)),
    ]


def test_add_programme_items_saves_none_when_one_is_invalid(workshop):
    with pytest.raises(programme.ProgrammeError):
        programme.add_programme_items(
            workshop, items=[item((10, 0), (10, 30)), item((12, 0), (13, 0))], by=None
        )
    assert workshop.programme.count() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Professor Sarah Salway (University of Sheffield)",
            ("Professor", "Sarah Salway", "", "University of Sheffield"),
        ),
        (
            "Professor Sarah Salway University of Sheffield",
            ("Professor", "Sarah Salway", "", "University of Sheffield"),
        ),
        (
            "Professor Adam Crawford (Director, Leeds Social Sciences Institute)",
            ("Professor", "Adam Crawford", "Director", "Leeds Social Sciences Institute"),
        ),
        (
            "Wendy Bottero, University of Manchester",
            ("", "Wendy Bottero", "", "University of Manchester"),
        ),
        ("Leeds Poverty Truth Commission", ("", "Leeds Poverty Truth Commission", "", "")),
        ("Arkadiusz Zadka", ("", "Arkadiusz Zadka", "", "")),
    ],
)
def test_parse_speaker_splits_title_name_role_and_affiliation(text, expected):
    parts = speakers.parse_speaker(text)
    assert (parts["honorific"], parts["name"], parts["role"], parts["affiliation"]) == expected


def test_speaker_label_reads_back_to_the_same_speaker():
    speaker = SpeakerFactory(
        honorific="Professor",
        name="Adam Crawford",
        role="Director",
        affiliation=OrganisationFactory(name="Leeds Social Sciences Institute"),
    )
    label = speaker_label(speaker)
    assert label == "Professor Adam Crawford (Director, Leeds Social Sciences Institute)"
    assert speakers.find_or_create_speaker(label) == speaker


def test_update_published_workshop_time_queues_one_change_mailing(
    workshop, django_capture_on_commit_callbacks
):
    new_start = datetime(2030, 6, 24, 11, 0, tzinfo=LONDON)

    with django_capture_on_commit_callbacks(execute=True):
        changes = services.update_workshop(
            workshop, details_of(workshop, starts_at=new_start, title="Renamed"), by=None
        )

    assert changes == {"starts_at": (datetime(2030, 6, 24, 10, 0, tzinfo=LONDON), new_start)}
    assert mailings() == [("workshops.changed", str(workshop.pk), "registered")]
    [mailing] = Mailing.objects.all()
    assert mailing.key == f"workshop-changed:{workshop.pk}:{workshop.updated_at.timestamp()}"
    assert mailing.data == {
        "changes": "Starts: now Monday 24 June 2030, 11:00 (before: Monday 24 June 2030, 10:00)",
        "stamp": workshop.updated_at.timestamp(),
    }


def test_update_published_workshop_title_only_queues_no_mailing(
    workshop, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        changes = services.update_workshop(
            workshop, details_of(workshop, title="New"), by=organiser
        )

    workshop.refresh_from_db()
    assert (changes, workshop.title) == ({}, "New")
    assert mailings() == []
    assert list(ActivityLog.objects.values_list("actor", "verb", "data")) == [
        (organiser.pk, "workshops.workshop.changed", {"fields": ["title"]})
    ]


def test_update_draft_workshop_time_queues_no_mailing(django_capture_on_commit_callbacks):
    draft = WorkshopFactory(
        state="draft",
        starts_at=datetime(2030, 6, 24, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 6, 24, 12, 30, tzinfo=LONDON),
    )
    new_start = datetime(2030, 6, 24, 11, 0, tzinfo=LONDON)

    with django_capture_on_commit_callbacks(execute=True):
        changes = services.update_workshop(
            draft, details_of(draft, starts_at=new_start, venue_name="Leeds"), by=None
        )

    assert changes == {
        "starts_at": (datetime(2030, 6, 24, 10, 0, tzinfo=LONDON), new_start),
        "venue_name": ("", "Leeds"),
    }
    assert mailings() == []


def test_cancel_published_workshop_queues_one_cancellation_mailing(
    workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_workshop(workshop, note="The venue is closed.", by=None)

    workshop.refresh_from_db()
    assert (workshop.state, workshop.cancellation_note) == (
        WorkshopState.CANCELLED,
        "The venue is closed.",
    )
    assert mailings() == [("workshops.cancelled", str(workshop.pk), "registered")]
    assert Mailing.objects.get().key == f"workshop-cancelled:{workshop.pk}"
    with pytest.raises(PortalError, match="already cancelled"):
        services.cancel_workshop(workshop, by=None)
    assert Mailing.objects.count() == 1


def test_cancel_draft_workshop_queues_no_mailing(django_capture_on_commit_callbacks):
    draft = WorkshopFactory(state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_workshop(draft, by=None)
    draft.refresh_from_db()
    assert draft.state == WorkshopState.CANCELLED
    assert mailings() == []


def test_publish_only_a_draft(workshop):
    draft = WorkshopFactory(state="draft")
    services.publish_workshop(draft, by=None)
    assert draft.state == WorkshopState.PUBLISHED
    with pytest.raises(PortalError, match="Only a draft workshop can be published."):
        services.publish_workshop(workshop, by=None)


def test_create_workshop_is_a_draft_organised_by_its_creator():
    creator = UserFactory()
    network = NetworkFactory()
    workshop = services.create_workshop(
        WorkshopDetails(
            title="Leadership for Equity",
            starts_at=datetime(2030, 7, 1, 10, 0, tzinfo=LONDON),
            ends_at=datetime(2030, 7, 1, 12, 30, tzinfo=LONDON),
            format="online",
            networks=(network,),
        ),
        by=creator,
    )
    assert workshop.state == WorkshopState.DRAFT
    assert workshop.slug == "leadership-for-equity-2030-07-01"
    assert list(workshop.organisers.all()) == [creator]
    assert list(workshop.networks.all()) == [network]


def test_duplicate_workshop_copies_programme_to_new_date_as_draft(workshop):
    chair = SpeakerFactory()
    source_item = ProgrammeItemFactory(workshop=workshop, chair=chair, title="Welcome")
    source_item.speakers.add(SpeakerFactory())
    by = UserFactory()

    copy = services.duplicate_workshop(workshop, by=by, on=date(2030, 12, 1))

    assert copy.state == WorkshopState.DRAFT
    assert copy.uid != workshop.uid
    assert copy.join_link == ""
    assert copy.starts_at == datetime(2030, 12, 1, 10, 0, tzinfo=LONDON)  # GMT now, same 10:00
    assert copy.ends_at == datetime(2030, 12, 1, 12, 30, tzinfo=LONDON)
    [copied] = copy.programme.all()
    assert (copied.title, copied.chair, copied.speakers.count()) == ("Welcome", chair, 1)
    assert by in copy.organisers.all()
    assert workshop.programme.count() == 1


def test_duplicate_series_keeps_the_days_between_workshops():
    source = WorkshopSeriesFactory()
    WorkshopFactory(
        series=source,
        starts_at=datetime(2020, 6, 24, 10, tzinfo=LONDON),
        ends_at=datetime(2020, 6, 24, 12, tzinfo=LONDON),
    )
    WorkshopFactory(
        series=source,
        starts_at=datetime(2020, 6, 30, 10, tzinfo=LONDON),
        ends_at=datetime(2020, 6, 30, 12, tzinfo=LONDON),
    )

    copy = series.duplicate_series(source, by=UserFactory(), first_on=date(2031, 3, 3))

    days = [w.starts_at.astimezone(LONDON).date() for w in copy.workshops.order_by("starts_at")]
    assert days == [date(2031, 3, 3), date(2031, 3, 9)]
    assert set(Workshop.objects.filter(series=copy).values_list("state", flat=True)) == {"draft"}
