"""Exports: CSV a spreadsheet reads safely, JSON for other tools, never kept by a cache."""

import json

from socialjustice.exports import csv_response, json_response


def content(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_csv_response_starts_with_a_bom_and_makes_formulas_plain_text():
    response = csv_response(
        ["Name", "Organisation"],
        [['=HYPERLINK("https://evil.example")', "-5"], ["Amina", "+44 1234"]],
        filename="people.csv",
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert "no-store" in response["Cache-Control"]
    assert content(response) == (
        "\ufeffName,Organisation\r\n"
        '"\'=HYPERLINK(""https://evil.example"")",-5\r\n'
        "Amina,'+44 1234\r\n"
    )


def test_json_response_is_a_list_of_objects_keyed_by_the_header():
    response = json_response(
        ["Name", "Places"], iter([["Amina", 2], ["Joe", None]]), filename="x.json"
    )

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert json.loads(content(response)) == [
        {"Name": "Amina", "Places": 2},
        {"Name": "Joe", "Places": None},
    ]
