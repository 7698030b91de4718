"""The demo's breakout groups: the seeds' groups on the past workshops, recorded as examples and
ready for the plenary, one group on the upcoming workshop for the demo facilitator, and
nothing doubled when load_demo runs again."""

from io import StringIO

import pytest
from django.core.management import call_command

from breakouts.models import Entry, Group, Recommendation, Report, Revision, Section
from socialjustice.models import OutgoingEmail

pytestmark = pytest.mark.django_db

UNDERSTANDINGS = "understandings-of-inequality-2020-06-24"
MORE_UNITED = "more-united-than-divided-2020-11-19"
UPCOMING = "from-recommendations-to-action"


def load_demo():
    call_command("load_demo", stdout=StringIO())


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Group, Section, Entry, Recommendation, Revision)
    }


def names(slug):
    return list(Group.objects.filter(workshop__slug=slug).values_list("name", flat=True))


@pytest.fixture
def debug(settings):
    # The demo accounts, the facilitator among them, are made only with DEBUG on.
    settings.DEBUG = True


def test_load_demo_twice_doubles_no_group_entry_or_recommendation(debug):
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    assert first == {
        "Group": 8,
        "Section": 7,
        "Entry": 18,
        "Recommendation": 15,
        "Revision": 40,
    }


def test_load_demo_gives_the_past_workshops_the_seeds_groups_with_recommendations(debug):
    load_demo()
    assert names(UNDERSTANDINGS) == [
        "Challenges and good practice",
        "Priorities for service development",
        "Designing development research",
        "Research collaboration",
    ]
    assert names(MORE_UNITED) == [
        "Promoting Action",
        "Increasing Resources",
        "Supporting Partnerships",
    ]
    past = Group.objects.filter(workshop__slug__in=[UNDERSTANDINGS, MORE_UNITED])
    for group in past:
        assert 2 <= group.recommendations.count() <= 3
        assert group.ready_at is not None
        assert [person.email for person in group.facilitators.all()] == ["facilitator@example.org"]
        assert group.sections.get(kind="notes").text.startswith("Example:")
    assert not Recommendation.objects.filter(group__in=past, level=None).exists()
    assert not Recommendation.objects.filter(group__in=past, four_r=None).exists()
    assert not Recommendation.objects.filter(group__in=past, category=None).exists()
    assert not Recommendation.objects.filter(group__in=past, owner_network=None).exists()
    site = Entry.objects.get(kind="site")
    assert site.organisation.name == "University of Leeds"
    assert site.group.name == "Research collaboration"


def test_load_demo_assigns_the_demo_facilitator_to_one_upcoming_group_without_outputs(debug):
    load_demo()
    upcoming = Group.objects.get(workshop__slug=UPCOMING)
    assert upcoming.name == "Priorities for service development"
    assert [person.email for person in upcoming.facilitators.all()] == ["facilitator@example.org"]
    assert upcoming.ready_at is None
    assert upcoming.sections.count() == 0
    assert upcoming.entries.count() == 0
    assert upcoming.recommendations.count() == 0


def test_load_demo_without_demo_accounts_makes_the_groups_without_facilitators():
    load_demo()
    load_demo()
    assert Group.objects.count() == 8
    assert Group.objects.filter(facilitators__isnull=False).count() == 0
    assert Group.objects.filter(ready_at__isnull=False).count() == 7


def test_load_demo_again_keeps_the_same_groups_and_emails_nobody_twice(debug):
    load_demo()
    first = sorted(Group.objects.values_list("pk", flat=True))
    emails = OutgoingEmail.objects.count()
    load_demo()
    assert sorted(Group.objects.values_list("pk", flat=True)) == first
    assert OutgoingEmail.objects.count() == emails


def test_load_demo_publishes_the_report_of_understandings_of_inequality(client, debug):
    load_demo()
    load_demo()

    report = Report.objects.get()
    assert (report.workshop.slug, report.state) == (UNDERSTANDINGS, "published")
    assert report.summary.startswith("Example:")
    content = client.get(f"/workshops/{UNDERSTANDINGS}/report/").content.decode()
    assert content.count("<h1>") == 1
    assert "Recommendations" in content
    # Written directly: loading the demo emails none of its attendees about it.
    assert not OutgoingEmail.objects.filter(kind="breakouts.report_published").exists()
