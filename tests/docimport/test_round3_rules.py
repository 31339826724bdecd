"""Rules of the importer's third round (session 6): what the words of a level, a year and an amount
mean, each as plans of any province write it, with the counter-case that must not change."""

from dxtrack.docimport import extract_text

PLAN = "KẾ HOẠCH\n\nSố: 987/KH-UBND\n\nNghệ An, ngày 20 tháng 11 năm 2025\n\n"
GOALS = "**II. MỤC TIÊU ĐẾN NĂM 2025**\n\n"


def _measures(text: str) -> list[tuple]:
    r = extract_text(PLAN + text)
    return [
        (m["comparator"], m["value"], m["unit"], m["year"])
        for t in r["targets"]
        for m in t["measures"]
    ]


def _comparators(*bullets: str) -> list[str]:
    return [c for c, *_ in _measures(GOALS + "".join(f"- {b}\n" for b in bullets))]


def test_a_level_set_for_an_indicator_where_higher_is_worse_is_a_ceiling():
    assert _comparators(
        "Tỷ số giới tính khi sinh ở mức 107 trẻ sơ sinh trai/100 trẻ sơ sinh gái vào năm 2025.",
        "Tỷ lệ hộ nghèo đa chiều 1,5%.",
        "Duy trì tỉ lệ thất nghiệp khu vực thành thị ở mức 3%.",
    ) == ["<=", "<=", "<="]


def test_a_verb_that_holds_a_quantity_down_makes_its_level_a_ceiling():
    assert _comparators("Kiềm chế lạm phát ở mức 4%.", "Khống chế số ca mắc mới ở mức 200 ca.") == [
        "<=",
        "<=",
    ]


def test_a_level_of_anything_else_stays_a_floor():
    # the indicator word must name the measure before the number, not stand anywhere in the clause
    assert _comparators(
        "Tốc độ tăng trưởng kinh tế duy trì ở mức 7%.",
        "50% người gây bạo lực gia đình được phát hiện và xử lý.",
        "Tỷ lệ hộ nghèo giảm xuống dưới 2%.",
    ) == [">=", ">=", "<"]


def test_a_level_to_reach_after_down_or_up_takes_the_bound_written_after_it():
    assert _comparators(
        "Tỷ lệ lao động nông nghiệp giảm xuống dưới 20%.",
        "Tỷ lệ sử dụng dịch vụ công trực tuyến tăng lên trên 80%.",
        "Số vụ vi phạm giảm còn khoảng 50 vụ.",
        "Tỷ lệ lao động nông nghiệp giảm 5%.",
    ) == ["<", ">", "<=", "decrease"]
