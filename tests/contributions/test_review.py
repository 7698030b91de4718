"""Reviewing: accept, decline, ask for changes; the revision loop and what changed; each
email to the contributor once; a decision that comes too late; reviewers' notes kept from the
contributor; themes for the pack."""

import pytest
from django.core import mail

from contributions.models import Contribution, Review
from contributions.selectors.review import Change, changes_asked_about
from contributions.services.contributions import save
from contributions.services.review import add_note, decide, set_themes
from networks.models import EqualityGroup, Theme
from socialjustice.errors import PortalError
from socialjustice.models import ActivityLog, OutgoingEmail
from tests.contributions.conftest import complete, send
from tests.factories import ContributionFactory, OrganiserFactory

pytestmark = pytest.mark.django_db

BODY = "The council moved its advice service online in March 2020."
NOTE = "Between us: the evidence looks thin, ask the network lead."


def outbox():
    return list(OutgoingEmail.objects.order_by("pk").values_list("kind", "key", "to"))


def state_of(contribution):
    contribution.refresh_from_db()
    return contribution.state, contribution.version


@pytest.fixture
def sent(call, contributor):
    return send(call, contributor)


# Deciding


def test_decide_accept_records_the_decision_and_emails_the_contributor_once(
    sent, call_organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = decide(sent, decision="accept", message="", version=1, by=call_organiser)

    sent.refresh_from_db()
    assert (sent.state, sent.decided_at) == ("accepted", review.created_at)
    assert (review.decision, review.version, review.reviewer) == ("accept", 1, call_organiser)
    assert outbox() == [
        ("contribution.received", f"contribution:{sent.pk}:received:1", "amina@example.org"),
        (
            "contribution.accepted",
            f"contribution:{sent.pk}:review:{review.pk}",
            "amina@example.org",
        ),
    ]
    [email] = mail.outbox
    assert email.subject == (
        "Your contribution is accepted: Digital exclusion of older people during lockdown"
    )
    assert email.body == (
        "Dear Amina Yusuf,\n\n"
        "The organisers have accepted “Digital exclusion of older people during lockdown” for "
        "“Examples of policy and practice”. Thank you.\n\n"
        "Everyone can read it here, as you chose:\n"
        f"http://testserver/contributions/{sent.pk}/\n\n"
        "Your contributions:\nhttp://testserver/me/"
    )


def test_decide_decline_with_a_message_emails_it(
    sent, call_organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            sent,
            decision="decline",
            message="It is outside this call.",
            version=1,
            by=call_organiser,
        )

    assert state_of(sent) == ("declined", 1)
    [email] = mail.outbox
    assert (
        email.subject
        == "About your contribution: Digital exclusion of older people during lockdown"
    )
    assert email.body == (
        "Dear Amina Yusuf,\n\n"
        "Thank you for sending “Digital exclusion of older people during lockdown” for "
        "“Examples of policy and practice”. The organisers have decided not to include it.\n\n"
        "It is outside this call.\n\n"
        "Your contributions:\nhttp://testserver/me/"
    )


def test_decide_ask_for_changes_emails_the_message_and_the_edit_link(
    sent, call_organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = decide(
            sent, decision="changes", message="Which council was it?", version=1, by=call_organiser
        )

    sent.refresh_from_db()
    assert (sent.state, sent.decided_at, review.message) == (
        "changes",
        None,
        "Which council was it?",
    )
    [email] = mail.outbox
    assert email.subject == "Changes asked for: Digital exclusion of older people during lockdown"
    assert email.body == (
        "Dear Amina Yusuf,\n\n"
        "The organisers have read “Digital exclusion of older people during lockdown” for "
        "“Examples of policy and practice” and ask you to change it before they decide:\n\n"
        "Which council was it?\n\n"
        "Edit it here, then send it again:\n"
        f"http://testserver/contributions/{sent.pk}/edit/"
    )


@pytest.mark.parametrize("message", ["", "   \n "])
def test_decide_ask_for_changes_without_a_message_is_refused(sent, call_organiser, message):
    with pytest.raises(PortalError) as refused:
        decide(sent, decision="changes", message=message, version=1, by=call_organiser)

    assert (str(refused.value), refused.value.field) == (
        "Say what you would like changed: the contributor reads this message.",
        "message",
    )
    assert state_of(sent) == ("submitted", 1)
    assert Review.objects.count() == 0


def test_decide_on_an_older_version_is_refused(call, contributor, call_organiser):
    newer = ContributionFactory(call=call, author=contributor, version=2)

    with pytest.raises(PortalError) as refused:
        decide(newer, decision="accept", message="", version=1, by=call_organiser)

    assert str(refused.value) == (
        "The contributor sent a new version while you were reading: read it, then decide. "
        "Nothing was changed."
    )
    assert state_of(newer) == ("submitted", 2)
    assert Review.objects.count() == 0


@pytest.mark.parametrize(
    ("state", "said"),
    [
        ("accepted", "This contribution was accepted meanwhile: nothing was changed."),
        ("declined", "This contribution was declined meanwhile: nothing was changed."),
        ("changes", "This contribution was sent back for changes meanwhile: nothing was changed."),
        ("withdrawn", "This contribution was withdrawn meanwhile: nothing was changed."),
        (
            "draft",
            "This contribution was taken back by the contributor meanwhile, to change it: "
            "nothing was changed. It comes back here when they send it again.",
        ),
    ],
)
def test_decide_on_one_no_longer_waiting_is_refused_with_what_happened(
    call, call_organiser, state, said
):
    contribution = ContributionFactory(call=call, state=state)

    with pytest.raises(PortalError) as refused:
        decide(contribution, decision="decline", message="", version=1, by=call_organiser)

    assert str(refused.value) == said
    assert state_of(contribution) == (state, 1)
    assert Review.objects.count() == 0


def test_decide_with_a_form_opened_before_another_organiser_decided_is_refused(
    sent, call_organiser, django_capture_on_commit_callbacks
):
    opened = Contribution.objects.get(pk=sent.pk)  # the second organiser's page, loaded first
    with django_capture_on_commit_callbacks(execute=True):
        decide(sent, decision="accept", message="", version=1, by=call_organiser)

    with pytest.raises(PortalError, match=r"^This contribution was accepted meanwhile"):
        decide(opened, decision="decline", message="No.", version=1, by=OrganiserFactory())

    assert state_of(sent) == ("accepted", 1)
    assert list(Review.objects.values_list("decision", flat=True)) == ["accept"]
    assert [email.subject.split(":")[0] for email in mail.outbox] == [
        "Your contribution is accepted"
    ]


# The revision loop


def test_revision_loop_shows_what_changed_and_emails_each_step_once(
    call, contributor, call_organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(call, contributor)
    with django_capture_on_commit_callbacks(execute=True):
        asked = decide(
            sent, decision="changes", message="Which council?", version=1, by=call_organiser
        )
    assert changes_asked_about(Contribution.objects.get(pk=sent.pk)) is None

    edited = complete(
        body="The city council moved its advice service online in March 2020 and closed\n"
        "its two offices."
    )
    with django_capture_on_commit_callbacks(execute=True):
        save(call, edited, by=contributor, contribution=sent)
    assert state_of(sent) == ("changes", 1)
    assert changes_asked_about(sent) is None  # edited, not sent yet
    with django_capture_on_commit_callbacks(execute=True):
        save(call, edited, by=contributor, contribution=sent, send=True)
    assert state_of(sent) == ("submitted", 2)

    assert changes_asked_about(sent) == (
        1,
        2,
        [
            Change(
                "body",
                "What happened",
                [
                    ("same", "The"),
                    ("added", "city"),
                    ("same", "council moved its advice service online in March"),
                    ("removed", "2020."),
                    ("added", "2020 and closed its two offices."),
                ],
            )
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        accepted = decide(
            sent, decision="accept", message="Thank you.", version=2, by=call_organiser
        )
    assert state_of(sent) == ("accepted", 2)

    assert outbox() == [
        ("contribution.received", f"contribution:{sent.pk}:received:1", "amina@example.org"),
        ("contribution.changes", f"contribution:{sent.pk}:review:{asked.pk}", "amina@example.org"),
        ("contribution.received", f"contribution:{sent.pk}:received:2", "amina@example.org"),
        (
            "contribution.accepted",
            f"contribution:{sent.pk}:review:{accepted.pk}",
            "amina@example.org",
        ),
    ]
    assert [(email.to, email.subject.split(":")[0]) for email in mail.outbox] == [
        (["amina@example.org"], "We have your contribution"),
        (["amina@example.org"], "Changes asked for"),
        (["amina@example.org"], "We have your contribution"),
        (["amina@example.org"], "Your contribution is accepted"),
    ]


def test_changes_asked_about_shows_groups_chosen_item_by_item_and_ignores_spacing(
    call, contributor, call_organiser
):
    sent = send(call, contributor, body="Older people\nlost access.")
    decide(sent, decision="changes", message="Who else?", version=1, by=call_organiser)
    both = (EqualityGroup.objects.get(slug="age"), EqualityGroup.objects.get(slug="disability"))
    save(
        call,
        complete(body="Older  people\n\nlost access.", groups=both),
        by=contributor,
        contribution=sent,
        send=True,
    )

    assert changes_asked_about(Contribution.objects.get(pk=sent.pk)) == (
        1,
        2,
        [Change("groups", "Groups affected", [("same", "Age"), ("added", "Disability")])],
    )


def test_changes_asked_about_compares_with_the_latest_request(call, contributor, call_organiser):
    sent = send(call, contributor, region="Leith")
    decide(sent, decision="changes", message="Where?", version=1, by=call_organiser)
    save(call, complete(region="Edinburgh"), by=contributor, contribution=sent, send=True)
    decide(sent, decision="changes", message="When?", version=2, by=call_organiser)
    save(
        call,
        complete(region="Edinburgh", ongoing=True),
        by=contributor,
        contribution=sent,
        send=True,
    )

    assert changes_asked_about(Contribution.objects.get(pk=sent.pk)) == (
        2,
        3,
        [Change("when", "When", [("added", "still going on")])],
    )


# Reviewers' notes


def test_reviewer_notes_are_in_no_email_to_the_contributor(
    call, contributor, call_organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(call, contributor)
        add_note(sent, text=NOTE, by=call_organiser)
        decide(
            sent, decision="changes", message="Please add a source.", version=1, by=call_organiser
        )
    with django_capture_on_commit_callbacks(execute=True):
        save(
            call,
            complete(evidence="The council's report."),
            by=contributor,
            contribution=sent,
            send=True,
        )
        add_note(sent, text=NOTE + " Still thin.", by=call_organiser)
        decide(sent, decision="accept", message="", version=2, by=call_organiser)

    assert len(mail.outbox) == 4
    sent_texts = [
        part
        for email in mail.outbox
        for part in (email.subject, email.body, *(content for content, _ in email.alternatives))
    ]
    stored_texts = [
        part
        for row in OutgoingEmail.objects.all()
        for part in (row.subject, row.body_text, row.body_html)
    ]
    assert [text for text in sent_texts + stored_texts if "evidence looks thin" in text] == []
    assert list(sent.notes.values_list("text", flat=True)) == [NOTE, NOTE + " Still thin."]


def test_add_note_is_logged_without_its_words(sent, call_organiser):
    add_note(sent, text=NOTE, by=call_organiser)

    entry = ActivityLog.objects.get(verb="contributions.contribution.note")
    assert (entry.actor, entry.data) == (call_organiser, {})


# Themes


def test_set_themes_groups_an_accepted_contribution_and_logs_them(call, call_organiser):
    accepted = ContributionFactory(call=call, state="accepted")
    covid, leadership = (
        Theme.objects.get(slug="covid-19-responses"),
        Theme.objects.get(slug="leadership-for-equity"),
    )

    set_themes(accepted, themes=[covid, leadership], by=call_organiser)
    set_themes(accepted, themes=[covid], by=call_organiser)

    assert list(accepted.themes.values_list("slug", flat=True)) == ["covid-19-responses"]
    logged = ActivityLog.objects.filter(verb="contributions.contribution.themes").order_by("pk")
    assert [entry.data for entry in logged] == [
        {"themes": ["COVID-19 responses", "Leadership for equity"]},
        {"themes": ["COVID-19 responses"]},
    ]
