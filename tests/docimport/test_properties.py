"""Property tests (hypothesis) for numbers, money, timeframes and agency splitting."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dxtrack.core.numbers import format_number, parse_number
from dxtrack.docimport.agencies import split_agencies
from dxtrack.docimport.numbers import parse_money, parse_timeframe

amounts = st.integers(min_value=0, max_value=10**9)
decimals = st.decimals(
    min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False
)


@given(amounts)
def test_it_reads_back_any_integer_written_the_vietnamese_way(n):
    assert parse_number(format_number(n)) == n


@given(decimals)
def test_it_reads_back_any_decimal_written_with_a_comma(d):
    value = float(d)
    assert abs(parse_number(format_number(value)) - value) < 1e-6


@given(st.integers(min_value=0, max_value=99))
def test_it_reads_zero_padded_numbers(n):
    assert parse_number(f"{n:02d}") == n


@given(
    decimals,
    st.sampled_from([("triệu", 10**6), ("tỷ", 10**9), ("nghìn", 10**3)]),
    st.booleans(),
    st.sampled_from([None, "Ngân sách nhà nước", "Vốn doanh nghiệp"]),
    st.booleans(),
)
def test_it_reads_money_with_scale_period_and_source(d, scale, yearly, source, dong):
    word, factor = scale
    text = (
        f"{format_number(float(d))} {word}{' đồng' if dong else ''}{'/năm' if yearly else ''}"
        + (f" ({source})" if source else "")
    )
    money = parse_money(text)
    assert abs(money.vnd - round(float(d) * factor)) <= 1
    assert money.per_year is yearly and money.source == source


@given(
    st.integers(min_value=2000, max_value=2099),
    st.integers(min_value=1, max_value=4),
    st.booleans(),
)
def test_it_reads_a_quarter_deadline(year, quarter, comma):
    roman = ["I", "II", "III", "IV"][quarter - 1]
    tf = parse_timeframe(f"Quý {roman}{',' if comma else ''} năm {year}")
    assert (tf.start_year, tf.end_year, tf.end_quarter, tf.recurrence) == (
        None,
        year,
        quarter,
        None,
    )


@given(
    st.integers(min_value=2000, max_value=2090),
    st.integers(min_value=0, max_value=9),
    st.sampled_from(["-", " - ", "–", " đến "]),
)
def test_it_reads_a_year_range(start, length, sep):
    tf = parse_timeframe(f"{start}{sep}{start + length}")
    assert (tf.start_year, tf.end_year) == (start, start + length)


@given(st.integers(min_value=2000, max_value=2099))
def test_it_reads_from_a_year_on_and_a_single_year(year):
    assert (
        parse_timeframe(f"Từ năm {year}").start_year == year
        and parse_timeframe(f"Từ năm {year}").end_year is None
    )
    tf = parse_timeframe(f"Năm {year}")
    assert (tf.start_year, tf.end_year) == (year, year)


KNOWN = [
    "Sở Y tế",
    "Sở Tài chính",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Công an tỉnh",
    "UBND cấp huyện",
    "Sở Lao động - Thương binh và Xã hội",
    "Ban quản lý các khu công nghiệp",
    "Sở Tài nguyên và Môi trường",
]
COLLECTIVE = [
    "Các sở, ban, ngành",
    "các cơ quan, đơn vị, địa phương liên quan",
    "các doanh nghiệp viễn thông",
]


@settings(max_examples=200)
@given(
    st.lists(st.sampled_from(KNOWN), min_size=1, max_size=5, unique=True),
    st.lists(st.sampled_from(COLLECTIVE), max_size=1),
    st.sampled_from([", ", "; "]),
)
def test_it_splits_any_list_of_agencies_back_into_its_members(known, collective, sep):
    names = known + collective
    assert split_agencies(sep.join(names)) == names


@given(st.lists(st.sampled_from(KNOWN), min_size=2, max_size=4, unique=True))
def test_it_splits_a_list_written_as_dashes(names):
    assert split_agencies(" ".join("- " + n for n in names)) == names
