"""The registration form's networks (ticked among those that matter, or typed from the
directory) and its page kept in the cache: for visitors with no query, for each person signed
in filled from their profile, each with their own CSRF token, rebuilt when what it shows
changes."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from networks.services.people import update_profile
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)
from workshops.forms.registration import RegistrationForm
from workshops.models import Registration
from workshops.pages import places_group
from workshops.services import registration as services

pytestmark = pytest.mark.django_db

UNKNOWN = "We could not find “%s” in the networks directory. Check the name, or leave it out."


def url_of(workshop) -> str:
    return reverse("workshops:register", args=[workshop.slug])


def page(client, workshop) -> str:
    response = client.get(url_of(workshop))
    assert response.status_code == 200
    return response.content.decode()


def boxes(content: str) -> list[str]:
    """The networks offered as tick boxes, in the order shown."""
    return [
        label.strip()
        for label in re.findall(
            r'<label for="id_networks_\d+" class="form-check-label">(.*?)</label>', content, re.S
        )
    ]


def ticked(content: str) -> list[str]:
    """The ids of the networks shown ticked."""
    return [
        re.search(r'value="(\d+)"', box).group(1)
        for box in re.findall(r'<input type="checkbox"[^>]*name="networks"[^>]*>', content)
        if re.search(r"\schecked[\s>]", box)
    ]


def suggested(client, typed: str) -> list[str]:
    """The directory's names suggested as `typed` is typed in the networks field."""
    address = reverse("networks:network_suggestions")
    return client.get(address, {"q": typed}).json()["suggestions"]


def csrf_token(content: str) -> str:
    [token] = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    return token


def form_data(**overrides) -> dict:
    return {"name": "Amina Khan", "email": "amina@example.org", "consent": "on", **overrides}


def registered_networks() -> list[str]:
    return list(Registration.objects.get().networks.order_by("name").values_list("name", flat=True))


@pytest.fixture
def directory():
    """A workshop in a series, each with a network of its own, and two more networks in the
    directory: one a person belongs to, one nobody here has anything to do with."""
    series = WorkshopSeriesFactory()
    series.networks.add(NetworkFactory(name="Leeds Equality Network"))
    workshop = WorkshopFactory(series=series, capacity=10)
    workshop.networks.add(NetworkFactory(name="Bradford Inclusion Forum"))
    person = UserFactory(display_name="Ghazala Mir", email="ghazala@example.org")
    MembershipFactory(person=person, network=NetworkFactory(name="Race Equality Forum"))
    MembershipFactory(
        person=person, network=NetworkFactory(name="Old Friends Network"), left_at=timezone.now()
    )
    NetworkFactory(name="Wakefield Women's Network")
    return workshop, person


# What is offered


def test_register_form_offers_the_networks_of_the_workshop_and_its_series_to_a_visitor(
    client, directory
):
    workshop, _person = directory
    content = page(client, workshop)
    assert boxes(content) == ["Bradford Inclusion Forum", "Leeds Equality Network"]
    # The rest of the directory is suggested as it is typed, not listed in the page.
    assert "Wakefield" not in content and "Race Equality Forum" not in content
    assert 'data-suggest-url="/networks/suggestions/" data-suggest-separator=","' in content
    assert suggested(client, " network ") == [
        "Leeds Equality Network",
        "Old Friends Network",
        "Wakefield Women's Network",
    ]
    assert re.search(
        r'<label\s+for="id_other_networks" class="form-label">\s*'
        r"Other networks you belong to \(optional\)\s*</label>",
        content,
    )
    assert "Type their names from the networks directory, separated by commas." in content


def test_register_form_offers_a_signed_in_persons_current_networks_ticked(client, directory):
    workshop, person = directory
    client.force_login(person)
    content = page(client, workshop)
    assert boxes(content) == [
        "Bradford Inclusion Forum",
        "Leeds Equality Network",
        "Race Equality Forum",
    ]
    race = person.memberships.get(left_at=None).network
    assert ticked(content) == [str(race.pk)]
    assert "Wakefield" not in content


def test_register_form_with_no_networks_to_offer_has_only_the_typed_field(client):
    workshop = WorkshopFactory()
    NetworkFactory(name="Leeds Equality Network")
    content = page(client, workshop)
    assert 'name="networks"' not in content
    assert re.search(
        r'<label\s+for="id_other_networks" class="form-label">\s*'
        r"Networks you belong to \(optional\)\s*</label>",
        content,
    )
    assert suggested(client, "leeds") == ["Leeds Equality Network"]


# What is typed


def test_register_with_a_typed_name_in_any_case_joins_that_network(client, directory):
    workshop, _person = directory
    response = client.post(
        url_of(workshop), form_data(other_networks="   wakefield WOMEN'S network  ")
    )
    assert response.status_code == 302
    assert registered_networks() == ["Wakefield Women's Network"]


def test_register_with_typed_names_holding_commas_and_short_names(client):
    workshop = WorkshopFactory()
    NetworkFactory(name="Race, Faith and Belief Network")
    NetworkFactory(name="Leeds Equality Network", short_name="LEN")
    NetworkFactory(name="Race Equality Forum")
    response = client.post(
        url_of(workshop), form_data(other_networks="race, faith and belief network,len")
    )
    assert response.status_code == 302
    assert registered_networks() == ["Leeds Equality Network", "Race, Faith and Belief Network"]


def test_register_with_an_unknown_name_shows_the_form_again_with_everything_typed(
    client, directory
):
    workshop, _person = directory
    bradford = workshop.networks.get()
    response = client.post(
        url_of(workshop),
        form_data(
            networks=[bradford.pk],
            other_networks="Leeds Equality Network,  Atlantis Network ",
            access_requirements="Live captions",
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert (
        '<a href="#id_other_networks">Other networks you belong to (optional): '
        f"{UNKNOWN % 'Atlantis Network'}</a>"
    ) in content
    assert 'value="Leeds Equality Network,  Atlantis Network "' in content
    assert ticked(content) == [str(bradford.pk)]
    assert 'value="Amina Khan"' in content
    assert "Live captions</textarea>" in content
    assert Registration.objects.count() == 0


def test_register_with_a_short_name_two_networks_have_asks_for_the_full_name(client):
    workshop = WorkshopFactory()
    NetworkFactory(name="Leeds Equality Network", short_name="LEN")
    NetworkFactory(name="Lincoln Equality Network", short_name="LEN")
    response = client.post(url_of(workshop), form_data(other_networks="LEN"))
    assert response.status_code == 200
    assert (
        "More than one network in the directory is called “LEN”. Type the network’s full "
        "name as the directory shows it."
    ) in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_with_a_network_ticked_and_typed_keeps_it_once(client, directory):
    workshop, _person = directory
    bradford = workshop.networks.get()
    form = RegistrationForm(
        form_data(
            networks=[bradford.pk], other_networks="Race Equality Forum, BRADFORD inclusion forum"
        ),
        workshop=workshop,
    )
    assert form.is_valid()
    assert [n.name for n in form.cleaned_data["networks"]] == [
        "Bradford Inclusion Forum",
        "Race Equality Forum",
    ]
    response = client.post(
        url_of(workshop),
        form_data(
            networks=[bradford.pk], other_networks="bradford inclusion forum, Race Equality Forum"
        ),
    )
    assert response.status_code == 302
    assert registered_networks() == ["Bradford Inclusion Forum", "Race Equality Forum"]
    assert Registration.networks.through.objects.count() == 2


# Kept for visitors


def test_visitors_page_is_kept_and_served_with_no_query_and_a_token_of_their_own(
    directory, django_assert_max_num_queries
):
    workshop, _person = directory
    first = Client(enforce_csrf_checks=True)
    page(first, workshop)  # built and kept
    visitor = Client(enforce_csrf_checks=True)
    with django_assert_max_num_queries(0):
        content = page(visitor, workshop)
    assert boxes(content) == ["Bradford Inclusion Forum", "Leeds Equality Network"]
    token = csrf_token(content)
    refused = visitor.post(
        url_of(workshop), form_data(csrfmiddlewaretoken=csrf_token(page(first, workshop)))
    )
    assert refused.status_code == 403
    response = visitor.post(url_of(workshop), form_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Registration.objects.get().email == "amina@example.org"


def test_visitors_page_asks_redis_for_its_own_groups_only(directory, monkeypatch):
    # All a visitor's request looks up: the other pages' tokens are not read with it.
    workshop, _person = directory
    page(Client(), workshop)  # built and kept
    asked = []
    get_many = cache.get_many

    def recording(keys, *args, **kwargs):
        asked.append(list(keys))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", recording)
    page(Client(), workshop)
    [keys] = asked
    versions = sorted(key[len("pages:") : -len(":version")] for key in keys if "version" in key)
    assert versions == sorted(["networks", "workshops", places_group(workshop.slug)])
    assert len(keys) == 4  # and the page


def test_visitors_page_is_the_page_built_around_the_kept_form(client, directory):
    """Most visitors get the whole page kept; one with a session (signed out) gets the
    layout built around the kept form: the same page."""
    workshop, _person = directory
    kept_whole = page(client, workshop)
    with_session = Client()
    with_session.cookies["sessionid"] = "no-such-session"
    built = page(with_session, workshop)

    def without_token(content):
        return content.replace(csrf_token(content), "")

    assert without_token(kept_whole) == without_token(built)


def test_visitors_page_is_rebuilt_when_someone_registers(client, saved):
    workshop = WorkshopFactory(capacity=2)
    assert "2 places left out of 2." in page(client, workshop)
    with saved():
        services.register([workshop], services.Registrant(name="A", email="a@example.org"))
    assert "1 place left out of 2." in page(client, workshop)
    with saved():
        services.register([workshop], services.Registrant(name="B", email="b@example.org"))
    content = page(client, workshop)
    assert "<strong>Full: you can join the waiting list.</strong>" in content
    assert ">Join the waiting list</button>" in content


def test_visitors_page_is_rebuilt_when_the_workshop_changes(client, directory, saved):
    workshop, _person = directory
    assert "<h1>Register for Understandings" in page(client, workshop)
    with saved():
        workshop.title = "Leadership for Equity"
        workshop.save()
    content = page(client, workshop)
    assert "<h1>Register for Leadership for Equity</h1>" in content
    with saved():
        workshop.networks.add(NetworkFactory(name="Calderdale Voices"))
    assert boxes(page(client, workshop)) == [
        "Bradford Inclusion Forum",
        "Calderdale Voices",
        "Leeds Equality Network",
    ]
    # And its series' networks, changed without the series or the network being saved.
    kirklees = NetworkFactory(name="Kirklees Network")
    assert "Kirklees Network" not in boxes(page(client, workshop))
    with saved():
        workshop.series.networks.add(kirklees)
    assert "Kirklees Network" in boxes(page(client, workshop))


def test_a_new_network_of_the_directory_is_suggested_at_once(client, directory, saved):
    workshop, _person = directory
    assert suggested(client, "kirklees") == []
    with saved():
        NetworkFactory(name="Kirklees Network", short_name="KN")
    assert suggested(client, "Kirklees") == ["Kirklees Network"]
    assert suggested(client, "kn") == ["Kirklees Network"]  # its short name, whole
    assert "Kirklees Network" not in boxes(page(client, workshop))


def test_suggestions_need_two_letters_and_are_ten_at_most(client):
    NetworkFactory.create_batch(12)
    assert suggested(client, "E") == []
    assert len(suggested(client, "Equality Network")) == 10


# Kept for each person signed in


def test_signed_in_page_is_filled_from_the_profile_and_kept_for_that_person_only(
    client, directory, django_assert_max_num_queries
):
    workshop, person = directory
    client.force_login(person)
    content = page(client, workshop)
    assert 'value="Ghazala Mir"' in content
    assert 'value="ghazala@example.org"' in content
    with django_assert_max_num_queries(0):
        again = page(client, workshop)
    assert 'value="Ghazala Mir"' in again
    other = Client()
    other.force_login(UserFactory(display_name="Ben Adeyemi", email="ben@example.org"))
    theirs = page(other, workshop)
    assert 'value="Ben Adeyemi"' in theirs
    assert "Ghazala" not in theirs
    assert "ghazala@example.org" not in theirs
    assert boxes(theirs) == ["Bradford Inclusion Forum", "Leeds Equality Network"]
    visitor = page(Client(), workshop)
    assert "Ghazala" not in visitor
    assert "ghazala@example.org" not in visitor
    assert "Ben Adeyemi" not in visitor
    assert "Race Equality Forum" not in boxes(visitor)


def test_signed_in_page_is_rebuilt_after_a_profile_edit_and_joining_a_network(
    client, directory, saved
):
    workshop, person = directory
    client.force_login(person)
    assert 'value="Ghazala Mir"' in page(client, workshop)
    with saved():
        update_profile(person, display_name="Dr Ghazala Mir", access_needs="Step-free access")
    content = page(client, workshop)
    assert 'value="Dr Ghazala Mir"' in content
    assert "Step-free access</textarea>" in content
    calderdale = NetworkFactory(name="Calderdale Voices")
    with saved():
        MembershipFactory(person=person, network=calderdale)
    content = page(client, workshop)
    assert boxes(content) == [
        "Bradford Inclusion Forum",
        "Calderdale Voices",
        "Leeds Equality Network",
        "Race Equality Forum",
    ]
    race = person.memberships.get(network__name="Race Equality Forum").network
    assert ticked(content) == [str(calderdale.pk), str(race.pk)]
