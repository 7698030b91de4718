"""The daily digest: one mailing per open call with new submissions in the last day, to the
call's organisers; run twice, sent once; an anonymised call's digest names nobody."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contributions.models import Version
from contributions.services.contributions import withdraw
from contributions.services.digests import send_digests
from socialjustice.models import Mailing, OutgoingEmail
from tests.contributions.conftest import send
from tests.factories import (
    CallFactory,
    ContributionFactory,
    OrganiserFactory,
    UserFactory,
    WorkshopSeriesFactory,
)

pytestmark = pytest.mark.django_db


def sent_long_ago(contribution, days=3):
    Version.objects.filter(contribution=contribution).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def digests():
    return list(
        OutgoingEmail.objects.filter(kind="contribution.digest")
        .order_by("to")
        .values_list("to", "subject")
    )


def run(capture):
    with capture(execute=True):
        return send_digests()


def test_send_digests_one_mailing_per_open_call_with_new_submissions_to_its_organisers(
    call, call_organiser, contributor, django_capture_on_commit_callbacks
):
    second_organiser = UserFactory(email="bea@example.org")
    call.workshop.organisers.add(second_organiser)
    OrganiserFactory(email="site-organiser@example.org")  # the workshop names its own
    send(call, contributor, title="Bus passes for carers")
    send(call, UserFactory(display_name="Ben Okafor"), title="Free school meals in summer")
    quiet = CallFactory(title="A quiet call")
    sent_long_ago(send(quiet, contributor, title="Sent last week"))
    ContributionFactory(call=quiet, state="draft", version=0)  # a draft is not a submission

    assert run(django_capture_on_commit_callbacks) == 1

    assert list(Mailing.objects.values_list("kind", "object_id")) == [
        ("contributions.digest", str(call.pk))
    ]
    assert digests() == [
        ("bea@example.org", "2 new contributions: Examples of policy and practice"),
        ("olu@example.org", "2 new contributions: Examples of policy and practice"),
    ]
    assert sorted(email.to[0] for email in mail.outbox) == ["bea@example.org", "olu@example.org"]
    olu = next(email for email in mail.outbox if email.to == ["olu@example.org"])
    assert olu.body == (
        "Dear Olu Organiser,\n\n"
        "These contributions were sent to “Examples of policy and practice” since yesterday:\n\n"
        "- Bus passes for carers (from Amina Yusuf)\n"
        "- Free school meals in summer (from Ben Okafor)\n\n"
        "Review them here:\n"
        f"http://testserver/organise/contributions/calls/{call.slug}/"
    )


def test_send_digests_run_twice_sends_once(call, contributor, django_capture_on_commit_callbacks):
    send(call, contributor)

    assert run(django_capture_on_commit_callbacks) == 1
    assert run(django_capture_on_commit_callbacks) == 0

    assert Mailing.objects.count() == 1
    assert digests() == [("olu@example.org", "1 new contribution: Examples of policy and practice")]
    assert len(mail.outbox) == 1


def test_send_digests_of_an_anonymised_call_names_nobody(
    call, contributor, django_capture_on_commit_callbacks
):
    call.anonymised_review = True
    call.save()
    send(call, contributor, title="Bus passes for carers")

    run(django_capture_on_commit_callbacks)

    [email] = mail.outbox
    assert email.body == (
        "Dear Olu Organiser,\n\n"
        "These contributions were sent to “Examples of policy and practice” since yesterday:\n\n"
        "- Bus passes for carers\n\n"
        "This call's review is anonymised: you will see who sent each one once you have "
        "decided.\n\n"
        "Review them here:\n"
        f"http://testserver/organise/contributions/calls/{call.slug}/"
    )
    [row] = OutgoingEmail.objects.filter(kind="contribution.digest")
    texts = (row.subject, row.body_text, row.body_html, *(c for c, _ in email.alternatives))
    assert [text for text in texts if "Amina" in text or "amina@" in text] == []


def test_send_digests_leaves_out_contributions_sent_again_or_withdrawn(
    call, contributor, django_capture_on_commit_callbacks
):
    """Only the first version is a new submission; one withdrawn since needs no review."""
    again = send(call, contributor, title="Sent first last week")
    sent_long_ago(again)
    Version.objects.create(contribution=again, number=2, content={})
    withdraw(send(call, contributor, title="Withdrawn already"), by=contributor)

    assert run(django_capture_on_commit_callbacks) == 0

    assert Mailing.objects.count() == 0
    assert mail.outbox == []


def test_send_digests_of_a_call_that_closed_today_still_sends_its_last_submissions(
    call, contributor, django_capture_on_commit_callbacks
):
    send(call, contributor)
    call.closes_at = timezone.now() + timedelta(seconds=1)
    call.save()

    with django_capture_on_commit_callbacks(execute=True):
        queued = send_digests(now=timezone.now() + timedelta(hours=6))

    assert queued == 1
    assert len(mail.outbox) == 1


def test_send_digests_leaves_out_a_call_closed_before_yesterday(
    closed_call, contributor, django_capture_on_commit_callbacks
):
    ContributionFactory(call=closed_call)
    closed_call.closes_at = timezone.now() - timedelta(days=2)
    closed_call.save()
    # Its version 1 (made by the factory) is new today, but the call closed two days ago.

    assert run(django_capture_on_commit_callbacks) == 0


def test_send_digests_of_a_series_call_goes_to_the_series_organisers(
    contributor, django_capture_on_commit_callbacks
):
    series = WorkshopSeriesFactory()
    series.organisers.add(UserFactory(email="series-lead@example.org"))
    call = CallFactory(workshop=None, series=series)
    send(call, contributor)

    run(django_capture_on_commit_callbacks)

    assert [to for to, _subject in digests()] == ["series-lead@example.org"]


def test_send_digests_of_a_call_naming_no_organisers_goes_to_the_site_organisers(
    contributor, django_capture_on_commit_callbacks
):
    OrganiserFactory(email="site-organiser@example.org")
    OrganiserFactory(email="gone@example.org", is_active=False)
    send(CallFactory(), contributor)

    run(django_capture_on_commit_callbacks)

    assert [to for to, _subject in digests()] == ["site-organiser@example.org"]
