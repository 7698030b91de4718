"""Who came: check-in at the door, and marking attendance from a meeting tool's list."""

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from socialjustice.errors import PortalError
from socialjustice.models import ActivityLog
from tests.factories import RegistrationFactory, UserFactory
from tests.workshops.organiser_pages import (
    at,
    make_crowd,
    message_texts,
    names,
    organised_workshop,
    url,
)
from workshops.models import Registration
from workshops.services import attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop_organiser(db):
    return UserFactory()


@pytest.fixture
def workshop(workshop_organiser):
    return organised_workshop(workshop_organiser)


@pytest.fixture
def signed_in(client, workshop_organiser):
    client.force_login(workshop_organiser)
    return client


@pytest.fixture
def crowd(workshop):
    return make_crowd(workshop)


# Check-in at the door


def test_check_in_lists_confirmed_people_by_name_and_searches(signed_in, workshop, crowd):
    everyone = signed_in.get(url("check_in", workshop))
    by_email = signed_in.get(url("check_in", workshop), {"q": "  CARYS@example "})
    waiting = signed_in.get(url("check_in", workshop), {"q": "Dev"})

    assert names(everyone.context["page"].object_list) == [
        "Amira Khan",
        "Ben Adeyemi",
        "Carys Jones",
    ]
    assert '<p id="arrived-count">1 of 3 people with a place have arrived.</p>' in (
        everyone.content.decode()
    )
    assert names(by_email.context["page"].object_list) == ["Carys Jones"]
    assert names(waiting.context["page"].object_list) == []


def test_check_in_marks_arrival_and_keeps_the_search(signed_in, workshop, crowd):
    amira = crowd["Amira Khan"]

    response = signed_in.post(
        url("check_in_mark", workshop, amira.pk), {"arrived": "yes", "q": "amira khan"}
    )

    amira.refresh_from_db()
    assert amira.attended_at is not None
    assert response.status_code == 302
    assert response.url == url("check_in", workshop) + "?q=amira+khan"
    # The workshop is a month away: marking someone now is early, and the organiser is told.
    day = date_format(timezone.localtime(workshop.starts_at), "l j F Y")
    assert message_texts(response) == [
        "Arrived: Amira Khan.",
        f"The workshop is not until {day}. If this was a mistake, press Undo.",
    ]
    page = signed_in.get(response.url).content.decode()
    assert '<button type="submit" name="arrived" value="no"' in page
    assert '<span class="visually-hidden"> the arrival of Amira Khan</span>' in page


def test_check_in_undo_clears_arrival(signed_in, workshop, crowd):
    ben = crowd["Ben Adeyemi"]

    response = signed_in.post(url("check_in_mark", workshop, ben.pk), {"arrived": "no"})

    ben.refresh_from_db()
    assert ben.attended_at is None
    assert response.url == url("check_in", workshop)
    assert message_texts(response) == ["Not arrived: Ben Adeyemi."]


def test_check_in_arrived_twice_keeps_first_time(signed_in, workshop, crowd):
    ben = crowd["Ben Adeyemi"]
    signed_in.post(url("check_in_mark", workshop, ben.pk), {"arrived": "yes"})
    ben.refresh_from_db()
    assert ben.attended_at == at(1, 10)
    assert ActivityLog.objects.count() == 0  # nothing changed, so nothing to log


def test_check_in_logs_who_marked_and_undid_an_arrival(
    signed_in, workshop, workshop_organiser, crowd
):
    amira = crowd["Amira Khan"]
    for arrived in ("yes", "no"):
        signed_in.post(url("check_in_mark", workshop, amira.pk), {"arrived": arrived})

    assert list(
        ActivityLog.objects.order_by("pk").values_list("actor", "verb", "target_id", "scope_id")
    ) == [
        (workshop_organiser.pk, verb, str(amira.pk), str(workshop.pk))
        for verb in ("workshops.registration.arrived", "workshops.registration.not_arrived")
    ]


def test_check_in_keeps_the_page(signed_in, workshop, crowd):
    response = signed_in.post(
        url("check_in_mark", workshop, crowd["Amira Khan"].pk),
        {"arrived": "yes", "q": "a", "page": "2"},
    )
    assert response.url == url("check_in", workshop) + "?q=a&page=2"


def test_check_in_of_someone_waiting_is_refused(signed_in, workshop, crowd):
    dev = crowd["Dev Patel"]
    response = signed_in.post(url("check_in_mark", workshop, dev.pk), {"arrived": "yes"})
    dev.refresh_from_db()
    assert dev.attended_at is None
    assert message_texts(response) == [
        "Only someone with a confirmed place can be marked as attended."
    ]


# Attendance from a meeting tool's list

PASTED = """  amira   KHAN
BEN@example.org

Dev Patel
Zoe Unknown
zoe   unknown
Femi Okoro
"""


def test_mark_attended_from_list_marks_matches_and_reports_unmatched(workshop, crowd):
    now = at(20, 11)

    pasted = attendance.mark_attended_from_list(workshop, PASTED, by=None, now=now)

    assert names(pasted.marked) == ["Amira Khan", "Ben Adeyemi"]
    assert pasted.unmatched == ["Dev Patel", "Zoe Unknown", "Femi Okoro"]
    assert pasted.suggestions == []
    attended = dict(
        Registration.objects.filter(attended_at__isnull=False).values_list("name", "attended_at")
    )
    # Ben was already marked at the door: his time stays.
    assert attended == {"Amira Khan": now, "Ben Adeyemi": at(1, 10)}


def test_mark_attended_from_list_asks_which_of_two_people_sharing_a_name(workshop):
    both = RegistrationFactory.create_batch(2, workshop=workshop, name="Sam Smith")
    pasted = attendance.mark_attended_from_list(workshop, "sam smith", by=None)
    assert (pasted.marked, pasted.unmatched) == ([], [])
    [suggestion] = pasted.suggestions
    assert (suggestion.line, [p.pk for p in suggestion.candidates]) == (
        "sam smith",
        sorted(p.pk for p in both),
    )
    assert Registration.objects.filter(attended_at__isnull=False).count() == 0


def test_mark_attended_from_list_ignores_other_workshops(workshop):
    other = RegistrationFactory(name="Amira Khan")
    pasted = attendance.mark_attended_from_list(workshop, "Amira Khan", by=None)
    other.refresh_from_db()
    assert (pasted.marked, pasted.unmatched, other.attended_at) == ([], ["Amira Khan"], None)


def test_check_in_list_page_marks_and_says_what_matched_nobody(
    signed_in, workshop, workshop_organiser, crowd
):
    response = signed_in.post(url("check_in_list", workshop), {"text": PASTED})

    assert response.status_code == 302
    assert response.url == url("check_in_list", workshop)
    assert message_texts(response) == [
        "2 people are marked as attended.",
        "These 3 lines matched nobody with a place: Dev Patel; Zoe Unknown; Femi Okoro",
    ]
    assert Registration.objects.filter(attended_at__isnull=False).count() == 2
    [entry] = ActivityLog.objects.all()
    assert (entry.actor, entry.verb, entry.target_id, entry.data) == (
        workshop_organiser,
        "workshops.registration.list_pasted",
        str(workshop.pk),
        {"marked": 2, "to_confirm": 0, "unmatched": 3},
    )


def test_check_in_list_page_refuses_empty_list(signed_in, workshop):
    response = signed_in.post(url("check_in_list", workshop), {"text": "  "})
    assert response.status_code == 200
    assert 'href="#id_text"' in response.content.decode()


def test_record_arrival_refused_for_cancelled(workshop):
    registration = RegistrationFactory(workshop=workshop, status="cancelled")
    with pytest.raises(PortalError) as error:
        attendance.record_arrival(registration, arrived=True, by=None)
    assert str(error.value) == "Only someone with a confirmed place can be marked as attended."
