"""A service down is not the site down: each tried with the real service made unreachable."""

import logging
import shutil
import subprocess
import time

import pytest
import redis
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from socialjustice import pagecache
from socialjustice.errors import PortalError
from socialjustice.middleware import RequestSafetyMiddleware
from socialjustice.models import PendingInvalidation
from socialjustice.tasking import after_commit
from tests.conftest import free_port
from tests.factories import OrganiserFactory, RegistrationFactory, WorkshopFactory
from workshops.models import Registration


def unreachable_cache(settings):
    return {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",
        }
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/workshops/", "/workshops/{slug}/", "/downloads/"])
def test_public_pages_are_built_without_the_cache_when_it_is_down(client, cache_down, path):
    workshop = WorkshopFactory(title="Leadership for Equity")

    response = client.get(path.format(slug=workshop.slug))

    assert response.status_code == 200


@pytest.mark.django_db
def test_registration_is_taken_with_the_cache_down(client, cache_down, caplog):
    workshop = WorkshopFactory(capacity=10)

    response = client.post(
        f"/workshops/{workshop.slug}/register/",
        {"name": "Amina Yusuf", "email": "amina@example.org", "consent": "on"},
    )

    assert response.status_code == 302
    assert Registration.objects.get().status == "confirmed"
    assert "Exception ignored" in caplog.text  # the cache's errors are logged, not raised


@pytest.mark.django_db
def test_an_edit_made_while_the_cache_is_down_reaches_the_pages_by_the_next_retry(
    client, settings, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(title="Leadership for Equity")
    page = f"/workshops/{workshop.slug}/"
    assert "Leadership for Equity" in client.get(page).content.decode()  # now cached
    organiser = OrganiserFactory()
    client.force_login(organiser)

    with override_settings(CACHES=unreachable_cache(settings)):
        with django_capture_on_commit_callbacks(execute=True):
            workshop.title = "Leadership for Equity, renamed"
            workshop.save()
        assert sorted(PendingInvalidation.objects.values_list("group", flat=True)) == [
            "calendar-feed",
            "contributions",
            "home",
            "networks",
            "reports",
            "workshops",
        ]
    client.logout()
    # The cache is back, still holding the page from before the change...
    assert "renamed" not in client.get(page).content.decode()
    # ... until beat's retry, at most a minute later.
    assert sorted(pagecache.retry_invalidations()) == [
        "calendar-feed",
        "contributions",
        "home",
        "networks",
        "reports",
        "workshops",
    ]
    assert "Leadership for Equity, renamed" in client.get(page).content.decode()
    assert PendingInvalidation.objects.count() == 0


@pytest.fixture
def refusing_writes(settings):
    """A Redis of the test's own that answers reads and refuses every write (it waits for a
    replica it does not have), as a Redis out of memory does; the cache pointed at it."""
    port = free_port()
    server = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port)]
        + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        client.config_set("min-replicas-to-write", 1)
        cache = {
            "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port}/0"}
        }
        with override_settings(CACHES=cache):
            yield client
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_an_edit_made_while_the_cache_refuses_writes_is_retried(
    refusing_writes, django_capture_on_commit_callbacks
):
    with pytest.raises(redis.ResponseError):
        refusing_writes.set("probe", "1")  # the cache's Redis reads but does not write
    workshop = WorkshopFactory()

    with django_capture_on_commit_callbacks(execute=True):
        workshop.title = "Leadership for Equity, renamed"
        workshop.save()

    assert "calendar-feed" in set(PendingInvalidation.objects.values_list("group", flat=True))


@pytest.mark.django_db(transaction=True)
def test_work_after_a_commit_that_fails_is_logged_and_the_change_kept(caplog):
    workshop = WorkshopFactory(title="Before")

    def fails():
        raise ConnectionError("Redis went away")

    with caplog.at_level(logging.ERROR), transaction.atomic():
        workshop.title = "After"
        workshop.save()
        after_commit(fails)

    workshop.refresh_from_db()
    assert workshop.title == "After"
    assert "Redis went away" in caplog.text


@pytest.mark.parametrize("signed_in", [False, True])
def test_database_down_answers_503_with_retry_after(database_down, signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(OrganiserFactory())
    database_down()

    response = client.get("/workshops/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "<h1>The portal is busy just now</h1>" in content
    assert "The portal cannot reach its database at the moment." in content


def test_healthz_names_the_database_when_it_is_down(database_down):
    database_down()
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "broker": "ok",
        "cache": "ok",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/registrations/%00/",
        "/workshops/%00/",
        "/organise/workshops/{slug}/check-in/?q=%00",
        "/organise/speakers/?q=a%00b",
        "/organise/suggest/organisations/?q=Le%00eds",
        "/organise/suggest/speakers/?q=Sa%00",
        "/workshops/?format=online&series=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_refused_with_400(client, path):
    workshop = WorkshopFactory()
    client.force_login(OrganiserFactory())

    response = client.get(path.format(slug=workshop.slug))

    assert response.status_code == 400
    assert "a character in it that the portal cannot use (a NUL byte)" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_typed_into_a_form_is_a_field_error(client):
    workshop = WorkshopFactory()
    response = client.post(
        f"/workshops/{workshop.slug}/register/",
        {"name": "Amina\x00", "email": "amina@example.org", "consent": "on"},
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert Registration.objects.count() == 0


def refusing_view(request):
    raise PortalError("This registration is already cancelled.")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "status"), [("post", 302), ("get", 409)])
def test_a_refusal_no_view_caught_is_shown_not_an_error_page(method, status, client):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = getattr(RequestFactory(), method)("/organise/somewhere/")
    request.session = client.session
    request._messages = FallbackStorage(request)
    middleware = RequestSafetyMiddleware(refusing_view)

    response = middleware.process_exception(request, PortalError("Already cancelled."))

    assert response.status_code == status
    if method == "post":
        assert response.url == "/organise/somewhere/"
        assert [str(m) for m in request._messages] == ["Already cancelled."]
    else:
        assert "Already cancelled." in response.content.decode()


@pytest.mark.django_db
def test_cancel_pressed_twice_cancels_once_and_says_so(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory()
    url = reverse("workshops:cancel_registration", args=[registration.token])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url, follow=True)

    assert first.status_code == 302
    assert second.status_code == 200
    assert len(mailoutbox) == 1
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.django_db
def test_pages_with_personal_data_are_never_kept_by_a_cache(client):
    workshop = WorkshopFactory()
    organiser = OrganiserFactory()
    client.force_login(organiser)
    registration = RegistrationFactory(workshop=workshop)

    for path in (
        "/me/",
        "/me/profile/",
        f"/organise/workshops/{workshop.slug}/registrations/",
        f"/organise/workshops/{workshop.slug}/registrations/{registration.pk}/",
        f"/organise/workshops/{workshop.slug}/check-in/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {
            "private",
            "no-store",
        }, path


@pytest.mark.django_db
def test_an_organisers_save_with_the_cache_down_is_saved_and_says_so(
    client, cache_down, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    organiser = OrganiserFactory()
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/organise/workshops/{workshop.slug}/programme/",
            {"starts_at": "10:00", "ends_at": "10:30", "kind": "welcome", "title": "Welcome"},
            follow=True,
        )

    assert response.status_code == 200
    assert "Saved: 10:00 Welcome." in response.content.decode()
    assert list(workshop.programme.values_list("title", flat=True)) == ["Welcome"]
    # The pages the save changed (and the workshop's history, where it is logged), and the
    # kept copies of the organiser made and signed in.
    assert set(PendingInvalidation.objects.values_list("group", flat=True)) == {
        "home",
        "workshops",
        "workshop-history",
        "people",
        f"person-{organiser.pk}",
    }


@pytest.mark.django_db
def test_delete_pressed_twice_deletes_once_and_says_so(client):
    from tests.factories import ProgrammeItemFactory

    item = ProgrammeItemFactory(title="Keynote")
    client.force_login(OrganiserFactory())
    url = f"/organise/workshops/{item.workshop.slug}/programme/{item.pk}/delete/"

    first = client.post(url, follow=True).content.decode()
    second = client.post(url, follow=True).content.decode()

    assert "Deleted: Keynote." in first
    assert "That was deleted already." in second
    assert item.workshop.programme.count() == 0
