"""One plain factory per model."""

import factory
from django.contrib.auth.models import Group
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
from socialjustice.models import OutgoingEmail, OutgoingEmailAttachment

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


class OutgoingEmailAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingEmailAttachment

    email = factory.SubFactory(OutgoingEmailFactory)
    filename = "note.txt"
    mimetype = "text/plain"
    content = b"note"
