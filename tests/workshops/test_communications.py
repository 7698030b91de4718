"""Emails to registered people: change and cancellation notices, reminders, the follow-up,
organisers' messages, and who may reach the pages that send them."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from socialjustice.enums import EmailState
from socialjustice.errors import PortalError
from socialjustice.models import OutgoingEmail
from tests.factories import (
    MaterialFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import OrganiserMessage, Workshop
from workshops.services import communications
from workshops.services.workshops import cancel_workshop, update_workshop
from workshops.tasks import (
    send_follow_up_task,
    send_organiser_message_task,
    send_reminders_task,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
JOIN = "https://meet.example.org/join/secret-room-123"


def manage_link(registration):
    return "http://testserver" + reverse("workshops:manage_registration", args=[registration.token])


def attachments_of(message):
    return [(name, mimetype) for name, _content, mimetype in message.attachments]


# A workshop changes or is cancelled


@pytest.fixture
def announced(db):
    """A published online workshop on 19 November 2030 with one person confirmed, one
    waiting and one who cancelled."""
    workshop = WorkshopFactory(
        title="Understandings of Inequality",
        slug="understandings-of-inequality",
        starts_at=datetime(2030, 11, 19, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 11, 19, 12, 30, tzinfo=LONDON),
        format="online",
        capacity=1,
    )
    confirmed = RegistrationFactory(workshop=workshop, name="Amina Khan", email="amina@x.org")
    waiting = RegistrationFactory(
        workshop=workshop, name="Sarah Salway", email="sarah@x.org", status="waiting"
    )
    RegistrationFactory(workshop=workshop, email="gone@x.org", status="cancelled")
    return workshop, confirmed, waiting


def move_to_20th(workshop):
    update_workshop(
        workshop,
        fields={
            "starts_at": datetime(2030, 11, 20, 14, 0, tzinfo=LONDON),
            "ends_at": datetime(2030, 11, 20, 16, 30, tzinfo=LONDON),
        },
    )


def test_workshop_change_notifies_confirmed_and_waiting_with_ics_and_join_link_for_confirmed(
    announced, django_capture_on_commit_callbacks, mailoutbox
):
    workshop, confirmed, waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)

    assert [m.to for m in mailoutbox] == [["amina@x.org"], ["sarah@x.org"]]
    to_confirmed, to_waiting = mailoutbox
    assert to_confirmed.subject == "Changed: Understandings of Inequality"
    assert to_confirmed.body == (
        "Dear Amina Khan,\n\n"
        "The organisers have changed when or where this workshop takes place.\n\n"
        "What has changed:\n"
        "Starts: now Wednesday 20 November 2030, 14:00 "
        "(before: Tuesday 19 November 2030, 10:00)\n"
        "Ends: now Wednesday 20 November 2030, 16:30 (before: Tuesday 19 November 2030, 12:30)\n\n"
        "The workshop now:\n"
        "Understandings of Inequality\n"
        "Wednesday 20 November 2030, 14:00 to 16:30 UK time (GMT)\n"
        "Online\n"
        "http://testserver/workshops/understandings-of-inequality/\n\n"
        "Join online with this link (it is for you only):\n"
        f"{JOIN}\n\n"
        "Your place is still confirmed. The attached calendar file updates the workshop in "
        "your calendar.\n\n"
        "If you cannot come now, please cancel so that someone on the waiting list can have "
        "your place.\n\n"
        "To see your registration, change your access or dietary needs, or cancel, use your "
        "private link (keep it to yourself):\n"
        f"{manage_link(confirmed)}"
    )
    assert attachments_of(to_confirmed) == [("understandings-of-inequality.ics", "text/calendar")]
    assert b"20301120T140000" in to_confirmed.attachments[0][1].encode()

    assert JOIN not in to_waiting.body
    assert attachments_of(to_waiting) == []
    assert to_waiting.body.splitlines()[-4:] == [
        "You are still on the waiting list. If a place becomes free, we email you straight away.",
        "",
        "To see your registration, change your access or dietary needs, or cancel, use your "
        "private link (keep it to yourself):",
        manage_link(waiting),
    ]


def test_workshop_change_notified_again_for_the_same_change_sends_nothing_more(
    announced, django_capture_on_commit_callbacks, mailoutbox
):
    workshop, _confirmed, _waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)
    [email] = OutgoingEmail.objects.filter(kind="workshop.changed", to="amina@x.org")
    assert email.key.rsplit(":", 1)[1] == str(workshop.updated_at.timestamp())

    with django_capture_on_commit_callbacks(execute=True):
        result = communications.notify_workshop_changed(workshop, changes_text="Starts: …")

    assert result == 2
    assert len(mailoutbox) == 2
    assert OutgoingEmail.objects.filter(kind="workshop.changed").count() == 2


def test_workshop_second_change_notifies_again(
    announced, django_capture_on_commit_callbacks, mailoutbox
):
    workshop, _confirmed, _waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        update_workshop(
            workshop,
            fields={
                "starts_at": workshop.starts_at,
                "ends_at": workshop.ends_at,
                "format": "in_person",
                "venue_name": "Leeds Civic Hall",
            },
        )

    assert [m.to[0] for m in mailoutbox] == [
        "amina@x.org",
        "sarah@x.org",
        "amina@x.org",
        "sarah@x.org",
    ]
    second = mailoutbox[2].body
    assert "Format: now In person (before: Online)\nVenue: now Leeds Civic Hall (before: none)" in (
        second
    )
    # In person now: no joining link, even for a confirmed place.
    assert JOIN not in second


def test_workshop_change_of_a_draft_notifies_nobody(django_capture_on_commit_callbacks, mailoutbox):
    workshop = WorkshopFactory(state="draft")
    RegistrationFactory(workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)
    assert mailoutbox == []


def test_workshop_cancelled_notifies_confirmed_and_waiting_once(
    announced, django_capture_on_commit_callbacks, mailoutbox
):
    workshop, confirmed, waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        cancel_workshop(workshop, note="The venue flooded. We will find a new date.")

    assert [m.to for m in mailoutbox] == [["amina@x.org"], ["sarah@x.org"]]
    assert [m.subject for m in mailoutbox] == ["Cancelled: Understandings of Inequality"] * 2
    assert mailoutbox[0].body == (
        "Dear Amina Khan,\n\n"
        "We are sorry: Understandings of Inequality, planned for Tuesday 19 November 2030, is "
        "cancelled. It will not take place.\n\n"
        "The organisers say:\n"
        "The venue flooded. We will find a new date.\n\n"
        "You do not need to do anything.\n\n"
        "The workshop's page:\n"
        "http://testserver/workshops/understandings-of-inequality/\n\n"
        "Your registration, with your private link (keep it to yourself):\n"
        f"{manage_link(confirmed)}"
    )
    assert manage_link(waiting) in mailoutbox[1].body
    assert [attachments_of(m) for m in mailoutbox] == [[], []]

    with django_capture_on_commit_callbacks(execute=True):
        communications.notify_workshop_cancelled(workshop)
    assert len(mailoutbox) == 2


# Reminders

NOW = datetime(2030, 11, 18, 12, 0, tzinfo=LONDON)


@pytest.fixture
def soon(db):
    """A workshop starting in 22 hours (reminders 24 hours before), in person at a venue."""
    return WorkshopFactory(
        title="More United than Divided",
        starts_at=NOW + timedelta(hours=22),
        ends_at=NOW + timedelta(hours=26),
        format="hybrid",
        venue_name="University of Leeds",
        what_to_bring="A device which can connect to the internet",
        access_information="Step-free entrance on Woodhouse Lane; hearing loop in the hall.",
        reminder_hours=24,
    )


def reminded():
    return sorted(OutgoingEmail.objects.filter(kind="workshop.reminder").values_list("key", "to"))


def test_send_due_reminders_reminds_each_confirmed_person(
    soon, django_capture_on_commit_callbacks, mailoutbox
):
    first = RegistrationFactory(workshop=soon, name="Amina Khan", email="amina@x.org")
    second = RegistrationFactory(workshop=soon, email="sarah@x.org")
    RegistrationFactory(workshop=soon, email="waiting@x.org", status="waiting")
    RegistrationFactory(workshop=soon, email="cancelled@x.org", status="cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        assert communications.send_due_reminders(now=NOW) == 2

    assert reminded() == [
        (f"reminder:{first.pk}", "amina@x.org"),
        (f"reminder:{second.pk}", "sarah@x.org"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["amina@x.org", "sarah@x.org"]
    message = next(m for m in mailoutbox if m.to == ["amina@x.org"])
    assert message.subject == "Reminder: More United than Divided on Tuesday 19 November"
    assert message.body == (
        "Dear Amina Khan,\n\n"
        "This is a reminder: the workshop you have a place at is coming soon.\n\n"
        "More United than Divided\n"
        "Tuesday 19 November 2030, 10:00 to 14:00 UK time (GMT)\n"
        "University of Leeds (or online)\n"
        f"http://testserver/workshops/{soon.slug}/\n\n"
        "Join online with this link (it is for you only):\n"
        f"{JOIN}\n\n"
        "What to bring:\n"
        "A device which can connect to the internet\n\n"
        "Access information:\n"
        "Step-free entrance on Woodhouse Lane; hearing loop in the hall.\n\n"
        "If you cannot come after all, please cancel so that someone on the waiting list can "
        "have your place.\n\n"
        "To see your registration, change your access or dietary needs, or cancel, use your "
        "private link (keep it to yourself):\n"
        f"{manage_link(first)}"
    )


def test_send_due_reminders_run_twice_reminds_once(
    soon, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(workshop=soon)
    RegistrationFactory(workshop=soon)

    with django_capture_on_commit_callbacks(execute=True):
        assert communications.send_due_reminders(now=NOW) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert communications.send_due_reminders(now=NOW + timedelta(minutes=5)) == 0

    assert len(mailoutbox) == 2
    assert len(reminded()) == 2


def test_send_due_reminders_someone_confirmed_later_gets_theirs(
    soon, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(workshop=soon, email="early@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        communications.send_due_reminders(now=NOW)
    RegistrationFactory(workshop=soon, email="late@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert communications.send_due_reminders(now=NOW + timedelta(minutes=5)) == 1
    assert [m.to for m in mailoutbox] == [["early@x.org"], ["late@x.org"]]


@pytest.mark.parametrize(
    ("changes", "description"),
    [
        ({"starts_at": NOW + timedelta(hours=25)}, "starts after the reminder time"),
        ({"starts_at": NOW - timedelta(minutes=1)}, "has started"),
        ({"state": "draft"}, "is a draft"),
        ({"state": "cancelled"}, "is cancelled"),
        ({"reminder_hours": 12}, "reminds only 12 hours before"),
    ],
)
def test_send_due_reminders_outside_the_window_reminds_nobody(
    soon, changes, description, mailoutbox
):
    Workshop.objects.filter(pk=soon.pk).update(**changes)
    RegistrationFactory(workshop=soon)
    assert communications.send_due_reminders(now=NOW) == 0, description
    assert reminded() == []


def test_send_due_reminders_longer_reminder_time_widens_the_window(db):
    workshop = WorkshopFactory(
        starts_at=NOW + timedelta(hours=40), ends_at=NOW + timedelta(hours=42), reminder_hours=48
    )
    RegistrationFactory(workshop=workshop)
    assert communications.send_due_reminders(now=NOW) == 1


def test_send_due_reminders_in_person_reminder_has_no_join_link(
    soon, django_capture_on_commit_callbacks, mailoutbox
):
    Workshop.objects.filter(pk=soon.pk).update(format="in_person")
    RegistrationFactory(workshop=soon)
    with django_capture_on_commit_callbacks(execute=True):
        communications.send_due_reminders(now=NOW)
    [message] = mailoutbox
    assert JOIN not in message.body
    assert "University of Leeds\n" in message.body


def test_send_reminders_task_reminds_people_due_now(django_capture_on_commit_callbacks, mailoutbox):
    starts = timezone.now() + timedelta(hours=2)
    workshop = WorkshopFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    RegistrationFactory(workshop=workshop, email="now@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders_task.delay().get() == 1
    assert [m.to for m in mailoutbox] == [["now@x.org"]]


@pytest.mark.django_db(transaction=True)
def test_send_due_reminders_concurrently_in_two_threads_reminds_once():
    workshop = WorkshopFactory(
        starts_at=NOW + timedelta(hours=3), ends_at=NOW + timedelta(hours=5), reminder_hours=24
    )
    people = [RegistrationFactory(workshop=workshop) for _ in range(6)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(communications.send_due_reminders(now=NOW))
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sum(results) == 6
    assert reminded() == sorted((f"reminder:{p.pk}", p.email) for p in people)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}


# The follow-up


@pytest.fixture
def ended(db):
    """A workshop that ended yesterday, with its organiser (not a site organiser)."""
    starts = timezone.localtime(timezone.now(), LONDON).replace(
        hour=10, minute=0, second=0, microsecond=0
    ) - timedelta(days=1)
    workshop = WorkshopFactory(
        title="Leadership for Equity",
        slug="leadership-for-equity",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    MaterialFactory(
        workshop=workshop, title="Opening presentation", url="https://example.org/opening.pdf"
    )
    MaterialFactory(
        workshop=workshop,
        title="Notes for participants",
        url="https://example.org/private.pdf",
        visibility="registrants",
    )
    return workshop


@pytest.fixture
def its_organiser(ended):
    person = UserFactory()
    ended.organisers.add(person)
    return person


def follow_up_url(workshop):
    return reverse("workshops:follow_up", args=[workshop.slug])


def test_follow_up_preview_shows_the_email_as_it_will_be_sent(client, ended, its_organiser):
    RegistrationFactory(workshop=ended, attended_at=timezone.now())
    client.force_login(its_organiser)
    response = client.post(
        follow_up_url(ended),
        {"audience": "attended", "message": "The recording follows next week.", "preview": ""},
    )

    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.recipients == 1
    assert preview.subject == "Thank you for taking part: Leadership for Equity"
    day = f"{ended.starts_at.astimezone(LONDON):%A} {ended.starts_at.astimezone(LONDON).day} "
    day += f"{ended.starts_at.astimezone(LONDON):%B %Y}"
    assert preview.text == (
        "Dear [their name],\n\n"
        f"Thank you for taking part in Leadership for Equity on {day}.\n\n"
        "The recording follows next week.\n\n"
        "The presentations and other materials from the workshop:\n"
        "- Opening presentation: https://example.org/opening.pdf\n\n"
        "The workshop's page:\n"
        "http://testserver/workshops/leadership-for-equity/"
    )
    assert OutgoingEmail.objects.count() == 0
    assert Workshop.objects.get(pk=ended.pk).follow_up_sent_at is None


def test_follow_up_send_queues_once_and_a_second_send_is_refused(
    client, ended, its_organiser, django_capture_on_commit_callbacks, mailoutbox
):
    people = [RegistrationFactory(workshop=ended, attended_at=timezone.now()) for _ in range(2)]
    client.force_login(its_organiser)
    form = {"audience": "attended", "message": "", "send": ""}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(follow_up_url(ended), form)

    assert response.status_code == 302
    assert response.url == follow_up_url(ended)
    sent_at = Workshop.objects.get(pk=ended.pk).follow_up_sent_at
    assert sent_at is not None
    assert sorted(OutgoingEmail.objects.values_list("key", flat=True)) == sorted(
        f"follow-up:{ended.pk}:{p.pk}" for p in people
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)

    page = client.get(follow_up_url(ended))
    when = timezone.localtime(sent_at).strftime("%-d %B %Y, %H:%M")
    assert page.context["problem"] == f"The follow-up was sent on {when}. It is sent only once."
    assert b'name="send"' not in page.content
    assert b'name="preview"' not in page.content

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(follow_up_url(ended), form)
    assert again.status_code == 200
    with pytest.raises(PortalError):
        communications.send_follow_up(ended, audience="attended", message="")
    assert send_follow_up_task.delay(ended.pk, "attended", "").get() == 0
    assert len(mailoutbox) == 2
    assert Workshop.objects.get(pk=ended.pk).follow_up_sent_at == sent_at


def test_follow_up_to_attendees_goes_only_to_people_who_attended(
    client, ended, its_organiser, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(workshop=ended, email="came@x.org", attended_at=timezone.now())
    RegistrationFactory(workshop=ended, email="absent@x.org")
    RegistrationFactory(
        workshop=ended, email="cancelled@x.org", status="cancelled", attended_at=timezone.now()
    )
    client.force_login(its_organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(follow_up_url(ended), {"audience": "attended", "send": ""})
    assert [m.to for m in mailoutbox] == [["came@x.org"]]


def test_follow_up_to_all_confirmed_goes_to_everyone_confirmed(
    ended, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(workshop=ended, email="came@x.org", attended_at=timezone.now())
    RegistrationFactory(workshop=ended, email="absent@x.org")
    RegistrationFactory(workshop=ended, email="waiting@x.org", status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        assert communications.send_follow_up(ended, audience="confirmed", message="") == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["absent@x.org", "came@x.org"]


def test_follow_up_before_the_workshop_ends_is_not_offered(client, db, mailoutbox):
    workshop = WorkshopFactory()
    RegistrationFactory(workshop=workshop, attended_at=timezone.now())
    organiser = UserFactory()
    workshop.organisers.add(organiser)
    client.force_login(organiser)

    page = client.get(follow_up_url(workshop))
    assert page.context["problem"] == "The follow-up can be sent once the workshop has ended."
    assert b'name="preview"' not in page.content
    response = client.post(follow_up_url(workshop), {"audience": "attended", "send": ""})
    assert response.status_code == 200
    assert Workshop.objects.get(pk=workshop.pk).follow_up_sent_at is None
    assert OutgoingEmail.objects.count() == 0


def test_follow_up_to_nobody_is_refused_with_the_form_kept(client, ended, its_organiser):
    client.force_login(its_organiser)
    response = client.post(
        follow_up_url(ended), {"audience": "attended", "message": "Thanks!", "preview": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nobody is in this group, so there is nobody to send it to."
    ]
    assert b"error-summary" in response.content
    assert b"Thanks!</textarea>" in response.content


# Organisers' messages


def messages_url(workshop):
    return reverse("workshops:messages", args=[workshop.slug])


@pytest.fixture
def audiences(ended):
    """One person confirmed who attended, one confirmed who did not, one waiting, one who
    cancelled."""
    return {
        "came": RegistrationFactory(workshop=ended, email="came@x.org", attended_at=timezone.now()),
        "absent": RegistrationFactory(workshop=ended, email="absent@x.org"),
        "waiting": RegistrationFactory(workshop=ended, email="waiting@x.org", status="waiting"),
        "cancelled": RegistrationFactory(
            workshop=ended, email="cancelled@x.org", status="cancelled"
        ),
    }


MESSAGE = {"subject": "Slides are online", "body": "The slides are on the workshop's page."}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("confirmed", ["absent@x.org", "came@x.org"]),
        ("waiting", ["waiting@x.org"]),
        ("attended", ["came@x.org"]),
    ],
)
def test_organiser_message_goes_to_each_person_in_its_audience(
    client,
    ended,
    its_organiser,
    audiences,
    audience,
    expected,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    client.force_login(its_organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(messages_url(ended), {"audience": audience, **MESSAGE, "send": ""})

    assert response.status_code == 302
    assert response.url == messages_url(ended)
    message = OrganiserMessage.objects.get()
    assert (message.workshop, message.audience, message.created_by) == (
        ended,
        audience,
        its_organiser,
    )
    assert message.queued_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == expected
    assert [m.subject for m in mailoutbox] == ["Slides are online"] * len(expected)
    by_email = {r.email: r for r in audiences.values()}
    assert sorted(
        OutgoingEmail.objects.filter(object_id=str(message.pk)).values_list("key", flat=True)
    ) == sorted(f"message:{message.pk}:{by_email[e].pk}" for e in expected)
    assert {e.about for e in OutgoingEmail.objects.all()} == {message}


def test_organiser_message_email_text(
    ended, its_organiser, audiences, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        communications.send_organiser_message(
            ended, audience="waiting", by=its_organiser, **MESSAGE
        )
    [sent] = mailoutbox
    assert sent.body.splitlines()[:5] == [
        f"Dear {audiences['waiting'].name},",
        "",
        "The slides are on the workshop's page.",
        "",
        "From the organisers of Leadership for Equity",
    ]
    assert sent.body.endswith(manage_link(audiences["waiting"]))


def test_organiser_message_preview_shows_the_email_and_sends_nothing(
    client, ended, its_organiser, audiences
):
    client.force_login(its_organiser)
    response = client.post(messages_url(ended), {"audience": "confirmed", **MESSAGE, "preview": ""})

    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.subject, preview.recipients) == ("Slides are online", 2)
    assert preview.text.splitlines()[:5] == [
        "Dear [their name],",
        "",
        "The slides are on the workshop's page.",
        "",
        "From the organisers of Leadership for Equity",
    ]
    assert preview.text.endswith("[their private link to their registration]")
    assert b'<input type="hidden" name="subject" value="Slides are online"' in response.content
    assert OrganiserMessage.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_organiser_message_change_after_preview_keeps_what_was_typed(
    client, ended, its_organiser, audiences
):
    client.force_login(its_organiser)
    response = client.post(messages_url(ended), {"audience": "confirmed", **MESSAGE, "edit": ""})
    assert response.status_code == 200
    assert response.context["preview"] is None
    assert response.context["form"]["subject"].value() == "Slides are online"
    assert b"The slides are on the workshop&#x27;s page.</textarea>" in response.content


def test_organiser_message_invalid_form_keeps_input_and_shows_the_error_summary(
    client, ended, its_organiser, audiences
):
    client.force_login(its_organiser)
    response = client.post(
        messages_url(ended), {"audience": "confirmed", "body": "Hello all", "send": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"subject": ["This field is required."]}
    assert b'<a href="#id_subject">Subject: This field is required.</a>' in response.content
    assert b"Hello all</textarea>" in response.content
    assert OrganiserMessage.objects.count() == 0


def test_organiser_message_to_an_empty_group_is_refused(client, ended, its_organiser):
    client.force_login(its_organiser)
    response = client.post(messages_url(ended), {"audience": "waiting", **MESSAGE, "send": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nobody is in this group, so there is nobody to send it to."
    ]
    assert OrganiserMessage.objects.count() == 0


def test_organiser_message_sent_twice_by_a_double_click_is_refused(
    client, ended, its_organiser, audiences, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(its_organiser)
    form = {"audience": "confirmed", **MESSAGE, "send": ""}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(messages_url(ended), form)
        second = client.post(messages_url(ended), form)
    assert first.status_code == 302
    assert second.status_code == 200
    assert second.context["form"].non_field_errors() == [
        "You have just sent this message. It is on its way."
    ]
    assert OrganiserMessage.objects.count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["absent@x.org", "came@x.org"]


def test_organiser_message_task_run_again_queues_nothing_more(
    ended, its_organiser, audiences, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        message = communications.send_organiser_message(
            ended, audience="confirmed", by=its_organiser, **MESSAGE
        )
    RegistrationFactory(workshop=ended, email="newcomer@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_organiser_message_task.delay(message.pk).get() == 0
    assert sorted(m.to[0] for m in mailoutbox) == ["absent@x.org", "came@x.org"]


def sent_message(workshop, by, *, states=(), subject="Slides are online"):
    """A message already queued, with one outbox row per given state."""
    message = OrganiserMessage.objects.create(
        workshop=workshop,
        audience="confirmed",
        subject=subject,
        body="Hello",
        created_by=by,
        queued_at=timezone.now(),
    )
    for n, state in enumerate(states):
        OutgoingEmail.objects.create(
            key=f"message:{message.pk}:{n}",
            kind="workshop.message",
            to=f"person{n}@x.org",
            subject=subject,
            body_text="Hello",
            state=state,
            last_error="SMTPRecipientsRefused: no such mailbox" if state == "failed" else "",
            about=message,
        )
    return message


def test_messages_list_shows_each_message_with_its_delivery_states(client, ended, its_organiser):
    sent_message(
        ended, its_organiser, states=["queued", "sending", "sent", "sent", "sent", "failed"]
    )
    sent_message(ended, its_organiser, subject="Nothing yet")
    other = sent_message(WorkshopFactory(), its_organiser, subject="Other", states=["failed"])
    OutgoingEmail.objects.create(key="not-a-message", kind="x", to="x@x.org", about=other.workshop)
    client.force_login(its_organiser)

    response = client.get(messages_url(ended))

    assert response.status_code == 200
    rows = [
        (m.subject, m.queued_count, m.sent_count, m.failed_count)
        for m in response.context["sent_messages"]
    ]
    assert rows == [("Nothing yet", 0, 0, 0), ("Slides are online", 2, 3, 1)]
    assert b"2 queued, 3 sent, 1 failed" in response.content


@pytest.mark.parametrize("count", [1, 3])
def test_messages_list_queries_do_not_grow_with_messages(
    client, ended, its_organiser, count, django_assert_num_queries
):
    for n in range(count):
        sent_message(ended, its_organiser, states=["sent", "failed"], subject=f"Message {n}")
    client.force_login(its_organiser)
    # Session, user and the user's two permission lists; the workshop with its programme,
    # networks and organisers; then the messages with their counts, in one query.
    with django_assert_num_queries(9):
        response = client.get(messages_url(ended))
    assert len(response.context["sent_messages"]) == count


def test_message_detail_shows_each_recipients_email_state(client, ended, its_organiser):
    message = sent_message(ended, its_organiser, states=["sent", "failed", "queued"])
    client.force_login(its_organiser)

    response = client.get(reverse("workshops:message_detail", args=[ended.slug, message.pk]))

    assert response.status_code == 200
    assert [(e.to, e.state) for e in response.context["page"].object_list] == [
        ("person0@x.org", "sent"),
        ("person1@x.org", "failed"),
        ("person2@x.org", "queued"),
    ]
    assert b"SMTPRecipientsRefused: no such mailbox" in response.content
    assert b"1 queued, 1 sent, 1 failed" in response.content


def test_message_detail_is_paginated(client, ended, its_organiser):
    message = sent_message(ended, its_organiser, states=["sent"] * 51)
    client.force_login(its_organiser)
    url = reverse("workshops:message_detail", args=[ended.slug, message.pk])
    first, second = client.get(url), client.get(url + "?page=2")
    assert len(first.context["page"].object_list) == 50
    assert [e.to for e in second.context["page"].object_list] == ["person9@x.org"]


def test_message_detail_of_another_workshops_message_is_not_found(client, ended, its_organiser):
    other = sent_message(WorkshopFactory(), its_organiser, states=["sent"])
    client.force_login(its_organiser)
    url = reverse("workshops:message_detail", args=[ended.slug, other.pk])
    assert client.get(url).status_code == 404


# Who may reach these pages

# (URL name, method, form data)
PAGES = [
    ("follow_up", "get", None),
    ("follow_up", "post", {"audience": "confirmed", "send": ""}),
    ("messages", "get", None),
    ("messages", "post", {"audience": "confirmed", **MESSAGE, "send": ""}),
    ("message_detail", "get", None),
]


@pytest.fixture
def world(ended, its_organiser, audiences):
    return {
        "workshop": ended,
        "message": sent_message(ended, its_organiser, states=["sent"], subject="Private news"),
    }


def url_for(world, name):
    args = [world["workshop"].slug]
    if name == "message_detail":
        args.append(world["message"].pk)
    return reverse(f"workshops:{name}", args=args)


def call(client, method, url, data, capture):
    with capture(execute=True):
        return client.post(url, data) if method == "post" else client.get(url)


def nothing_changed(world):
    return (
        OrganiserMessage.objects.count() == 1
        and OutgoingEmail.objects.count() == 1
        and Workshop.objects.get(pk=world["workshop"].pk).follow_up_sent_at is None
    )


@pytest.mark.parametrize(("name", "method", "data"), PAGES)
def test_communications_page_redirects_anonymous_to_login(
    client, world, name, method, data, django_capture_on_commit_callbacks, mailoutbox
):
    url = url_for(world, name)
    response = call(client, method, url, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert nothing_changed(world)
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["participant", "other_organiser"])
@pytest.mark.parametrize(("name", "method", "data"), PAGES)
def test_communications_page_forbidden_to_participant_and_other_organiser(
    client, world, role, name, method, data, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()
    if role == "other_organiser":
        WorkshopFactory().organisers.add(user)
    client.force_login(user)
    response = call(client, method, url_for(world, name), data, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert b"Private news" not in response.content
    assert b"came@x.org" not in response.content
    assert nothing_changed(world)
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["workshop_organiser", "site_organiser"])
@pytest.mark.parametrize(("name", "method", "data"), PAGES)
def test_communications_page_allowed_to_the_workshops_organisers(
    client, world, its_organiser, role, name, method, data, django_capture_on_commit_callbacks
):
    client.force_login(its_organiser if role == "workshop_organiser" else OrganiserFactory())
    response = call(client, method, url_for(world, name), data, django_capture_on_commit_callbacks)
    assert response.status_code == (302 if method == "post" else 200)


def test_message_whose_task_was_lost_is_queued_by_the_sweep(its_workshop_organiser_pair):
    workshop, organiser = its_workshop_organiser_pair
    RegistrationFactory(workshop=workshop, email="waiting-for-sweep@example.org")
    message = OrganiserMessage.objects.create(
        workshop=workshop,
        audience="confirmed",
        subject="Room change",
        body="We meet in room 2.",
        created_by=organiser,
        created_at=timezone.now() - timedelta(minutes=5),
    )

    assert communications.queue_waiting_messages() == 1
    assert communications.queue_waiting_messages() == 0

    message.refresh_from_db()
    assert message.queued_at is not None
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "waiting-for-sweep@example.org"
    ]


@pytest.fixture
def its_workshop_organiser_pair(db):
    organiser = OrganiserFactory()
    workshop = WorkshopFactory()
    workshop.organisers.add(organiser)
    return workshop, organiser


def test_workshop_change_rolled_back_queues_no_notice(announced):
    workshop, _confirmed, _waiting = announced

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        move_to_20th(workshop)
        assert OutgoingEmail.objects.filter(kind="workshop.changed").count() == 2
        raise Undone

    assert OutgoingEmail.objects.filter(kind="workshop.changed").count() == 0


def test_workshop_change_notices_are_queued_with_the_change_even_with_the_broker_down(
    announced, broker_down, django_capture_on_commit_callbacks
):
    workshop, _confirmed, _waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)
    # Nothing could reach Celery, but the notices are in the outbox for the sweep to send.
    assert sorted(
        OutgoingEmail.objects.filter(kind="workshop.changed").values_list("state", flat=True)
    ) == ["queued", "queued"]
