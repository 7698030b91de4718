"""The recommendation tracker: the public list and its filters, a recommendation's page and
trail, who may update one, support counted once (also at the same moment), the spreadsheet
round trip and its all-or-nothing import, the owners' reminders, and the demo."""

import csv
import io
import threading
import time
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from breakouts.forms.tracker import read_lines
from breakouts.models import Recommendation, Support, Update
from breakouts.selectors import tracker as selectors
from breakouts.services import tracker as services
from breakouts.tasks import send_due_reminders_task
from networks.models import FourR, Level
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.models import ActivityLog, Mailing, OutgoingEmail
from tests.factories import (
    ContributionFactory,
    FacilitatorFactory,
    GroupFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganiserFactory,
    RecommendationFactory,
    ReportFactory,
    UpdateFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db
TRACKER = reverse("breakouts:tracker")


def published_group(**workshop):
    """A breakout group of a workshop whose report is published."""
    group = GroupFactory(item__workshop=WorkshopFactory(**workshop))
    ReportFactory(workshop=group.workshop, state="published", published_at=timezone.now())
    return group


def tracked(**kwargs):
    """A recommendation in the tracker (its workshop's report published)."""
    if "group" not in kwargs:
        kwargs["group"] = published_group()
    return RecommendationFactory(**kwargs)


@pytest.fixture
def network():
    return NetworkFactory(name="Leeds Equality Network")


@pytest.fixture
def coordinator(network):
    person = UserFactory(display_name="Chidi Okafor")
    network.coordinators.add(person)
    return person


@pytest.fixture
def owned(network):
    return tracked(owner_network=network, text="Fund community interpreters")


def page(client, url, **params):
    return client.get(url, params).content.decode()


def ids(rows):
    return [row.pk for row in rows]


# What is public


def test_public_recommendations_leave_out_unpublished_reports_and_merged_duplicates():
    shown = tracked()
    draft = RecommendationFactory()
    ReportFactory(workshop=draft.group.workshop, state="corrections")
    no_report = RecommendationFactory()
    merged = tracked(merged_into=shown)
    assert ids(selectors.public_recommendations()) == [shown.pk]
    assert {draft.pk, no_report.pk, merged.pk}.isdisjoint(
        ids(selectors.tracked(selectors.Filters()))
    )


def test_tracked_filters_by_workshop_status_level_four_r_owner_and_network(network):
    policy, service = (
        Level.objects.get(slug="policy-level"),
        Level.objects.get(slug="service-level"),
    )
    redistribution = FourR.objects.get(slug="redistribution")
    organisation = OrganisationFactory(name="Leeds City Council")
    group = published_group()
    group.workshop.networks.add(network)
    first = tracked(group=group, level=policy, four_r=redistribution, owner_network=network)
    second = tracked(group=group, level=service, status="agreed", owner_organisation=organisation)
    elsewhere = tracked(level=policy)

    def chosen(**filters):
        return sorted(ids(selectors.tracked(selectors.Filters(**filters))))

    assert chosen() == sorted([first.pk, second.pk, elsewhere.pk])
    assert chosen(workshop=group.workshop.slug) == sorted([first.pk, second.pk])
    assert chosen(status="agreed") == [second.pk]
    assert chosen(level="policy-level") == sorted([first.pk, elsewhere.pk])
    assert chosen(four_r="redistribution") == [first.pk]
    assert chosen(owner=f"network:{network.slug}") == [first.pk]
    assert chosen(owner=f"organisation:{organisation.slug}") == [second.pk]
    assert chosen(network=network.slug) == sorted([first.pk, second.pk])
    assert chosen(nothing=True) == []


def test_tracked_sorts_by_due_date_soonest_first_empty_last_or_by_support():
    group = published_group()
    today = timezone.localdate()
    undated = tracked(group=group)
    later = tracked(group=group, due_on=today + timedelta(days=30))
    sooner = tracked(group=group, due_on=today + timedelta(days=3))
    for person in UserFactory.create_batch(2):
        Support.objects.create(recommendation=undated, person=person)
    Support.objects.create(recommendation=later, person=UserFactory())
    assert ids(selectors.tracked(selectors.Filters())) == [sooner.pk, later.pk, undated.pk]
    by_support = selectors.tracked(selectors.Filters(sort="support"))
    assert [(row.pk, row.support_count) for row in by_support] == [
        (undated.pk, 2),
        (later.pk, 1),
        (sooner.pk, 0),
    ]


# The tracker's page


def test_tracker_page_lists_public_recommendations_with_their_count(client, owned):
    unpublished = RecommendationFactory(text="A draft nobody may read yet")
    body = page(client, TRACKER)
    assert "1 recommendation<" in body
    assert "Fund community interpreters" in body
    assert "Leeds Equality Network" in body
    assert unpublished.text not in body
    assert '<label for="id_status" class="form-label">Status</label>' in body


def test_tracker_page_filters_and_says_when_a_choice_names_nothing(client, owned):
    other = tracked(status="done", text="Publish equity data every year")
    body = page(client, TRACKER, status="done")
    assert other.text in body and owned.text not in body
    body = page(client, TRACKER, workshop="no-such-workshop")
    assert "There is a problem" in body
    assert "0 recommendations" in body


@pytest.mark.parametrize("sort", ["due", "support"])
def test_tracker_page_queries_stay_the_same_for_one_and_three(
    client, django_assert_max_num_queries, sort
):
    group = published_group()
    counts = []
    for total in (1, 3):
        while Recommendation.objects.count() < total:
            tracked(group=group, owner_network=NetworkFactory(), level=Level.objects.first())
        cache.clear()  # the page is built afresh each time (this worker's keys only)
        with django_assert_max_num_queries(7) as captured:
            assert client.get(TRACKER, {"sort": sort}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_tracker_page_is_cached_for_visitors_and_rebuilt_after_an_update(
    client, owned, organiser, django_assert_num_queries, django_capture_on_commit_callbacks
):
    assert "Proposed" in page(client, TRACKER)
    with django_assert_num_queries(0):
        client.get(TRACKER)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_recommendation(
            owned, values={"status": "agreed"}, note="", by=organiser, seen=None
        )
    body = page(client, TRACKER)
    assert "<td>Agreed</td>" in body


# One recommendation's page


def test_recommendation_page_shows_where_it_came_from_and_every_update(client, coordinator, owned):
    public = ContributionFactory(state="accepted", title="Interpreters in GP surgeries")
    private = ContributionFactory(title="A contribution still under review")
    owned.contributions.set([public, private])
    duplicate = tracked(merged_into=owned, text="Interpreters for every surgery")
    services.update_recommendation(
        owned,
        values={"status": "in_progress", "progress": 40, "due_on": date(2030, 7, 31)},
        note="Two surgeries have started.",
        by=coordinator,
    )
    body = page(client, reverse("breakouts:recommendation", args=[owned.pk]))
    assert owned.group.name in body and owned.group.workshop.title in body
    assert duplicate.group.workshop.title in body and duplicate.text in body
    assert "Interpreters in GP surgeries" in body
    assert private.title not in body
    assert "Status: Proposed → In progress" in body
    assert "Progress: 0% → 40%" in body
    assert "Due: none → 31 July 2030" in body
    assert "Two surgeries have started." in body
    assert "Chidi Okafor" in body and coordinator.email not in body
    assert "Sign in to support this recommendation" in body


def test_recommendation_page_queries_stay_the_same_for_one_and_three(
    client, owned, organiser, django_assert_max_num_queries
):
    url = reverse("breakouts:recommendation", args=[owned.pk])
    client.force_login(UserFactory())
    client.get(url)  # the person is read once, then kept in the cache
    counts = []
    for total in (1, 3):
        while Update.objects.count() < total:
            UpdateFactory(recommendation=owned, by=organiser, changes={"progress": [0, 10]})
            tracked(merged_into=owned)
            owned.contributions.add(ContributionFactory(state="accepted"))
        with django_assert_max_num_queries(10) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_visitor_gets_the_recommendation_page_from_the_cache_until_it_changes(
    client, owned, coordinator, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("breakouts:recommendation", args=[owned.pk])
    assert "0 people support it" in page(client, url)

    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.support(owned, by=UserFactory())
    assert "1 person supports it" in page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_recommendation(
            owned, values={"status": "in_progress"}, note="Started in two places.", by=coordinator
        )
    assert "Started in two places." in page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        contribution = ContributionFactory(state="accepted", title="Interpreters booked ahead")
        owned.contributions.add(contribution)
    assert "Interpreters booked ahead" in page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        contribution.title = "Interpreters booked a week ahead"
        contribution.save()
    assert "Interpreters booked a week ahead" in page(client, url)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("participant", 404),
        ("coordinator", 404),
        ("facilitator", 404),
        ("workshop_organiser", 200),
        ("organiser", 200),
    ],
)
def test_a_recommendation_of_an_unpublished_report_is_seen_only_by_its_managers(
    client, network, coordinator, role, status
):
    draft = RecommendationFactory(owner_network=network, text="Not for the public yet")
    ReportFactory(workshop=draft.group.workshop, state="corrections")
    people = {
        "participant": UserFactory(),
        "coordinator": coordinator,
        "facilitator": FacilitatorFactory(),
        "organiser": OrganiserFactory(),
        "workshop_organiser": UserFactory(),
    }
    draft.group.workshop.organisers.add(people["workshop_organiser"])
    if role != "anonymous":
        client.force_login(people[role])
    for name in ("recommendation", "recommendation_update"):
        response = client.get(reverse(f"breakouts:{name}", args=[draft.pk]))
        assert response.status_code == status
    if status == 200:
        assert "Not public yet" in page(
            client, reverse("breakouts:recommendation", args=[draft.pk])
        )
    response = client.post(reverse("breakouts:support", args=[draft.pk]))
    assert not Support.objects.exists()
    assert response.status_code in (302, 404)
    assert (response.status_code == 404) == (status == 404)


def test_a_merged_duplicate_sends_its_visitors_to_the_recommendation_it_was_merged_into(client):
    main = tracked()
    duplicate = tracked(merged_into=main)
    response = client.get(reverse("breakouts:recommendation", args=[duplicate.pk]))
    assert response.status_code == 302
    assert response.url == reverse("breakouts:recommendation", args=[main.pk])


# Updating a recommendation


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("participant", False),
        ("facilitator", False),
        ("other_coordinator", False),
        ("coordinator", True),
        ("workshop_organiser", True),
        ("organiser", True),
    ],
)
def test_only_the_owners_coordinators_and_organisers_change_a_status(
    client, owned, coordinator, role, allowed
):
    other = UserFactory()
    NetworkFactory().coordinators.add(other)
    people = {
        "participant": UserFactory(),
        "facilitator": FacilitatorFactory(),
        "other_coordinator": other,
        "coordinator": coordinator,
        "workshop_organiser": UserFactory(),
        "organiser": OrganiserFactory(),
    }
    owned.group.workshop.organisers.add(people["workshop_organiser"])
    url = reverse("breakouts:recommendation_update", args=[owned.pk])
    if role != "anonymous":
        client.force_login(people[role])
    got = client.get(url)
    posted = client.post(url, {"status": "agreed", "progress": "10", "seen": "0"})
    owned.refresh_from_db()
    if role == "anonymous":
        assert got.status_code == posted.status_code == 302
        assert got.url.startswith("/accounts/login/")
    elif not allowed:
        assert got.status_code == posted.status_code == 403
    else:
        assert got.status_code == 200
        assert posted.status_code == 302
    assert owned.status == ("agreed" if allowed else "proposed")
    assert Update.objects.count() == (1 if allowed else 0)
    can_update = "Update its status" in page(
        client, reverse("breakouts:recommendation", args=[owned.pk])
    )
    assert can_update == allowed


def test_an_update_writes_one_dated_entry_with_what_changed_and_logs_it(client, owned, coordinator):
    client.force_login(coordinator)
    url = reverse("breakouts:recommendation_update", args=[owned.pk])
    response = client.post(
        url,
        {
            "status": "in_progress",
            "progress": "40",
            "due_on": "2030-07-31",
            "note": "Two surgeries have started.",
            "seen": "0",
        },
    )
    assert response.status_code == 302
    update = Update.objects.get()
    assert update.by == coordinator
    assert update.changes == {
        "status": ["proposed", "in_progress"],
        "progress": [0, 40],
        "due_on": [None, "2030-07-31"],
    }
    assert update.note == "Two surgeries have started."
    owned.refresh_from_db()
    assert (owned.status, owned.progress, owned.due_on) == ("in_progress", 40, date(2030, 7, 31))
    assert owned.version == 2  # a facilitator's page opened before sees the new due date
    log = ActivityLog.objects.get()
    assert (log.verb, log.actor, log.data["changes"]) == (
        "breakouts.recommendation.status",
        coordinator,
        update.changes,
    )


def test_an_update_with_mistakes_is_shown_again_and_one_with_no_change_adds_nothing(
    client, owned, organiser
):
    client.force_login(organiser)
    url = reverse("breakouts:recommendation_update", args=[owned.pk])
    response = client.post(url, {"status": "agreed", "progress": "150", "note": "Kept note"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and 'href="#id_progress"' in body
    assert "Kept note" in body
    response = client.post(url, {"status": "proposed", "progress": "0", "seen": "0"}, follow=True)
    assert "Nothing changed, so no update was added." in response.content.decode()
    assert not Update.objects.exists()


def test_an_update_made_since_the_form_was_opened_is_not_overwritten(
    client, owned, organiser, coordinator
):
    client.force_login(organiser)
    url = reverse("breakouts:recommendation_update", args=[owned.pk])
    assert 'name="seen" value="0"' in page(client, url)
    services.update_recommendation(
        owned, values={"status": "done", "progress": 100}, note="", by=coordinator, seen=0
    )
    response = client.post(url, {"status": "agreed", "progress": "0", "seen": "0"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chidi Okafor updated this recommendation" in body
    owned.refresh_from_db()
    assert owned.status == "done"
    newest = Update.objects.get()
    assert f'name="seen" value="{newest.pk}"' in body


# Support


def test_supporting_twice_counts_once(client, owned, participant):
    url = reverse("breakouts:support", args=[owned.pk])
    assert client.post(url).url == f"/accounts/login/?next={url}"
    client.force_login(participant)
    first, second = client.post(url), client.post(url, follow=True)
    assert first.status_code == 302
    assert "each person counts once" in second.content.decode()
    assert Support.objects.filter(recommendation=owned).count() == 1
    body = page(client, reverse("breakouts:recommendation", args=[owned.pk]))
    assert "You support this recommendation." in body
    assert "1 person supports it" in body


def test_only_a_public_recommendation_can_be_supported(participant):
    merged = tracked(merged_into=tracked())
    with pytest.raises(PortalError):
        services.support(merged, by=participant)
    assert not Support.objects.exists()


def _waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_supports_at_the_same_moment_make_one_support():
    recommendation = tracked()
    person = UserFactory()
    outcome = []
    ready = threading.Barrier(3)

    def press():
        ready.wait()
        try:
            outcome.append(services.support(recommendation, by=person))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _n in range(2)]
    with transaction.atomic():
        # Hold the row until both requests wait for it: they then meet at the same moment.
        lock_row(Recommendation, recommendation.pk)
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
    assert sorted(outcome) == [False, True]
    assert Support.objects.filter(recommendation=recommendation, person=person).count() == 1


# The spreadsheet


def export(client, **params):
    response = client.get(reverse("breakouts:tracker_csv"), params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content).decode("utf-8")


def rows_of(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def upload(client, text, name="recommendations.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("breakouts:tracker_import"), {"file": file})


def test_the_export_is_the_filtered_list_with_every_column(client, owned):
    tracked(status="done", text="Publish equity data every year")
    rows = rows_of(export(client, status="proposed"))
    assert rows[0][:3] == ["Number", "Recommendation", "Workshop"]
    assert [row[:2] for row in rows[1:]] == [[str(owned.pk), "Fund community interpreters"]]
    assert rows[1][7:12] == ["Leeds Equality Network", "", "Proposed", "0", ""]


def test_a_round_trip_of_export_and_import_changes_nothing(client, owned, organiser):
    tracked(
        status="in_progress",
        progress=40,
        due_on=date(2030, 1, 31),
        text='Two lines, "quoted";\n=SUM(1,2) and, commas',
    )
    UpdateFactory(recommendation=owned)
    client.force_login(organiser)
    text = export(client)
    body = upload(client, text).content.decode()
    assert "The file changes nothing" in body
    assert 'name="token"' not in body
    plan = selectors.plan_import(read_lines(text), by=organiser)
    assert plan.ok and plan.updates == []
    assert services.import_updates(read_lines(text), digest=plan.digest, by=organiser).updated == 0
    assert Update.objects.count() == 1


def test_an_import_previews_every_change_then_saves_them_all(client, owned, organiser):
    second = tracked(group=owned.group, text="Publish equity data every year")
    client.force_login(organiser)
    rows = rows_of(export(client))
    rows[1][9:12], rows[1][14] = ["In progress", "40%", "31/07/2030"], "Started in two surgeries"
    rows[2][9] = "agreed"
    text = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows)
    preview = upload(client, text).content.decode()
    assert not Update.objects.exists()
    for words in (
        "Status: Proposed → In progress",
        "Progress: 0% → 40%",
        "Due: none → 31 July 2030",
        "Note: Started in two surgeries",
        "Status: Proposed → Agreed",
    ):
        assert words in preview
    token = preview.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("breakouts:tracker_import"), {"token": token})
    assert response.status_code == 302
    owned.refresh_from_db()
    second.refresh_from_db()
    assert (owned.status, owned.progress, owned.due_on) == ("in_progress", 40, date(2030, 7, 31))
    assert second.status == "agreed"
    assert Update.objects.get(recommendation=owned).note == "Started in two surgeries"
    log = ActivityLog.objects.get()
    assert (log.verb, log.actor) == ("breakouts.recommendation.imported", organiser)
    assert sorted(log.data["recommendations"]) == sorted([owned.pk, second.pk])


def test_an_import_with_an_error_in_one_line_changes_nothing(client, owned, organiser):
    second = tracked(group=owned.group)
    client.force_login(organiser)
    good = f"Number,Status,Progress (%)\n{owned.pk},Agreed,10\n"
    lines = read_lines(good + f"{second.pk},Finished,200\n99999,Agreed,0\n")
    plan = selectors.plan_import(lines, by=organiser)
    assert [row.errors for row in plan.rows] == [
        [],
        [
            "“Finished” is not a status: use one of Proposed, Agreed, In progress, Done, Dropped.",
            "The progress must be a whole number from 0 to 100.",
        ],
        ["No recommendation in the tracker has the number “99999”."],
    ]
    with pytest.raises(services.ImportChanged):
        services.import_updates(lines, digest=plan.digest, by=organiser)
    body = upload(client, good + f"{second.pk},Finished,0\n").content.decode()
    assert "There is a problem: nothing can be saved" in body
    assert 'href="#row-3"' in body
    assert 'name="token"' not in body
    owned.refresh_from_db()
    assert owned.status == "proposed"
    assert not Update.objects.exists() and not ActivityLog.objects.exists()


def test_an_import_refuses_lines_the_person_may_not_change(coordinator, owned):
    theirs = tracked(owner_network=NetworkFactory())
    lines = read_lines(f"Number,Status\n{owned.pk},Agreed\n{theirs.pk},Agreed\n{owned.pk},Done\n")
    plan = selectors.plan_import(lines, by=coordinator)
    assert [row.errors for row in plan.rows] == [
        [],
        [
            "You may not update this recommendation: its owner's coordinators and the "
            "organisers may."
        ],
        ["This recommendation is on row 2 too."],
    ]
    assert not plan.ok


def test_an_import_confirmed_after_a_change_since_its_preview_saves_nothing(
    client, owned, organiser, coordinator
):
    client.force_login(organiser)
    preview = upload(client, f"Number,Status\n{owned.pk},Agreed\n").content.decode()
    token = preview.split('name="token" value="')[1].split('"')[0]
    services.update_recommendation(owned, values={"status": "agreed"}, note="", by=coordinator)
    body = client.post(reverse("breakouts:tracker_import"), {"token": token}).content.decode()
    assert "updated since your preview" in body
    assert "The file changes nothing" in body
    assert Update.objects.count() == 1
    assert ActivityLog.objects.filter(verb="breakouts.recommendation.imported").count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", "%PDF-1.4", "is not a CSV file"),
        ("empty.csv", "", "The submitted file is empty."),
        ("other.csv", "Title,Status\nA,Agreed\n", "The file has no “Number” column"),
    ],
)
def test_an_import_of_a_wrong_file_is_refused_with_a_reason(
    client, organiser, name, content, message
):
    client.force_login(organiser)
    file = SimpleUploadedFile(name, content.encode())
    response = client.post(reverse("breakouts:tracker_import"), {"file": file})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_changed_preview_token_is_refused(client, organiser):
    client.force_login(organiser)
    response = client.post(reverse("breakouts:tracker_import"), {"token": "made-up"})
    assert "import the file again" in response.content.decode()


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_file_saved_with_semicolons_or_tabs_is_read(owned, separator):
    text = separator.join(["Number", "Status", "Note"]) + "\n"
    text += separator.join([str(owned.pk), "Agreed", "Café"]) + "\n"
    [line] = read_lines(text)
    assert (line.number, line.values, line.note) == (str(owned.pk), {"status": "agreed"}, "Café")


# Reminders to owners


def test_the_owners_coordinators_are_reminded_a_week_before_once(
    owned, coordinator, django_capture_on_commit_callbacks
):
    second = UserFactory()
    owned.owner_network.coordinators.add(second)
    today = date(2030, 7, 1)
    Recommendation.objects.filter(pk=owned.pk).update(due_on=date(2030, 7, 8))
    closed = tracked(owner_network=owned.owner_network, status="done", due_on=date(2030, 7, 8))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today) == 0
        assert services.send_due_reminders(today + timedelta(days=1)) == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [coordinator.email, second.email]
    )
    assert mail.outbox[0].subject == "A recommendation your network owns is due on 8 July 2030"
    assert f"/recommendations/{owned.pk}/update/" in mail.outbox[0].body
    assert not Mailing.objects.filter(object_id=str(closed.pk)).exists()


def test_an_overdue_recommendation_is_reminded_once_unless_updated_since(
    owned, coordinator, organiser, django_capture_on_commit_callbacks
):
    updated = tracked(owner_network=owned.owner_network, due_on=date(2020, 6, 1))
    UpdateFactory(recommendation=updated, created_at=timezone.now())
    Recommendation.objects.filter(pk=owned.pk).update(due_on=date(2020, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders_task.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 0
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert message.subject == "A recommendation your network owns was due on 1 June 2020"
    assert "nobody has updated it since" in message.body
    # A new due date is news again.
    services.update_recommendation(
        owned, values={"due_on": timezone.localdate() + timedelta(days=3)}, note="", by=organiser
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
    assert OutgoingEmail.objects.count() == 2


def test_nobody_is_reminded_of_a_recommendation_the_public_cannot_see(coordinator, network):
    draft = RecommendationFactory(owner_network=network, due_on=date(2020, 6, 1))
    ReportFactory(workshop=draft.group.workshop, state="draft")
    assert services.send_due_reminders() == 0


# The demo


def test_load_demo_twice_follows_up_four_recommendations_once(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = list(Update.objects.order_by("pk").values_list("recommendation__status", "changes"))
    call_command("load_demo", stdout=StringIO())
    assert (
        list(Update.objects.order_by("pk").values_list("recommendation__status", "changes"))
        == first
    )
    followed = Recommendation.objects.filter(
        group__workshop__slug="understandings-of-inequality-2020-06-24", updates__isnull=False
    ).distinct()
    assert sorted((r.status, r.progress) for r in followed) == [
        ("agreed", 0),
        ("done", 100),
        ("dropped", 0),
        ("in_progress", 40),
    ]
    assert Update.objects.count() == 7
    assert all(r.owner_network_id for r in followed)


def test_coordinators_may_import_for_their_network_others_may_not(client, coordinator, owned):
    url = reverse("breakouts:tracker_import")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
