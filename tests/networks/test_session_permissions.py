"""A signed-in person's session and permissions come from Redis, and a change of role is felt on
their very next request (networks/roles.py, networks/middleware.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganiserFactory, UserFactory

ORGANISER_AREA = "/organise/"


def queries_of(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [query["sql"] for query in captured.captured_queries]


@pytest.mark.django_db
def test_a_signed_in_page_asks_the_database_only_for_the_person(client):
    client.force_login(UserFactory())
    client.get("/")  # the first request asks for the permissions and keeps them

    response, queries = queries_of(client, "/workshops/")

    assert response.status_code == 200
    assert not [sql for sql in queries if "django_session" in sql or "auth_permission" in sql]
    assert len([sql for sql in queries if 'FROM "networks_user"' in sql]) == 1


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
