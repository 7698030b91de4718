"""The files an import of organisations takes: CSV text in UTF-8 (with or without a byte
order mark), commas or semicolons, at most 5 MB; anything else is refused in plain words."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .test_import import upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04rest-of-a-spreadsheet", "This is not a CSV file"),
        ("Name\nCaf\xe9 Society\n".encode("latin-1"), "The file is not saved as UTF-8 text"),
        (b"Name,Website\n", "The file has headings but no organisations."),
        (b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_a_csv_is_refused(client, organiser, content, message):
    client.force_login(organiser)
    file = SimpleUploadedFile("list.csv", content, content_type="text/csv")
    response = client.post(reverse("networks:organisations_import"), {"file": file})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "networks.organisation_import" not in client.session


def test_semicolons_and_a_byte_order_mark_are_read(client, organiser):
    client.force_login(organiser)
    upload(client, "\ufeffNom;Website\nCafé Society;cafe.example.org\n")
    kept = client.session["networks.organisation_import"]
    assert (kept["header"], kept["rows"]) == (
        ["Nom", "Website"],
        [["Café Society", "cafe.example.org"]],
    )


def test_a_file_over_5_mb_is_refused(client, organiser):
    client.force_login(organiser)
    response = upload(client, "Name\n" + "x" * (5 * 1024 * 1024))
    assert "it can be at most 5 MB" in response.content.decode()
