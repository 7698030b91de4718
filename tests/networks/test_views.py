import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import Organisation
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, UserFactory

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
    MembershipFactory(person=me, network=network)
    client.force_login(me)

    response = client.post(
        reverse("networks:profile_edit"),
        {
            "display_name": "Morgan Campbell",
            "pronouns": "they/them",
            "job_title": "Research fellow",
            "sector": "academic",
            "organisation": "  Leeds   Poverty Truth Commission ",
            # Networks are joined and left on their own pages: a ticked one changes nothing.
            "networks": [NetworkFactory(name="Equal England").pk],
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
        {"display_name": "Me", "organisation": "university of leeds"},
    )

    me.refresh_from_db()
    assert me.organisation == existing
    assert Organisation.objects.count() == 1


def test_profile_edit_invalid_keeps_input_and_lists_errors(client):
    me = UserFactory(display_name="Before")
    client.force_login(me)

    response = client.post(
        reverse("networks:profile_edit"),
        {"display_name": "", "job_title": "Professor", "organisation": "Another Place"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert 'href="#id_display_name"' in content
    assert 'value="Professor"' in content
    assert 'value="Another Place"' in content
    me.refresh_from_db()
    assert me.display_name == "Before"
    assert Organisation.objects.filter(name="Another Place").exists() is False


def test_profile_form_lists_my_current_networks_with_links_and_no_ticks(client):
    me = UserFactory()
    current = NetworkFactory(name="Leeds Equality Network")
    left = NetworkFactory(name="Equal England")
    MembershipFactory(person=me, network=current)
    MembershipFactory(person=me, network=left, left_at=timezone.now())
    client.force_login(me)

    content = client.get(reverse("networks:profile_edit")).content.decode()

    assert f'<a href="/networks/{current.slug}/">Leeds Equality Network</a>' in content
    assert "Equal England" not in content
    assert 'name="networks"' not in content


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
    assert message.subject == "Confirm your email address for Partnerships for Social Justice"


def test_repeated_failed_sign_ins_are_rate_limited(client):
    UserFactory(email="target@example.org")
    attempt = {"login": "target@example.org", "password": "guess"}
    for _ in range(5):
        response = client.post(reverse("account_login"), attempt)
        assert "not right" in response.content.decode()

    response = client.post(reverse("account_login"), attempt)

    assert "Too many tries for this email address. Wait 5 minutes, then try again." in (
        response.content.decode()
    )
