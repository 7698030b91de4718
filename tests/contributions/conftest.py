"""Fixtures shared by the tests of contributions: an open call with its own organiser, a
contributor, what a complete contribution says, documents to attach, and a way to send one
the way the form does."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contributions.services.contributions import ContributionDetails, save
from networks.models import EqualityGroup, Level, Sector
from tests.factories import CallFactory, UserFactory
from tests.workshops.test_uploads import DOCX, ODT, PDF, PNG, PPTX


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded documents go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list[str]:
    """The files under `root`, as names relative to it."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def document(name: str = "evidence.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


DOCUMENTS = {"pdf": PDF, "docx": DOCX, "odt": ODT, "pptx": PPTX, "png": PNG}


@pytest.fixture
def call_organiser(db):
    """Organises the call's workshop; not a site-wide organiser."""
    return UserFactory(display_name="Olu Organiser", email="olu@example.org")


@pytest.fixture
def call(call_organiser):
    """An open call (a week old, two weeks to go) for a workshop `call_organiser` runs."""
    call = CallFactory(title="Examples of policy and practice")
    call.workshop.organisers.add(call_organiser)
    return call


@pytest.fixture
def closed_call(db):
    return CallFactory(
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def contributor(db):
    return UserFactory(display_name="Amina Yusuf", email="amina@example.org")


def complete(**changes) -> ContributionDetails:
    """Everything sending needs, as a contributor who filled in the form says it."""
    values = {
        "title": "Digital exclusion of older people during lockdown",
        "summary": "Services moved online and older people without the internet lost them.",
        "body": "The council moved its advice service online in March 2020.",
        "groups": (EqualityGroup.objects.get(slug="age"),),
        "sectors": (Sector.objects.get(slug="local-government"),),
        "effect": "created",
        "covid": True,
        "levels": (Level.objects.get(slug="service-level"),),
        "country": "Scotland",
        "consent": True,
    }
    return ContributionDetails(**(values | changes))


def send(call, by, **changes):
    """A contribution sent complete, as the form's "Send" does it."""
    return save(call, complete(**changes), by=by, send=True)
