"""Joining a network in the browser on a phone-sized screen: a person finds a network in the
directory and asks to join it, its coordinator approves the request, and the person sees the
network on their own page. Every page is audited with axe and must fit a 390 px screen."""

import pytest
from playwright.sync_api import expect

from networks.models import EqualityGroup, Membership
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    OrganiserFactory,
    PartnershipFactory,
    UserFactory,
)

from .conftest import field
from .test_breakouts import PHONE, fits

pytestmark = pytest.mark.django_db(transaction=True)


def test_person_asks_to_join_and_the_coordinator_approves(page, live_server, axe, sign_in):
    partnership = PartnershipFactory(name="Partnerships for Social Justice")
    network = NetworkFactory(
        name="Leeds Equality Network",
        partnership=partnership,
        city="Leeds",
        region="Yorkshire and the Humber",
        description="Academic, voluntary sector, policy and public sector staff in Leeds.",
    )
    network.equality_groups.add(EqualityGroup.objects.get(slug="socio-economic-disadvantage"))
    network.organisations.add(OrganisationFactory(name="Leeds Poverty Truth Commission"))
    NetworkFactory(name="Equal England", partnership=partnership)
    coordinator = UserFactory(display_name="Chidi Okafor", email="chidi@example.org")
    network.coordinators.add(coordinator)
    amina = UserFactory(display_name="Amina Yusuf", email="amina@example.org")
    page.set_viewport_size(PHONE)

    sign_in(amina)
    page.goto(f"{live_server.url}/networks/")
    axe.check()
    fits(page)
    field(page, "Region, town or city").select_option("Leeds")
    page.get_by_role("button", name="Show networks").click()
    axe.check()
    expect(page.locator("#result-count")).to_have_text("1 network")
    # Its card in the list (the partnership at the top links to it too).
    page.locator("article").get_by_role("link", name="Leeds Equality Network").click()
    axe.check()
    fits(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Leeds Equality Network")
    field(page, "Message to the coordinators (optional)").fill("I volunteer at a food bank.")
    page.get_by_role("button", name="Ask to join").click()
    axe.check()
    expect(page.locator(".alert-success")).to_contain_text("the network's coordinators will")
    expect(page.get_by_text("You asked to join on")).to_be_visible()

    page.context.clear_cookies()
    sign_in(coordinator)
    page.goto(f"{live_server.url}/networks/{network.slug}/")
    axe.check()
    page.get_by_role("link", name="Requests to join: 1 waiting").click()
    axe.check()
    fits(page)
    expect(page.get_by_text("I volunteer at a food bank.")).to_be_visible()
    page.get_by_role("button", name="Approve Amina Yusuf").click()
    axe.check()
    expect(page.locator(".alert-success")).to_have_text(
        "Amina Yusuf is now a member of the network."
    )
    expect(page.get_by_text("No requests are waiting.")).to_be_visible()
    assert Membership.objects.filter(person=amina, network=network).count() == 1

    page.context.clear_cookies()
    sign_in(amina)
    page.goto(f"{live_server.url}/me/")
    axe.check()
    fits(page)
    page.get_by_role("link", name="Leeds Equality Network").click()
    axe.check()
    expect(page.get_by_text("You are a member since")).to_be_visible()
    expect(page.get_by_role("button", name="Leave the network")).to_be_visible()


def test_visitor_browses_partnership_and_organisations(page, live_server, axe):
    partnership = PartnershipFactory(
        name="Partnerships for Social Justice",
        aims="We aim to achieve:\n- new collaborations between Networks and organisations",
        impacts="1. Increased awareness of inequity issues",
    )
    network = NetworkFactory(name="Leeds Equality Network", partnership=partnership)
    friendly = OrganisationFactory(
        name="The Friendly Information Company",
        kind="voluntary",
        description="A social enterprise run by people with a range of disabilities.",
        open_to_collaboration=True,
        contact_email="private@example.org",
    )
    friendly.equality_groups.add(EqualityGroup.objects.get(slug="disability"))
    network.organisations.add(friendly)
    OrganisationFactory(name="University of Leeds", kind="academic", research_site=True)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/networks/")
    axe.check()
    page.get_by_role("heading", name="Partnerships for Social Justice").get_by_role("link").click()
    axe.check()
    fits(page)
    expect(page.get_by_role("heading", name="Impact")).to_be_visible()
    page.locator("article").get_by_role("link", name="Leeds Equality Network").click()
    axe.check()
    page.get_by_role("link", name="The Friendly Information Company").click()
    axe.check()
    fits(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("The Friendly Information Company")
    assert "private@example.org" not in page.content()
    page.get_by_role("link", name="Organisations", exact=True).first.click()
    axe.check()
    field(page, "Research sites").select_option("yes")
    page.get_by_role("button", name="Show organisations").click()
    axe.check()
    fits(page)
    expect(page.locator("#result-count")).to_have_text("1 organisation")
    expect(page.get_by_role("link", name="University of Leeds")).to_be_visible()


def test_organiser_appoints_a_coordinator_after_a_mistyped_address(page, live_server, axe, sign_in):
    network = NetworkFactory(name="Leeds Equality Network")
    UserFactory(display_name="Chidi Okafor", email="chidi@example.org")
    page.set_viewport_size(PHONE)

    sign_in(OrganiserFactory())
    page.goto(f"{live_server.url}/networks/{network.slug}/requests/")
    axe.check()
    fits(page)
    expect(page.get_by_text("The network has no coordinators")).to_be_visible()
    field(page, "Email address of the new coordinator").fill("chdi@example.org")
    page.get_by_role("button", name="Make them a coordinator").click()
    axe.check()
    expect(page.locator(".error-summary")).to_contain_text("No one has an account")
    email = field(page, "Email address of the new coordinator")
    expect(email).to_have_value("chdi@example.org")
    email.fill("chidi@example.org")
    page.get_by_role("button", name="Make them a coordinator").click()
    axe.check()
    expect(page.locator(".alert-success")).to_have_text(
        "Chidi Okafor is now a coordinator of the network."
    )
    expect(page.get_by_role("button", name="Remove as coordinator Chidi Okafor")).to_be_visible()
