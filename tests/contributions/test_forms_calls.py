"""The organiser's form for a call: for a workshop or for a series, closing after it opens,
dates within range; a message at the field and in the error summary, everything kept."""

import pytest

from contributions.models import Call
from tests.contributions.public_data import check_refused as refused
from tests.contributions.public_data import field_errors
from tests.factories import CallFactory, WorkshopFactory, WorkshopSeriesFactory

pytestmark = pytest.mark.django_db

LABELS = {
    "workshop": "Workshop",
    "series": "Series",
    "opens_at": "Opens (UK time)",
    "closes_at": "Closes (UK time)",
}
OUT_OF_RANGE = "Give a date between 1 January 2000 and 31 December 2099."


@pytest.fixture
def signed_in(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def workshop():
    return WorkshopFactory(title="Leadership for Equity")


@pytest.fixture
def series():
    return WorkshopSeriesFactory(title="Achieving equitable public services")


def typed(workshop) -> dict[str, list[str]]:
    return {
        "title": ["Examples of policy and practice"],
        "workshop": [str(workshop.pk)],
        "prompt": ["Please send us your examples of how public service policy and practice…"],
        "guidance": ["One example a contribution, in plain words."],
        "what_happens": ["The organisers read them; accepted ones are published."],
        "opens_at": ["2030-05-01T09:00"],
        "closes_at": ["2030-06-01T17:00"],
        "anonymised_review": ["on"],
    }


def post(client, data):
    return client.post(
        "/organise/contributions/new/",
        {name: value[0] for name, value in data.items()},
    )


def check_refused(response, data, errors: dict[str, str]):
    refused(response, data, errors, LABELS)
    assert Call.objects.count() == 0


def test_call_form_for_a_workshop_is_saved(signed_in, workshop):
    response = post(signed_in, typed(workshop))

    call = Call.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        f"/organise/contributions/calls/{call.slug}/",
    )
    assert (call.workshop, call.series, call.anonymised_review) == (workshop, None, True)


def test_call_form_for_a_series_is_saved(signed_in, workshop, series):
    data = typed(workshop)
    del data["workshop"]

    post(signed_in, data | {"series": [str(series.pk)]})

    assert Call.objects.get().series == series


def test_call_form_for_neither_a_workshop_nor_a_series_is_refused(signed_in, workshop):
    data = typed(workshop)
    del data["workshop"]

    response = post(signed_in, data)

    check_refused(
        response, data, {"workshop": "Choose the workshop the call is for, or its series."}
    )


def test_call_form_for_a_workshop_and_a_series_is_refused(signed_in, workshop, series):
    data = typed(workshop) | {"series": [str(series.pk)]}

    response = post(signed_in, data)

    check_refused(response, data, {"workshop": "Choose a workshop or a series, not both."})


@pytest.mark.parametrize("closes", ["2030-05-01T09:00", "2030-04-30T17:00"])
def test_call_form_closing_when_or_before_it_opens_is_refused(signed_in, workshop, closes):
    data = typed(workshop) | {"closes_at": [closes]}

    response = post(signed_in, data)

    check_refused(response, data, {"closes_at": "The call must close after it opens."})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("opens_at", "1999-12-31T09:00"),
        ("closes_at", "2100-01-01T09:00"),
        ("closes_at", "9999-12-31T23:59"),
        ("opens_at", "0001-01-01T00:00"),
    ],
)
def test_call_form_dates_out_of_range_are_refused(signed_in, workshop, name, value):
    data = typed(workshop) | {name: [value]}

    response = post(signed_in, data)

    check_refused(response, data, {name: OUT_OF_RANGE})


def test_call_form_without_a_date_is_refused(signed_in, workshop):
    data = typed(workshop)
    del data["opens_at"]

    response = post(signed_in, data)

    check_refused(response, data, {"opens_at": "This field is required."})


def test_call_form_workshop_not_in_the_list_is_refused_with_one_message(signed_in, workshop):
    data = typed(workshop) | {"workshop": ["999999"]}

    response = post(signed_in, data)

    message = "Select a valid choice. That choice is not one of the available choices."
    # The list cannot show a choice it does not have; everything else is kept.
    kept = {name: value for name, value in data.items() if name != "workshop"}
    check_refused(response, kept, {"workshop": message})


def test_call_form_edit_keeps_the_rules(signed_in, workshop, series):
    call = CallFactory(workshop=workshop, slug="the-call")
    data = typed(workshop) | {"series": [str(series.pk)]}

    response = signed_in.post(
        "/organise/contributions/calls/the-call/edit/", {k: v[0] for k, v in data.items()}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert field_errors(content) == {"workshop": ["Choose a workshop or a series, not both."]}
    call.refresh_from_db()
    assert call.series is None
