import subprocess
import sys

import pytest
from django.urls import reverse

from socialjustice.enums import EmailState
from tests.factories import OutgoingEmailFactory

pytestmark = pytest.mark.django_db


def test_healthz_ok_when_database_broker_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "cache": "ok"}


def test_healthz_503_when_broker_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "unavailable",
        "cache": "ok",
    }


def test_healthz_503_naming_the_cache_when_its_redis_is_unreachable(client, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "ok",
        "cache": "unavailable",
    }


ORGANISER_PAGES = [
    ("get", "organise"),
    ("get", "outbox"),
]


@pytest.mark.parametrize(("method", "name"), ORGANISER_PAGES)
def test_organiser_page_redirects_anonymous_visitor_to_login(client, method, name):
    url = reverse(name)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(("method", "name"), ORGANISER_PAGES)
@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_organiser_page_forbidden_to_other_roles(client, request, method, name, role):
    OutgoingEmailFactory(to="private@example.org", subject="Your sign-in code")
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 403
    assert b"private@example.org" not in response.content


def test_resend_forbidden_to_participant_and_leaves_email_failed(client, participant):
    email = OutgoingEmailFactory(state=EmailState.FAILED)
    client.force_login(participant)
    response = client.post(reverse("resend_email", args=[email.pk]))
    assert response.status_code == 403
    email.refresh_from_db()
    assert email.state == EmailState.FAILED


def test_resend_redirects_anonymous_visitor_to_login(client):
    email = OutgoingEmailFactory(state=EmailState.FAILED)
    response = client.post(reverse("resend_email", args=[email.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_outbox_lists_emails_with_state_and_error_without_bodies(client, organiser):
    OutgoingEmailFactory(
        to="failed@example.org",
        state=EmailState.FAILED,
        last_error="SMTPRecipientsRefused: mailbox unavailable",
        body_text="Your sign-in code is 123456",
    )
    OutgoingEmailFactory(to="sent@example.org", state=EmailState.SENT)
    client.force_login(organiser)

    response = client.get(reverse("outbox"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "failed@example.org" in content
    assert "SMTPRecipientsRefused: mailbox unavailable" in content
    assert "sent@example.org" in content
    assert "123456" not in content
    assert content.count("Send again") == 1


def test_outbox_filters_by_state(client, organiser):
    OutgoingEmailFactory(to="failed@example.org", state=EmailState.FAILED)
    OutgoingEmailFactory(to="sent@example.org", state=EmailState.SENT)
    client.force_login(organiser)

    content = client.get(reverse("outbox"), {"state": "failed"}).content.decode()

    assert "failed@example.org" in content
    assert "sent@example.org" not in content


@pytest.mark.parametrize("count", [1, 3])
def test_outbox_query_count_does_not_grow_with_emails(
    client, organiser, django_assert_num_queries, count
):
    OutgoingEmailFactory.create_batch(count)
    client.force_login(organiser)
    # the person (session and permissions come from Redis), one page of emails with their
    # count (socialjustice/paging.py)
    with django_assert_num_queries(2):
        response = client.get(reverse("outbox"))
    assert response.status_code == 200


def test_resend_by_organiser_sends_the_failed_email(
    client, organiser, django_capture_on_commit_callbacks, mailoutbox
):
    email = OutgoingEmailFactory(state=EmailState.FAILED, to="retry@example.org")
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("resend_email", args=[email.pk]))

    assert response.status_code == 302
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert [m.to for m in mailoutbox] == [["retry@example.org"]]


def test_organise_link_shown_only_to_organisers(client, organiser, participant):
    client.force_login(participant)
    assert reverse("organise") not in client.get("/").content.decode()
    client.force_login(organiser)
    assert f'href="{reverse("organise")}"' in client.get("/").content.decode()


PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "k" * 20 + "-production-secret-from-the-environment-0123456789",
    "ALLOWED_HOSTS": "portal.example.org",
    "PATH": "/usr/bin:/bin",
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**env, "DJANGO_SETTINGS_MODULE": "socialjustice.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set in the environment when DEBUG is off." in result.stderr


def test_pages_send_security_headers_with_no_inline_scripts_allowed(client):
    response = client.get("/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
