"""Joining networks: asking (once), the coordinators' decision (once, under a lock, emailed),
leaving and ending a membership, and who may do each."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from networks.models import JoinRequest, Membership
from networks.services.joining import decide_request
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.models import ActivityLog, OutgoingEmail
from tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    NetworkFactory,
    OrganiserFactory,
    UserFactory,
)
from tests.pages import without_csrf_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(display_name="Chidi Okafor", email="chidi@example.org")


@pytest.fixture
def network(coordinator):
    network = NetworkFactory(name="Leeds Equality Network")
    # From the person's side, so the person in hand has the roles' new time, as their next
    # sign-in would read it (appointing them moves it on: networks/roles.py).
    coordinator.coordinated_networks.add(network)
    return network


@pytest.fixture
def amina():
    return UserFactory(display_name="Amina Yusuf", email="amina@example.org")


def url(name, network, *args):
    return reverse(name, args=[network.slug, *args])


def verbs():
    return list(ActivityLog.objects.order_by("pk").values_list("verb", "actor__email"))


# Asking


def test_ask_to_join_makes_one_request_and_emails_the_coordinators(
    client, network, amina, django_capture_on_commit_callbacks
):
    client.force_login(amina)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("networks:join", network), {"message": "I run a <b>group</b>."})
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url("networks:join", network), {"message": "Asking again"}, follow=True)

    assert response.status_code == 302
    assert response.url == url("networks:network", network)
    [request] = JoinRequest.objects.all()
    assert (request.person, request.state, request.message) == (
        amina,
        "pending",
        "I run a <b>group</b>.",
    )
    assert "You asked to join already: the coordinators will decide." in again.content.decode()
    assert "You asked to join on" in again.content.decode()
    assert verbs() == [("networks.join.requested", "amina@example.org")]
    [email] = mail.outbox
    assert email.to == ["chidi@example.org"]
    assert email.subject == "Someone asks to join Leeds Equality Network"
    assert "Amina Yusuf asks to join Leeds Equality Network." in email.body
    assert "I run a <b>group</b>." in email.body
    assert f"http://testserver/networks/{network.slug}/requests/" in email.body
    assert "amina@example.org" not in email.body


def test_ask_to_a_network_without_coordinators_emails_the_organisers(
    client, amina, django_capture_on_commit_callbacks
):
    network = NetworkFactory()
    OrganiserFactory(email="organiser@example.org")
    client.force_login(amina)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("networks:join", network), {})

    assert [email.to for email in mail.outbox] == [["organiser@example.org"]]


def test_a_member_cannot_ask_again(client, network, amina):
    MembershipFactory(person=amina, network=network)
    client.force_login(amina)

    response = client.post(url("networks:join", network), {}, follow=True)

    assert "You are a member of this network already." in response.content.decode()
    assert JoinRequest.objects.count() == 0


def test_visitor_is_asked_to_sign_in_to_join(client, network):
    content = client.get(url("networks:network", network)).content.decode()
    response = client.post(url("networks:join", network), {})

    assert f'href="/accounts/login/?next=/networks/{network.slug}/"' in content
    assert response.url == f"/accounts/login/?next={url('networks:join', network)}"
    assert JoinRequest.objects.count() == 0


def test_network_page_tells_each_person_where_they_stand(
    client, network, amina, django_capture_on_commit_callbacks
):
    # Where they stand is kept for them with the page: each change shows at once.
    client.force_login(amina)
    assert "Ask to join" in client.get(url("networks:network", network)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        request = JoinRequestFactory(person=amina, network=network)
    assert "You asked to join on" in client.get(url("networks:network", network)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        decide_request(request, approve=True, by=OrganiserFactory())
    content = client.get(url("networks:network", network)).content.decode()
    assert "You are a member since" in content
    assert "Leave the network" in content
    assert "Requests to join" not in content


# Deciding


def test_coordinator_sees_pending_requests_and_members_only_of_their_network(
    client, network, coordinator, amina
):
    JoinRequestFactory(person=amina, network=network, message="Please <i>let</i> me in")
    JoinRequestFactory(network=network, state="declined", person=UserFactory(display_name="Zed"))
    JoinRequestFactory(person=UserFactory(display_name="Elsewhere"))
    MembershipFactory(network=network, person=UserFactory(display_name="Morgan Campbell"))
    client.force_login(coordinator)

    # Without the forms' random tokens, which may spell "Zed" by chance.
    content = without_csrf_tokens(client.get(url("networks:requests", network)).content.decode())

    assert "1 request waiting for a decision." in content
    assert "Amina Yusuf" in content and "Please &lt;i&gt;let&lt;/i&gt; me in" in content
    assert "Zed" not in content and "Elsewhere" not in content
    assert "Morgan Campbell" in content
    assert "amina@example.org" not in content


@pytest.mark.parametrize("count", [1, 3])
def test_requests_page_query_count_does_not_grow(
    client, network, coordinator, django_assert_num_queries, count
):
    for _ in range(count):
        JoinRequestFactory(network=network)
        MembershipFactory(network=network)
        MembershipFactory(network=network, left_at=timezone.now())
    client.force_login(coordinator)
    # The person (session and permissions come from Redis); the network and its coordinators;
    # the requests, the members and the past members, each counted and listed.
    with django_assert_num_queries(9):
        assert client.get(url("networks:requests", network)).status_code == 200


@pytest.mark.parametrize("who", ["participant", "other_coordinator", "member"])
def test_only_the_networks_coordinators_and_organisers_decide(client, network, amina, who):
    request = JoinRequestFactory(person=amina, network=network)
    person = UserFactory()
    if who == "other_coordinator":
        NetworkFactory().coordinators.add(person)
    elif who == "member":
        MembershipFactory(person=person, network=network)
    client.force_login(person)

    assert client.get(url("networks:requests", network)).status_code == 403
    response = client.post(
        url("networks:requests", network), {"join_request": request.pk, "decision": "approve"}
    )

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.state == "pending"
    assert Membership.objects.filter(person=amina).count() == 0


def test_anonymous_is_sent_to_sign_in_for_the_requests(client, network):
    address = url("networks:requests", network)
    assert client.get(address).url == f"/accounts/login/?next={address}"


def test_a_coordinator_cannot_decide_another_networks_request_through_their_own(
    client, network, coordinator
):
    elsewhere = JoinRequestFactory()
    client.force_login(coordinator)

    response = client.post(
        url("networks:requests", network), {"join_request": elsewhere.pk, "decision": "approve"}
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.state == "pending"


def test_approve_makes_a_member_from_now_and_emails_them(
    client, network, coordinator, amina, django_capture_on_commit_callbacks
):
    request = JoinRequestFactory(person=amina, network=network)
    client.force_login(coordinator)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("networks:requests", network),
            {"join_request": request.pk, "decision": "approve"},
            follow=True,
        )

    assert "Amina Yusuf is now a member of the network." in response.content.decode()
    [membership] = Membership.objects.all()
    assert (membership.person, membership.network, membership.left_at) == (amina, network, None)
    assert membership.joined_at >= before
    request.refresh_from_db()
    assert (request.state, request.decided_by) == ("approved", coordinator)
    assert verbs() == [("networks.join.approved", "chidi@example.org")]
    [email] = mail.outbox
    assert email.to == ["amina@example.org"]
    assert email.subject == "You are now a member of Leeds Equality Network"
    assert f"http://testserver/networks/{network.slug}/" in email.body
    # The person sees the network on their own page.
    client.force_login(amina)
    me = client.get(reverse("networks:me")).content.decode()
    assert f'<a href="/networks/{network.slug}/">Leeds Equality Network</a>' in me


def test_decline_emails_the_person_and_adds_no_member(
    client, network, organiser, amina, django_capture_on_commit_callbacks
):
    request = JoinRequestFactory(person=amina, network=network)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("networks:requests", network), {"join_request": request.pk, "decision": "decline"}
        )

    request.refresh_from_db()
    assert request.state == "declined"
    assert Membership.objects.count() == 0
    assert [(email.to, email.subject) for email in mail.outbox] == [
        (["amina@example.org"], "Your request to join Leeds Equality Network")
    ]


def test_a_second_decision_changes_nothing_and_says_so(
    client, network, coordinator, amina, django_capture_on_commit_callbacks
):
    request = JoinRequestFactory(person=amina, network=network)
    client.force_login(coordinator)
    decide = {"join_request": request.pk, "decision": "approve"}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("networks:requests", network), decide)
        second = client.post(
            url("networks:requests", network), {**decide, "decision": "decline"}, follow=True
        )

    assert "This request was approved already" in second.content.decode()
    assert Membership.objects.count() == 1
    assert len(mail.outbox) == 1
    assert [verb for verb, _actor in verbs()] == ["networks.join.approved"]


def test_the_coordinators_email_is_not_sent_once_the_request_is_decided(
    network, amina, django_capture_on_commit_callbacks
):
    from networks.services.joining import ask_to_join

    # The mailing is expanded after commit; decided first, there is nothing to ask about.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request, _created = ask_to_join(network, person=amina)
    decide_request(request, approve=False, by=OrganiserFactory())
    mail.outbox.clear()
    for callback in callbacks:
        callback()

    assert mail.outbox == []


def _waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deciding_at_once_decide_once():
    """Both press their button together; the request's row is held until both decisions
    wait for it, so they truly overlap. One decides, the other is told what was decided."""
    network = NetworkFactory()
    first, second = UserFactory(), UserFactory()
    network.coordinators.add(first, second)
    request = JoinRequestFactory(network=network, person=UserFactory(email="amina@example.org"))
    deciders = {"approve": first, "decline": second}
    outcome = {}
    ready = threading.Barrier(3)

    def decide(decision):
        opened = JoinRequest.objects.get(pk=request.pk)
        ready.wait()
        try:
            outcome[decision] = decide_request(
                opened, approve=decision == "approve", by=deciders[decision]
            )
        except PortalError as error:
            outcome[decision] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(d,)) for d in deciders]
    with transaction.atomic():
        lock_row(JoinRequest, request.pk)
        for thread in threads:
            thread.start()
        ready.wait()
        deadline = time.monotonic() + 4
        while _waiting_for_a_lock() < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        waiting = _waiting_for_a_lock()
    for thread in threads:
        thread.join()

    assert waiting == 2
    request.refresh_from_db()
    winner = {"approved": "approve", "declined": "decline"}[request.state]
    loser = {"approve": "decline", "decline": "approve"}[winner]
    assert request.decided_by == deciders[winner]
    assert outcome[loser] == (
        f"This request was {request.state} already: nothing more was changed."
    )
    assert Membership.objects.count() == (1 if winner == "approve" else 0)
    decisions = ActivityLog.objects.filter(verb__startswith="networks.join.")
    assert list(decisions.values_list("actor", flat=True)) == [deciders[winner].pk]
    assert list(OutgoingEmail.objects.values_list("to", "kind")) == [
        ("amina@example.org", f"networks.join_{request.state}")
    ]


# Leaving


def test_member_leaves_and_a_later_membership_is_a_new_row(client, network, coordinator, amina):
    first = MembershipFactory(person=amina, network=network)
    client.force_login(amina)

    response = client.post(url("networks:leave", network), follow=True)

    assert "You have left the network." in response.content.decode()
    first.refresh_from_db()
    assert first.left_at is not None
    assert verbs() == [("networks.member.left", "amina@example.org")]
    assert client.post(url("networks:leave", network)).status_code == 403

    request = JoinRequestFactory(person=amina, network=network)
    decide_request(request, approve=True, by=coordinator)
    assert Membership.objects.filter(person=amina, network=network).count() == 2
    assert Membership.objects.filter(person=amina, left_at__isnull=True).count() == 1


def test_coordinator_ends_a_membership_of_their_network_only(client, network, coordinator, amina):
    membership = MembershipFactory(person=amina, network=network)
    elsewhere = MembershipFactory(person=amina)
    client.force_login(coordinator)

    response = client.post(url("networks:end_membership", network, membership.pk), follow=True)
    other = client.post(url("networks:end_membership", network, elsewhere.pk))
    not_theirs = client.post(
        reverse("networks:end_membership", args=[elsewhere.network.slug, elsewhere.pk])
    )

    assert "The membership has ended." in response.content.decode()
    membership.refresh_from_db()
    elsewhere.refresh_from_db()
    assert membership.left_at is not None
    assert (other.status_code, not_theirs.status_code) == (404, 403)
    assert elsewhere.left_at is None
    assert verbs() == [("networks.member.left", "chidi@example.org")]


def test_past_members_are_listed_with_when_they_joined_and_left(
    client, network, coordinator, amina
):
    joined = timezone.make_aware(timezone.datetime(2020, 6, 24, 10))
    MembershipFactory(person=amina, network=network, joined_at=joined)
    client.force_login(coordinator)
    membership = Membership.objects.get(person=amina)
    client.post(url("networks:end_membership", network, membership.pk))

    content = client.get(url("networks:requests", network)).content.decode()
    current, past = content.split('id="past-heading"')
    assert "Amina Yusuf" not in current
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f'Amina Yusuf <span class="small">(member from 24 June 2020 to {today})' in past


def test_a_member_may_not_end_someone_elses_membership(client, network, amina):
    membership = MembershipFactory(network=network)
    MembershipFactory(person=amina, network=network)
    client.force_login(amina)

    response = client.post(url("networks:end_membership", network, membership.pk))

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.left_at is None


def test_profile_and_my_page_show_only_current_networks(client, network, amina):
    MembershipFactory(person=amina, network=network)
    MembershipFactory(
        person=amina, network=NetworkFactory(name="Equal England"), left_at=timezone.now()
    )
    client.force_login(amina)

    for name in ("networks:me", "networks:profile_edit"):
        content = client.get(reverse(name)).content.decode()
        assert f'<a href="/networks/{network.slug}/">Leeds Equality Network</a>' in content
        assert "Equal England" not in content


def test_network_page_cached_for_visitors_counts_a_new_member_at_once(
    client, network, coordinator, amina, django_capture_on_commit_callbacks
):
    page = url("networks:network", network)
    assert "<p>0 members</p>" in client.get(page).content.decode()
    request = JoinRequestFactory(person=amina, network=network)

    with django_capture_on_commit_callbacks(execute=True):
        decide_request(request, approve=True, by=coordinator)

    content = client.get(page).content.decode()
    assert "<p>1 member</p>" in content
    assert '<li class="list-inline-item">Amina Yusuf</li>' in content


# Coordinators, appointed by organisers


def test_an_organiser_appoints_a_coordinator_who_can_then_decide(client, network, amina):
    client.force_login(OrganiserFactory(email="olu@example.org"))
    response = client.post(
        url("networks:add_coordinator", network), {"email": "Amina@Example.org"}, follow=True
    )
    assert "Amina Yusuf is now a coordinator of the network." in response.content.decode()
    assert set(network.coordinators.values_list("display_name", flat=True)) == {
        "Chidi Okafor",
        "Amina Yusuf",
    }
    assert verbs() == [("networks.coordinator.added", "olu@example.org")]

    client.force_login(amina)
    assert client.get(url("networks:requests", network)).status_code == 200


def test_an_unknown_address_is_refused_with_what_was_typed_kept(client, network):
    client.force_login(OrganiserFactory())
    response = client.post(
        url("networks:add_coordinator", network), {"email": "nobody@example.org"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content and 'href="#id_email"' in content
    assert "No one has an account with that email address." in content
    assert 'value="nobody@example.org"' in content
    assert network.coordinators.count() == 1 and verbs() == []


def test_an_organiser_removes_a_coordinator(client, network, coordinator):
    client.force_login(OrganiserFactory())
    response = client.post(url("networks:remove_coordinator", network, coordinator.pk), follow=True)
    assert "Chidi Okafor is no longer a coordinator." in response.content.decode()
    assert not network.coordinators.exists()
    client.force_login(coordinator)
    assert client.get(url("networks:requests", network)).status_code == 403


def test_coordinators_are_not_offered_to_appoint_others(client, network, coordinator):
    client.force_login(coordinator)
    content = client.get(url("networks:requests", network)).content.decode()
    assert "Make them a coordinator" not in content
    assert (
        client.post(url("networks:add_coordinator", network), {"email": "a@b.org"}).status_code
        == 403
    )
