"""The follow-up after a workshop: thanks and the public materials, sent once, to the people
who attended or to everyone confirmed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from socialjustice.enums import MailingState
from socialjustice.errors import PortalError
from socialjustice.mailings import sweep_mailings
from socialjustice.models import Mailing, OutgoingEmail
from socialjustice.tasks import expand_mailing_task
from tests.factories import LONDON, RegistrationFactory, UserFactory, WorkshopFactory
from workshops.models import Workshop
from workshops.services.follow_up import request_follow_up

pytestmark = pytest.mark.django_db


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
    assert Mailing.objects.count() == 0
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
    [mailing] = Mailing.objects.all()
    assert (mailing.key, mailing.kind, mailing.audience, mailing.created_by) == (
        f"follow-up:{ended.pk}",
        "workshops.follow_up",
        "attended",
        its_organiser,
    )
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
    with pytest.raises(PortalError), django_capture_on_commit_callbacks(execute=True):
        request_follow_up(ended, audience="attended", message="", by=its_organiser)
    # Its task delivered twice queues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert expand_mailing_task.delay(mailing.pk).get() == 0
    assert len(mailoutbox) == 2
    assert Mailing.objects.get().state == MailingState.DONE
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
        assert request_follow_up(ended, audience="confirmed", message="", by=None) == 2
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
    assert Mailing.objects.count() == 0


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


@pytest.mark.django_db(transaction=True)
def test_follow_up_sent_with_the_broker_down_is_delivered_once_after_the_sweep(
    ended, its_organiser, worker_after_broker_back, smtp_server, settings
):
    people = ["came-too@example.org", "came@example.org"]
    for address in people:
        RegistrationFactory(workshop=ended, email=address, attended_at=timezone.now())

    # The broker is down: the follow-up is recorded as sent, with its one mailing row.
    assert request_follow_up(ended, audience="attended", message="", by=its_organiser) == 2
    ended.refresh_from_db()
    assert ended.follow_up_sent_at is not None
    [mailing] = Mailing.objects.all()
    assert (mailing.key, mailing.state) == (f"follow-up:{ended.pk}", MailingState.QUEUED)
    assert OutgoingEmail.objects.count() == 0

    later = timezone.now() + timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS + 1)
    with worker_after_broker_back as worker:
        assert sweep_mailings(now=later) == [mailing.pk]
        worker.sent(2)
        assert sweep_mailings(now=later + timedelta(hours=1)) == []

    assert sorted(OutgoingEmail.objects.values_list("to", "kind")) == [
        (address, "workshop.follow_up") for address in people
    ]
    assert sorted(m["To"] for m in smtp_server.messages) == people
