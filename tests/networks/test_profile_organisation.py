"""The profile's organisation is one box that suggests the directory's organisations as
you type: a name the directory has links the person to it, a new one is added, an empty box
unlinks them, and the profile opened and saved unchanged stays as it was."""

import re

import pytest
from django.urls import reverse

from networks.forms.people import ProfileForm
from networks.models import Organisation
from networks.services import update_profile
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_data(form: ProfileForm) -> dict:
    """What the browser sends back for the form as it was opened."""
    return {name: form[name].value() or "" for name in form.fields}


def test_profile_form_has_one_organisation_box_with_suggestions(client):
    me = UserFactory(organisation=OrganisationFactory(name="University of Leeds"))
    client.force_login(me)

    content = client.get(reverse("networks:profile_edit")).content.decode()

    assert content.count('name="organisation"') == 1
    assert 'name="new_organisation"' not in content
    assert (
        '<input type="text" name="organisation" value="University of Leeds" '
        f'data-suggest-url="{reverse("networks:organisation_suggestions")}" autocomplete="off" '
        'maxlength="200"'
    ) in content
    assert re.search(
        r'<label\s+for="id_organisation" class="form-label">\s*Organisation\s*</label>', content
    )


def test_profile_saved_unchanged_keeps_everything(client):
    organisation = OrganisationFactory(name="Leeds  Older People's   Forum")  # doubled spaces
    me = UserFactory(
        display_name="Amira Khan",
        pronouns="she/her",
        job_title="Coordinator",
        sector="voluntary",
        organisation=organisation,
        access_needs="Live captions",
    )
    client.force_login(me)
    form = client.get(reverse("networks:profile_edit")).context["form"]

    response = client.post(reverse("networks:profile_edit"), profile_data(form))

    assert response.status_code == 302
    me.refresh_from_db()
    assert (
        me.display_name,
        me.pronouns,
        me.job_title,
        me.sector,
        me.organisation,
        me.access_needs,
    ) == ("Amira Khan", "she/her", "Coordinator", "voluntary", organisation, "Live captions")
    assert Organisation.objects.count() == 1


def test_profile_organisation_typed_links_an_existing_one():
    existing = OrganisationFactory(name="Leeds City Council")
    me = UserFactory()

    update_profile(me, display_name="Me", organisation_name="  leeds   city council ")

    me.refresh_from_db()
    assert me.organisation == existing
    assert Organisation.objects.count() == 1


def test_profile_organisation_new_name_is_added_to_the_directory():
    me = UserFactory(organisation=OrganisationFactory(name="University of Leeds"))

    update_profile(me, display_name="Me", organisation_name="Chapeltown Carers")

    me.refresh_from_db()
    assert me.organisation.name == "Chapeltown Carers"
    assert Organisation.objects.filter(name="University of Leeds").exists()


def test_profile_organisation_emptied_unlinks_the_person():
    organisation = OrganisationFactory(name="University of Leeds")
    me = UserFactory(organisation=organisation)

    update_profile(me, display_name="Me", organisation_name="  ")

    me.refresh_from_db()
    assert me.organisation is None
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_profile_save_leaves_the_rest_of_the_account_alone():
    me = UserFactory(display_name="Before")
    stale = type(me).objects.get(pk=me.pk)
    type(me).objects.filter(pk=me.pk).update(is_staff=True)

    update_profile(stale, display_name="After")

    me.refresh_from_db()
    assert (me.display_name, me.is_staff) == ("After", True)


def test_organisation_suggestions_for_a_signed_in_person(client):
    for name in ["University of Leeds", "Leeds City Council", "University of York"]:
        OrganisationFactory(name=name)
    client.force_login(UserFactory())
    url = reverse("networks:organisation_suggestions")

    assert client.get(url, {"q": " leeds "}).json() == {
        "suggestions": ["Leeds City Council", "University of Leeds"]
    }
    assert client.get(url, {"q": "l"}).json() == {"suggestions": []}


def test_organisation_suggestions_send_anonymous_visitors_to_sign_in(client):
    url = reverse("networks:organisation_suggestions")
    response = client.get(url, {"q": "leeds"})
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}%3Fq%3Dleeds"
