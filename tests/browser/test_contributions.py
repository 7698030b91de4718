"""The journey of a contribution in the browser: a participant signs in by emailed code from
the call's page, saves a COVID-19 example as a draft, comes back, finishes it and sends it; an
organiser asks for a change; the participant edits it and sends it again; the organiser sees
what changed and accepts; a visitor finds it by search and by two groups at once, opens it and
opens the workshop pack.

The contributor uses the keyboard only (Tab, Shift+Tab, Space, Enter and typing). Every page
anyone sees is audited with axe and must fit a 390 px wide screen. Emails go through the
outbox, a real Celery worker and a real SMTP server."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from contributions.models import Contribution
from networks.models import EqualityGroup
from socialjustice.models import OutgoingEmail
from tests.browser.conftest import AccessibilityAudit, field
from tests.factories import CallFactory, ContributionFactory, OrganiserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 390, "height": 844}
EMAIL = "aileen@example.org"
TITLE = "Digital exclusion of older disabled people during lockdown"
SUMMARY = "When day centres closed, their support moved online and many could not reach it."
BODY = "The council moved every session to video calls in April 2020."
ADDED = "Volunteers phoned those without the internet every week."
MESSAGE = "Thank you. Please say what was done for people who had no internet at home."
WHAT_HAPPENED = "What the policy or practice was, who ran it, and what happened"


class Person:
    """One person's browser: every page they see is audited with axe and measured on a
    390 px wide screen; the contributor moves through a page with the keyboard."""

    def __init__(self, page, audit, url):
        self.page = page
        self.audit = audit
        self.url = url

    def visit(self, path):
        self.page.goto(self.url + path)
        self.look()

    def look(self):
        self.audit.check()
        size = self.page.viewport_size
        self.page.set_viewport_size(NARROW)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.page.set_viewport_size(size)
        assert width <= NARROW["width"], f"{self.page.url} is {width} px wide on a 390 px screen"

    def tab_to(self, target, *, limit=200):
        """Press Tab until the focus is on `target`, as someone using a keyboard does."""
        for _ in range(limit):
            if target.evaluate("element => element === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
        pytest.fail(f"Tab never reached {target} on {self.page.url}")

    def type_into(self, target, text):
        self.tab_to(target)
        self.page.keyboard.type(text)

    def press(self, target, key="Enter"):
        self.tab_to(target)
        self.page.keyboard.press(key)

    def heading(self):
        return self.page.get_by_role("heading", level=1)

    def status(self):
        return self.page.get_by_role("status")


@pytest.fixture
def person(new_context, live_server):
    """Someone else's browser (signed in when a user is given), its pages audited too."""
    audits = []

    def _open(user=None):
        context = new_context()
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        audits.append(AccessibilityAudit(page))
        return Person(page, audits[-1], live_server.url)

    yield _open
    for audit in audits:
        audit.assert_every_page_audited()


def test_contribution_from_sign_in_by_code_to_the_workshop_pack(
    page, axe, live_server, smtp_server, celery_worker, settings, person
):
    settings.PORTAL_URL = live_server.url
    organiser = OrganiserFactory(display_name="Sarah Salway")
    workshop = WorkshopFactory(title="Understandings of Inequality")
    workshop.organisers.add(organiser)
    call = CallFactory(
        workshop=workshop,
        title="Examples of policy and practice",
        guidance="Say what happened, to whom, and how you know.",
        what_happens="The organisers read every example before the workshop.",
    )
    # One accepted example about each of the two groups alone: only the new one names both.
    for group in EqualityGroup.objects.filter(name__in=["Age", "Disability"]):
        ContributionFactory(
            call=call, state="accepted", title=f"Another example about {group.name.lower()}"
        ).groups.set([group])

    aileen = Person(page, axe, live_server.url)
    sign_in_by_code_and_save_a_draft(aileen, call, smtp_server)
    finish_and_send(aileen)
    sarah = person(organiser)
    ask_for_a_change(sarah, call)
    edit_and_send_again(aileen)
    see_what_changed_and_accept(sarah, call)
    find_it_and_open_the_pack(person(), workshop)

    sent = smtp_server.wait_for(5)
    assert [(message["To"], message["Subject"]) for message in sent] == [
        (EMAIL, "Your sign-in code for Partnerships for Social Justice"),
        (EMAIL, f"We have your contribution: {TITLE}"),
        (EMAIL, f"Changes asked for: {TITLE}"),
        (EMAIL, f"We have your contribution: {TITLE}"),
        (EMAIL, f"Your contribution is accepted: {TITLE}"),
    ]
    assert MESSAGE in smtp_server.text(sent[2])
    assert list(OutgoingEmail.objects.order_by("pk").values_list("kind", "state")) == [
        ("account.login_code", "sent"),
        ("contribution.received", "sent"),
        ("contribution.changes", "sent"),
        ("contribution.received", "sent"),
        ("contribution.accepted", "sent"),
    ]


def sign_in_by_code_and_save_a_draft(aileen, call, smtp_server):
    """No account yet: her email address on the call's page, the code from the email, and she
    is back at the form. A title, a summary, one group and COVID-19, saved as a draft."""
    page = aileen.page
    aileen.visit(f"/contributions/calls/{call.slug}/")
    aileen.type_into(field(page, "Your email address"), EMAIL)
    page.keyboard.press("Enter")
    [message] = smtp_server.wait_for(1)
    code = re.search(r"Your sign-in code is:\s+(\S+)", smtp_server.text(message)).group(1)
    expect(aileen.heading()).to_have_text("Type your sign-in code")
    aileen.look()
    aileen.type_into(field(page, "Code"), code)
    page.keyboard.press("Enter")
    expect(aileen.heading()).to_have_text("Your contribution")
    aileen.look()

    aileen.type_into(field(page, "Title"), TITLE)
    aileen.type_into(field(page, "Summary, in one or two sentences"), SUMMARY)
    aileen.press(field(page, "Age"), "Space")
    aileen.press(field(page, "Yes"), "Space")
    aileen.press(page.get_by_role("button", name="Save as draft"))
    expect(aileen.status()).to_contain_text("Saved as a draft.")
    expect(aileen.heading()).to_have_text(f"Edit: {TITLE}")
    aileen.look()
    draft = Contribution.objects.get(author__email=EMAIL)
    assert (draft.state, draft.summary, draft.covid, draft.version) == ("draft", SUMMARY, True, 0)
    assert list(draft.groups.values_list("name", flat=True)) == ["Age"]


def finish_and_send(aileen):
    """Back later from her own page: what happened, a second group, the sector, the effect,
    the country, her agreement; sent."""
    page = aileen.page
    aileen.visit("/me/")
    expect(
        page.get_by_text("A draft: finish it and send it before the call closes.")
    ).to_be_visible()
    aileen.press(page.get_by_role("link", name=f"Edit {TITLE}"))
    expect(field(page, "Summary, in one or two sentences")).to_have_value(SUMMARY)
    expect(field(page, "Age")).to_be_checked()
    aileen.look()
    aileen.type_into(field(page, WHAT_HAPPENED), BODY)
    aileen.press(field(page, "Disability"), "Space")
    aileen.press(field(page, "Social care"), "Space")
    aileen.press(field(page, "Created inequality"), "Space")
    aileen.type_into(field(page, "Country"), "Scotland")
    aileen.press(page.get_by_label(re.compile(r"^\s*I agree that the organisers")), "Space")
    aileen.press(page.get_by_role("button", name="Send", exact=True))
    expect(aileen.status()).to_contain_text("Thank you: your contribution is sent.")
    expect(page.get_by_text("Waiting for the organisers to decide.")).to_be_visible()
    aileen.look()


def ask_for_a_change(sarah, call):
    """The organiser finds it in the call's queue and asks for a change, with a message."""
    page = sarah.page
    sarah.visit("/organise/")
    page.get_by_role("link", name="Calls for contributions").click()
    sarah.look()
    page.get_by_role("link", name=call.title).click()
    expect(sarah.heading()).to_have_text(f"Review: {call.title}")
    sarah.look()
    page.get_by_label("State").select_option(label="Sent, waiting for review")
    page.get_by_role("button", name="Show").click()
    sarah.look()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text(f"{EMAIL} (no name given)")).to_be_visible()
    sarah.look()
    page.get_by_label("Ask for changes").check()
    page.get_by_label("Message to the contributor").fill(MESSAGE)
    page.get_by_role("button", name="Save the decision").click()
    expect(sarah.status()).to_contain_text("Your decision is saved")
    sarah.look()


def edit_and_send_again(aileen):
    """She sees what was asked, on her page and on the form, and adds it (the caret starts at
    the beginning of the text, so the new sentence comes first)."""
    page = aileen.page
    aileen.visit("/me/")
    expect(page.get_by_text("Changes asked: edit and send again.")).to_be_visible()
    aileen.press(page.get_by_role("link", name=f"Edit {TITLE}"))
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    aileen.look()
    aileen.type_into(field(page, WHAT_HAPPENED), ADDED + " ")
    aileen.press(page.get_by_role("button", name="Send again"))
    expect(aileen.status()).to_contain_text("Thank you: your contribution is sent.")
    aileen.look()


def see_what_changed_and_accept(sarah, call):
    page = sarah.page
    sarah.visit(f"/organise/contributions/calls/{call.slug}/")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_contain_text("version 2")
    page.get_by_role("link", name=TITLE).click()
    sarah.look()
    changes = page.get_by_role("region", name="What changed since version 1 (version 2)")
    expect(changes.get_by_role("heading", level=3)).to_have_text(["What happened"])
    expect(changes.locator("ins")).to_have_text([f"[added: {ADDED}]"])
    expect(changes.locator("del")).to_have_count(0)
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(sarah.status()).to_contain_text("Your decision is saved")
    sarah.look()
    contribution = Contribution.objects.get(title=TITLE)
    assert (contribution.state, contribution.version) == ("accepted", 2)


def find_it_and_open_the_pack(visitor, workshop):
    """Found by searching, then by choosing two groups (Age alone finds two examples, Age and
    Disability only this one); opened; then the workshop's pack. Her email address, all the
    name a code-made account has, is shown nowhere."""
    page = visitor.page
    visitor.visit("/contributions/")
    expect(page.locator("#result-count")).to_have_text("3 examples")
    page.get_by_role("searchbox", name="Search").fill("lockdown day centres")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("1 example")
    visitor.look()
    result = page.get_by_role("article")
    expect(result.get_by_role("heading")).to_have_text(TITLE)
    # The words found are marked in the title and in the summary.
    expect(result.locator("mark")).to_have_text(["lockdown", "day", "centres"])

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Examples of practice"
    ).click()
    visitor.look()
    groups = page.get_by_role("region", name="Groups affected")
    groups.get_by_role("link", name="Age", exact=True).click()
    expect(page.locator("#result-count")).to_have_text("2 examples")
    visitor.look()
    groups.get_by_role("link", name="Disability", exact=True).click()
    expect(page.locator("#result-count")).to_have_text("1 example")
    expect(page.get_by_text("Showing the examples that name every group chosen.")).to_be_visible()
    visitor.look()
    assert page.url == visitor.url + "/contributions/?groups=age&groups=disability"

    page.get_by_role("link", name=TITLE).click()
    expect(visitor.heading()).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text(ADDED)
    visitor.look()
    assert EMAIL not in page.content()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    visitor.look()
    page.get_by_role("link", name=workshop.title).click()
    visitor.look()
    page.get_by_role("link", name="Read the contributions sent for this workshop").click()
    expect(visitor.heading()).to_have_text(f"Contributions to {workshop.title}")
    expect(page.get_by_role("heading", level=3, name=TITLE)).to_be_visible()
    visitor.look()
    assert EMAIL not in page.content()
