"""What participants meet on their way: the places left on a workshop's page and its form
(kept true by the page cache), the page after registering, what the confirmation says for the
day, the calendar links and files, and the manage page after cancelling or while waiting."""

import html
import re
from datetime import UTC, timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory, london
from workshops.models import Registration
from workshops.services import registration as services

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.org/join/secret-room-123"


def person(n, **kwargs):
    return services.Registrant(name=f"Person {n}", email=f"person{n}@example.org", **kwargs)


def register(workshop, n, **kwargs):
    [outcome] = services.register([workshop], person(n, **kwargs))
    return outcome.registration


def words(content: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def take_part(content: str) -> str:
    """The words of the workshop page's registration box."""
    [found] = re.findall(r'aria-labelledby="take-part-heading">(.*?)</section>', content, re.S)
    return words(found)


def visitor_page(workshop) -> str:
    """The page as a visitor gets it: a fresh client, so the cached copy when there is one."""
    response = Client().get(reverse("workshops:detail", args=[workshop.slug]))
    assert response.status_code == 200
    return response.content.decode()


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


# Places left on the workshop's page


def test_workshop_page_says_places_left_and_when_registration_closes():
    workshop = WorkshopFactory(capacity=3)
    register(workshop, 1)
    assert take_part(visitor_page(workshop)) == (
        "Register for your place 2 places left out of 3. "
        f"Registration closes on {when(workshop.starts_at)}. "
        f"Register for your place at {workshop.title}"
    )


def test_workshop_page_full_says_join_the_waiting_list():
    workshop = WorkshopFactory(capacity=2)
    register(workshop, 1)
    register(workshop, 2)
    box = take_part(visitor_page(workshop))
    assert box == (
        "Join the waiting list Full: you can join the waiting list. If someone cancels, their "
        "place goes to the first person waiting, and we email them. "
        f"Registration closes on {when(workshop.starts_at)}. "
        f"Join the waiting list at {workshop.title}"
    )
    assert "places." not in box


def test_workshop_page_without_a_limit_says_only_when_registration_closes():
    closes = london(days=20, hour=17)
    workshop = WorkshopFactory(capacity=None, registration_closes_at=closes)
    assert take_part(visitor_page(workshop)) == (
        f"Register for your place Registration closes on {when(closes)}. "
        f"Register for your place at {workshop.title}"
    )


def test_workshop_page_before_registration_opens_has_no_register_button():
    opens = london(days=5, hour=9)
    workshop = WorkshopFactory(capacity=10, registration_opens_at=opens)
    content = visitor_page(workshop)
    assert take_part(content) == f"Registration Registration opens on {when(opens)}."
    assert reverse("workshops:register", args=[workshop.slug]) not in content


def test_workshop_page_after_registration_closed_says_so():
    workshop = WorkshopFactory(capacity=10, registration_closes_at=london(days=-1))
    content = visitor_page(workshop)
    assert take_part(content) == "Registration Registration for this workshop has closed."
    assert reverse("workshops:register", args=[workshop.slug]) not in content


def test_workshop_page_places_left_never_below_none_when_given_beyond_the_limit():
    workshop = WorkshopFactory(capacity=1)
    RegistrationFactory.create_batch(2, workshop=workshop)
    assert "Full: you can join the waiting list." in take_part(visitor_page(workshop))


# The cache keeps the places true


def test_registration_changes_the_cached_page(django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(capacity=2)
    assert "2 places left out of 2." in visitor_page(workshop)
    assert "2 places left out of 2." in visitor_page(workshop)  # now from the cache
    with django_capture_on_commit_callbacks(execute=True):
        register(workshop, 1)
    assert "1 place left out of 2." in visitor_page(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        second = register(workshop, 2)
    assert "Full: you can join the waiting list." in visitor_page(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(second)
    assert "1 place left out of 2." in visitor_page(workshop)


def test_registration_changes_the_page_a_signed_in_visitor_gets(
    client, participant, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(capacity=2)
    client.force_login(participant)
    url = reverse("workshops:detail", args=[workshop.slug])
    assert "2 places left out of 2." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        register(workshop, 1)
    assert "1 place left out of 2." in client.get(url).content.decode()


def test_registration_changed_in_the_admin_changes_the_cached_page(
    django_capture_on_commit_callbacks,
):
    workshop = WorkshopFactory(capacity=2)
    registration = register(workshop, 1)
    assert "1 place left out of 2." in visitor_page(workshop)
    # Loaded afresh, without its workshop: the page's places group is found after commit.
    loaded = Registration.objects.get(pk=registration.pk)
    with django_capture_on_commit_callbacks(execute=True):
        loaded.status = "cancelled"
        loaded.save()
    assert "2 places left out of 2." in visitor_page(workshop)


def test_burst_removed_changes_the_cached_page(organiser, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(capacity=3)
    for n in range(2):
        register(workshop, n, source="made-up")
    assert "1 place left out of 3." in visitor_page(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_burst(workshop, source="made-up", by=organiser)
    assert "3 places left out of 3." in visitor_page(workshop)


def test_registration_elsewhere_leaves_the_cached_page_alone(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    workshop = WorkshopFactory(capacity=2)
    other = WorkshopFactory(capacity=2)
    visitor_page(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        register(other, 1)
    with django_assert_num_queries(0):
        assert "2 places left out of 2." in visitor_page(workshop)


@pytest.mark.parametrize("count", [1, 3])
def test_workshop_page_places_cost_one_query_whatever_the_registrations(
    client, django_assert_num_queries, count
):
    workshop = WorkshopFactory(capacity=5)
    for n in range(count):
        register(workshop, n)
    # 5 for the page (no programme) and 1 for the places taken; 3 for the contributions
    # block, 1 for the report block.
    with django_assert_num_queries(10):
        content = client.get(reverse("workshops:detail", args=[workshop.slug])).content
    assert f"{5 - count} places left out of 5.".encode() in content


# The form


def test_register_form_says_places_left_and_when_it_closes(client):
    workshop = WorkshopFactory(capacity=4)
    register(workshop, 1)
    content = client.get(reverse("workshops:register", args=[workshop.slug])).content.decode()
    assert "3 places left out of 4." in content
    assert f"Registration closes on {when(workshop.starts_at)}." in content
    assert ">Register</button>" in content


def test_register_form_when_full_says_the_waiting_list_before_sending(client):
    workshop = WorkshopFactory(capacity=1)
    register(workshop, 1)
    content = client.get(reverse("workshops:register", args=[workshop.slug])).content.decode()
    assert "<strong>Full: you can join the waiting list.</strong>" in content
    assert (
        "Send this form to join the waiting list: we email you your number on the list and, "
        "if you get a place, the details."
    ) in content
    assert ">Join the waiting list</button>" in content


def test_register_form_before_it_opens_says_when(client):
    opens = london(days=3, hour=9)
    workshop = WorkshopFactory(registration_opens_at=opens)
    content = client.get(reverse("workshops:register", args=[workshop.slug])).content.decode()
    assert f"Registration opens on {when(opens)}." in content
    assert "<form" not in content.split("<main", 1)[1]


# The page after registering says one thing


def headings_and_status(content: str) -> tuple[list[str], str]:
    h1 = [words(h) for h in re.findall(r"<h1[^>]*>(.*?)</h1>", content, re.S)]
    [status] = re.findall(r'role="status"[^>]*>(.*?)</div>\s*</div>', content, re.S)
    return h1, words(status)


def test_registered_page_for_a_repeated_guest_address_says_one_thing(client):
    workshop = WorkshopFactory(capacity=1)
    url = reverse("workshops:register", args=[workshop.slug])
    form = {"name": "Amina Khan", "email": "amina@example.org", "consent": "on"}
    first = client.post(url, form, follow=True).content.decode()
    second = client.post(url, form, follow=True).content.decode()
    said = (
        ["Check your email"],
        f"Thank you. We have emailed amina@example.org about {workshop.title}: whether you "
        "have a place or a place on the waiting list, and your private link to change or "
        "cancel.",
    )
    assert headings_and_status(first) == said
    assert headings_and_status(second) == said
    assert "Thank you for registering" not in second
    assert "calendar file" not in second


def test_registered_page_for_own_address_registered_again_says_nothing_changed(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()
    workshop = WorkshopFactory()
    services.register([workshop], services.Registrant(name="Me", email=user.email, person=user))
    client.force_login(user)
    url = reverse("workshops:register", args=[workshop.slug])
    with django_capture_on_commit_callbacks(execute=True):
        content = client.post(
            url, {"name": "Me", "email": user.email, "consent": "on"}, follow=True
        ).content.decode()
    assert headings_and_status(content) == (
        ["Check your email"],
        f"You already have a place at {workshop.title}, so nothing has changed. We have "
        "emailed you your private link again.",
    )
    assert "calendar file" not in content
    assert [m.subject for m in mailoutbox] == [f"Your registration: {workshop.title}"]


def test_registered_page_for_own_address_waiting_again_gives_the_number(client):
    user = UserFactory()
    workshop = WorkshopFactory(capacity=1)
    register(workshop, 1)
    register(workshop, 2)
    services.register([workshop], services.Registrant(name="Me", email=user.email, person=user))
    client.force_login(user)
    url = reverse("workshops:register", args=[workshop.slug])
    content = client.post(
        url, {"name": "Me", "email": user.email, "consent": "on"}, follow=True
    ).content.decode()
    assert headings_and_status(content)[1] == (
        f"You are already on the waiting list for {workshop.title}, number 2, so nothing has "
        "changed. We have emailed you your private link again."
    )


# The confirmation email: what people need on the day


def confirmation_for(workshop, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(workshop, 1)
    [message] = mailoutbox
    return registration, message


def test_confirmation_for_in_person_has_map_what_to_bring_and_access(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(
        title="More United than Divided",
        format="in_person",
        venue_name="University of Leeds",
        venue_address="Woodhouse Lane\nLeeds LS2 9JT",
        what_to_bring="Something to write with",
        access_information="Step-free entrance; hearing loop in the hall.",
    )
    registration, message = confirmation_for(
        workshop, django_capture_on_commit_callbacks, mailoutbox
    )
    start = timezone.localtime(workshop.starts_at)
    assert message.body == (
        "Dear Person 1,\n\n"
        "Thank you for registering. Your place is confirmed.\n\n"
        "More United than Divided\n"
        f"{date_format(start, 'l j F Y')}, 10:00 to 12:30 UK time ({date_format(start, 'T')})\n"
        "University of Leeds\n"
        "Woodhouse Lane\nLeeds LS2 9JT\n"
        f"http://testserver/workshops/{workshop.slug}/\n\n"
        "Map and directions to the venue:\n"
        "https://www.openstreetmap.org/search?query=University%20of%20Leeds%2C%20Woodhouse"
        "%20Lane%2C%20Leeds%20LS2%209JT\n\n"
        "What to bring:\nSomething to write with\n\n"
        "Access information:\nStep-free entrance; hearing loop in the hall.\n\n"
        "The attached calendar file adds the workshop to your calendar.\n\n"
        "To see your registration, change your access or dietary needs, or cancel, use your "
        "private link (keep it to yourself):\n"
        f"http://testserver/registrations/{registration.token}/\n\n"
        "If you cannot come after all, please cancel so that someone on the waiting list can "
        "have your place."
    )
    [(_name, content, _type)] = message.attachments
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert JOIN not in content
    assert str(event["LOCATION"]) == "University of Leeds, Woodhouse Lane, Leeds LS2 9JT"


def test_confirmation_for_online_has_the_link_in_the_text_and_in_its_own_calendar_file(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(format="online", what_to_bring="A quiet room and headphones")
    _registration, message = confirmation_for(
        workshop, django_capture_on_commit_callbacks, mailoutbox
    )
    assert f"Join online with this link (it is for you only):\n{JOIN}\n\n" in message.body
    assert "What to bring:\nA quiet room and headphones\n\n" in message.body
    assert "Map and directions" not in message.body
    [(_name, content, _type)] = message.attachments
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["LOCATION"]) == JOIN
    assert str(event["DESCRIPTION"]).startswith(
        f"Join online (this link is for you only): {JOIN}\n\n"
    )
    public = client.get(reverse("workshops:workshop_calendar", args=[workshop.slug])).content
    assert JOIN.encode() not in public
    [public_event] = icalendar.Calendar.from_ical(public).walk("VEVENT")
    assert str(public_event["LOCATION"]) == "Online"


def test_promoted_person_gets_the_calendar_file_with_the_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(capacity=1, format="hybrid", venue_name="Leeds Civic Hall")
    first = register(workshop, 1)
    register(workshop, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(first)
    [promoted] = [m for m in mailoutbox if m.to == ["person2@example.org"]]
    assert promoted.subject == f"A place is now yours: {workshop.title}"
    assert "Map and directions to the venue:\n" in promoted.body
    [(_name, content, _type)] = promoted.attachments
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["LOCATION"]) == "Leeds Civic Hall and online"
    assert JOIN in str(event["DESCRIPTION"])


def test_waiting_email_says_the_number_moves_without_an_email_each_time(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(capacity=0)
    with django_capture_on_commit_callbacks(execute=True):
        register(workshop, 1)
    [message] = mailoutbox
    assert (
        "Your number goes down as people ahead of you leave the list: we do not email you "
        "each time, but the page at your private link below always shows your number now."
    ) in message.body
    assert message.attachments == []


# Google Calendar and Outlook


def calendar_links(content: str) -> dict[str, str]:
    found = re.findall(r'<li class="list-inline-item"><a href="([^"]+)">([^<]+)</a></li>', content)
    return {words(label): html.unescape(href) for href, label in found}


def test_workshop_page_offers_google_and_outlook_links_without_the_joining_link():
    workshop = WorkshopFactory(
        title="Leadership & Equity",
        theme="Who leads",
        description="",
        starts_at=london(days=30, hour=10),
    )
    links = calendar_links(visitor_page(workshop))
    start = workshop.starts_at.astimezone(UTC)
    end = workshop.ends_at.astimezone(UTC)
    page = f"http://testserver/workshops/{workshop.slug}/"
    assert links["Add to your calendar (.ics)"] == f"/workshops/{workshop.slug}/calendar.ics"
    google = urlsplit(links["Add to Google Calendar"])
    assert (google.scheme, google.netloc, google.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    assert parse_qs(google.query) == {
        "action": ["TEMPLATE"],
        "text": ["Leadership & Equity"],
        "dates": [f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"],
        "details": [f"Who leads\n\n{page}"],
        "location": ["Online"],
    }
    outlook = urlsplit(links["Add to Outlook"])
    assert (outlook.netloc, outlook.path) == (
        "outlook.live.com",
        "/calendar/0/deeplink/compose",
    )
    assert parse_qs(outlook.query) == {
        "subject": ["Leadership & Equity"],
        "startdt": [f"{start:%Y-%m-%dT%H:%M:%SZ}"],
        "enddt": [f"{end:%Y-%m-%dT%H:%M:%SZ}"],
        "body": [f"Who leads\n\n{page}"],
        "location": ["Online"],
    }
    assert "+" not in outlook.query  # spaces as %20
    assert "secret-room-123" not in visitor_page(workshop)


def test_manage_page_of_a_confirmed_place_has_its_own_calendar_links_with_the_link(client):
    workshop = WorkshopFactory()
    registration = register(workshop, 1)
    content = client.get(
        reverse("workshops:manage_registration", args=[registration.token])
    ).content.decode()
    links = calendar_links(content)
    assert links["Add to your calendar (.ics)"] == (
        f"/registrations/{registration.token}/calendar.ics"
    )
    google = parse_qs(urlsplit(links["Add to Google Calendar"]).query)
    outlook = parse_qs(urlsplit(links["Add to Outlook"]).query)
    assert (google["location"], outlook["location"]) == ([JOIN], [JOIN])
    assert google["details"][0].startswith(f"Join online (this link is for you only): {JOIN}")

    own = client.get(links["Add to your calendar (.ics)"])
    assert own["Content-Type"] == "text/calendar; charset=utf-8"
    assert own["Content-Disposition"] == f'attachment; filename="{workshop.slug}.ics"'
    [event] = icalendar.Calendar.from_ical(own.content).walk("VEVENT")
    assert str(event["LOCATION"]) == JOIN


def test_own_calendar_file_of_an_in_person_place_has_no_joining_link(client):
    workshop = WorkshopFactory(format="in_person", venue_name="Leeds Civic Hall")
    registration = register(workshop, 1)
    own = client.get(reverse("workshops:registration_calendar", args=[registration.token]))
    assert own.status_code == 200
    assert JOIN.encode() not in own.content


@pytest.mark.parametrize("status", ["waiting", "cancelled"])
def test_own_calendar_file_only_with_a_place(client, status):
    registration = RegistrationFactory(status=status)
    content = client.get(
        reverse("workshops:manage_registration", args=[registration.token])
    ).content.decode()
    assert calendar_links(content) == {}
    assert "Add to your calendar" not in content
    own = client.get(reverse("workshops:registration_calendar", args=[registration.token]))
    assert own.status_code == 404


# After cancelling, and on the waiting list


def manage_page(client, registration) -> str:
    url = reverse("workshops:manage_registration", args=[registration.token])
    return client.get(url).content.decode()


def again_section(content: str) -> str:
    found = re.findall(r'aria-labelledby="again-heading"[^>]*>(.*?)</section>', content, re.S)
    return words(found[0]) if found else ""


def test_after_cancelling_the_page_offers_to_register_again_while_places_remain(
    client, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(capacity=3)
    mine = register(workshop, 1)
    register(workshop, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(mine)
    content = manage_page(client, mine)
    assert "Add to your calendar" not in content
    assert "Cancel my registration" not in content
    assert again_section(content) == (
        "Register again Changed your mind? Registration is still open. "
        f"2 places left out of 3. Registration closes on {when(workshop.starts_at)}. "
        "Register again"
    )
    assert f'href="/workshops/{workshop.slug}/register/"' in content


def test_after_cancelling_a_full_workshop_offers_the_waiting_list(client):
    workshop = WorkshopFactory(capacity=1)
    mine = register(workshop, 1)
    services.cancel_registration(mine)
    register(workshop, 2)
    assert again_section(manage_page(client, mine)) == (
        "Register again Changed your mind? Registration is still open. Full: you can join the "
        "waiting list. If someone cancels, their place goes to the first person waiting, and "
        f"we email them. Registration closes on {when(workshop.starts_at)}. Join the waiting list"
    )


def test_after_cancelling_once_registration_closed_offers_nothing(client):
    workshop = WorkshopFactory(capacity=3)
    mine = register(workshop, 1)
    services.cancel_registration(mine)
    workshop.registration_closes_at = timezone.now() - timedelta(minutes=1)
    workshop.save()
    content = manage_page(client, mine)
    assert again_section(content) == ""
    assert f"/workshops/{workshop.slug}/register/" not in content


def test_waiting_person_moved_up_sees_the_new_number_and_is_not_emailed(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(capacity=1)
    register(workshop, 1)
    ahead = register(workshop, 2)
    me = register(workshop, 3)
    assert "On the waiting list, number 2" in manage_page(client, me)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(ahead)
    content = manage_page(client, me)
    assert "On the waiting list, number 1" in content
    assert (
        "Your number goes down as people ahead of you leave the list. We do not email you "
        "each time: we email you when you get a place. This page always shows your number now."
    ) in content
    assert [m.to for m in mailoutbox] == [["person2@example.org"]]  # the cancellation only


def test_promoted_person_manage_page_shows_the_place_and_the_calendar(
    client, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(capacity=1)
    first = register(workshop, 1)
    me = register(workshop, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(first)
    content = manage_page(client, me)
    [status] = re.findall(r"<dt[^>]*>Status</dt>\s*<dd[^>]*>(.*?)</dd>", content, re.S)
    assert words(status) == "Confirmed"
    assert f'<a href="{JOIN}">{JOIN}</a>' in content
    assert sorted(calendar_links(content)) == [
        "Add to Google Calendar",
        "Add to Outlook",
        "Add to your calendar (.ics)",
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_manage_page_queries_fixed_whatever_the_registrations(
    client, django_assert_num_queries, count
):
    workshop = WorkshopFactory(capacity=1)
    for n in range(count):
        register(workshop, n)
    me = Registration.objects.filter(workshop=workshop).order_by("-pk").first()
    services.cancel_registration(me)
    # The registration with its workshop, its networks, the places left, its materials.
    with django_assert_num_queries(4):
        response = client.get(reverse("workshops:manage_registration", args=[me.token]))
    assert response.status_code == 200
