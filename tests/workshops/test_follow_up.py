"""The follow-up after a workshop: thanks and the public materials, sent once, to the people
who attended or to everyone confirmed."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from socialjustice.enums import MailingState
from socialjustice.errors import PortalError
from socialjustice.mailings import sweep_mailings
from socialjustice.models import ActivityLog, Mailing, OutgoingEmail
from socialjustice.tasks import expand_mailing_task
from tests.factories import (
    LONDON,
    MaterialFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Workshop
from workshops.services.follow_up import request_follow_up, request_new_materials

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
    assert page.context["problem"] is None
    assert (
        f"The follow-up was sent on {when} to everyone marked as attended. It is sent only once."
        in page.content.decode()
    )
    # What is offered now is the second follow-up, "New materials", not the first again.
    assert page.context["second"] is True
    assert b'name="audience"' not in page.content

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(follow_up_url(ended), {**form, "number": "1"})
    assert again.status_code == 200
    assert again.context["form"].non_field_errors() == [
        f"The follow-up was sent on {when}. It is sent only once."
    ]
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


# The warning when there is nothing to send, and the second follow-up, "New materials"


def test_follow_up_warns_when_there_are_no_materials_and_no_report(
    client, ended, its_organiser, django_assert_max_num_queries
):
    bare = WorkshopFactory(starts_at=ended.starts_at, ends_at=ended.ends_at)
    bare.organisers.add(its_organiser)
    client.force_login(its_organiser)

    with django_assert_max_num_queries(11):
        page = client.get(follow_up_url(bare))
    with_slides = client.get(follow_up_url(ended))

    assert page.context["state"].public_materials == 0
    assert (
        "There are no public materials and no published report yet, so this email only "
        "thanks people and links to the workshop's page." in page.content.decode()
    )
    assert b"data-nothing-to-send" in page.content
    assert b'name="preview"' in page.content  # a warning, not a refusal
    assert b"data-nothing-to-send" not in with_slides.content


def test_new_materials_go_once_to_the_people_the_follow_up_went_to(
    client, ended, its_organiser, django_capture_on_commit_callbacks, mailoutbox
):
    came = RegistrationFactory(workshop=ended, email="came@x.org", attended_at=timezone.now())
    RegistrationFactory(workshop=ended, email="absent@x.org")
    client.force_login(its_organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(follow_up_url(ended), {"audience": "attended", "send": ""})
    MaterialFactory(workshop=ended, title="Recording", url="https://example.org/recording")

    page = client.get(follow_up_url(ended))
    assert page.context["state"].new_materials == 1
    assert "1 public material was added since the follow-up." in page.content.decode()
    assert "It goes to the same people as the follow-up: everyone marked as attended." in (
        page.content.decode()
    )
    preview = client.post(
        follow_up_url(ended), {"number": "2", "message": "The recording is here.", "preview": ""}
    ).context["preview"]
    assert (preview.subject, preview.recipients) == ("New materials from Leadership for Equity", 1)
    assert preview.text.splitlines()[:5] == [
        "Dear [their name],",
        "",
        f"There is more from Leadership for Equity on {ended.starts_at.astimezone(LONDON):%A} "
        f"{ended.starts_at.astimezone(LONDON).day} {ended.starts_at.astimezone(LONDON):%B %Y}"
        ", since we last wrote to you.",
        "",
        "The recording is here.",
    ]
    assert "- Recording: https://example.org/recording" in preview.text.splitlines()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(follow_up_url(ended), {"number": "2", "message": "", "send": ""})
    assert sent.status_code == 302
    assert [str(m) for m in get_messages(sent.wsgi_request)] == [
        "The new materials are on their way to 1 person."
    ]
    assert list(Mailing.objects.order_by("pk").values_list("key", "audience")) == [
        (f"follow-up:{ended.pk}", "attended"),
        (f"follow-up:{ended.pk}:2", "attended"),
    ]
    assert sorted(OutgoingEmail.objects.values_list("key", flat=True)) == sorted(
        [f"follow-up:{ended.pk}:{came.pk}", f"follow-up:{ended.pk}:2:{came.pk}"]
    )
    assert [m.subject for m in mailoutbox] == [
        "Thank you for taking part: Leadership for Equity",
        "New materials from Leadership for Equity",
    ]
    assert ActivityLog.objects.filter(verb="workshops.follow_up.sent").count() == 2

    done = client.get(follow_up_url(ended))
    assert done.context["problem"].startswith("Both follow-ups are sent: the thanks on ")
    assert done.context["problem"].endswith(". Each is sent only once.")
    assert b'name="preview"' not in done.content
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(follow_up_url(ended), {"number": "2", "send": ""})
    assert again.status_code == 200
    with pytest.raises(PortalError):
        request_new_materials(ended, message="", by=its_organiser)
    assert len(mailoutbox) == 2


def test_new_materials_before_the_follow_up_are_refused(ended, its_organiser):
    RegistrationFactory(workshop=ended, attended_at=timezone.now())
    with pytest.raises(PortalError) as error:
        request_new_materials(ended, message="", by=its_organiser)
    assert str(error.value) == "Send the first follow-up before the new materials."
    assert Mailing.objects.count() == 0
