"""Safe changes of a workshop's date: a change that would email everyone registered asks
first, showing the email and how many people get it; a published workshop is not moved to
a day that has passed unless that corrects the record (and then nobody is emailed); a moved
workshop's old address, and every page's under it, leads to the new one."""

from datetime import datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from socialjustice.models import ActivityLog, Mailing, OutgoingEmail
from tests.factories import (
    LONDON,
    OrganiserFactory,
    RegistrationFactory,
    ReportFactory,
    WorkshopFactory,
    london,
)
from workshops.forms.workshops import WorkshopForm
from workshops.models import PreviousSlug, Workshop
from workshops.services.workshops import (
    WorkshopDetails,
    create_workshop,
    duplicate_workshop,
    update_workshop,
)

pytestmark = pytest.mark.django_db

OLD = "understandings-of-inequality-2030-11-19"
NEW = "understandings-of-inequality-2030-11-26"
PAST_DATE = (
    "This date has passed. If you are correcting the record of a workshop that took place, "
    "tick “This corrects the date of a past workshop”."
)


def form_data(workshop, **changes) -> dict:
    """What the edit form sends when opened now and saved with `changes`: every field with
    the value shown, and hidden, the value it had when the form opened."""
    form = WorkshopForm(instance=Workshop.objects.get(pk=workshop.pk))
    data = {}
    for bound in form:
        for name in (bound.html_name, bound.html_initial_name):
            rendered = bound.field.widget.format_value(bound.value())
            if rendered not in (None, "", [], False):
                data[name] = rendered
    return {**data, **changes}


def details_of(workshop, **changes) -> WorkshopDetails:
    workshop = Workshop.objects.get(pk=workshop.pk)
    names = [name for name in WorkshopDetails.names() if name not in WorkshopDetails.MANY]
    return WorkshopDetails(**{**{name: getattr(workshop, name) for name in names}, **changes})


def edit_url(slug):
    return f"/organise/workshops/{slug}/edit/"


def confirmation_data(response) -> dict:
    """The confirmation's form, as "Save and send the change" sends it."""
    data = {}
    for name, value in response.context["kept"]:
        data.setdefault(name, []).append(value)
    return {**data, "version": response.context["version"], "confirm": "1"}


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def organiser():
    return OrganiserFactory()


@pytest.fixture
def signed_in(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def announced(db):
    """A published online workshop on 19 November 2030, its slug made from its title and
    date; four people with a place, two waiting and one who cancelled."""
    workshop = WorkshopFactory(
        title="Understandings of Inequality",
        slug=OLD,
        starts_at=datetime(2030, 11, 19, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 11, 19, 12, 30, tzinfo=LONDON),
        capacity=4,
    )
    for n in range(4):
        RegistrationFactory(workshop=workshop, email=f"placed{n}@example.org")
    for n in range(2):
        RegistrationFactory(workshop=workshop, email=f"waiting{n}@example.org", status="waiting")
    RegistrationFactory(workshop=workshop, email="gone@example.org", status="cancelled")
    return workshop


EXPECTED_PREVIEW = (
    "Dear [their name],\n\n"
    "The organisers have changed when or where this workshop takes place.\n\n"
    "What has changed:\n"
    "Starts: now Tuesday 26 November 2030, 10:00 (before: Tuesday 19 November 2030, 10:00)\n"
    "Ends: now Tuesday 26 November 2030, 12:30 (before: Tuesday 19 November 2030, 12:30)\n\n"
    "The workshop now:\n"
    "Understandings of Inequality\n"
    "Tuesday 26 November 2030, 10:00 to 12:30 UK time (GMT)\n"
    "Online\n"
    f"http://testserver/workshops/{NEW}/\n\n"
    "Join online with this link (it is for you only):\n"
    "[their joining link]\n\n"
    "Your place is still confirmed. The attached calendar file updates the workshop in your "
    "calendar.\n\n"
    "If you cannot come now, please cancel so that someone on the waiting list can have your "
    "place.\n\n"
    "To see your registration, change your access or dietary needs, or cancel, use your "
    "private link (keep it to yourself):\n"
    "[their private link to their registration]"
)


# Asking first


def test_date_change_with_registrations_shows_the_email_and_saves_nothing(
    signed_in, announced, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(edit_url(OLD), form_data(announced, date="2030-11-26"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "This will email 6 people: everyone with a place or on the waiting list." in content
    preview = response.context["preview"]
    assert (preview.subject, preview.recipients) == ("Changed: Understandings of Inequality", 6)
    assert preview.text == EXPECTED_PREVIEW
    assert '<button type="submit" name="confirm" value="1"' in content
    assert "Save and send the change" in content
    assert "Go back and edit" in content
    announced.refresh_from_db()
    assert (announced.slug, announced.starts_at) == (
        OLD,
        datetime(2030, 11, 19, 10, 0, tzinfo=LONDON),
    )
    assert (Mailing.objects.count(), mailoutbox, ActivityLog.objects.count()) == (0, [], 0)
    assert PreviousSlug.objects.count() == 0


def test_confirmed_change_saves_and_emails_each_registrant_once(
    signed_in, announced, mailoutbox, django_capture_on_commit_callbacks
):
    asked = signed_in.post(edit_url(OLD), form_data(announced, date="2030-11-26"))

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(edit_url(OLD), confirmation_data(asked))

    assert response.status_code == 302
    assert response.url == f"/organise/workshops/{NEW}/"
    assert message_texts(response) == [
        "The workshop is saved. Everyone registered will be told about the change."
    ]
    announced.refresh_from_db()
    assert (announced.slug, announced.starts_at) == (
        NEW,
        datetime(2030, 11, 26, 10, 0, tzinfo=LONDON),
    )
    expected = [f"placed{n}@example.org" for n in range(4)] + [
        f"waiting{n}@example.org" for n in range(2)
    ]
    assert sorted(m.to[0] for m in mailoutbox) == expected
    assert (
        sorted(OutgoingEmail.objects.filter(kind="workshop.changed").values_list("to", flat=True))
        == expected
    )
    assert Mailing.objects.count() == 1
    assert f"http://testserver/workshops/{NEW}/" in mailoutbox[0].body
    assert list(PreviousSlug.objects.values_list("slug", "workshop")) == [(OLD, announced.pk)]

    # Sent twice (a double click): saved once, emailed once.
    with django_capture_on_commit_callbacks(execute=True):
        again = signed_in.post(edit_url(NEW), confirmation_data(asked))
    assert again.status_code == 302
    assert (len(mailoutbox), Mailing.objects.count()) == (6, 1)


def test_go_back_and_edit_keeps_everything_typed_and_saves_nothing(signed_in, announced):
    typed = form_data(
        announced, date="2030-11-26", title="Understandings of Inequality, moved", hashtags="#Moved"
    )
    asked = signed_in.post(edit_url(OLD), typed)

    response = signed_in.post(edit_url(OLD), {**confirmation_data(asked), "back": "1"})

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="date" value="2030-11-26"' in content
    assert 'value="Understandings of Inequality, moved"' in content
    assert 'value="#Moved"' in content
    assert "data-error-summary" not in content
    announced.refresh_from_db()
    assert (announced.title, announced.slug) == ("Understandings of Inequality", OLD)
    # Saved from there, it asks again: the same change, the same email.
    resent = signed_in.post(edit_url(OLD), typed)
    assert resent.context["preview"].recipients == 6


def test_change_nobody_would_hear_of_saves_at_once(signed_in, mailoutbox):
    workshop = WorkshopFactory(
        slug="empty-2030-11-19",
        starts_at=datetime(2030, 11, 19, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 11, 19, 12, 30, tzinfo=LONDON),
    )
    RegistrationFactory(workshop=workshop, status="cancelled")

    response = signed_in.post(edit_url(workshop.slug), form_data(workshop, date="2030-11-26"))

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.slug, workshop.starts_at.astimezone(LONDON).day) == ("empty-2030-11-26", 26)
    assert mailoutbox == []


def test_change_of_title_only_saves_at_once_without_asking(signed_in, announced, mailoutbox):
    response = signed_in.post(edit_url(OLD), form_data(announced, title="A better title"))

    assert response.status_code == 302
    announced.refresh_from_db()
    assert (announced.title, announced.slug) == ("A better title", OLD)
    assert Mailing.objects.count() == 0


def test_change_between_asking_and_confirming_asks_again(
    signed_in, announced, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    asked = signed_in.post(edit_url(OLD), form_data(announced, date="2030-11-26"))
    # Meanwhile a colleague sets the venue: the email would now say something else.
    update_workshop(
        announced,
        details_of(announced, format="hybrid", venue_name="Leeds Civic Hall"),
        by=organiser,
        only={"format", "venue_name"},
    )
    mailoutbox.clear()
    Mailing.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(edit_url(OLD), confirmation_data(asked))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else changed this workshop while you were reading." in content
    assert response.context["version"] != asked.context["version"]
    assert "Leeds Civic Hall (or online)" in response.context["preview"].text
    announced.refresh_from_db()
    assert announced.slug == OLD
    assert (Mailing.objects.count(), mailoutbox) == (0, [])

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = signed_in.post(edit_url(OLD), confirmation_data(response))
    assert confirmed.status_code == 302
    assert len(mailoutbox) == 6


# Dates that have passed


def test_published_workshop_moved_to_a_past_day_is_refused(signed_in, announced):
    yesterday = timezone.localdate() - timedelta(days=1)

    response = signed_in.post(edit_url(OLD), form_data(announced, date=yesterday.isoformat()))

    assert response.status_code == 200
    content = response.content.decode()
    assert PAST_DATE in content
    assert 'href="#id_date"' in content
    assert f'name="date" value="{yesterday.isoformat()}"' in content
    announced.refresh_from_db()
    assert announced.slug == OLD


def test_correction_of_a_past_workshop_saves_and_emails_nobody(
    signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    held = london(days=-10, hour=10)
    actually = held.date() - timedelta(days=1)
    workshop = WorkshopFactory(
        title="Leadership for Equity",
        slug=f"leadership-for-equity-{held:%Y-%m-%d}",
        starts_at=held,
        ends_at=held + timedelta(hours=3),
    )
    RegistrationFactory.create_batch(3, workshop=workshop)
    form = signed_in.get(edit_url(workshop.slug)).content.decode()
    assert "Nobody registered is emailed about a correction." in form

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            edit_url(workshop.slug),
            form_data(workshop, date=actually.isoformat(), correction="on"),
        )

    assert response.status_code == 302
    assert message_texts(response) == [
        "The workshop is saved. Nobody registered is emailed about a correction."
    ]
    workshop.refresh_from_db()
    assert workshop.starts_at.astimezone(LONDON).date() == actually
    assert workshop.slug == f"leadership-for-equity-{actually:%Y-%m-%d}"
    assert (Mailing.objects.count(), OutgoingEmail.objects.count(), mailoutbox) == (0, 0, [])


def test_correction_ticked_for_a_day_to_come_is_refused(signed_in, announced):
    response = signed_in.post(
        edit_url(OLD), form_data(announced, date="2030-11-26", correction="on")
    )

    assert response.status_code == 200
    assert 'href="#id_correction"' in response.content.decode()
    announced.refresh_from_db()
    assert announced.slug == OLD


def test_draft_can_have_any_date_and_its_form_has_no_correction(signed_in):
    draft = WorkshopFactory(state="draft", slug="draft-2030-11-19")
    RegistrationFactory(workshop=draft)
    assert 'name="correction"' not in signed_in.get(edit_url(draft.slug)).content.decode()
    long_ago = timezone.localdate() - timedelta(days=400)

    response = signed_in.post(edit_url(draft.slug), form_data(draft, date=long_ago.isoformat()))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.starts_at.astimezone(LONDON).date() == long_ago


def test_past_workshop_keeps_its_date_and_other_changes_save(signed_in):
    # At ten in the morning, so that it ends on the day it starts whenever the test runs.
    starts = (timezone.now() - timedelta(days=3)).astimezone(LONDON)
    starts = starts.replace(hour=10, minute=0, second=0, microsecond=0)
    ended = WorkshopFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    response = signed_in.post(edit_url(ended.slug), form_data(ended, theme="A clearer theme"))
    assert response.status_code == 302


# Old addresses


def move(workshop, day):
    """The workshop moved to another day at the same hours, as saved by a service."""
    workshop = Workshop.objects.get(pk=workshop.pk)
    starts = workshop.starts_at.astimezone(LONDON)
    length = workshop.ends_at - workshop.starts_at
    new_start = starts.replace(year=day.year, month=day.month, day=day.day)
    details = details_of(workshop, starts_at=new_start, ends_at=new_start + length)
    update_workshop(workshop, details, by=None)
    workshop.refresh_from_db()
    return workshop


def test_old_address_leads_to_the_page_and_every_page_under_it(client, announced):
    ReportFactory(workshop=announced, state="published", published_at=timezone.now())
    move(announced, datetime(2030, 11, 26))

    for old, new in [
        (f"/workshops/{OLD}/", f"/workshops/{NEW}/"),
        (f"/workshops/{OLD}/register/?from=email", f"/workshops/{NEW}/register/?from=email"),
        (f"/workshops/{OLD}/calendar.ics", f"/workshops/{NEW}/calendar.ics"),
        (f"/workshops/{OLD}/report/", f"/workshops/{NEW}/report/"),
        (f"/workshops/{OLD}/contributions/", f"/workshops/{NEW}/contributions/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200, new
    # A form sent to the old address is sent again, unchanged, to the new one.
    posted = client.post(f"/workshops/{OLD}/register/", {"name": "Amina"})
    assert (posted.status_code, posted["Location"]) == (308, f"/workshops/{NEW}/register/")


def test_old_address_of_the_organisers_pages_leads_to_the_new_ones(signed_in, announced):
    move(announced, datetime(2030, 11, 26))

    response = signed_in.get(f"/organise/workshops/{OLD}/registrations/")

    assert (response.status_code, response["Location"]) == (
        301,
        f"/organise/workshops/{NEW}/registrations/",
    )


def test_old_address_cached_before_the_move_leads_to_the_new_one(
    client, announced, django_capture_on_commit_callbacks, django_assert_num_queries
):
    assert "Tuesday 19 November 2030" in client.get(f"/workshops/{OLD}/").content.decode()
    ReportFactory(workshop=announced, state="published", published_at=timezone.now())
    assert client.get(f"/workshops/{OLD}/report/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        move(announced, datetime(2030, 11, 26))

    assert client.get(f"/workshops/{OLD}/")["Location"] == f"/workshops/{NEW}/"
    assert client.get(f"/workshops/{OLD}/report/")["Location"] == f"/workshops/{NEW}/report/"
    assert "Tuesday 26 November 2030" in client.get(f"/workshops/{NEW}/").content.decode()
    # Found once, the old address costs no query the next time.
    with django_assert_num_queries(0):
        assert client.get(f"/workshops/{OLD}/").status_code == 301


def test_workshop_moved_back_takes_its_old_address_again(client, announced):
    move(announced, datetime(2030, 11, 26))
    moved_back = move(announced, datetime(2030, 11, 19))

    assert moved_back.slug == OLD
    assert list(PreviousSlug.objects.values_list("slug", flat=True)) == [NEW]
    assert client.get(f"/workshops/{OLD}/").status_code == 200
    assert client.get(f"/workshops/{NEW}/")["Location"] == f"/workshops/{OLD}/"


def test_moved_twice_the_first_address_leads_to_the_last(client, announced):
    move(announced, datetime(2030, 11, 26))
    move(announced, datetime(2030, 12, 3))

    last = "understandings-of-inequality-2030-12-03"
    assert client.get(f"/workshops/{OLD}/")["Location"] == f"/workshops/{last}/"
    assert client.get(f"/workshops/{NEW}/")["Location"] == f"/workshops/{last}/"


def test_same_day_at_another_time_keeps_the_address(announced):
    later = datetime(2030, 11, 19, 14, 0, tzinfo=LONDON)
    details = details_of(announced, starts_at=later, ends_at=later + timedelta(hours=2))
    update_workshop(announced, details, by=None)
    workshop = Workshop.objects.get(pk=announced.pk)
    assert (workshop.slug, PreviousSlug.objects.count()) == (OLD, 0)


def test_slug_without_a_date_is_kept_when_the_date_moves():
    workshop = WorkshopFactory(slug="achieving-equitable-public-services")
    moved = move(workshop, datetime(2030, 11, 26))
    assert (moved.slug, PreviousSlug.objects.count()) == ("achieving-equitable-public-services", 0)


def test_draft_old_address_leads_only_its_organisers_on(client, signed_in):
    draft = WorkshopFactory(state="draft", slug="draft-2030-11-19", title="Draft")
    draft.starts_at = datetime(2030, 11, 19, 10, 0, tzinfo=LONDON)
    draft.ends_at = draft.starts_at + timedelta(hours=2)
    draft.save()
    move(draft, datetime(2030, 11, 26))

    assert signed_in.get("/workshops/draft-2030-11-19/")["Location"] == (
        "/workshops/draft-2030-11-26/"
    )
    signed_in.logout()
    assert client.get("/workshops/draft-2030-11-19/").status_code == 404


def test_new_workshop_and_copy_never_take_an_old_address(client, announced, organiser):
    move(announced, datetime(2030, 11, 26))
    day = datetime(2030, 11, 19, 10, 0, tzinfo=LONDON)

    created = create_workshop(
        WorkshopDetails(
            title="Understandings of Inequality", starts_at=day, ends_at=day + timedelta(hours=2)
        ),
        by=organiser,
    )
    copy = duplicate_workshop(announced, by=organiser, on=day.date())

    assert created.slug == f"{OLD}-2"
    assert copy.slug == f"{OLD}-3"
    assert client.get(f"/workshops/{OLD}/")["Location"] == f"/workshops/{NEW}/"


def test_two_workshops_moved_to_one_day_get_two_addresses():
    first, second = (
        WorkshopFactory(
            title="Open conversation",
            slug=f"open-conversation-2030-11-{day}",
            starts_at=datetime(2030, 11, day, 10, 0, tzinfo=LONDON),
            ends_at=datetime(2030, 11, day, 12, 0, tzinfo=LONDON),
        )
        for day in (19, 20)
    )
    assert move(first, datetime(2030, 11, 26)).slug == "open-conversation-2030-11-26"
    assert move(second, datetime(2030, 11, 26)).slug == "open-conversation-2030-11-26-2"
