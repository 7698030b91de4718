"""Who may download a workshop's materials: public ones everyone, those kept for participants
only the workshop's organisers and people with a confirmed place, signed in or through their
registration's private link."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import (
    MaterialFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def sign_in(client, role, workshop):
    """Sign in someone in `role` towards `workshop` (nobody for an anonymous visitor)."""
    if role == "anonymous":
        return
    if role == "site_organiser":
        user = OrganiserFactory()
    else:
        user = UserFactory()
        if role == "workshop_organiser":
            workshop.organisers.add(user)
        elif role == "other_organiser":
            WorkshopFactory().organisers.add(user)
    client.force_login(user)


@pytest.fixture
def upload(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(**fields):
        return MaterialFactory(
            url="",
            file=SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf"),
            filename="slides.pdf",
            mimetype="application/pdf",
            **fields,
        )

    return make


def download_url(material):
    return reverse("workshops:material_download", args=[material.workshop.slug, material.pk])


@pytest.mark.parametrize("role", ["anonymous", "participant", "site_organiser"])
def test_public_material_downloaded_by_anyone(client, upload, role):
    material = upload(visibility="public")
    sign_in(client, role, material.workshop)
    response = client.get(download_url(material))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="slides.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    response.close()


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 403), ("other_organiser", 403)]
    + [("workshop_organiser", 200), ("site_organiser", 200)],
)
def test_registrants_material_download(client, upload, role, status):
    material = upload(visibility="registrants")
    sign_in(client, role, material.workshop)
    url = download_url(material)
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        response.close()
    else:
        assert PDF not in response.content
    if status == 302:
        assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("participant", 404), ("workshop_organiser", 200)],
)
def test_draft_workshop_material_download(client, upload, role, status):
    material = upload(visibility="public", workshop=WorkshopFactory(state="draft"))
    sign_in(client, role, material.workshop)
    response = client.get(download_url(material))
    assert response.status_code == status
    if status == 200:
        response.close()


@pytest.mark.parametrize("role", ["anonymous", "participant"])
def test_registrants_material_download_through_a_confirmed_place_link(client, upload, role):
    material = upload(visibility="registrants")
    registration = RegistrationFactory(workshop=material.workshop)
    sign_in(client, role, material.workshop)
    response = client.get(f"{download_url(material)}?registration={registration.token}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_draft_workshop_material_not_found_through_a_place_link(client, upload):
    material = upload(visibility="registrants", workshop=WorkshopFactory(state="draft"))
    registration = RegistrationFactory(workshop=material.workshop)
    response = client.get(f"{download_url(material)}?registration={registration.token}")
    assert response.status_code == 404
