"""Vietnamese conventions (dxtrack.core.vn)."""

import json
import math
import re
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from dxtrack.core import comparators
from dxtrack.core.numbers import group_digits, number_text, parse_number, parse_typed_number, roman
from dxtrack.core.text import capitalise_first, fold_keep_len, match_key, shorten_text
from dxtrack.core.vn import (
    fold,
    format_date,
    format_date_short,
    format_money_vnd,
    format_number,
    format_percent,
    nfc,
    slugify_vi,
)

# -- numbers and money ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (2389.05, None, "2.389,05"),
        (1800, None, "1.800"),
        (0, None, "0"),
        (-1234.5, None, "-1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (0.1 + 0.2, None, "0,3"),
        (2.5, 0, "3"),
        (31.4, 1, "31,4"),
        (7, 2, "7,00"),
        (Decimal("2389.050"), None, "2.389,05"),
        (-0.0000001, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
    ],
)
def test_it_writes_numbers_with_dots_for_thousands_and_a_comma_for_decimals(
    value, decimals, expected
):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("value", [math.nan, math.inf, True, "12"])
def test_it_refuses_to_format_what_is_not_a_finite_number(value):
    with pytest.raises(ValueError, match="không phải là số"):
        format_number(value)


@pytest.mark.parametrize(
    "dong, expected",
    [
        (2_389_050_000_000, "2.389,05 tỷ đồng"),
        (650_000_000, "650 triệu đồng"),
        (1_500, "1.500 đồng"),
        (1_000_000_000, "1 tỷ đồng"),
        (12_345_678_901, "12,35 tỷ đồng"),
        (2_500_000, "2,5 triệu đồng"),
        (999_999, "999.999 đồng"),
        (999_999_999, "1 tỷ đồng"),
        (0, "0 đồng"),
        (-2_500_000_000, "-2,5 tỷ đồng"),
    ],
)
def test_it_writes_money_in_the_unit_the_plans_use(dong, expected):
    assert format_money_vnd(dong) == expected


def test_it_refuses_money_that_is_not_whole_dong():
    with pytest.raises(ValueError, match="số nguyên đồng"):
        format_money_vnd(1.5)


def test_it_writes_percentages_without_a_space():
    assert format_percent(31.4) == "31,4%"
    assert format_percent(100) == "100%"
    assert format_percent(12.345) == "12,35%"
    assert format_percent(12.345, 1) == "12,3%"


# -- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 15), "ngày 15 tháng 3 năm 2026"),
        (date(2025, 12, 9), "ngày 09 tháng 12 năm 2025"),
    ],
)
def test_it_writes_dates_as_decree_30_does(day, expected):
    assert format_date(day) == expected


def test_it_writes_short_dates_day_first():
    assert format_date_short(date(2026, 1, 5)) == "05/01/2026"


# -- text -------------------------------------------------------------------------------


def test_a_department_name_folds_like_its_plain_spelling():
    assert (
        fold("Sở Khoa học và Công nghệ")
        == fold("so khoa hoc va cong nghe")
        == "so khoa hoc va cong nghe"
    )


@pytest.mark.parametrize("a, b", [("hoà", "hòa"), ("uỷ", "ủy"), ("Thuỷ", "thủy"), ("khoẻ", "khỏe")])
def test_it_folds_old_and_new_tone_placement_alike(a, b):
    assert fold(a) == fold(b)


def test_it_maps_d_with_stroke_to_d_in_both_cases():
    assert fold("Đà Nẵng") == "da nang"
    assert fold("đường Đồng Quang") == "duong dong quang"


def test_it_folds_decomposed_text_like_composed_text():
    composed = "Thái Nguyên"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "thai nguyen"
    assert nfc(decomposed) == composed


def test_it_collapses_runs_of_spaces():
    assert fold("  Sở   Y\ttế \n") == "so y te"


def test_folding_loses_the_difference_between_van_lang_and_van_lang_with_breve():
    # Which is why identity is kept on the accented form (DESIGN.md, Conventions).
    assert fold("Văn Lang") == fold("Văn Lăng")
    assert nfc("Văn Lang") != nfc("Văn Lăng")


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Sở Khoa học và Công nghệ", "so-khoa-hoc-va-cong-nghe"),
        ("Sở Y tế", "so-y-te"),
        ("Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-va-du-lich"),
        ("UBND xã Đại Từ", "ubnd-xa-dai-tu"),
        ("  ", ""),
    ],
)
def test_it_makes_slugs_from_vietnamese_names(text, slug):
    assert slugify_vi(text) == slug


@pytest.mark.parametrize(
    "n, numeral",
    [
        (1, "I"),
        (4, "IV"),
        (9, "IX"),
        (14, "XIV"),
        (40, "XL"),
        (90, "XC"),
        (1994, "MCMXCIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_it_writes_roman_numerals(n, numeral):
    assert roman(n) == numeral


@pytest.mark.parametrize("n", [0, -1, 4000, True, 2.0])
def test_it_refuses_numbers_without_a_roman_numeral(n):
    with pytest.raises(ValueError, match="số La Mã"):
        roman(n)


# -- properties -------------------------------------------------------------------------

TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # huyền, sắc, ngã, hỏi, nặng
SHAPES = {
    "a": ["", "\u0302", "\u0306"],
    "e": ["", "\u0302"],
    "o": ["", "\u0302", "\u031b"],
    "u": ["", "\u031b"],
}


@st.composite
def accented(draw):
    """A random plain word and the same word with random Vietnamese marks on its vowels."""
    plain = draw(st.text(alphabet="abcdeghiklmnopqrstuvxyd ", min_size=1, max_size=30))
    out = []
    for ch in plain:
        if ch == "d" and draw(st.booleans()):
            out.append("đ")
            continue
        marks = draw(st.sampled_from(SHAPES.get(ch, [""]))) if ch in "aeiouy" else ""
        if ch in "aeiouy":
            marks += draw(st.sampled_from(TONES))
        out.append(ch + marks)
    text = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), "".join(out))
    if draw(st.booleans()):
        text = text.upper()
    return plain, text


@given(st.text())
def test_folding_twice_is_folding_once(text):
    assert fold(fold(text)) == fold(text)


@given(accented())
def test_folding_ignores_accents_tones_and_case(pair):
    plain, text = pair
    assert fold(text) == fold(plain) == " ".join(plain.split())


@given(accented())
def test_slugs_are_plain_ascii_words_joined_by_dashes(pair):
    _, text = pair
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slugify_vi(text))


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_formatted_integers_read_back_to_the_same_number(n):
    assert int(format_number(n).replace(".", "")) == n


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_formatted_decimals_read_back_to_the_same_number(x):
    text = format_number(x, 2)
    assert Decimal(text.replace(".", "").replace(",", ".")) == x


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_are_distinct_and_use_only_roman_letters(n):
    assert re.fullmatch(r"[MDCLXVI]+", roman(n))
    assert roman(n) != roman(n % 3999 + 1)


# -- one home for text, numbers and comparators (dxtrack.core.text, .numbers, .comparators) ----


def test_the_importer_matching_key_also_folds_dashes_and_keeps_lower_not_casefold():
    assert match_key("Giai đoạn 2025–2030") == "giai doan 2025-2030"
    assert fold("Giai đoạn 2025–2030") == "giai doan 2025–2030"
    assert match_key("Straße") == "straße" and fold("Straße") == "strasse"
    assert match_key(None) == ""
    assert len(fold_keep_len("Sở  Y tế – 2025")) == len("Sở  Y tế – 2025")


def test_it_reads_a_document_number_and_a_typed_number_each_its_own_way():
    assert parse_number("2.389,05") == 2389.05 and parse_number("1.800") == 1800
    assert isinstance(parse_number("01"), int)
    with pytest.raises(ValueError):
        parse_number("1,234.5")
    assert parse_typed_number("1,234.5") == 1234.5
    assert parse_typed_number("1 234") == 1234.0


def test_it_writes_numbers_for_english_pages_with_the_separators_swapped():
    assert number_text(2389.05, "en") == "2,389.05"
    assert number_text(2389.05, "vi") == "2.389,05"
    assert group_digits("-1234.5") == "-1.234,5"


def test_roman_numerals_past_3999_are_written_on_when_unbounded():
    assert roman(4001, bounded=False) == "MMMMI"
    with pytest.raises(ValueError, match="số La Mã"):
        roman(4001)


def test_every_comparator_has_its_words_and_the_importer_reads_only_known_ones():

    assert comparators.COMPARATORS == (">", ">=", "<", "<=", "=", "top", "increase", "decrease")
    for code in comparators.COMPARATORS:
        for lang in ("vi", "en"):
            assert comparators.words(code, lang)
            assert "80" in comparators.goal_phrase(code, "80", lang)
    assert comparators.normalize(" ≥ ") == ">=" and comparators.normalize("TOP") == "top"
    assert comparators.normalize("khác") is None
    importer = json.loads(
        (Path(comparators.__file__).parents[1] / "docimport/vocab/comparators.json").read_text(
            encoding="utf-8"
        )
    )
    read = {c for _, c in importer["phrases"]} | set(importer["change"]) - {"not_change"}
    read |= {importer["bare_comparator"], importer["bare_count_comparator"]}
    assert read <= set(comparators.COMPARATORS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tỷ lệ dân số có tài khoản", "Tỷ lệ dân số có tài khoản"),
        ("đơn vị sự nghiệp", "Đơn vị sự nghiệp"),
        ("“chuyển đổi số”", "“Chuyển đổi số”"),
        ("Sở Y tế", "Sở Y tế"),
        ("eGov được triển khai", "eGov được triển khai"),
        ("100% xã", "100% xã"),
        ("", ""),
    ],
)
def test_a_name_used_as_a_heading_starts_with_a_capital(text, expected):
    assert capitalise_first(text) == expected


def test_a_long_name_is_cut_at_a_word_with_an_ellipsis():
    name = "Nhiệm vụ thu thập, phát triển cơ sở dữ liệu chuyên ngành"
    short = shorten_text(name, 30)
    assert short == "Nhiệm vụ thu thập, phát triển…"
    assert name.startswith(short[:-1])


def test_units_stored_as_codes_read_as_words():
    from dxtrack.core.templatetags.vn import unit_label

    assert unit_label("rank") == "hạng"
    assert unit_label("index") == ""
    assert unit_label("%") == "%"
    assert unit_label("doanh nghiệp") == "doanh nghiệp"
    with translation.override("en"):
        assert unit_label("rank") == "rank" and unit_label("racks") == "racks"


def test_a_report_writes_stored_unit_codes_as_words():
    from dxtrack.core.text import unit_words

    assert unit_words("rank") == "hạng" and unit_words("index") == "" and unit_words("%") == "%"
