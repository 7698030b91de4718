"""A participant's profile in the browser: the organisation is one box that suggests the
directory's organisations as they type. Opened and saved unchanged, it saves unchanged; a
suggestion picked with the keyboard links them to that organisation; a new name adds one.
Every page is audited with axe and must fit a 390 px wide screen."""

import pytest
from playwright.sync_api import expect

from networks.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

from .conftest import field

pytestmark = pytest.mark.django_db(transaction=True)


def profile_of(person):
    person.refresh_from_db()
    return (
        person.display_name,
        person.pronouns,
        person.job_title,
        person.sector,
        person.organisation_id,
        person.access_needs,
    )


def save(page, axe):
    page.get_by_role("button", name="Save my profile").click()
    axe.check()
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved.")


def test_profile_organisation_typed_with_suggestions(page, live_server, axe, sign_in):
    leeds = OrganisationFactory(name="University of Leeds")
    council = OrganisationFactory(name="Leeds City Council")
    OrganisationFactory(name="University of York")
    me = UserFactory(
        display_name="Amira Khan",
        pronouns="she/her",
        job_title="Coordinator",
        sector="voluntary",
        organisation=leeds,
        access_needs="Live captions",
    )
    before = profile_of(me)
    sign_in(me)
    url = f"{live_server.url}/me/profile/"

    # Opened with the person's data and saved unchanged: nothing changes.
    page.goto(url)
    axe.check()
    box = field(page, "Organisation")
    expect(box).to_have_value("University of Leeds")
    save(page, axe)
    assert profile_of(me) == before

    # Part of a name, the suggestion chosen with the keyboard.
    page.goto(url)
    axe.check()
    box = field(page, "Organisation")
    box.fill("")
    box.press_sequentially("leeds", delay=30)
    suggestions = page.get_by_role("listbox", name="Suggestions: Organisation")
    expect(suggestions.get_by_role("option")).to_have_text(
        ["Leeds City Council", "University of Leeds"]
    )
    expect(box).to_have_attribute("aria-expanded", "true")
    axe.check()  # the open list too
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(suggestions.get_by_role("option", name="University of Leeds")).to_have_attribute(
        "aria-selected", "true"
    )
    box.press("ArrowUp")
    box.press("Enter")  # picks the suggestion; does not send the form
    expect(box).to_have_value("Leeds City Council")
    expect(suggestions).to_be_hidden()
    expect(page).to_have_url(url)
    save(page, axe)
    me.refresh_from_db()
    assert me.organisation == council

    # A name the directory does not have is added to it.
    page.goto(url)
    axe.check()
    box = field(page, "Organisation")
    expect(box).to_have_value("Leeds City Council")
    box.fill("Chapeltown Carers")
    save(page, axe)
    me.refresh_from_db()
    assert me.organisation.name == "Chapeltown Carers"
    assert Organisation.objects.count() == 4
