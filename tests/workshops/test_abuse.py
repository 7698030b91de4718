"""Abuse of the public forms and bad input: limits, bursts organisers can remove, no link an
outsider typed, and every input refused with a message rather than a 500."""

import pytest
from django.urls import reverse

from socialjustice.models import OutgoingEmail
from tests.factories import (
    OrganiserFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db

PRODUCTION_LIMITS = {
    "workshop_register": "10/10m/ip",
    "workshop_register_address": "3/h/key",
    "workshop_register_workshop": "300/10m/key",
}


def register(client, workshop, email, **extra):
    return client.post(
        reverse("workshops:register", args=[workshop.slug]),
        {"name": "Someone", "email": email, "consent": "on", **extra},
    )


def test_one_connection_registering_many_times_is_stopped_with_the_form_kept(client, settings):
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_LIMITS
    workshop = WorkshopFactory(capacity=100)
    for n in range(10):
        assert register(client, workshop, f"made-up-{n}@example.org").status_code == 302

    response = register(client, workshop, "made-up-10@example.org", organisation="Nowhere Ltd")

    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many registrations have come from your connection" in content
    assert 'value="made-up-10@example.org"' in content
    assert 'value="Nowhere Ltd"' in content
    assert Registration.objects.count() == 10


def test_one_address_registered_again_and_again_is_stopped(client, settings):
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_LIMITS
    workshops = [WorkshopFactory() for _ in range(4)]
    statuses = [
        register(client, workshop, "Victim@Example.org", REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n, workshop in enumerate(workshops)
    ]
    assert statuses == [302, 302, 302, 429]
    assert Registration.objects.count() == 3


def test_organiser_sees_a_burst_and_removes_it_without_emailing_the_addresses(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(capacity=5)
    burst = [RegistrationFactory(workshop=workshop, source="f00d" * 4) for _ in range(5)]
    waiting = RegistrationFactory(workshop=workshop, status="waiting", email="next@example.org")
    organiser = OrganiserFactory()
    client.force_login(organiser)
    dashboard = reverse("workshops:registrations", args=[workshop.slug])

    content = client.get(dashboard).content.decode()
    assert "Many registrations from one connection" in content
    assert "Remove these 5 registrations" in content
    listed = client.get(dashboard + "?source=" + "f00d" * 4).content.decode()
    assert "5 registrations" in listed

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:remove_burst", args=[workshop.slug]), {"source": "f00d" * 4}
        )

    assert response.status_code == 302
    assert (
        sorted(
            Registration.objects.filter(pk__in=[r.pk for r in burst]).values_list(
                "status", flat=True
            )
        )
        == ["cancelled"] * 5
    )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [message.to for message in mailoutbox] == [["next@example.org"]]


def test_a_link_typed_as_a_name_is_never_a_link_in_the_email(
    client, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    with django_capture_on_commit_callbacks(execute=True):
        register(
            client,
            workshop,
            "amina@example.org",
            name="Your place is void, re-confirm at https://evil.example/login",
        )

    email = OutgoingEmail.objects.get(kind="registration.confirmed")
    registration = Registration.objects.get()
    assert "https://evil.example/login" in email.body_html  # shown as the text it is
    assert 'href="https://evil.example' not in email.body_html
    manage = f"http://testserver/registrations/{registration.token}/"
    assert f'<a href="{manage}">{manage}</a>' in email.body_html


def test_downloads_page_links_never_carry_a_visitors_extra_parameters(client):
    workshop = WorkshopFactory()
    for n in range(30):
        workshop.materials.create(title=f"Slides {n}", url=f"https://example.org/{n}.pdf")

    first = client.get("/downloads/?utm_source=newsletter").content.decode()
    second = client.get("/downloads/").content.decode()

    assert "utm_source" not in first
    assert 'href="?page=2"' in first
    assert first == second


@pytest.fixture
def organiser(client):
    person = OrganiserFactory()
    client.force_login(person)
    return person


def test_programme_speaker_longer_than_a_name_can_be_is_a_field_error(client, organiser):
    workshop = WorkshopFactory()
    response = client.post(
        reverse("workshops:programme", args=[workshop.slug]),
        {
            "starts_at": "10:00",
            "ends_at": "10:30",
            "kind": "talk",
            "title": "Keynote",
            "speakers": "Dr " + "A" * 160,
        },
    )
    assert response.status_code == 200
    assert "is too long: a name can be at most 150 characters." in response.content.decode()
    assert workshop.programme.count() == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2147483648", "A workshop can have at most 100,000 places."),
        ("-1", "The number of places cannot be below 0."),
    ],
)
def test_places_beyond_what_can_be_kept_are_a_field_error(client, organiser, value, message):
    workshop = WorkshopFactory(capacity=10)
    response = client.post(
        reverse("workshops:change_capacity", args=[workshop.slug]), {"capacity": value}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.capacity == 10


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_a_workshop_date_outside_the_range_is_a_field_error(client, organiser, day):
    response = client.post(
        reverse("workshops:create"),
        {
            "title": "Far away",
            "date": day,
            "start_time": "10:00",
            "end_time": "12:00",
            "format": "online",
            "reminder_hours": "24",
        },
    )
    assert response.status_code == 200
    assert "Give a date between 1 January 2000 and 31 December 2099." in response.content.decode()


def test_copying_a_series_to_year_9999_is_a_field_error(client, organiser):
    series = WorkshopSeriesFactory()
    response = client.post(
        reverse("workshops:series_duplicate", args=[series.slug]), {"date": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "Give a date between 1 January 2000 and 31 December 2099." in response.content.decode()


def test_registration_window_in_year_9999_is_a_field_error(client, organiser):
    workshop = WorkshopFactory()
    ProgrammeItemFactory(workshop=workshop)
    response = client.post(
        reverse("workshops:edit", args=[workshop.slug]),
        {
            "title": workshop.title,
            "date": "2030-06-24",
            "start_time": "10:00",
            "end_time": "12:30",
            "format": "online",
            "reminder_hours": "24",
            "registration_closes_at": "9999-12-31T23:59",
        },
    )
    assert response.status_code == 200
    assert "Give a date between 1 January 2000 and 31 December 2099." in response.content.decode()


def test_edit_form_renders_its_date_as_the_browser_needs_it(client, organiser):
    workshop = WorkshopFactory()
    content = client.get(reverse("workshops:edit", args=[workshop.slug])).content.decode()
    day = workshop.starts_at.astimezone(workshop.starts_at.tzinfo).date().isoformat()
    assert f'type="date" name="date" value="{day}"' in content


def test_password_reset_for_an_address_too_long_to_keep_is_a_field_error(client):
    response = client.post(reverse("account_reset_password"), {"email": "a" * 250 + "@example.org"})
    assert response.status_code == 200
    assert "An email address can be at most 254 characters." in response.content.decode()
    assert OutgoingEmail.objects.count() == 0


def test_a_workshop_with_an_impossible_date_is_left_out_of_the_feed_not_failing_it(client):
    from datetime import UTC, datetime

    WorkshopFactory(
        title="Year ten thousand",
        starts_at=datetime(9999, 12, 31, 10, tzinfo=UTC),
        ends_at=datetime(9999, 12, 31, 12, tzinfo=UTC),
    )
    WorkshopFactory(title="Leadership for Equity")

    response = client.get(reverse("workshops:calendar"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "SUMMARY:Leadership for Equity" in content
    assert "Year ten thousand" not in content
