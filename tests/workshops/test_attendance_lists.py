"""A meeting tool's list of who joined, matched to the people with a place: without accents,
capitals, titles, bracketed notes or the order of the names; likely matches shown to the
organiser to confirm."""

from datetime import timedelta

import pytest
from django.utils import timezone

from socialjustice.models import ActivityLog
from tests.factories import RegistrationFactory, UserFactory
from tests.workshops.organiser_pages import message_texts, names, organised_workshop, url
from workshops.attendee_names import likely_same, name_words
from workshops.models import Registration
from workshops.selectors.attendance import match_attendance_list
from workshops.services import attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop_organiser(db):
    return UserFactory()


@pytest.fixture
def workshop(workshop_organiser):
    return organised_workshop(workshop_organiser)


@pytest.fixture
def signed_in(client, workshop_organiser):
    client.force_login(workshop_organiser)
    return client


@pytest.fixture
def people(workshop):
    made = {}
    for name, email in [
        ("Dr Sarah Salway", "s.salway@sheffield.example.org"),
        ("José García", "jgarcia@example.org"),
        ("Amira Khan", "amira@example.org"),
        ("Siobhán O'Neill", "siobhan@example.org"),
        ("Ben Adeyemi", "ben@example.org"),
        ("Professor Anna Nowak", "anna@example.org"),
    ]:
        made[name] = RegistrationFactory(workshop=workshop, name=name, email=email)
    return made


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Dr Sarah Salway", ("sarah", "salway")),
        ("Sarah Salway (Guest)", ("sarah", "salway")),
        ("JOSÉ   GARCÍA", ("jose", "garcia")),
        ("Khan, Amira", ("khan", "amira")),
        ("Siobhan O’Neill [External] (she/her)", ("siobhan", "oneill")),
        ("Prof. Anna Nowak-Łącka", ("anna", "nowak", "lacka")),
        ("Dr", ("dr",)),  # a title alone is kept: it is all there is
    ],
)
def test_name_words_leave_out_accents_titles_brackets_and_punctuation(text, words):
    assert name_words(text) == words


def test_likely_same_needs_one_whole_word_and_every_word_or_initial():
    assert likely_same(("a", "khan"), ("amira", "khan"))
    assert likely_same(("sarah", "salway"), ("sarah", "jane", "salway"))
    assert likely_same(("amira",), ("amira", "khan"))
    assert not likely_same(("a", "k"), ("amira", "khan"))  # initials alone
    assert not likely_same(("amira", "begum"), ("amira", "khan"))


def test_the_issues_list_matches_all_four(workshop, people):
    # 1 of these 4 matched before: only the exact email address.
    pasted = attendance.mark_attended_from_list(
        workshop,
        "ben@example.org\nAmira Khan (Guest)\nJose Garcia\nSarah Salway\n",
        by=None,
    )
    assert names(pasted.marked) == ["Amira Khan", "Ben Adeyemi", "Dr Sarah Salway", "José García"]
    assert (pasted.suggestions, pasted.unmatched) == ([], [])


def test_list_with_accents_guests_honorifics_and_reversed_names_marks_each(workshop, people):
    text = "\n".join(
        [
            "SALWAY Sarah (Guest)",
            "garcía, josé",
            "Siobhan ONeill (she/her)",
            "Dr Anna Nowak",
            "Amira Khan\tamira@example.org\t10:02\t11:58",  # a table pasted from the tool
        ]
    )
    now = timezone.now()
    pasted = attendance.mark_attended_from_list(workshop, text, by=None, now=now)

    assert names(pasted.marked) == [
        "Amira Khan",
        "Dr Sarah Salway",
        "José García",
        "Professor Anna Nowak",
        "Siobhán O'Neill",
    ]
    assert (pasted.suggestions, pasted.unmatched) == ([], [])
    assert set(Registration.objects.filter(attended_at=now).values_list("name", flat=True)) == set(
        names(pasted.marked)
    )


def test_nearly_matching_names_are_only_suggested(workshop, people):
    RegistrationFactory(workshop=workshop, name="Amira Begum", email="begum@example.org")
    text = "\n".join(
        [
            "A Khan",  # an initial
            "Sarah Jane Salway",  # a word more
            "Amira",  # a first name that two people have
            "jose.garcia@gmail.com",  # another address, spelling the name
            "Ben Adeyemi",  # beyond doubt
            "B Adeyemi",  # likely Ben, marked already by the line above: not asked about
            "Zoe Unknown",
        ]
    )
    pasted = attendance.mark_attended_from_list(workshop, text, by=None)

    assert names(pasted.marked) == ["Ben Adeyemi"]
    assert [(s.line, names(s.candidates)) for s in pasted.suggestions] == [
        ("A Khan", ["Amira Khan"]),
        ("Sarah Jane Salway", ["Dr Sarah Salway"]),
        ("Amira", ["Amira Begum", "Amira Khan"]),
        ("jose.garcia@gmail.com", ["José García"]),
    ]
    assert pasted.unmatched == ["Zoe Unknown"]
    assert Registration.objects.filter(attended_at__isnull=False).count() == 1


def test_someone_marked_at_the_door_is_not_suggested_again(workshop, people):
    amira = people["Amira Khan"]
    amira.attended_at = timezone.now() - timedelta(hours=1)
    amira.save()
    found = match_attendance_list(workshop, "A Khan")
    assert (found.sure, found.suggestions, found.unmatched) == (set(), [], [])


@pytest.mark.parametrize("count", [1, 3])
def test_matching_a_list_costs_one_query_however_long(workshop, django_assert_num_queries, count):
    for n in range(count):
        RegistrationFactory(workshop=workshop, name=f"Person Number{n}")
    text = "\n".join(f"P Number{n} (Guest)" for n in range(count))
    with django_assert_num_queries(1):
        found = match_attendance_list(workshop, text)
    assert len(found.suggestions) == count


# The pages


def test_pasted_list_with_likely_matches_shows_them_to_confirm(signed_in, workshop, people):
    response = signed_in.post(url("check_in_list", workshop), {"text": "Ben Adeyemi\nA Khan"})

    assert response.status_code == 200
    page = response.content.decode()
    assert '<div class="alert alert-success" role="status">1 person is marked as attended.' in page
    assert "In the list: “A Khan”" in page
    amira = people["Amira Khan"]
    assert f'name="registrations" value="{amira.pk}"' in page
    assert "Amira Khan (amira@example.org)</label>" in page
    assert Registration.objects.get(pk=amira.pk).attended_at is None


def test_pasted_list_page_costs_the_same_with_more_suggestions(
    signed_in, workshop, django_assert_num_queries
):
    for n in range(3):
        RegistrationFactory(workshop=workshop, name=f"Person Number{n}")
    # The first paste of a process also looks up the activity log's content type once.
    signed_in.post(url("check_in_list", workshop), {"text": "Nobody"})
    with django_assert_num_queries(7):
        one = signed_in.post(url("check_in_list", workshop), {"text": "P Number0"})
    with django_assert_num_queries(7):
        three = signed_in.post(
            url("check_in_list", workshop), {"text": "P Number0\nP Number1\nP Number2"}
        )
    assert one.content.decode().count("data-suggestion") == 1
    assert three.content.decode().count("data-suggestion") == 3


def test_confirming_ticked_matches_marks_them_and_logs_it(
    signed_in, workshop, workshop_organiser, people
):
    amira, sarah = people["Amira Khan"], people["Dr Sarah Salway"]

    response = signed_in.post(
        url("check_in_confirm", workshop), {"registrations": [amira.pk, sarah.pk]}
    )

    assert response.status_code == 302
    assert response.url == url("check_in_list", workshop)
    assert message_texts(response) == ["2 people are marked as attended."]
    assert sorted(
        Registration.objects.filter(attended_at__isnull=False).values_list("name", flat=True)
    ) == ["Amira Khan", "Dr Sarah Salway"]
    [entry] = ActivityLog.objects.all()
    assert (entry.actor, entry.verb, entry.target_id, entry.data) == (
        workshop_organiser,
        "workshops.registration.list_confirmed",
        str(workshop.pk),
        {"marked": 2},
    )


def test_confirming_nobody_ticked_marks_nobody(signed_in, workshop, people):
    response = signed_in.post(url("check_in_confirm", workshop), {})
    assert message_texts(response) == ["Nobody was ticked, so nobody more is marked as attended."]
    assert Registration.objects.filter(attended_at__isnull=False).count() == 0
    assert ActivityLog.objects.count() == 0


def test_confirming_someone_without_a_place_any_more_marks_nobody(signed_in, workshop, people):
    amira = people["Amira Khan"]
    gone = RegistrationFactory(workshop=workshop, status="cancelled")
    other = RegistrationFactory(name="Elsewhere")  # another workshop's

    for pks in ([amira.pk, gone.pk], [other.pk]):
        response = signed_in.post(url("check_in_confirm", workshop), {"registrations": pks})
        # (messages not yet shown pile up in the session: each is the same)
        assert set(message_texts(response)) == {
            "Someone you ticked no longer has a place, so nobody was marked. Paste the list "
            "again to see who is left."
        }
    assert Registration.objects.filter(attended_at__isnull=False).count() == 0


def test_check_in_before_the_day_says_it_is_early(signed_in, workshop):
    early = signed_in.get(url("check_in", workshop)).content.decode()
    assert 'id="check-in-early"' in early
    assert "It is early: the workshop is on" in early

    workshop.starts_at = timezone.now()  # on the day itself
    workshop.ends_at = workshop.starts_at + timedelta(hours=1)
    workshop.save()
    assert 'id="check-in-early"' not in signed_in.get(url("check_in", workshop)).content.decode()


def test_check_in_buttons_say_what_they_do_and_arrivals_look_different(signed_in, workshop):
    waiting_for = RegistrationFactory(workshop=workshop, name="Amira Khan")
    RegistrationFactory(workshop=workshop, name="Ben Adeyemi", attended_at=timezone.now())

    page = signed_in.get(url("check_in", workshop)).content.decode()

    assert (
        '<button type="submit" name="arrived" value="yes" class="btn btn-lg btn-primary">Mark'
        '<span class="visually-hidden"> Amira Khan</span> as arrived</button>' in page
    )
    assert page.count(" check-in-arrived") == 1
    assert page.count("data-not-arrived") == 1
    assert f'id="registration-{waiting_for.pk}">' in page
