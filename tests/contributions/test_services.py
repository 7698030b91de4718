"""The contributor's writes: save as a draft, send (and what sending needs), the versions
recorded, editing while it is allowed, withdrawing."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from contributions.models import Contribution, Version
from contributions.services.contributions import (
    ContributionDetails,
    ContributionIncomplete,
    save,
    withdraw,
)
from socialjustice.errors import PortalError
from socialjustice.models import ActivityLog, OutgoingEmail
from tests.contributions.conftest import complete, send
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db

MISSING = {
    "summary": "Give a one- or two-sentence summary.",
    "body": "Say what the policy or practice was, and what happened.",
    "groups": "Choose at least one group it affected.",
    "effect": "Say whether it created or reduced inequality.",
    "covid": "Say whether it is related to COVID-19.",
    "consent": "Please agree, so that the organisers can use it.",
}


def outbox_keys():
    return list(OutgoingEmail.objects.order_by("pk").values_list("key", flat=True))


def state_of(contribution):
    contribution.refresh_from_db()
    return contribution.state, contribution.version


# Saving as a draft


def test_save_draft_with_only_a_title_is_kept_unsent(call, contributor):
    draft = save(call, ContributionDetails(title="Bus passes for carers"), by=contributor)

    draft.refresh_from_db()
    assert (draft.state, draft.version, draft.submitted_at, draft.author) == (
        "draft",
        0,
        None,
        contributor,
    )
    assert Version.objects.count() == 0
    assert outbox_keys() == []


def test_save_draft_keeps_everything_typed(call, contributor):
    details = complete(consent=False, region="Glasgow", ongoing=True)

    draft = save(call, details, by=contributor)

    draft = Contribution.objects.get(pk=draft.pk)
    assert (draft.state, draft.title, draft.summary, draft.country, draft.region) == (
        "draft",
        "Digital exclusion of older people during lockdown",
        "Services moved online and older people without the internet lost them.",
        "Scotland",
        "Glasgow",
    )
    assert (draft.effect, draft.covid, draft.ongoing, draft.consented_at) == (
        "created",
        True,
        True,
        None,
    )
    assert [group.slug for group in draft.groups.all()] == ["age"]
    assert [sector.slug for sector in draft.sectors.all()] == ["local-government"]
    assert [level.slug for level in draft.levels.all()] == ["service-level"]


def test_save_draft_without_a_title_is_refused(call, contributor):
    with pytest.raises(PortalError) as refused:
        save(call, complete(title="   "), by=contributor)

    assert (str(refused.value), refused.value.field) == (
        "Give your contribution a title, even for a draft.",
        "title",
    )
    assert Contribution.objects.count() == 0


def test_save_new_contribution_to_a_closed_call_is_refused(closed_call, contributor):
    with pytest.raises(
        PortalError, match=r"^This call is closed: it takes no more contributions\.$"
    ):
        send(closed_call, contributor)

    assert Contribution.objects.count() == 0


def test_save_draft_with_a_new_organisation_adds_it_to_the_directory(call, contributor):
    draft = save(call, complete(new_organisation="Leith Carers Group"), by=contributor)

    draft.refresh_from_db()
    assert draft.organisation.name == "Leith Carers Group"


# Sending


def test_send_complete_contribution_records_version_one_and_emails_once(
    call, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(call, contributor)

    assert state_of(sent) == ("submitted", 1)
    assert sent.submitted_at is not None
    assert sent.consented_at is not None
    assert outbox_keys() == [f"contribution:{sent.pk}:received:1"]
    [email] = mail.outbox
    assert (email.to, email.subject) == (
        ["amina@example.org"],
        "We have your contribution: Digital exclusion of older people during lockdown",
    )


def test_send_records_what_the_version_said(call, contributor):
    sent = send(call, contributor, evidence_links=("https://example.org/report",))

    [version] = Version.objects.filter(contribution=sent)
    assert version.number == 1
    assert version.content == {
        "title": "Digital exclusion of older people during lockdown",
        "summary": "Services moved online and older people without the internet lost them.",
        "body": "The council moved its advice service online in March 2020.",
        "groups_described": "",
        "country": "Scotland",
        "region": "",
        "evidence": "",
        "groups": ["Age"],
        "sectors": ["Local government"],
        "levels": ["Service level"],
        "effect": "Created inequality",
        "covid": "Yes",
        "evidence_links": ["https://example.org/report"],
        "when": "",
        "document": "",
    }


def test_send_records_when_it_happened_in_words(call, contributor):
    sent = send(call, contributor, started_on=date(2020, 3, 23), ongoing=True)

    assert Version.objects.get(contribution=sent).content["when"] == (
        "from 23 March 2020, still going on"
    )


def test_send_incomplete_names_every_missing_field_and_keeps_a_draft(
    call, contributor, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ContributionIncomplete) as incomplete,
    ):
        save(call, ContributionDetails(title="Half written"), by=contributor, send=True)

    assert incomplete.value.missing == MISSING
    assert str(incomplete.value) == "Please complete the contribution before sending it."
    saved = incomplete.value.saved
    assert state_of(saved) == ("draft", 0)
    assert saved.title == "Half written"
    assert Version.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("summary", {"summary": "  "}),
        ("body", {"body": ""}),
        ("groups", {"groups": ()}),
        ("effect", {"effect": ""}),
        ("covid", {"covid": None}),
        ("consent", {"consent": False}),
    ],
)
def test_send_without_one_needed_field_names_only_that_field(call, contributor, field, change):
    with pytest.raises(ContributionIncomplete) as incomplete:
        send(call, contributor, **change)

    assert incomplete.value.missing == {field: MISSING[field]}
    assert state_of(incomplete.value.saved) == ("draft", 0)


def test_send_not_related_to_covid_is_an_answer(call, contributor):
    sent = send(call, contributor, covid=False)

    assert state_of(sent) == ("submitted", 1)
    assert Version.objects.get(contribution=sent).content["covid"] == "No"


def test_send_again_records_a_new_version_and_emails_again(
    call, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(call, contributor)
    with django_capture_on_commit_callbacks(execute=True):
        save(call, complete(region="Edinburgh"), by=contributor, contribution=sent, send=True)

    assert state_of(sent) == ("submitted", 2)
    versions = Version.objects.filter(contribution=sent).order_by("number")
    assert [(v.number, v.content["region"]) for v in versions] == [(1, ""), (2, "Edinburgh")]
    assert outbox_keys() == [
        f"contribution:{sent.pk}:received:1",
        f"contribution:{sent.pk}:received:2",
    ]
    assert len(mail.outbox) == 2


# Editing while it is allowed


def test_edit_draft_while_the_call_is_open_is_saved(call, contributor):
    draft = save(call, ContributionDetails(title="First title"), by=contributor)

    save(call, ContributionDetails(title="Second title"), by=contributor, contribution=draft)

    draft.refresh_from_db()
    assert (draft.title, draft.state) == ("Second title", "draft")


def test_edit_sent_contribution_not_sent_again_becomes_a_draft(call, contributor):
    """The reviewer decides on the version they read: words changed after it was sent leave
    the queue until they are sent again as a new version."""
    sent = send(call, contributor)

    save(call, complete(body="Changed after it was sent."), by=contributor, contribution=sent)

    assert state_of(sent) == ("draft", 1)
    assert Version.objects.get(contribution=sent).content["body"] == (
        "The council moved its advice service online in March 2020."
    )


def test_edit_sent_contribution_sent_again_incomplete_becomes_a_draft(call, contributor):
    sent = send(call, contributor)

    with pytest.raises(ContributionIncomplete):
        save(call, complete(summary=""), by=contributor, contribution=sent, send=True)

    assert state_of(sent) == ("draft", 1)


def test_edit_sent_back_for_changes_stays_sent_back_until_sent_again(call, contributor):
    asked = ContributionFactory(call=call, author=contributor, state="changes")

    save(call, complete(body="A better account."), by=contributor, contribution=asked)

    assert state_of(asked) == ("changes", 1)


def test_edit_after_the_call_closes_is_refused(closed_call, contributor):
    draft = ContributionFactory(call=closed_call, author=contributor, state="draft", version=0)

    with pytest.raises(PortalError) as refused:
        save(closed_call, complete(), by=contributor, contribution=draft, send=True)

    assert (
        str(refused.value) == "The call has closed, so the contribution can no longer be changed."
    )
    draft.refresh_from_db()
    assert (draft.state, draft.title) == ("draft", draft.title)
    assert Version.objects.count() == 0


def test_edit_sent_back_for_changes_after_the_call_closes_is_allowed(closed_call, contributor):
    asked = ContributionFactory(call=closed_call, author=contributor, state="changes")

    save(closed_call, complete(), by=contributor, contribution=asked, send=True)

    assert state_of(asked) == ("submitted", 2)


@pytest.mark.parametrize(
    ("state", "words"),
    [("accepted", "accepted"), ("declined", "declined"), ("withdrawn", "withdrawn")],
)
def test_edit_decided_or_withdrawn_is_refused(call, contributor, state, words):
    finished = ContributionFactory(call=call, author=contributor, state=state, title="As it was")

    with pytest.raises(PortalError) as refused:
        save(call, complete(), by=contributor, contribution=finished)

    assert str(refused.value) == f"This contribution is {words}, so it can no longer be changed."
    finished.refresh_from_db()
    assert (finished.state, finished.title) == (state, "As it was")


def test_edit_someone_elses_contribution_is_refused(call, contributor):
    theirs = ContributionFactory(call=call, title="Theirs")

    with pytest.raises(PortalError, match=r"^Only its author can change a contribution\.$"):
        save(call, complete(), by=contributor, contribution=theirs)

    theirs.refresh_from_db()
    assert (theirs.title, theirs.state) == ("Theirs", "submitted")


# Withdrawing


def test_withdraw_own_sent_contribution(call, contributor):
    sent = send(call, contributor)

    withdraw(sent, by=contributor)

    assert state_of(sent) == ("withdrawn", 1)
    assert ActivityLog.objects.filter(verb="contributions.contribution.withdrawn").count() == 1


def test_withdraw_draft(call, contributor):
    draft = save(call, ContributionDetails(title="Not ready"), by=contributor)

    withdraw(draft, by=contributor)

    assert state_of(draft) == ("withdrawn", 0)


def test_withdraw_someone_elses_contribution_is_refused(call, contributor):
    theirs = ContributionFactory(call=call)

    with pytest.raises(PortalError, match=r"^Only its author can withdraw a contribution\.$"):
        withdraw(theirs, by=contributor)

    assert state_of(theirs) == ("submitted", 1)


@pytest.mark.parametrize("state", ["accepted", "declined", "withdrawn"])
def test_withdraw_decided_or_withdrawn_is_refused(call, contributor, state):
    finished = ContributionFactory(call=call, author=contributor, state=state)

    with pytest.raises(PortalError) as refused:
        withdraw(finished, by=contributor)

    assert str(refused.value) == f"This contribution is {state} already."
    assert state_of(finished) == (state, 1)


def test_withdraw_by_someone_signed_out_is_refused(call, contributor):
    sent = send(call, contributor)

    with pytest.raises(PortalError):
        withdraw(sent, by=AnonymousUser())

    assert state_of(sent) == ("submitted", 1)
