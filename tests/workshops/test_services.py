from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from socialjustice.errors import PortalError
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
from workshops.services import programme, speakers
from workshops.services import workshops as services
from workshops.signals import workshop_cancelled, workshop_rescheduled

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def item(start, end, **kwargs):
    return programme.ItemData(
        starts_at=time(*start), ends_at=time(*end), kind="talk", title="Talk", **kwargs
    )


@pytest.fixture
def workshop():
    """10:00 to 12:30 on 24 June 2030."""
    return WorkshopFactory(
        starts_at=datetime(2030, 6, 24, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 6, 24, 12, 30, tzinfo=LONDON),
    )


def test_save_item_ending_before_it_starts_is_refused(workshop):
    with pytest.raises(programme.ProgrammeError) as error:
        programme.save_programme_item(workshop, data=item((11, 0), (10, 30)))
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
        programme.save_programme_item(workshop, data=item(start, end))
    assert (str(error.value), error.value.field) == (message, field)


def test_save_item_overlapping_another_warns_and_saves_nothing(workshop):
    ProgrammeItemFactory(
        workshop=workshop, starts_at=time(10, 15), ends_at=time(11, 5), title="Opening"
    )

    with pytest.raises(programme.OverlapWarning) as warning:
        programme.save_programme_item(workshop, data=item((11, 0), (11, 55)))

    assert "overlaps 10:15–11:05 Opening" in str(warning.value)
    assert workshop.programme.count() == 1


def test_save_item_overlap_accepted_is_kept_as_written(workshop):
    ProgrammeItemFactory(workshop=workshop, starts_at=time(10, 15), ends_at=time(11, 5))

    saved = programme.save_programme_item(
        workshop, data=item((11, 0), (11, 55)), accept_overlap=True
    )

    assert (saved.starts_at, saved.ends_at) == (time(11, 0), time(11, 55))
    assert workshop.programme.count() == 2


def test_save_item_marked_parallel_needs_no_acceptance(workshop):
    ProgrammeItemFactory(workshop=workshop, starts_at=time(11, 0), ends_at=time(12, 0))
    saved = programme.save_programme_item(workshop, data=item((11, 0), (12, 0), is_parallel=True))
    assert saved.is_parallel is True


def test_save_item_touching_the_previous_one_is_not_an_overlap(workshop):
    ProgrammeItemFactory(workshop=workshop, starts_at=time(10, 0), ends_at=time(10, 30))
    programme.save_programme_item(workshop, data=item((10, 30), (11, 0)))
    assert workshop.programme.count() == 2


def test_save_item_keeps_the_timetable_in_time_order(workshop):
    programme.save_programme_item(workshop, data=item((11, 0), (11, 30)))
    programme.save_programme_item(workshop, data=item((10, 0), (10, 30)))
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
    first = programme.save_programme_item(workshop, data=data)
    second = programme.save_programme_item(workshop, data=item((10, 30), (11, 0), chair=data.chair))

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

    programme.move_programme_item(second, up=True)

    assert list(workshop.programme.all()) == [second, first]
    with pytest.raises(PortalError, match="This item cannot move further."):
        programme.move_programme_item(second, up=True)


def test_add_programme_items_replace_swaps_the_whole_programme(workshop):
    ProgrammeItemFactory(workshop=workshop, title="Old item")
    programme.add_programme_items(
        workshop, items=[item((10, 15), (11, 5)), item((11, 0), (11, 55))], replace=True
    )
    assert [(i.starts_at, i.ends_at) for i in workshop.programme.all()] == [
        (time(10, 15), time(11, 5)),
        (time(11, 0), time(11, 55)),
    ]


def test_add_programme_items_saves_none_when_one_is_invalid(workshop):
    with pytest.raises(programme.ProgrammeError):
        programme.add_programme_items(
            workshop, items=[item((10, 0), (10, 30)), item((12, 0), (13, 0))]
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
    label = speakers.speaker_label(speaker)
    assert label == "Professor Adam Crawford (Director, Leeds Social Sciences Institute)"
    assert speakers.find_or_create_speaker(label) == speaker


def test_update_published_workshop_time_tells_listeners_with_the_change(
    workshop, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, workshop, changes, **kwargs):
        received.append(changes)

    workshop_rescheduled.connect(listener)
    try:
        new_start = datetime(2030, 6, 24, 11, 0, tzinfo=LONDON)
        with django_capture_on_commit_callbacks(execute=True):
            services.update_workshop(
                workshop,
                fields={"starts_at": new_start, "ends_at": workshop.ends_at, "title": "Renamed"},
            )
    finally:
        workshop_rescheduled.disconnect(listener)

    assert received == [{"starts_at": (datetime(2030, 6, 24, 10, 0, tzinfo=LONDON), new_start)}]


def test_update_draft_or_title_only_tells_nobody(workshop, django_capture_on_commit_callbacks):
    received = []
    workshop_rescheduled.connect(
        lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.update_workshop(
                workshop,
                fields={
                    "starts_at": workshop.starts_at,
                    "ends_at": workshop.ends_at,
                    "title": "New",
                },
            )
    finally:
        workshop_rescheduled.disconnect(dispatch_uid="t")
    assert received == []


def test_cancel_published_workshop_tells_listeners(workshop, django_capture_on_commit_callbacks):
    received = []
    workshop_cancelled.connect(
        lambda workshop, **kw: received.append(workshop.pk), weak=False, dispatch_uid="c"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_workshop(workshop, note="The venue is closed.")
    finally:
        workshop_cancelled.disconnect(dispatch_uid="c")

    workshop.refresh_from_db()
    assert (workshop.state, workshop.cancellation_note) == (
        WorkshopState.CANCELLED,
        "The venue is closed.",
    )
    assert received == [workshop.pk]
    with pytest.raises(PortalError, match="already cancelled"):
        services.cancel_workshop(workshop)


def test_publish_only_a_draft(workshop):
    draft = WorkshopFactory(state="draft")
    services.publish_workshop(draft)
    assert draft.state == WorkshopState.PUBLISHED
    with pytest.raises(PortalError, match="Only a draft workshop can be published."):
        services.publish_workshop(workshop)


def test_create_workshop_is_a_draft_organised_by_its_creator():
    creator = UserFactory()
    network = NetworkFactory()
    workshop = services.create_workshop(
        created_by=creator,
        fields={
            "title": "Leadership for Equity",
            "starts_at": datetime(2030, 7, 1, 10, 0, tzinfo=LONDON),
            "ends_at": datetime(2030, 7, 1, 12, 30, tzinfo=LONDON),
            "format": "online",
        },
        networks=[network],
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
    series = WorkshopSeriesFactory()
    WorkshopFactory(
        series=series,
        starts_at=datetime(2020, 6, 24, 10, tzinfo=LONDON),
        ends_at=datetime(2020, 6, 24, 12, tzinfo=LONDON),
    )
    WorkshopFactory(
        series=series,
        starts_at=datetime(2020, 6, 30, 10, tzinfo=LONDON),
        ends_at=datetime(2020, 6, 30, 12, tzinfo=LONDON),
    )

    copy = services.duplicate_series(series, by=UserFactory(), first_on=date(2031, 3, 3))

    days = [w.starts_at.astimezone(LONDON).date() for w in copy.workshops.order_by("starts_at")]
    assert days == [date(2031, 3, 3), date(2031, 3, 9)]
    assert set(Workshop.objects.filter(series=copy).values_list("state", flat=True)) == {"draft"}
