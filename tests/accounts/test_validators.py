import pytest
from django.core.exceptions import ValidationError

from accounts.validators import (
    SEOUL_DISTRICT_NAMES,
    business_number_is_valid,
    districts_named_in,
    format_business_number,
    validate_business_number,
    validate_seoul_address,
    validate_seoul_district,
)


@pytest.mark.parametrize(
    "number",
    ["220-81-62517", "124-81-00998", "104-81-43125", "120-81-47521", "2208162517", " 220 81 62517"],
)
def test_business_number_with_correct_check_digit_is_valid(number):
    assert business_number_is_valid(number) is True
    validate_business_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "123-45-67890",  # the classic typo: check digit should be 1
        "220-81-62518",  # last digit off by one
        "220-81-62571",  # two digits swapped
        "124-81-00999",
    ],
)
def test_business_number_with_wrong_check_digit_is_refused(number):
    assert business_number_is_valid(number) is False
    with pytest.raises(ValidationError) as caught:
        validate_business_number(number)
    assert caught.value.code == "business_number_check_digit"
    assert format_business_number(number) in caught.value.messages[0]


@pytest.mark.parametrize("number", ["", "12345", "220-81-6251", "220-81-625170", "22O-81-62517"])
def test_business_number_with_wrong_length_or_letters_is_refused(number):
    assert business_number_is_valid(number) is False
    with pytest.raises(ValidationError) as caught:
        validate_business_number(number)
    assert caught.value.code == "business_number_format"


def test_business_number_is_formatted_with_dashes():
    assert format_business_number("2208162517") == "220-81-62517"


@pytest.mark.parametrize("district", ["종로구", "동대문구", "강남구", "강동구", "중구"])
def test_each_seoul_district_is_accepted(district):
    validate_seoul_district(district)


@pytest.mark.parametrize("district", ["수원시", "해운대구", "Gangnam", "", "동대문"])
def test_a_name_that_is_not_a_seoul_district_is_refused(district):
    with pytest.raises(ValidationError) as caught:
        validate_seoul_district(district)
    assert caught.value.code == "not_a_seoul_district"


def test_there_are_exactly_twenty_five_districts():

    assert len(SEOUL_DISTRICT_NAMES) == 25


def test_address_in_the_chosen_district_is_accepted():
    validate_seoul_address("서울특별시 동대문구 회기로 117", "동대문구")
    validate_seoul_address("회기로 117", "동대문구")  # no district named: nothing to contradict


def test_address_naming_another_district_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_seoul_address("서울특별시 강남구 테헤란로 1", "동대문구")
    assert caught.value.code == "address_district_mismatch"


def test_address_in_another_city_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_seoul_address("부산광역시 중구 중앙대로 1", "중구")
    assert caught.value.code == "address_outside_seoul"


def test_districts_named_in_an_address():
    assert districts_named_in("서울특별시 동대문구 회기로 117") == {"동대문구"}
    assert districts_named_in("Seoul, Gangnam") == set()
