"""A workshop's report: what its page shows and to whom, the attendees' corrections and the
organisers' decisions, merging duplicates, publishing, and its downloads (CSV, Markdown and a
tagged PDF with every recommendation in it)."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from breakouts import tasks  # noqa: F401  (registered before the tests, as in a worker)
from breakouts.models import Correction, Entry, Recommendation, Report
from breakouts.services import report as services
from networks.models import ActionCategory, FourR, Level
from socialjustice.errors import PortalError
from socialjustice.models import ActivityLog, OutgoingEmail
from tests.factories import (
    ContributionFactory,
    GroupFactory,
    NetworkFactory,
    OrganisationFactory,
    RecommendationFactory,
    RegistrationFactory,
    ReportFactory,
    UserFactory,
    WorkshopFactory,
    london,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(organiser):
    workshop = WorkshopFactory(starts_at=london(days=-2, hour=10))
    workshop.organisers.add(organiser)
    return workshop


def record(workshop, name="Promoting Action", *, recommendations=("Fund interpreters",)):
    """A group that recorded a note, a question, a site offer with a contact, a priority and
    its recommendations."""
    group = GroupFactory(item__workshop=workshop, name=name)
    group.sections.create(kind="notes", text=f"Notes of {name}")
    Entry.objects.create(group=group, kind="question", text=f"What works in {name}?")
    Entry.objects.create(
        group=group,
        kind="site",
        text="",
        organisation=OrganisationFactory(name=f"Site for {name}"),
        contact="private.contact@example.org",
    )
    Entry.objects.create(group=group, kind="priority", text=f"Priority of {name}", horizon="short")
    for text in recommendations:
        RecommendationFactory(group=group, text=text)
    return group


def publish(workshop):
    return ReportFactory(workshop=workshop, state="published", published_at=timezone.now())


def page(client, workshop):
    return client.get(reverse("breakouts:report", args=[workshop.slug]))


def test_published_report_groups_recommendations_by_level_and_category(client, workshop):
    policy = Level.objects.get_or_create(name="Policy", defaults={"slug": "policy-x"})[0]
    resources = ActionCategory.objects.get_or_create(
        name="Increasing Resources", defaults={"slug": "resources-x"}
    )[0]
    group = record(workshop, recommendations=())
    RecommendationFactory(
        group=group,
        text="Ring-fence funding for community groups",
        level=policy,
        category=resources,
        four_r=FourR.objects.first(),
        owner_network=NetworkFactory(name="Race Equality Network"),
    )
    RecommendationFactory(group=group, text="Say where it happens")
    publish(workshop)

    content = page(client, workshop).content.decode()

    assert content.count("<h1>") == 1
    policy_at = content.index("<h3>Policy</h3>")
    assert content.index("<h4>Increasing Resources</h4>") > policy_at
    assert content.index("Ring-fence funding for community groups") > policy_at
    assert content.index("<h3>Level not given</h3>") > content.index("Ring-fence funding")
    assert "Proposed owner: Race Equality Network." in content
    assert "What works in Promoting Action?" in content
    assert "Priority of Promoting Action" in content
    assert "Notes of Promoting Action" in content


def test_report_names_research_sites_but_never_their_contacts(client, workshop):
    record(workshop)
    publish(workshop)

    for url in ("breakouts:report", "breakouts:report_markdown", "breakouts:report_csv"):
        response = client.get(reverse(url, args=[workshop.slug]))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"private.contact@example.org" not in content
    assert "Site for Promoting Action" in page(client, workshop).content.decode()


def test_report_shows_only_public_contributions_the_group_discussed(client, workshop):
    group = record(workshop)
    shown = ContributionFactory(title="Clinics by video", state="accepted")
    hidden = ContributionFactory(title="Told only to organisers", state="accepted")
    hidden.visibility = "organisers"
    hidden.save()
    group.contributions.set([shown, hidden])
    publish(workshop)

    content = page(client, workshop).content.decode()

    assert "Clinics by video" in content
    assert "Told only to organisers" not in content


@pytest.mark.parametrize("state", ["draft", "corrections", None])
def test_unpublished_report_is_not_found_by_the_public_or_participants(
    client, workshop, participant, state
):
    record(workshop, recommendations=("A recommendation not published yet",))
    if state:
        ReportFactory(
            workshop=workshop, state=state, corrections_until=timezone.now() + timedelta(days=3)
        )
    client.force_login(participant)  # someone who did not take part

    for name in ("report", "report_pdf", "report_csv", "report_markdown"):
        response = client.get(reverse(f"breakouts:{name}", args=[workshop.slug]))
        assert response.status_code == 404, name


def test_organisers_read_the_draft_marked_as_a_draft(client, workshop, organiser):
    record(workshop, recommendations=("Fund interpreters",))
    ReportFactory(workshop=workshop)
    client.force_login(organiser)

    content = page(client, workshop).content.decode()

    assert "this report is not published yet" in content
    assert "Fund interpreters" in content


def test_report_escapes_what_facilitators_typed(client, workshop):
    record(workshop, recommendations=("<script>alert(1)</script> & more",))
    publish(workshop)

    content = page(client, workshop).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in content


def test_report_page_queries_do_not_grow_with_groups(
    client, workshop, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    record(workshop, "First")
    publish(workshop)
    with django_assert_max_num_queries(12):
        assert page(client, workshop).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            record(workshop, f"Group {n}", recommendations=("One", "Two", "Three"))
    # A change to any group builds the page afresh, in as many queries.
    with django_assert_max_num_queries(12):
        content = page(client, workshop).content.decode()
    assert content.count("Group 5") >= 1


# Corrections


@pytest.fixture
def attendee(workshop):
    person = UserFactory(display_name="Amina Yusuf")
    RegistrationFactory(workshop=workshop, person=person, email=person.email, status="confirmed")
    return person


def test_opening_for_corrections_emails_everyone_with_a_confirmed_place(
    workshop, organiser, attendee, django_capture_on_commit_callbacks
):
    RegistrationFactory(workshop=workshop, status="waiting")
    report = services.report_for(workshop)

    with django_capture_on_commit_callbacks(execute=True):
        services.open_for_corrections(report, days=7, by=organiser)

    emails = list(OutgoingEmail.objects.values_list("kind", "to", "body_text"))
    assert [(kind, to) for kind, to, _body in emails] == [
        ("breakouts.corrections_open", attendee.email)
    ]
    assert reverse("breakouts:report", args=[workshop.slug]) in emails[0][2]
    report.refresh_from_db()
    assert report.state == "corrections"
    assert report.corrections_until > timezone.now() + timedelta(days=6)
    assert ActivityLog.objects.filter(verb="breakouts.report.opened").count() == 1


def test_attendee_reads_the_draft_and_suggests_a_correction(
    client, workshop, organiser, attendee, django_capture_on_commit_callbacks
):
    record(workshop, recommendations=("Fund interpreters",))
    report = ReportFactory(
        workshop=workshop, state="corrections", corrections_until=timezone.now() + timedelta(1)
    )
    client.force_login(attendee)

    content = page(client, workshop).content.decode()
    assert "Fund interpreters" in content
    assert "Suggest a correction" in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("breakouts:report_correct", args=[workshop.slug]),
            {"text": "Our group also asked for British Sign Language."},
            follow=True,
        )

    assert "the organisers have your suggestion" in response.content.decode()
    assert Correction.objects.get().text == "Our group also asked for British Sign Language."
    assert list(OutgoingEmail.objects.values_list("kind", "to")) == [
        ("breakout.correction_suggested", organiser.email)
    ]
    assert report.corrections.count() == 1


def test_empty_correction_is_refused_with_the_form_kept(client, workshop, attendee):
    ReportFactory(
        workshop=workshop, state="corrections", corrections_until=timezone.now() + timedelta(1)
    )
    client.force_login(attendee)

    response = client.post(reverse("breakouts:report_correct", args=[workshop.slug]), {"text": ""})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Correction.objects.exists()


def test_corrections_close_when_their_time_is_up(client, workshop, attendee):
    ReportFactory(
        workshop=workshop, state="corrections", corrections_until=timezone.now() - timedelta(1)
    )
    client.force_login(attendee)

    assert page(client, workshop).status_code == 404
    response = client.post(
        reverse("breakouts:report_correct", args=[workshop.slug]), {"text": "Too late"}
    )
    assert response.status_code == 404
    assert not Correction.objects.exists()


def test_signed_out_attendee_following_the_email_is_asked_to_sign_in(client, workshop):
    ReportFactory(
        workshop=workshop, state="corrections", corrections_until=timezone.now() + timedelta(1)
    )

    response = page(client, workshop)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_deciding_a_correction_tells_its_author_once(
    client, workshop, organiser, attendee, django_capture_on_commit_callbacks
):
    report = ReportFactory(workshop=workshop, state="corrections")
    correction = Correction.objects.create(report=report, author=attendee, text="Add BSL")
    client.force_login(organiser)
    url = reverse("breakouts:correction_decide", args=[correction.pk])
    data = {f"c{correction.pk}-decision": "accept", f"c{correction.pk}-reply": "Added, thank you."}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    second = client.post(url, data, follow=True)  # a double click

    assert second.status_code == 200
    assert "decided already" in second.content.decode()
    correction.refresh_from_db()
    assert (correction.state, correction.reply) == ("accepted", "Added, thank you.")
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.to) == ("breakout.correction_decided", attendee.email)
    assert "The organisers accepted it." in email.body_text
    assert "Added, thank you." in email.body_text


def test_organisers_page_lists_corrections_waiting_first(client, workshop, organiser, attendee):
    report = ReportFactory(workshop=workshop, state="corrections")
    Correction.objects.create(report=report, author=attendee, text="Old one", state="declined")
    Correction.objects.create(report=report, author=attendee, text="Waiting one")
    client.force_login(organiser)

    content = client.get(reverse("breakouts:report_edit", args=[workshop.slug])).content.decode()

    assert content.index("Waiting one") < content.index("Old one")
    assert content.count("Save the decision") == 1


# Merging and publishing


def test_merged_duplicate_is_shown_under_the_one_followed_up(client, workshop, organiser):
    first = record(workshop, "Promoting Action", recommendations=("Fund interpreters",))
    second = record(workshop, "Increasing Resources", recommendations=("Pay for interpreting",))
    keep, duplicate = first.recommendations.get(), second.recommendations.get()
    evidence = ContributionFactory(title="Interpreting in clinics", state="accepted")
    duplicate.contributions.add(evidence)
    publish(workshop)
    client.force_login(organiser)

    client.post(
        reverse("breakouts:recommendation_merge", args=[workshop.slug]),
        {"duplicate": duplicate.pk, "into": keep.pk},
    )

    keep.refresh_from_db()
    assert list(keep.contributions.all()) == [evidence]
    assert Recommendation.objects.get(pk=duplicate.pk).merged_into == keep
    client.logout()
    content = page(client, workshop).content.decode()
    assert content.count("Fund interpreters") == 1
    assert "“Pay for interpreting” (the group “Increasing Resources”)" in content
    rows = csv_rows(client, workshop)
    assert [row[1] for row in rows[1:]] == ["Fund interpreters"]
    assert rows[1][7] == "Increasing Resources: Pay for interpreting"

    client.force_login(organiser)
    client.post(reverse("breakouts:recommendation_separate", args=[duplicate.pk]))
    assert Recommendation.objects.get(pk=duplicate.pk).merged_into is None


def test_merging_a_recommendation_with_itself_is_refused(client, workshop, organiser):
    keep = record(workshop, recommendations=("One", "Two")).recommendations.first()
    client.force_login(organiser)

    response = client.post(
        reverse("breakouts:recommendation_merge", args=[workshop.slug]),
        {"duplicate": keep.pk, "into": keep.pk},
    )

    assert response.status_code == 400
    assert "Choose a different recommendation to merge with." in response.content.decode()


def test_merge_keeps_chains_one_step_deep(workshop, organiser):
    a, b, c = (
        record(workshop, name, recommendations=(name,)).recommendations.get()
        for name in ("A", "B", "C")
    )
    services.merge(a, into=b, by=organiser)
    services.merge(b, into=c, by=organiser)

    assert Recommendation.objects.get(pk=a.pk).merged_into_id == c.pk
    with pytest.raises(PortalError):
        services.merge(c, into=b, by=organiser)


def test_publishing_makes_it_public_emails_attendees_and_links_the_workshop_page(
    client, workshop, organiser, attendee, django_capture_on_commit_callbacks
):
    record(workshop, recommendations=("Fund interpreters",))
    client.force_login(organiser)
    client.get(reverse("breakouts:report_edit", args=[workshop.slug]))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("breakouts:report_publish", args=[workshop.slug]))
    again = client.post(reverse("breakouts:report_publish", args=[workshop.slug]), follow=True)

    assert "The report is published already." in again.content.decode()
    assert Report.objects.get(workshop=workshop).state == "published"
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.to) == ("breakouts.report_published", attendee.email)
    client.logout()
    assert "Fund interpreters" in page(client, workshop).content.decode()
    workshop_page = client.get(reverse("workshops:detail", args=[workshop.slug])).content.decode()
    assert reverse("breakouts:report", args=[workshop.slug]) in workshop_page


def test_follow_up_email_links_the_published_report(workshop, django_capture_on_commit_callbacks):
    from workshops.emails import preview_follow_up

    assert "/report/" not in preview_follow_up(workshop, message="", recipients=1).text
    with django_capture_on_commit_callbacks(execute=True):  # publishing empties the cache
        publish(workshop)
    text = preview_follow_up(workshop, message="", recipients=1).text
    assert f"/workshops/{workshop.slug}/report/" in text


# Downloads


def csv_rows(client, workshop):
    import csv

    response = client.get(reverse("breakouts:report_csv", args=[workshop.slug]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_one_row_per_recommendation_and_no_formulas(client, workshop):
    record(workshop, recommendations=('=HYPERLINK("http://x")', "Fund interpreters"))
    publish(workshop)

    rows = csv_rows(client, workshop)

    assert rows[0][:2] == ["Group", "Recommendation"]
    assert sorted(row[1] for row in rows[1:]) == ['\'=HYPERLINK("http://x")', "Fund interpreters"]


def test_markdown_has_every_part(client, workshop):
    record(workshop, recommendations=("Fund interpreters", "Train staff"))
    publish(workshop)

    response = client.get(reverse("breakouts:report_markdown", args=[workshop.slug]))

    text = response.content.decode()
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert text.startswith(f"# Report of {workshop.title}")
    for expected in ("- Fund interpreters", "- Train staff", "What works in Promoting Action?"):
        assert expected in text


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_pdf_is_tagged_and_has_every_recommendation(client, workshop):
    texts = [f"Recommendation number {n} for the council" for n in range(5)]
    record(workshop, recommendations=texts[:3])
    record(workshop, "Second group", recommendations=texts[3:])
    publish(workshop)

    response = client.get(reverse("breakouts:report_pdf", args=[workshop.slug]))

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert root["/StructTreeRoot"]["/Type"] == "/StructTreeRoot"
    assert root["/MarkInfo"] == {"/Marked": True}
    assert reader.metadata.title == f"Report of {workshop.title}"
    text = pdf_text(response)
    assert all(text.count(each) == 1 for each in texts)
    assert "private.contact@example.org" not in text


def test_large_pdf_is_built_by_a_worker_while_the_page_shows_how_far(client, workshop, settings):
    settings.REPORT_PDF_INLINE_LIMIT = 2
    record(workshop, recommendations=("One", "Two", "Three"))
    publish(workshop)
    url = reverse("breakouts:report_pdf", args=[workshop.slug])

    # The task runs at once in tests (eager): the page is answered all the same.
    waiting = client.get(url)

    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "10"
    content = waiting.content.decode()
    assert content.count("<h1>The PDF is being prepared</h1>") == 1
    assert '<progress id="pdf-progress-bar" max="100"' in content
    assert "http-equiv" not in content
    progress = client.get(reverse("breakouts:report_pdf_progress", args=[workshop.slug]))
    assert progress.json() == {"building": False}  # the worker has finished
    assert client.get(url).status_code == 200
