import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from socialjustice.activity import log_action
from tests.factories import (
    OrganisationFactory,
    OrganiserFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    london,
)
from tests.pages import CSRF_TOKEN
from workshops.enums import Action
from workshops.models import Material, Workshop

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

SEED_B = """Event programme

9.30 – 10.00 Registration, Tea & Coffee

10.00 – 10.15 Welcome and Introduction, Professor Adam Crawford (Director, Leeds Social Sciences Institute), Dr Ghazala Mir (Leeds Institute of Health Sciences)

10.15 – 11.05 Opening Presentations

  • Leeds Poverty Truth Commission & Dr Daniel Edmiston (School of Sociology and Social Policy, University of Leeds) – Using Research to drive holistic change

11.00 – 11.55 The Power of Networks – current activity and future potential

11.55 – 12.15 Refreshment Break

12.15 – 13.00 The Power of Networks – continued.

13.00 – 14.00 Lunch

14.00 – 15.30 Action Planning Groups, Chair: Professor Gary Dymski (Leeds University Business School).

15.30-16.00 Recommendations and Feedback – Professor Gary Dymski (Leeds University Business School)

16.00 Next Steps & Close


#SocialJusticePartnerships | #SocialJustice
"""  # noqa: E501

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def workshop(organiser):
    workshop = WorkshopFactory(
        state="draft",
        starts_at=datetime(2030, 11, 19, 9, 30, tzinfo=LONDON),
        ends_at=datetime(2030, 11, 19, 16, 0, tzinfo=LONDON),
    )
    workshop.organisers.add(organiser)
    return workshop


@pytest.fixture
def signed_in(client, organiser):
    client.force_login(organiser)
    return client


WORKSHOP_FORM = {
    "title": "More United than Divided",
    "theme": "The Power of Networks",
    "date": "2030-11-19",
    "start_time": "9.30",
    "end_time": "16:00",
    "format": "in_person",
    "venue_name": "University of Leeds",
    "what_to_bring": "A device which can connect to the internet",
}


def test_create_workshop_saves_a_draft_in_london_time(signed_in, organiser):
    response = signed_in.post(reverse("workshops:create"), WORKSHOP_FORM)

    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("workshops:programme", args=[workshop.slug])
    assert workshop.state == "draft"
    assert workshop.starts_at == datetime(2030, 11, 19, 9, 30, tzinfo=LONDON)
    assert workshop.ends_at == datetime(2030, 11, 19, 16, 0, tzinfo=LONDON)
    assert list(workshop.organisers.all()) == [organiser]


def test_create_workshop_invalid_keeps_input_and_links_errors(signed_in):
    response = signed_in.post(
        reverse("workshops:create"),
        {**WORKSHOP_FORM, "end_time": "9:00", "venue_name": "", "start_time": "9.30"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert Workshop.objects.count() == 0
    assert 'href="#id_end_time"' in content
    assert "The workshop must end after it starts." in content
    assert 'href="#id_venue_name"' in content
    assert "Give the venue for an in-person or hybrid workshop." in content
    assert 'value="More United than Divided"' in content
    assert 'value="9.30"' in content


def test_create_workshop_refuses_unreadable_time(signed_in):
    response = signed_in.post(
        reverse("workshops:create"), {**WORKSHOP_FORM, "start_time": "half nine"}
    )
    assert response.status_code == 200
    assert 'href="#id_start_time"' in response.content.decode()


def test_programme_add_form_starts_where_the_last_item_ends(signed_in, workshop):
    ProgrammeItemFactory(workshop=workshop, starts_at=time(9, 30), ends_at=time(10, 0))
    response = signed_in.get(reverse("workshops:programme", args=[workshop.slug]))
    assert 'name="starts_at" value="10:00"' in response.content.decode()


def test_programme_overlap_is_a_warning_the_organiser_can_accept(signed_in, workshop):
    ProgrammeItemFactory(
        workshop=workshop,
        starts_at=time(10, 15),
        ends_at=time(11, 5),
        title="Opening Presentations",
    )
    url = reverse("workshops:programme", args=[workshop.slug])
    data = {
        "starts_at": "11.00",
        "ends_at": "11.55",
        "kind": "panel",
        "title": "The Power of Networks",
    }

    warned = signed_in.post(url, data)

    content = warned.content.decode()
    assert warned.status_code == 200
    assert "This item overlaps 10:15–11:05 Opening Presentations." in content
    assert 'type="checkbox" name="accept_overlap"' in content
    assert 'value="The Power of Networks"' in content
    assert workshop.programme.count() == 1

    accepted = signed_in.post(url, {**data, "accept_overlap": "on"})

    assert accepted.status_code == 302
    assert [(i.starts_at, i.title) for i in workshop.programme.all()] == [
        (time(10, 15), "Opening Presentations"),
        (time(11, 0), "The Power of Networks"),
    ]


def test_programme_item_outside_hours_shows_the_reason(signed_in, workshop):
    response = signed_in.post(
        reverse("workshops:programme", args=[workshop.slug]),
        {"starts_at": "16:00", "ends_at": "17.00", "kind": "close", "title": "Close"},
    )
    assert "The item ends at 17:00, after the workshop ends at 16:00." in response.content.decode()
    assert workshop.programme.count() == 0


def test_programme_item_edit_and_delete(signed_in, workshop):
    item = ProgrammeItemFactory(
        workshop=workshop, starts_at=time(13, 0), ends_at=time(14, 0), title="Lunch"
    )
    edit_url = reverse("workshops:programme_item", args=[workshop.slug, item.pk])
    assert 'value="13:00"' in signed_in.get(edit_url).content.decode()

    signed_in.post(
        edit_url, {"starts_at": "13.00", "ends_at": "14.00", "kind": "meal", "title": "Lunch break"}
    )
    item.refresh_from_db()
    assert (item.title, item.kind) == ("Lunch break", "meal")

    signed_in.post(reverse("workshops:programme_item_delete", args=[workshop.slug, item.pk]))
    assert workshop.programme.count() == 0


def test_paste_preview_then_save_makes_every_timed_line_an_item(signed_in, workshop):
    url = reverse("workshops:programme_paste", args=[workshop.slug])

    preview = signed_in.post(url, {"text": SEED_B, "preview": ""})

    content = preview.content.decode()
    formset = preview.context["formset"]
    assert len(formset.forms) == 10
    assert "2 lines were not made into items" in content
    assert "“Event programme”" in content
    assert "Overlaps:" in content  # 11.00–11.55 overlaps 10.15–11.05, as the document has it

    data = {"text": SEED_B, "save": "", **_formset_data(formset)}
    data["items-9-title"] = "Next steps and close"  # the organiser corrects one item
    saved = signed_in.post(url, data)

    assert saved.status_code == 302
    items = list(workshop.programme.all())
    assert [(f"{i.starts_at:%H:%M}", f"{i.ends_at:%H:%M}", i.kind) for i in items] == [
        ("09:30", "10:00", "registration"),
        ("10:00", "10:15", "welcome"),
        ("10:15", "11:05", "talk"),
        ("11:00", "11:55", "talk"),
        ("11:55", "12:15", "break"),
        ("12:15", "13:00", "talk"),
        ("13:00", "14:00", "meal"),
        ("14:00", "15:30", "breakouts"),
        ("15:30", "16:00", "plenary"),
        ("16:00", "16:00", "close"),
    ]
    assert items[-1].title == "Next steps and close"
    assert str(items[7].chair) == "Professor Gary Dymski"
    assert items[7].chair.affiliation.name == "Leeds University Business School"


def test_paste_save_with_an_invalid_item_keeps_everything(signed_in, workshop):
    url = reverse("workshops:programme_paste", args=[workshop.slug])
    formset = signed_in.post(url, {"text": SEED_B, "preview": ""}).context["formset"]
    data = {"text": SEED_B, "save": "", **_formset_data(formset)}
    data["items-2-ends_at"] = "ten past"

    response = signed_in.post(url, data)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_items-2-ends_at"' in content
    assert 'value="ten past"' in content
    assert workshop.programme.count() == 0


def test_paste_unticked_item_is_left_out(signed_in, workshop):
    url = reverse("workshops:programme_paste", args=[workshop.slug])
    formset = signed_in.post(url, {"text": SEED_B, "preview": ""}).context["formset"]
    data = {"text": SEED_B, "save": "", **_formset_data(formset)}
    del data["items-0-include"]

    signed_in.post(url, data)

    assert workshop.programme.count() == 9


def _formset_data(formset) -> dict:
    data = {
        "items-TOTAL_FORMS": str(len(formset.forms)),
        "items-INITIAL_FORMS": str(len(formset.forms)),
    }
    for index, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            if name == "include":
                data[f"items-{index}-include"] = "on"
            elif hasattr(value, "strftime"):
                data[f"items-{index}-{name}"] = value.strftime("%H:%M")
            elif value not in (None, False):
                data[f"items-{index}-{name}"] = str(value)
    return data


def test_upload_executable_renamed_pdf_is_refused_keeping_input(
    signed_in, workshop, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    program = SimpleUploadedFile("slides.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 64)

    response = signed_in.post(
        reverse("workshops:materials", args=[workshop.slug]),
        {
            "title": "Opening presentation",
            "kind": "presentation",
            "visibility": "public",
            "file": program,
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_file"' in content
    assert "it looks like a program" in content
    assert 'value="Opening presentation"' in content
    assert Material.objects.count() == 0
    assert list(tmp_path.iterdir()) == []


def test_upload_over_the_size_limit_is_refused(signed_in, workshop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MATERIAL_MAX_UPLOAD_BYTES = 50
    response = signed_in.post(
        reverse("workshops:materials", args=[workshop.slug]),
        {
            "title": "Slides",
            "kind": "presentation",
            "visibility": "public",
            "file": SimpleUploadedFile("slides.pdf", PDF),
        },
    )
    assert "Files can be at most" in response.content.decode()
    assert Material.objects.count() == 0


def test_upload_pdf_is_stored_with_a_safe_name(signed_in, workshop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = signed_in.post(
        reverse("workshops:materials", args=[workshop.slug]),
        {
            "title": "Slides",
            "kind": "presentation",
            "visibility": "registrants",
            "file": SimpleUploadedFile('../"Opening" slides.pdf', PDF),
        },
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.filename, material.mimetype, material.size) == (
        "Opening slides.pdf",
        "application/pdf",
        len(PDF),
    )
    assert material.file.read() == PDF


def test_material_link_or_file_but_not_neither(signed_in, workshop):
    response = signed_in.post(
        reverse("workshops:materials", args=[workshop.slug]),
        {"title": "Recording", "kind": "recording", "visibility": "public"},
    )
    assert "Choose a file to upload, or give a link below." in response.content.decode()
    signed_in.post(
        reverse("workshops:materials", args=[workshop.slug]),
        {
            "title": "Recording",
            "kind": "recording",
            "visibility": "public",
            "url": "video.example.org/r/1",
        },
    )
    assert Material.objects.get().url == "https://video.example.org/r/1"


def test_publish_cancel_and_duplicate_from_the_browser_forms(signed_in, workshop):
    signed_in.post(reverse("workshops:publish", args=[workshop.slug]))
    workshop.refresh_from_db()
    assert workshop.state == "published"

    response = signed_in.post(
        reverse("workshops:duplicate", args=[workshop.slug]), {"date": "2031-01-15"}
    )
    copy = Workshop.objects.exclude(pk=workshop.pk).get()
    assert response.url == reverse("workshops:manage", args=[copy.slug])
    assert copy.starts_at == datetime(2031, 1, 15, 9, 30, tzinfo=LONDON)

    signed_in.post(reverse("workshops:cancel", args=[workshop.slug]), {"note": "Snow"})
    workshop.refresh_from_db()
    assert (workshop.state, workshop.cancellation_note) == ("cancelled", "Snow")


def test_suggestions_find_organisations_and_speakers(signed_in, workshop):
    SpeakerFactory(
        name="Sarah Salway",
        honorific="Professor",
        affiliation=OrganisationFactory(name="University of Sheffield"),
    )
    organisations = signed_in.get(reverse("workshops:organisation_suggestions"), {"q": "sheff"})
    speakers = signed_in.get(reverse("workshops:speaker_suggestions"), {"q": "salw"})
    assert organisations.json() == {"suggestions": ["University of Sheffield"]}
    assert speakers.json() == {"suggestions": ["Professor Sarah Salway (University of Sheffield)"]}


# The organisers' workshop list, kept with the workshop pages


def list_titles(client, page=None) -> list[str]:
    content = client.get(reverse("workshops:organise_list"), {"page": page} if page else {})
    return re.findall(r'<td><a href="[^"]+">([^<]+)</a>', content.content.decode())


def test_organiser_list_shows_each_organiser_their_own_after_anyone_looked(client, organiser):
    ours = WorkshopFactory(title="Transport and disability")
    WorkshopFactory(title="Health and migrant women")
    named = UserFactory()
    ours.organisers.add(named)

    client.force_login(organiser)
    assert sorted(list_titles(client)) == ["Health and migrant women", "Transport and disability"]
    client.force_login(named)
    assert list_titles(client) == ["Transport and disability"]


def test_organiser_list_shows_an_edit_and_a_new_programme_item_at_once(
    client, organiser, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(title="Transport and disability")
    client.force_login(organiser)
    list_titles(client)

    with django_capture_on_commit_callbacks(execute=True):
        workshop.title = "Transport, disability and older people"
        workshop.save()
        ProgrammeItemFactory(workshop=workshop)

    content = client.get(reverse("workshops:organise_list")).content.decode()
    assert "Transport, disability and older people" in content
    assert "<td>1</td>" in content  # its programme items


def test_organiser_list_second_page_is_its_own(client, organiser):
    for n in range(26):
        WorkshopFactory(title=f"Workshop {n:02}", starts_at=london(days=30 + n))
    client.force_login(organiser)

    first, second = list_titles(client), list_titles(client, page=2)
    assert len(first) == 25
    assert second == ["Workshop 00"]  # latest first


@pytest.mark.parametrize("items", [1, 3])
def test_a_workshops_overview_counts_its_programme_without_loading_it(
    client, organiser, django_assert_num_queries, items
):
    workshop = WorkshopFactory()
    for _ in range(items):
        ProgrammeItemFactory(workshop=workshop).speakers.add(SpeakerFactory())
    client.force_login(organiser)
    url = reverse("workshops:manage", args=[workshop.slug])
    client.get("/organise/")  # the person is read once, then kept
    # The workshop's row, its activity, the programme and the materials counted, and its
    # organisers named.
    with django_assert_num_queries(5):
        content = client.get(url).content.decode()
    assert f"{items} item" in content
    # Then the overview is kept: the workshop's row alone, for the permission.
    with django_assert_num_queries(1):
        assert client.get(url).content.decode().count(f"{items} item") == 1


def test_the_kept_overview_shows_each_change_and_who_made_it(client, organiser, saved):
    workshop = WorkshopFactory(title="Young carers")
    client.force_login(organiser)
    url = reverse("workshops:manage", args=[workshop.slug])
    assert "Nothing has been changed yet." in client.get(url).content.decode()

    with saved():
        workshop.title = "Young carers and education"
        workshop.save()
        ProgrammeItemFactory(workshop=workshop)
    page = client.get(url).content.decode()
    assert "<h1>Young carers and education</h1>" in page
    assert "1 item" in page

    with saved():
        log_action(organiser, Action.WORKSHOP_PUBLISHED, workshop)
    assert organiser.get_full_name() in client.get(url).content.decode()

    with saved():
        organiser.display_name = "Morgan Campbell"
        organiser.save()
    assert "Morgan Campbell" in client.get(url).content.decode()


def test_each_organiser_gets_their_own_token_in_the_kept_overview(client, organiser):
    workshop = WorkshopFactory(state="draft")
    other = OrganiserFactory()
    url = reverse("workshops:manage", args=[workshop.slug])
    checked = []
    for person in (organiser, other):
        signed_in = Client(enforce_csrf_checks=True)
        signed_in.force_login(person)
        checked.append((signed_in, CSRF_TOKEN.findall(signed_in.get(url).content.decode())[-1]))
    (first, _), (second, theirs) = checked

    publish = reverse("workshops:publish", args=[workshop.slug])
    assert first.post(publish, {"csrfmiddlewaretoken": theirs}).status_code == 403
    assert second.post(publish, {"csrfmiddlewaretoken": theirs}).status_code == 302
