import pytest
from django.urls import reverse

from networks.models import Organisation
from tests.factories import NetworkFactory, OrganisationFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["networks:me", "networks:profile_edit"])
def test_own_pages_redirect_anonymous_visitor_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_my_page_shows_only_my_profile_and_private_access_needs(client):
    me = UserFactory(display_name="Ghazala", access_needs="Live captions, please")
    UserFactory(display_name="Someone Else", access_needs="Step-free access")
    client.force_login(me)

    content = client.get(reverse("networks:me")).content.decode()

    assert "My page: Ghazala" in content
    assert "Live captions, please" in content
    assert "Someone Else" not in content
    assert "Step-free access" not in content


def test_profile_edit_saves_everything_and_creates_a_new_organisation(client):
    me = UserFactory()
    network = NetworkFactory(name="Leeds Equality Network")
    NetworkFactory(name="Equal England")
    client.force_login(me)

    response = client.post(
        reverse("networks:profile_edit"),
        {
            "display_name": "Morgan Campbell",
            "pronouns": "they/them",
            "job_title": "Research fellow",
            "sector": "academic",
            "new_organisation": "  Leeds   Poverty Truth Commission ",
            "networks": [network.pk],
            "access_needs": "Breaks every hour",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("networks:me")
    me.refresh_from_db()
    assert me.display_name == "Morgan Campbell"
    assert me.pronouns == "they/them"
    assert me.job_title == "Research fellow"
    assert me.sector == "academic"
    assert me.organisation.name == "Leeds Poverty Truth Commission"
    assert list(me.networks.values_list("name", flat=True)) == ["Leeds Equality Network"]
    assert me.access_needs == "Breaks every hour"


def test_profile_edit_reuses_an_organisation_typed_in_other_letter_case(client):
    existing = OrganisationFactory(name="University of Leeds")
    me = UserFactory()
    client.force_login(me)

    client.post(
        reverse("networks:profile_edit"),
        {"display_name": "Me", "new_organisation": "university of leeds"},
    )

    me.refresh_from_db()
    assert me.organisation == existing
    assert Organisation.objects.count() == 1


def test_profile_edit_invalid_keeps_input_and_lists_errors(client):
    organisation = OrganisationFactory(name="University of Sheffield")
    me = UserFactory(display_name="Before")
    client.force_login(me)

    response = client.post(
        reverse("networks:profile_edit"),
        {
            "display_name": "",
            "job_title": "Professor",
            "organisation": organisation.pk,
            "new_organisation": "Another Place",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert 'href="#id_display_name"' in content
    assert 'href="#id_new_organisation"' in content
    assert "Choose an organisation from the list or type a new one, not both." in content
    assert 'value="Professor"' in content
    assert 'value="Another Place"' in content
    me.refresh_from_db()
    assert me.display_name == "Before"


def test_directory_lists_partnership_networks(client):
    partnership = PartnershipFactory(name="Partnerships for Social Justice")
    NetworkFactory(name="Equal England", partnership=partnership)
    NetworkFactory(name="Leeds Equality Network", partnership=partnership)

    content = client.get(reverse("networks:directory")).content.decode()

    assert "Partnerships for Social Justice" in content
    assert content.index("Equal England") < content.index("Leeds Equality Network")


@pytest.mark.parametrize("count", [1, 3])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, count):
    for _ in range(count):
        partnership = PartnershipFactory()
        NetworkFactory.create_batch(2, partnership=partnership)
    with django_assert_num_queries(3):  # partnerships, their networks; networks outside
        assert client.get(reverse("networks:directory")).status_code == 200


def test_signup_asks_for_name_and_stores_it(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "display_name": "Sarah Salway",
                "email": "Sarah@Example.org",
                "password1": "equity-for-all-2026",
                "password2": "equity-for-all-2026",
            },
        )

    assert response.status_code == 302
    from networks.models import User

    user = User.objects.get()
    assert user.email == "sarah@example.org"
    assert user.display_name == "Sarah Salway"
    [message] = mailoutbox
    assert message.to == ["sarah@example.org"]
    assert message.subject == "Please Confirm Your Email Address"


def test_repeated_failed_sign_ins_are_rate_limited(client):
    UserFactory(email="target@example.org")
    attempt = {"login": "target@example.org", "password": "guess"}
    for _ in range(5):
        response = client.post(reverse("account_login"), attempt)
        assert "not correct" in response.content.decode()

    response = client.post(reverse("account_login"), attempt)

    assert "Too many failed login attempts. Try again later." in response.content.decode()
