"""Organisers' messages to one group of a workshop's participants, the pages that write them
and show each email's state, and who may reach those pages and the follow-up's."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from socialjustice.enums import EmailState, MailingState
from socialjustice.mailings import sweep_mailings
from socialjustice.models import Mailing, OutgoingEmail
from socialjustice.tasks import expand_mailing_task
from tests.factories import (
    MailingFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import OrganiserMessage, Workshop
from workshops.services.messages import send_organiser_message

pytestmark = pytest.mark.django_db
MESSAGE = {"subject": "Slides are online", "body": "The slides are on the workshop's page."}


def messages_url(workshop):
    return reverse("workshops:messages", args=[workshop.slug])


@pytest.fixture
def audiences(ended):
    """Confirmed and attended, confirmed and absent, waiting, cancelled."""
    return {
        "came": RegistrationFactory(workshop=ended, email="came@x.org", attended_at=timezone.now()),
        "absent": RegistrationFactory(workshop=ended, email="absent@x.org"),
        "waiting": RegistrationFactory(workshop=ended, email="waiting@x.org", status="waiting"),
        "cancelled": RegistrationFactory(
            workshop=ended, email="cancelled@x.org", status="cancelled"
        ),
    }


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
    assert Mailing.objects.values_list("key", "object_id", "state", "emails_queued").get() == (
        (f"message:{message.pk}", str(message.pk), MailingState.DONE, len(expected))
    )
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
        send_organiser_message(ended, audience="waiting", by=its_organiser, **MESSAGE)
    [sent] = mailoutbox
    assert sent.body.splitlines()[:5] == [
        f"Dear {audiences['waiting'].name},",
        "",
        "The slides are on the workshop's page.",
        "",
        "From the organisers of Leadership for Equity",
    ]
    token = audiences["waiting"].token
    assert sent.body.endswith(
        "http://testserver" + reverse("workshops:manage_registration", args=[token])
    )


def test_organiser_message_preview_shows_the_email_and_sends_nothing(
    client, ended, its_organiser, audiences
):
    client.force_login(its_organiser)
    response = client.post(
        messages_url(ended), {"audience": "confirmed", "greeting": "on", **MESSAGE, "preview": ""}
    )

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
    assert Mailing.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


GREETED = {"subject": "Room change", "body": "Dear all,\n\nWe meet in room 2.14."}


def test_organiser_message_preview_says_the_greeting_is_added_and_warns_of_a_second(
    client, ended, its_organiser, audiences
):
    client.force_login(its_organiser)
    response = client.post(
        messages_url(ended), {"audience": "confirmed", "greeting": "on", **GREETED, "preview": ""}
    )

    assert response.context["greets_twice"] is True
    assert response.context["preview"].text.splitlines()[:3] == [
        "Dear [their name],",
        "",
        "Dear all,",
    ]
    page = response.content.decode()
    assert (
        "The portal starts each email with “Dear” and the person's name, as the preview "
        "shows." in page
    )
    assert "so each email would greet people twice" in page
    # The choice goes with the preview's hidden fields to "Send".
    assert '<input type="hidden" name="greeting" value="True"' in page


def test_organiser_message_without_the_greeting_starts_with_the_organisers_own(
    client, ended, its_organiser, audiences, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(its_organiser)
    preview = client.post(messages_url(ended), {"audience": "confirmed", **GREETED, "preview": ""})
    assert preview.context["greets_twice"] is False
    assert preview.context["preview"].text.splitlines()[:3] == [
        "Dear all,",
        "",
        "We meet in room 2.14.",
    ]
    assert "the portal adds no greeting" in preview.content.decode()
    assert '<input type="hidden" name="greeting" value="False"' in preview.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(messages_url(ended), {"audience": "confirmed", **GREETED, "send": ""})

    assert Mailing.objects.get().data == {"greeting": False}
    assert sorted(m.body.splitlines()[0] for m in mailoutbox) == ["Dear all,", "Dear all,"]


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
    assert Mailing.objects.count() == 0


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
    assert Mailing.objects.count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["absent@x.org", "came@x.org"]


def test_organiser_message_task_run_again_queues_nothing_more(
    ended, its_organiser, audiences, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_organiser_message(ended, audience="confirmed", by=its_organiser, **MESSAGE)
    mailing = Mailing.objects.get(key=f"message:{message.pk}")
    RegistrationFactory(workshop=ended, email="newcomer@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert expand_mailing_task.delay(mailing.pk).get() == 0
    # Expanded again from the start (a worker taking over): still nobody twice, and nobody
    # who registered after the message was sent.
    Mailing.objects.filter(pk=mailing.pk).update(state=MailingState.QUEUED, last_recipient=0)
    with django_capture_on_commit_callbacks(execute=True):
        assert expand_mailing_task.delay(mailing.pk).get() == 0
    assert sorted(m.to[0] for m in mailoutbox) == ["absent@x.org", "came@x.org"]


def sent_message(workshop, by, *, states=(), subject="Slides are online", mailing="done"):
    """A message with its mailing (in state `mailing`), and one outbox row per given state."""
    message = OrganiserMessage.objects.create(
        workshop=workshop, audience="confirmed", subject=subject, body="Hello", created_by=by
    )
    MailingFactory(key=f"message:{message.pk}", about=message, state=mailing)
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
    sent_message(ended, its_organiser, subject="Half way", states=["sent"], mailing="expanding")
    other = sent_message(WorkshopFactory(), its_organiser, subject="Other", states=["failed"])
    OutgoingEmail.objects.create(key="not-a-message", kind="x", to="x@x.org", about=other.workshop)
    client.force_login(its_organiser)

    response = client.get(messages_url(ended))

    assert response.status_code == 200
    rows = [
        (m.subject, m.mailing_state, m.queued_count, m.sent_count, m.failed_count)
        for m in response.context["sent_messages"]
    ]
    assert rows == [
        ("Half way", "expanding", 0, 1, 0),
        ("Nothing yet", "done", 0, 0, 0),
        ("Slides are online", "done", 2, 3, 1),
    ]
    assert b"2 queued, 3 sent, 1 failed" in response.content
    assert b"0 queued, 0 sent, 0 failed" in response.content
    assert response.content.count(b"<td data-delivery>Being prepared</td>") == 1


@pytest.mark.parametrize("count", [1, 3])
def test_messages_list_queries_do_not_grow_with_messages(
    client, ended, its_organiser, count, django_assert_num_queries
):
    for n in range(count):
        sent_message(ended, its_organiser, states=["sent", "failed"], subject=f"Message {n}")
    client.force_login(its_organiser)
    # The person (session and permissions come from Redis); the workshop with its programme,
    # networks and organisers; then the messages with their counts, in one query.
    with django_assert_num_queries(6):
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


@pytest.mark.django_db(transaction=True)
def test_message_whose_task_was_lost_is_queued_by_the_sweep(
    ended, its_organiser, worker_after_broker_back, smtp_server
):
    people = ["also-waiting@example.org", "waiting-for-sweep@example.org"]
    for address in people:
        RegistrationFactory(workshop=ended, email=address)

    # The broker is down: the message and its mailing are saved, no email is written yet.
    message = send_organiser_message(ended, audience="confirmed", by=its_organiser, **MESSAGE)
    [mailing] = Mailing.objects.all()
    assert (mailing.key, mailing.state) == (f"message:{message.pk}", MailingState.QUEUED)
    assert OutgoingEmail.objects.count() == 0
    assert sweep_mailings() == []  # its task may merely be slow

    later = timezone.now() + timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS + 1)
    with worker_after_broker_back as worker:
        assert sweep_mailings(now=later) == [mailing.pk]
        worker.sent(2)
        assert sweep_mailings(now=later + timedelta(hours=1)) == []

    mailing.refresh_from_db()
    assert (mailing.state, mailing.emails_queued) == (MailingState.DONE, 2)
    assert sorted(OutgoingEmail.objects.values_list("to", "state")) == [
        (address, EmailState.SENT) for address in people
    ]
    assert sorted(m["To"] for m in smtp_server.messages) == people


# Who may reach these pages and the follow-up's: (URL name, method, form data)
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
        and Mailing.objects.count() == 1
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
