"""The breakout pages from outside: an organiser sets up groups and their people, a
facilitator records (with the page's script, and without it), the plenary screen shows what is
ready. Query counts stay the same however much a group recorded."""

import pytest
from django.urls import reverse

from breakouts.models import Entry, Group, Member, Recommendation, Section
from tests.factories import (
    BreakoutItemFactory,
    ContributionFactory,
    GroupFactory,
    NetworkFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def group(facilitator):
    return GroupFactory(facilitators=[facilitator])


def save(client, group, **data):
    return client.post(reverse("breakouts:save", args=[group.pk]), data, **JSON)


def test_an_organiser_adds_a_group_with_a_facilitator_from_a_template(client, organiser):
    item = BreakoutItemFactory()
    person = UserFactory(email="Amal.Facilitator@example.org")
    client.force_login(organiser)
    url = reverse("breakouts:group_create", args=[item.workshop.slug, item.pk])
    page = client.get(url + "?from=priorities")
    assert "Priorities for service development" in page.content.decode()
    response = client.post(
        url,
        {
            "name": "Priorities for service development",
            "prompts": "Short, medium and longer term goals",
            "facilitator_emails": "amal.facilitator@example.org",
            "room_link": "https://meet.example.org/room-2",
        },
    )
    assert response.status_code == 302
    group = Group.objects.get()
    assert list(group.facilitators.all()) == [person]
    assert person.groups.filter(name="Facilitators").exists()
    listing = client.get(reverse("breakouts:groups", args=[item.workshop.slug])).content.decode()
    assert "Priorities for service development" in listing
    assert person.display_name in listing


def test_each_group_row_says_what_it_lacks_and_what_can_be_done(client, organiser):
    group = GroupFactory(name="Housing and older people")
    GroupFactory(item=group.item, name="Transport")
    client.force_login(organiser)
    listing = client.get(reverse("breakouts:groups", args=[group.workshop.slug])).content.decode()
    row = listing.split("Housing and older people", 1)[1].split("</tr>", 1)[0]
    assert "None yet" in row and "Not yet" in row
    for action in ("Outputs", "People", "Edit", "Delete"):
        assert f'{action}<span class="visually-hidden"> Housing and older people</span>' in row
    assert listing.count("Not yet") == 2


def test_an_unknown_facilitator_address_is_refused_and_the_input_kept(client, organiser):
    item = BreakoutItemFactory()
    client.force_login(organiser)
    url = reverse("breakouts:group_create", args=[item.workshop.slug, item.pk])
    response = client.post(
        url, {"name": "Research collaboration", "facilitator_emails": "nobody@x.org"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "No account has the address nobody@x.org" in body
    assert 'value="Research collaboration"' in body
    assert not Group.objects.exists()


def test_the_organiser_allocates_people_and_sees_access_requirements(client, organiser):
    group = GroupFactory()
    other = GroupFactory(item=group.item)
    needs = RegistrationFactory(workshop=group.workshop, access_requirements="Live captions")
    plain = RegistrationFactory(workshop=group.workshop)
    Member.objects.create(group=other, registration=plain, item=group.item)
    client.force_login(organiser)
    url = reverse("breakouts:members", args=[group.pk])
    page = client.get(url).content.decode()
    assert "Live captions" in page and f"now in {other.name}" in page
    client.post(url, {"registrations": [needs.pk, plain.pk]})
    assert set(group.members.values_list("registration", flat=True)) == {needs.pk, plain.pk}
    assert not other.members.exists()
    listing = client.get(reverse("breakouts:groups", args=[group.workshop.slug])).content.decode()
    assert "2 people" in listing and "1 with access requirements" in listing


def test_a_facilitator_autosaves_a_text_and_a_new_entry(client, facilitator, group):
    client.force_login(facilitator)
    answer = save(
        client, group, part="section:notes", version=0, text="We began with introductions."
    )
    assert answer.status_code == 200
    assert answer.json()["version"] == 1
    new = save(
        client,
        group,
        part="entry:new:priority:k1",
        version=0,
        text="Easy read letters",
        horizon="short",
    )
    assert new.json()["part"].startswith("entry:")
    again = save(
        client,
        group,
        part="entry:new:priority:k1",
        version=0,
        text="Easy read letters",
        horizon="short",
    )
    assert again.json()["part"] == new.json()["part"]
    assert Entry.objects.get().horizon == "short"
    assert Section.objects.get().text == "We began with introductions."


def test_a_save_from_an_old_version_answers_with_both_texts(client, facilitator, group):
    client.force_login(facilitator)
    save(client, group, part="section:notes", version=0, text="First facilitator's notes")
    answer = save(client, group, part="section:notes", version=0, text="Second facilitator's notes")
    assert answer.status_code == 409
    assert answer.json()["conflict"]["theirs"]["text"] == "First facilitator's notes"
    assert Section.objects.get().text == "First facilitator's notes"


def test_without_javascript_a_conflict_shows_both_texts_and_keeps_yours(client, facilitator, group):
    client.force_login(facilitator)
    client.post(
        reverse("breakouts:save", args=[group.pk]),
        {"part": "section:notes", "version": 0, "text": "Theirs"},
    )
    response = client.post(
        reverse("breakouts:save", args=[group.pk]),
        {"part": "section:notes", "version": 0, "text": "Mine"},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile" in body and "Theirs" in body and "Mine</textarea>" in body
    # Saved again as it stands, the merged text lands.
    merged = client.post(
        reverse("breakouts:save", args=[group.pk]),
        {"part": "section:notes", "version": 1, "text": "Theirs and mine"},
    )
    assert merged.status_code == 302
    assert Section.objects.get().text == "Theirs and mine"


def test_a_recommendation_with_level_owner_and_supporting_contribution(client, facilitator, group):
    contribution = ContributionFactory(state="accepted", call__workshop=group.workshop)
    group.contributions.add(contribution)
    network = NetworkFactory()
    client.force_login(facilitator)
    answer = save(
        client,
        group,
        part="recommendation:new:r1",
        version=0,
        text="Co-produce the letters with the people who get them",
        owner_network=network.pk,
        due_on="2027-03-31",
        contributions=[contribution.pk],
    )
    assert answer.status_code == 200, answer.content
    recommendation = Recommendation.objects.get()
    assert recommendation.owner_network == network
    assert list(recommendation.contributions.all()) == [contribution]
    assert str(recommendation.due_on) == "2027-03-31"


def test_a_research_site_typed_as_in_the_directory_is_that_organisation(client, facilitator, group):
    organisation = OrganisationFactory(name="Leeds Community Health")
    client.force_login(facilitator)
    save(
        client,
        group,
        part="entry:new:site:s1",
        version=0,
        text="  leeds community   health ",
        contact="a@b.org",
    )
    entry = Entry.objects.get()
    assert entry.text == "Leeds Community Health" and entry.organisation == organisation
    save(client, group, part="entry:new:site:s2", version=0, text="Harehills Food Bank")
    new = Entry.objects.get(text="Harehills Food Bank")
    assert new.organisation is None
    missing = save(client, group, part="entry:new:site:s3", version=0)
    assert missing.status_code == 400
    assert missing.json()["errors"]["text"][0]["message"] == "Type the organisation's name."


def test_a_recommendation_owner_is_an_organisation_of_the_directory(client, facilitator, group):
    organisation = OrganisationFactory(name="Leeds City Council")
    client.force_login(facilitator)
    save(
        client,
        group,
        part="recommendation:new:r1",
        version=0,
        text="Pay interpreters",
        owner_organisation="Leeds city council",
    )
    assert Recommendation.objects.get().owner_organisation == organisation
    unknown = save(
        client,
        group,
        part="recommendation:new:r2",
        version=0,
        text="Train staff",
        owner_organisation="No Such Body",
    )
    assert unknown.status_code == 400
    assert (
        "No organisation of that name"
        in unknown.json()["errors"]["owner_organisation"][0]["message"]
    )


def test_organisation_suggestions_come_from_the_directory(client, facilitator):
    OrganisationFactory(name="Leeds City Council")
    OrganisationFactory(name="Sheffield Hallam University")
    client.force_login(facilitator)

    response = client.get(reverse("breakouts:organisation_suggestions"), {"q": "leeds"})

    assert response.json() == {"suggestions": ["Leeds City Council"]}


def test_the_recording_page_shows_what_was_saved_in_a_fixed_number_of_queries(
    client, facilitator, group, django_assert_max_num_queries
):
    client.force_login(facilitator)
    for n in range(12):
        save(client, group, part=f"entry:new:question:q{n}", version=0, text=f"Question {n}")
        save(client, group, part=f"recommendation:new:r{n}", version=0, text=f"Recommendation {n}")
    with django_assert_max_num_queries(20):
        page = client.get(reverse("breakouts:record", args=[group.pk]))
    body = page.content.decode()
    assert "Question 11" in body and "Recommendation 11" in body
    assert body.count("<h1") == 1


def test_history_lists_versions_and_restore_brings_one_back(client, facilitator, group):
    client.force_login(facilitator)
    save(client, group, part="section:notes", version=0, text="The first text")
    save(client, group, part="section:notes", version=1, text="The second text")
    history = client.get(reverse("breakouts:history", args=[group.pk, "section-notes"]))
    assert "The first text" in history.content.decode()
    first = group.revisions.get(version=1)
    client.post(reverse("breakouts:restore", args=[group.pk, first.pk]))
    assert Section.objects.get().text == "The first text"


def test_ready_groups_show_on_the_plenary_screen(client, facilitator, group):
    client.force_login(facilitator)
    save(client, group, part="recommendation:new:r1", version=0, text="Fund interpreters properly")
    plenary = reverse("breakouts:plenary_live", args=[group.workshop.slug])
    assert "Fund interpreters properly" not in client.get(plenary).content.decode()
    client.post(reverse("breakouts:ready", args=[group.pk]), {"ready": "yes"})
    assert "Fund interpreters properly" in client.get(plenary).content.decode()


def test_a_facilitator_cannot_open_another_group(client, facilitator, group):
    other = GroupFactory()
    client.force_login(facilitator)
    assert client.get(reverse("breakouts:record", args=[other.pk])).status_code == 403
    assert save(client, other, part="section:notes", version=0, text="x").status_code == 403
    assert not Section.objects.exists()


def test_the_room_link_is_not_on_public_pages(client, group):
    workshop_page = client.get(reverse("workshops:detail", args=[group.workshop.slug]))
    assert group.room_link not in workshop_page.content.decode()


def test_people_see_their_groups_on_their_own_page(client, facilitator, group):
    client.force_login(facilitator)
    body = client.get(reverse("networks:me")).content.decode()
    assert group.name in body
    assert group.name in client.get(reverse("breakouts:mine")).content.decode()


def test_a_workshop_without_breakout_items_says_how_to_add_one(client, organiser):
    workshop = WorkshopFactory()
    client.force_login(organiser)
    body = client.get(reverse("breakouts:groups", args=[workshop.slug])).content.decode()
    assert "Breakout groups" in body and "Go to the programme" in body


def test_a_participant_chooses_an_open_group_from_their_registration_page(client):
    group = GroupFactory(open_to_choose=True, name="Promoting Action")
    closed = GroupFactory(item=group.item, name="Increasing Resources")
    registration = RegistrationFactory(workshop=group.workshop)
    page = reverse("workshops:manage_registration", args=[registration.token])
    body = client.get(page).content.decode()
    assert "Promoting Action" in body and "Increasing Resources" not in body
    assert group.room_link not in body  # only once they are in it
    client.post(reverse("breakouts:choose", args=[registration.token]), {"group": group.pk})
    assert Member.objects.get(registration=registration).group == group
    body = client.get(page).content.decode()
    assert "You are in the group “Promoting Action”" in body and group.room_link in body
    response = client.post(
        reverse("breakouts:choose", args=[registration.token]), {"group": closed.pk}, follow=True
    )
    assert "This group is not open to choose." in response.content.decode()
    assert Member.objects.get(registration=registration).group == group


def test_someone_waiting_cannot_choose_a_group(client):
    group = GroupFactory(open_to_choose=True)
    waiting = RegistrationFactory(workshop=group.workshop, status="waiting")
    response = client.post(
        reverse("breakouts:choose", args=[waiting.token]), {"group": group.pk}, follow=True
    )
    assert "Only someone with a confirmed place can join a group." in response.content.decode()
    assert not Member.objects.exists()
