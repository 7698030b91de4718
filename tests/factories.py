"""One plain factory per model."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from networks.models import (
    EqualityGroup,
    Membership,
    Network,
    Organisation,
    Partnership,
    Sector,
    Theme,
    User,
)
from socialjustice.models import ActivityLog, EmailAttachment, Mailing, OutgoingEmail
from workshops.models import (
    Material,
    ProgrammeItem,
    Registration,
    Speaker,
    Workshop,
    WorkshopSeries,
)

LONDON = ZoneInfo("Europe/London")


def london(*, days: int = 0, hour: int = 10, minute: int = 0) -> datetime:
    """A time of day in London, `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


PASSWORD = "a-long-test-password-1"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Networks working together to reduce inequality."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = "voluntary"
    place = "Leeds"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Equality Network {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    partnership = factory.SubFactory(PartnershipFactory)
    description = "Academics, voluntary groups and public services working on equality."


class EqualityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EqualityGroup

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Verified by default, as allauth requires before a first sign-in."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class OrganiserFactory(UserFactory):
    """A member of the site-wide Organisers group."""

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            self.groups.add(*Group.objects.filter(name__in=extracted or ["Organisers"]))


class FacilitatorFactory(UserFactory):
    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            self.groups.add(*Group.objects.filter(name__in=extracted or ["Facilitators"]))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingEmail

    key = factory.Sequence(lambda n: f"test-email-{n}")
    kind = "test"
    to = factory.Sequence(lambda n: f"recipient{n}@example.org")
    subject = "A test email"
    body_text = "Hello."


class EmailAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailAttachment

    digest = factory.Sequence(lambda n: f"{n:064x}")
    filename = "note.txt"
    mimetype = "text/plain"
    content = b"note"


class MailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailing

    key = factory.Sequence(lambda n: f"mailing:{n}")
    kind = "workshops.message"
    about = factory.SubFactory("tests.factories.WorkshopFactory")


class ActivityLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityLog

    verb = "workshops.workshop.changed"
    target_label = "A workshop"


class WorkshopSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopSeries

    title = factory.Sequence(lambda n: f"Achieving equitable public services {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    honorific = "Dr"
    affiliation = factory.SubFactory(OrganisationFactory)


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A published online workshop, a month from now, 10:00 to 12:30 London time."""

    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Understandings of Inequality {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    theme = "Understandings of inequality"
    description = "We explore how public services understand and challenge inequity."
    starts_at = factory.LazyFunction(lambda: london(days=30, hour=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2, minutes=30))
    format = "online"
    join_link = "https://meet.example.org/join/secret-room-123"
    state = "published"


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    workshop = factory.SubFactory(WorkshopFactory)
    starts_at = time(10, 0)
    ends_at = time(10, 30)
    kind = "talk"
    title = factory.Sequence(lambda n: f"Talk {n}")
    position = factory.Sequence(lambda n: n)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Presentation {n}")
    kind = "presentation"
    url = "https://example.org/slides.pdf"
    visibility = "public"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed place at a published workshop; the privacy notice agreed just now."""

    class Meta:
        model = Registration

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Registrant {n}")
    email = factory.Sequence(lambda n: f"registrant{n}@example.org")
    email_normalised = factory.LazyAttribute(lambda o: o.email.strip().lower())
    status = "confirmed"
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(
        lambda o: o.consented_at if o.status == "confirmed" else None
    )


class CallFactory(factory.django.DjangoModelFactory):
    """An open call for the contributions of a published workshop."""

    class Meta:
        model = "contributions.Call"

    title = factory.Sequence(lambda n: f"Examples of policy and practice {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    workshop = factory.SubFactory(WorkshopFactory)
    prompt = (
        "Please send us your examples of how public service policy and practice has created "
        "or reduced inequalities for particular population groups."
    )
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class ContributionFactory(factory.django.DjangoModelFactory):
    """A contribution sent to a call, waiting for review (version 1)."""

    class Meta:
        model = "contributions.Contribution"
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    author = factory.SubFactory(UserFactory)
    state = "submitted"
    title = factory.Sequence(lambda n: f"Example of practice {n}")
    summary = "Services moved online and some people could no longer reach them."
    body = "What happened, who ran it, and what the evidence showed."
    effect = "reduced"
    covid = True
    version = 1
    consented_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def versions(self, create, extracted, **kwargs):
        """The version it was sent as, as sending records it."""
        if create and self.version:
            from contributions.models import Version
            from contributions.services.contributions import version_content

            Version.objects.get_or_create(
                contribution=self,
                number=self.version,
                defaults={"content": version_content(self)},
            )


class BreakoutItemFactory(ProgrammeItemFactory):
    """A programme item of the kind "Breakout groups"."""

    starts_at = time(11, 10)
    ends_at = time(12, 0)
    kind = "breakouts"
    title = "Breakout groups"


class GroupFactory(factory.django.DjangoModelFactory):
    """A breakout group of a breakout item; `facilitators=[...]` assigns people."""

    class Meta:
        model = "breakouts.Group"
        skip_postgeneration_save = True

    item = factory.SubFactory(BreakoutItemFactory)
    workshop = factory.LazyAttribute(lambda o: o.item.workshop)
    name = factory.Sequence(lambda n: f"Challenges and good practice {n}")
    prompts = "What works, and what prevents good practice from being put in place?"
    room_link = "https://meet.example.org/breakout/secret-group-room"
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A recommendation of a breakout group, as its facilitator recorded it."""

    class Meta:
        model = "breakouts.Recommendation"

    group = factory.SubFactory(GroupFactory)
    text = factory.Sequence(
        lambda n: f"Fund community interpreters for every GP surgery in the area ({n})"
    )
    position = factory.Sequence(lambda n: n)


class ReportFactory(factory.django.DjangoModelFactory):
    """A workshop's report of its breakout groups: a draft unless `state` says otherwise."""

    class Meta:
        model = "breakouts.Report"

    workshop = factory.SubFactory(WorkshopFactory)
    summary = "The groups agreed that access to services must be designed with communities."


class EntryFactory(factory.django.DjangoModelFactory):
    """An entry of a breakout group's record: a research question unless `kind` says
    otherwise."""

    class Meta:
        model = "breakouts.Entry"

    group = factory.SubFactory(GroupFactory)
    kind = "question"
    text = factory.Sequence(lambda n: f"Who is missing from the service's own data? ({n})")
    position = factory.Sequence(lambda n: n)


class UpdateFactory(factory.django.DjangoModelFactory):
    """An entry of a recommendation's trail: a note, unless `changes` says what changed."""

    class Meta:
        model = "breakouts.Update"

    recommendation = factory.SubFactory(RecommendationFactory)
    note = "Discussed at the network's meeting."


class JoinRequestFactory(factory.django.DjangoModelFactory):
    """A request to join a network, waiting for its coordinators unless `state` says
    otherwise."""

    class Meta:
        model = "networks.JoinRequest"

    person = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)
    message = "I run a community group in Leeds and would like to take part."


class CollaborationFactory(factory.django.DjangoModelFactory):
    """A collaboration between networks; `networks` and `organisations` take lists."""

    class Meta:
        model = "networks.Collaboration"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Collaboration {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    aims = "Pooling our resources on transport and health inequalities."
    status = "active"

    @factory.post_generation
    def networks(self, create, extracted, **kwargs):
        if create and extracted:
            self.networks.add(*extracted)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.add(*extracted)


class StakeholderListFactory(factory.django.DjangoModelFactory):
    """A stakeholder list; `equality_groups` takes the groups it should reach."""

    class Meta:
        model = "networks.StakeholderList"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Who we invite {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "The organisations we invite to the open conversation."

    @factory.post_generation
    def equality_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.equality_groups.add(*extracted)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "networks.Stakeholder"

    stakeholder_list = factory.SubFactory(StakeholderListFactory)
    organisation = factory.SubFactory(OrganisationFactory)
