"""An organiser imports a list of organisations on a phone-sized screen: chooses the CSV
file, checks which column is which, reads the preview (one row has a mistake, so nothing can
be imported yet), corrects that row there, imports, and could undo it. Every page is audited
with axe and must fit a 390 px wide screen. Then a visitor looks at the network picture."""

import pytest
from playwright.sync_api import expect

from networks.models import ImportBatch, Organisation
from tests.factories import CollaborationFactory, NetworkFactory, OrganisationFactory

from .test_breakouts import PHONE, fits

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    b"Organisation;Web address;Town;Research site\n"
    b"Leeds Poverty Truth Commission;leedspovertytruth.org.uk;Leeds;yes\n"
    b"University of Leeds;https://leeds.ac.uk/;Leeds;yes\n"
    b";arc.example.org;Leeds;perhaps\n"
)


def test_organiser_previews_corrects_a_row_and_imports(page, live_server, axe, sign_in, organiser):
    OrganisationFactory(name="University of Leeds", website="https://www.leeds.ac.uk/")
    page.set_viewport_size(PHONE)
    sign_in(organiser)

    page.goto(f"{live_server.url}/networks/organisations/import/")
    axe.check()
    fits(page)
    page.get_by_label("The list of organisations, saved as CSV").set_input_files(
        {"name": "organisations.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Choose which column is which").click()
    axe.check()
    fits(page)
    expect(page.get_by_label("Column 1: “Organisation”")).to_have_value("name")
    expect(page.get_by_label("Column 2: “Web address”")).to_have_value("website")
    expect(page.get_by_label("Column 3: “Town”")).to_have_value("city")
    page.get_by_role("button", name="Preview the import").click()
    axe.check()
    fits(page)

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("1 row has a mistake: nothing can be imported yet")
    expect(summary).to_contain_text("“perhaps” is not yes or no.")
    expect(page.get_by_text("matches University of Leeds by website")).to_be_visible()
    expect(page.get_by_role("button", name="Import these organisations")).to_have_count(0)

    row = page.locator("#row-4")
    row.get_by_label("Name").fill("Arc of Inclusion")
    row.get_by_label("Willing to act as a research site").fill("no")
    row.get_by_role("button", name="Save row 4 and preview again").click()
    axe.check()
    fits(page)
    expect(page.locator(".alert-success")).to_contain_text("Row 4 is changed.")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.get_by_text("2 new organisations")).to_be_visible()
    page.get_by_role("button", name="Import these organisations").click()
    axe.check()
    fits(page)

    expect(page.locator(".alert-success")).to_contain_text("The organisations are imported")
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Arc of Inclusion",
        "Leeds Poverty Truth Commission",
        "University of Leeds",
    ]
    batch = ImportBatch.objects.get()
    page.get_by_role("link", name=f"Undo import {batch.pk}").click()
    axe.check()
    fits(page)
    expect(page.get_by_role("button", name="Undo this import")).to_be_visible()


def test_a_visitor_sees_the_picture_and_its_text_list(page, live_server, axe):
    health, equal = NetworkFactory(name="Health Network"), NetworkFactory(name="Equal England")
    bridge = OrganisationFactory(name="University of Leeds")
    health.organisations.add(bridge, OrganisationFactory(name="Leeds Poverty Truth Commission"))
    equal.organisations.add(bridge)
    CollaborationFactory(title="Network of Networks", networks=[health])
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/networks/picture/")
    axe.check()
    fits(page)
    expect(
        page.get_by_role("img", name="The networks, their organisations and collaborations")
    ).to_be_visible()
    expect(page.locator("#bridges-heading + p + ol")).to_contain_text(
        "University of Leeds connects Equal England, Health Network."
    )
    page.get_by_role("link", name="Network of Networks").first.click()
    axe.check()
    fits(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Network of Networks")
