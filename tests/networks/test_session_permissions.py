"""A signed-in person's session, row and permissions come from Redis, and a change to them or
to their roles is felt on their very next request (networks/roles.py, networks/signed_in.py,
networks/middleware.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_redis import get_redis_connection

from tests.factories import NetworkFactory, OrganiserFactory, UserFactory

ORGANISER_AREA = "/organise/"


def queries_of(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [query["sql"] for query in captured.captured_queries]


@pytest.mark.django_db
def test_a_signed_in_page_asks_the_database_for_neither_the_session_nor_the_person(client):
    person = UserFactory()
    client.force_login(person)
    client.get("/")  # the first request reads the person and their permissions, and keeps them

    response, queries = queries_of(client, "/workshops/")

    assert response.status_code == 200
    assert response.wsgi_request.user == person
    assert not [
        sql
        for sql in queries
        if "django_session" in sql or "auth_permission" in sql or "networks_user" in sql
    ]
    # What is kept of the person leaves their password's hash in the database.
    redis = get_redis_connection("default")
    kept = [redis.get(key) or b"" for key in redis.scan_iter(match="*person*")]
    assert kept
    assert not [value for value in kept if person.password.encode() in value]


@pytest.mark.django_db
def test_a_change_to_a_signed_in_person_is_seen_on_their_next_request(client):
    person = UserFactory(display_name="Amira Khan")
    client.force_login(person)
    client.get("/")

    person.display_name = "Amira K. Khan"
    person.save()

    assert client.get("/").wsgi_request.user.display_name == "Amira K. Khan"


@pytest.mark.django_db
def test_a_deactivated_account_is_signed_out_on_its_next_request(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get("/me/").status_code == 200

    person.is_active = False
    person.save()

    response = client.get("/me/")
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_a_new_password_signs_out_the_persons_other_sessions(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get("/me/").status_code == 200

    person.set_password("a new and long passphrase")
    person.save()

    assert client.get("/me/").status_code == 302


@pytest.mark.django_db
def test_someone_made_an_organiser_can_organise_on_their_next_request(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get(ORGANISER_AREA).status_code == 403

    person.groups.add(Group.objects.get(name="Organisers"))

    assert client.get(ORGANISER_AREA).status_code == 200


@pytest.mark.django_db
def test_an_organiser_taken_off_the_group_loses_the_organiser_area_at_once(client):
    organiser = OrganiserFactory()
    client.force_login(organiser)
    assert client.get(ORGANISER_AREA).status_code == 200

    Group.objects.get(name="Organisers").user_set.remove(organiser)

    assert client.get(ORGANISER_AREA).status_code == 403


@pytest.mark.django_db
def test_a_role_losing_its_permission_is_felt_by_everyone_in_it(client):
    client.force_login(OrganiserFactory())
    assert client.get(ORGANISER_AREA).status_code == 200

    Group.objects.get(name="Organisers").permissions.remove(
        Permission.objects.get(codename="organise")
    )

    assert client.get(ORGANISER_AREA).status_code == 403


@pytest.mark.django_db
def test_a_deleted_role_takes_its_permissions_with_it(client):
    role = Group.objects.create(name="Guest organisers")
    role.permissions.add(Permission.objects.get(codename="organise"))
    person = UserFactory()
    person.groups.add(role)
    client.force_login(person)
    assert client.get(ORGANISER_AREA).status_code == 200

    role.delete()

    assert client.get(ORGANISER_AREA).status_code == 403


@pytest.mark.django_db
def test_signed_in_pages_work_with_the_cache_down(client, cache_down):
    client.force_login(OrganiserFactory())

    assert client.get(ORGANISER_AREA).status_code == 200
    assert client.get("/me/").status_code == 200


IMPORT_LINK = "Update recommendations from a spreadsheet"
RECOMMENDATIONS = "/recommendations/"


@pytest.mark.django_db
def test_the_recommendations_list_asks_a_participant_nothing_of_the_database(client):
    """Whether they coordinate a network (the list's import link) is kept with their roles:
    it was a query of its own on every signed-in visit."""
    client.force_login(UserFactory())
    client.get(RECOMMENDATIONS)

    response, queries = queries_of(client, RECOMMENDATIONS)

    assert response.status_code == 200
    assert IMPORT_LINK not in response.content.decode()
    assert queries == []


@pytest.mark.django_db
def test_someone_made_a_coordinator_gets_the_import_link_on_their_next_request(client):
    person = UserFactory()
    network = NetworkFactory()
    client.force_login(person)
    assert IMPORT_LINK not in client.get(RECOMMENDATIONS).content.decode()

    network.coordinators.add(person)
    assert IMPORT_LINK in client.get(RECOMMENDATIONS).content.decode()

    network.coordinators.remove(person)
    assert IMPORT_LINK not in client.get(RECOMMENDATIONS).content.decode()

    person.coordinated_networks.add(network)  # from the person's side
    assert IMPORT_LINK in client.get(RECOMMENDATIONS).content.decode()

    network.delete()
    assert IMPORT_LINK not in client.get(RECOMMENDATIONS).content.decode()
