"""A list's page and its count read in one query (socialjustice/paging.py), as the outbox
reads its emails."""

import pytest

from socialjustice.models import OutgoingEmail
from socialjustice.paging import page_in_one_query
from tests.factories import OutgoingEmailFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails():
    for n in range(5):
        OutgoingEmailFactory(subject=f"Email {n}")
    return OutgoingEmail.objects.order_by("subject")


def subjects(page):
    return [email.subject for email in page.object_list]


def test_a_page_and_the_count_come_in_one_query(emails, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_in_one_query(emails, 2, "2")
        shown = subjects(page)
        count, pages = page.paginator.count, page.paginator.num_pages

    assert shown == ["Email 2", "Email 3"]
    assert (count, pages, page.number) == (5, 3, 2)
    assert page.has_previous() and page.has_next()


def test_the_last_page_holds_what_is_left(emails):
    page = page_in_one_query(emails, 2, 3)

    assert subjects(page) == ["Email 4"]
    assert not page.has_next()


@pytest.mark.parametrize(("asked", "shown"), [("99", 3), ("0", 1), ("-2", 1), ("x", 1), (None, 1)])
def test_a_page_out_of_range_or_made_up_shows_the_nearest(emails, asked, shown):
    page = page_in_one_query(emails, 2, asked)

    assert page.number == shown
    assert page.paginator.count == 5


def test_an_empty_list_is_one_empty_page():
    page = page_in_one_query(OutgoingEmail.objects.order_by("pk"), 2, "1")

    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])
