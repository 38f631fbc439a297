"""The one place ids, numbers and dates from requests are parsed."""

import datetime

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict

from eft.params import clamped_int, date_param, parse_date, parse_id


@pytest.mark.parametrize(
    "value,expected",
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("٣", None),
        ("99999999999999999999", None),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        ("9" * 5000, None),
        ("", None),
        (None, None),
        ("1.0", None),
    ],
)
def test_an_id_is_ascii_digits_within_the_database_range(value, expected):
    assert parse_id(value) == expected


def test_a_date_out_of_the_working_years_is_refused():
    assert parse_date("2026-12-01") == datetime.date(2026, 12, 1)
    assert parse_date("01/12/2026") == parse_date("1.12.2026") == datetime.date(2026, 12, 1)
    for junk in ("31/02/2026", "01/12/1899", "12/31/2026", "1/12/26"):
        assert parse_date(junk) is None
    for junk in ("9999-12-31", "0001-01-01", "2026-02-30", "²", "x" * 5000, ""):
        assert parse_date(junk) is None


def test_a_junk_date_in_a_query_string_is_a_400_and_an_empty_one_the_default():
    today = datetime.date(2026, 12, 1)
    assert date_param(QueryDict(""), "date", today) == today
    assert date_param(QueryDict("date="), "date", today) == today
    with pytest.raises(BadRequest):
        date_param(QueryDict("date=9999-12-31"), "date", today)


def test_a_page_size_is_kept_within_bounds():
    assert clamped_int("-1", default=25, low=1, high=100) == 1
    assert clamped_int("100000", default=25, low=1, high=100) == 100
    assert clamped_int("9" * 5000, default=25, low=1, high=100) == 25
    assert clamped_int("²", default=25, low=1, high=100) == 25


def test_the_planning_answers_400_to_a_date_it_cannot_work_with(client_as, trainer):
    response = client_as(trainer).get("/planning/", {"date": "9999-12-31"})
    assert response.status_code == 400
    assert "Requête incomprise" in response.content.decode()


def test_a_list_never_shows_more_than_100_rows(client_as, coordinator):
    from tests.factories import ClientFactory

    ClientFactory.create_batch(3)
    response = client_as(coordinator).get("/clients/", {"per_page": "-1"})
    assert response.status_code == 200
    assert response.context["table"].page.paginator.per_page == 1
