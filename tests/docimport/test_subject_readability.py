"""Subjects that read as an indicator's name out of context (issue 13, item 3).

Each measure's ``subject`` becomes the indicator's name in the registry. ``subjects.problems`` says
why one would not read on its own (a fragment, a bare generic word, a percentage with no "Tỷ lệ",
a rate of things with nothing said of them, a duty instead of its goal, a rate unit for a name);
the tests below feed statements through the importer and check the subjects it cuts.

    .venv/bin/python tests/docimport/test_subject_readability.py [-v] [FILES…]

counts the subjects with a problem on the Thái Nguyên seeds, the shared corpus and the documents
only tests/docimport/corpus has (or FILES), and with -v lists them.
"""

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dxtrack.docimport import extract_text  # noqa: E402 (after the path is set)
from dxtrack.docimport.subjects import problems  # noqa: E402

HEAD = (
    "UBND TỈNH THÁI NGUYÊN\n\nSố: 12/KH-UBND\n\nThái Nguyên, ngày 10 tháng 3 năm 2025\n\n"
    "KẾ HOẠCH\n\nChuyển đổi số\n\n"
)
GOALS = HEAD + "I. MỤC TIÊU\n\n2. Mục tiêu cụ thể đến năm 2030\n\n"
RESULTS = HEAD + "I. KẾT QUẢ ĐẠT ĐƯỢC\n\n"


def target_subjects(body: str) -> list[tuple[str, float]]:
    got = extract_text(GOALS + body + "\n")["targets"]
    return [(m["subject"], m["value"]) for t in got for m in t["measures"]]


def obs_subjects(body: str) -> list[tuple[str, float]]:
    return [(o["subject"], o["value"]) for o in extract_text(RESULTS + body + "\n")["observations"]]


# --- the checker ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject,unit",
    [
        ("nhiệm vụ", "nhiệm vụ"),
        ("quy mô", "racks"),
        ("Mạng 5G với tốc độ", "Mbps"),
        ("kiểu dáng công nghiệp, nhãn hiệu)", "%"),
        ("sản phẩm được bảo hộ sau khi", "%"),
        ("khu dân cư", "%"),
        ("qua mạng thông tin di động 5G", "Mbps"),
        ("", "%"),
        ("Tỷ lệ khu dân cư", "%"),  # covered by what?
        ("Tỷ lệ xã, phường", "%"),
        ("Tỷ lệ đôn đốc các doanh nghiệp viễn thông phủ sóng 5G", "%"),  # a duty, not a goal
        ("Số trẻ sơ sinh trai/100 trẻ sơ sinh gái", "trẻ sơ sinh trai/100 trẻ sơ sinh gái"),
        ("Số người/vạn dân", "người/vạn dân"),
        ("Xoài", "tấn"),  # its output, area or value?
        ("Xoài", "USD"),
    ],
)
def test_fragments_and_bare_words_are_problems(subject, unit):
    assert problems(subject, unit)


@pytest.mark.parametrize(
    "subject,unit",
    [
        ("Tỷ lệ bệnh viện, trường đại học được phủ sóng 5G", "%"),
        ("Tốc độ mạng 5G", "Mbps"),
        ("Số doanh nghiệp khoa học và công nghệ", "doanh nghiệp"),
        ("Chỉ số Cải cách hành chính (PAR Index)", "%"),
        ("Tỷ lệ hộ gia đình được phủ hạ tầng mạng băng rộng cáp quang", "%"),
        ("Tỷ lệ giao dịch không dùng tiền mặt", "%"),
        ("Số thuê bao băng rộng di động", "thuê bao/100 dân"),
        ("Tỷ số giới tính khi sinh", "trẻ sơ sinh trai/100 trẻ sơ sinh gái"),
        ("Sản lượng xoài", "tấn"),
        ("Dự toán NSNN", "đồng"),
    ],
)
def test_names_that_read_alone_are_not(subject, unit):
    assert problems(subject, unit) == []


# --- the importer's subjects ---------------------------------------------------------------------


def test_a_percentage_of_things_is_named_a_rate():
    got = target_subjects("- 100% cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số.")
    assert got == [("Tỷ lệ cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số", 100)]


def test_a_count_is_named_the_number_of_its_noun():
    got = target_subjects("- Phấn đấu có 70 doanh nghiệp khoa học và công nghệ.")
    assert got == [("Số doanh nghiệp khoa học và công nghệ", 70)]


def test_a_speed_is_named_first():
    got = target_subjects("- Mạng 5G với tốc độ tối thiểu 100 Mbps.")
    assert got[0][0].lower() == "tốc độ mạng 5g"


def test_a_share_of_a_whole_is_a_weight():
    got = target_subjects("- Kinh tế số chiếm 30% GRDP.")
    assert got[0][0].lower() == "tỷ trọng kinh tế số trong grdp"


def test_enumeration_in_brackets_does_not_cut_the_subject():
    got = target_subjects(
        "- Số lượng đơn đăng ký sở hữu công nghiệp (sáng chế, giải pháp hữu ích, nhãn hiệu) "
        "tăng tối thiểu 20% so với giai đoạn 2021 - 2025."
    )
    assert got[0][0].lower().startswith("số lượng đơn đăng ký sở hữu công nghiệp")


def test_a_count_restated_after_its_noun_phrase_takes_it():
    got = target_subjects(
        "- Nhiệm vụ khoa học và công nghệ cấp tỉnh triển khai mỗi năm đạt 55 nhiệm vụ."
    )
    assert got[0][0].lower() == "số nhiệm vụ khoa học và công nghệ cấp tỉnh triển khai mỗi năm"


def test_no_subject_ends_on_a_preposition():
    got = target_subjects(
        "- Tối thiểu 60% sản phẩm OCOP được hỗ trợ kiểm soát nguồn gốc và chất lượng sau khi "
        "được bảo hộ."
    )
    assert all(not s.endswith((" sau", " khi", " với", " và")) for s, _ in got)


def test_a_change_by_a_percentage_is_a_number():
    got = target_subjects("- Giảm 30% thủ tục hành chính.")
    assert got[0][0].lower() == "số thủ tục hành chính"


def test_a_verb_before_a_percentage_names_what_it_reaches():
    got = target_subjects(
        "- Hạ tầng mạng băng rộng cáp quang phủ 100% đơn vị hành chính cấp xã, trên 80% hộ gia đình."
    )
    assert [s for s, _ in got] == [
        "Tỷ lệ đơn vị hành chính cấp xã được phủ hạ tầng mạng băng rộng cáp quang",
        "Tỷ lệ hộ gia đình được phủ hạ tầng mạng băng rộng cáp quang",
    ]


def test_a_verb_with_its_object_before_a_percentage_names_what_they_get():
    got = target_subjects(
        "- Mở rộng mô hình tập huấn để nâng cao kỹ năng số tối thiểu trên 75% học sinh, sinh viên."
    )
    assert got[0][0] == "Tỷ lệ học sinh, sinh viên được nâng cao kỹ năng số"


def test_commas_listing_a_prepositions_objects_do_not_cut_the_subject():
    got = target_subjects(
        "- Doanh nghiệp sử dụng kết quả nghiên cứu từ viện, trường trong sản xuất đạt từ 25%."
    )
    assert (
        got[0][0] == "Tỷ lệ doanh nghiệp sử dụng kết quả nghiên cứu từ viện, trường trong sản xuất"
    )


def test_a_counted_noun_restated_at_the_end_is_dropped():
    got = target_subjects("- 45 công trình khoa học được nghiệm thu mỗi năm đạt công trình.")
    assert got[0][0] == "Số công trình khoa học được nghiệm thu mỗi năm"


def test_an_amount_of_money_is_named_by_what_holds_it_not_by_its_unit():
    got = obs_subjects(
        "Năm 2024, dự toán NSNN đã bố trí 51 nghìn tỷ đồng; cân đối thêm 25 nghìn tỷ đồng từ nguồn "
        "tăng thu NSTW."
    )
    assert [s for s, _ in got] == ["Dự toán NSNN", "Kinh phí từ nguồn tăng thu NSTW"]


def test_a_count_after_tong_so_names_what_is_counted():
    got = obs_subjects("Năm 2024, có 39 tổ chức KH&CN với tổng số nhân lực trên 670 người.")
    assert got[-1][0] == "Số nhân lực"


def test_a_value_inside_a_rate_name_stays_in_it():
    got = target_subjects(
        "- Tỷ lệ người sử dụng có khả năng truy cập băng rộng cố định với tốc độ trên 01 Gbps đạt 100%."
    )
    assert got[-1][0].endswith("với tốc độ trên 01 Gbps")


def test_a_growth_after_a_value_names_that_value():
    got = target_subjects(
        "- Tổng giá trị sản phẩm trái cây tham gia xuất khẩu đạt trên 48,3 triệu USD, tốc độ tăng "
        "bình quân 05 - 06%/năm."
    )
    assert got[-1][0] == "Tốc độ tăng tổng giá trị sản phẩm trái cây tham gia xuất khẩu"


def test_a_measure_noun_in_brackets_names_what_precedes_them():
    got = target_subjects(
        "- Mời gọi thu hút đầu tư xây dựng trung tâm dữ liệu (DataCenter) (quy mô trên 1000 racks, "
        "trên 10MW)."
    )
    assert [s for s, _ in got] == [
        "Quy mô trung tâm dữ liệu (DataCenter)",
        "Công suất trung tâm dữ liệu (DataCenter)",
    ]


def test_a_value_in_a_rate_unit_is_named_by_the_words_before_it():
    got = target_subjects(
        "- Tỷ số giới tính khi sinh ở mức 107 trẻ sơ sinh trai/100 trẻ sơ sinh gái sinh ra sống.\n"
        "- Tỷ suất sinh ở trẻ vị thành niên giảm từ 23 ca sinh/1.000 phụ nữ xuống 18 ca sinh/1.000 "
        "phụ nữ."
    )
    assert [s for s, _ in got] == ["Tỷ số giới tính khi sinh", "Tỷ suất sinh ở trẻ vị thành niên"]


def test_a_rate_unit_after_a_name_listing_with_commas_takes_the_whole_name():
    got = target_subjects(
        "- Nguồn nhân lực nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo đạt 12 người "
        "trên một vạn dân."
    )
    assert got[0][0].startswith("Nguồn nhân lực nghiên cứu khoa học")


def test_a_share_set_as_a_duty_names_what_the_duty_gets_done():
    got = target_subjects(
        "- Đôn đốc các doanh nghiệp viễn thông phủ sóng 5G trên phạm vi toàn quốc, phải đạt 90%."
    )
    assert got[0][0].lower().startswith("tỷ lệ phủ sóng 5g")


def test_an_amount_with_nothing_after_it_is_named_by_what_it_is_for():
    got = obs_subjects(
        "Năm 2024, Thủ tướng bổ sung cho Bộ Công an 555 tỷ đồng để thực hiện Đề án Xây dựng Trung "
        "tâm an ninh mạng (A05) 500 tỷ đồng và Xây dựng phòng thí nghiệm sinh trắc học (H08) 55 tỷ "
        "đồng."
    )
    assert [s for s, _ in got][1:] == [
        "Kinh phí thực hiện Đề án Xây dựng Trung tâm an ninh mạng (A05)",
        "Kinh phí xây dựng phòng thí nghiệm sinh trắc học (H08)",
    ]


def test_a_bare_count_after_a_label_and_colon_is_counted_for_what_the_label_names():
    got = obs_subjects("1. Kiến thức cơ bản về an toàn thông tin: 49.851 lượt học tập.")
    assert got == [("Số lượt học tập (Kiến thức cơ bản về an toàn thông tin)", 49851)]


def test_a_clause_that_starts_with_its_value_shares_the_verb_of_the_clause_before():
    from dxtrack.docimport.extract import clauses
    from dxtrack.docimport.measures import scan
    from dxtrack.docimport.subjects import Carry, subjects

    text = (
        "Mạng 5G với tốc độ tối thiểu 100 Mbps, phủ sóng tại 100% trường đại học và bệnh viện "
        "(năm 2024); 100% khu dân cư (năm 2025)."
    )
    carry = Carry()  # one per statement: extract.py passes it to each clause (see subjects())
    got = [subjects(c, scan(c), carry) for _, c in clauses(text)]
    assert got[-1] == ["Tỷ lệ khu dân cư được phủ sóng mạng 5G"]
    assert [subjects(c, scan(c)) for _, c in clauses(text)][-1] == ["Tỷ lệ khu dân cư"]


def test_a_long_name_is_cut_where_a_phrase_ends_never_inside_a_word():
    from dxtrack.docimport.subjects import clean

    long = (
        "đơn vị và cán bộ, chiến sĩ lực lượng chuyên trách phòng, chống tội phạm về ma túy thuộc "
        "Bộ đội Biên phòng được trang bị vũ khí, công cụ hỗ trợ, phương tiện kỹ thuật nghiệp vụ "
        "hiện đại theo quy định"
    )
    got = clean(long)
    assert len(got) <= 160 and long.startswith(got)
    assert long[len(got)] in ", "  # the cut falls at a comma or before a qualifier word
    assert not got.endswith(("kỹ", "phương tiện kỹ"))
    # no phrase boundary: kept whole rather than cut between two syllables
    unbroken = " ".join(["hệ thống thông tin điện tử"] * 7)
    assert clean(unbroken) == unbroken


def test_a_percentage_of_things_counted_is_a_rate_a_change_of_them_a_number():
    assert target_subjects("- 50% số xã, phường trên toàn tỉnh không ma túy.") == [
        ("Tỷ lệ xã, phường trên toàn tỉnh không ma túy", 50)
    ]
    assert target_subjects("- Tăng thêm ít nhất 20% số nhóm trẻ trong cơ sở giáo dục mầm non.") == [
        ("Số nhóm trẻ trong cơ sở giáo dục mầm non", 20)
    ]


def test_a_value_is_not_named_by_the_words_after_the_comma_that_follows_it():
    got = target_subjects(
        "- Số lượng đơn đăng ký sáng chế tăng trung bình 16%/năm, tỉ lệ khai thác thương mại "
        "đạt 8%."
    )
    assert got == [("Số lượng đơn đăng ký sáng chế", 16), ("Tỉ lệ khai thác thương mại", 8)]


def test_ranks_listed_together_share_what_the_last_is_about():
    got = target_subjects(
        "- Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á, nhóm 50 nước đứng đầu thế giới về "
        "năng lực cạnh tranh số."
    )
    assert [s for s, _ in got] == ["Năng lực cạnh tranh số", "Năng lực cạnh tranh số"]


def test_a_part_after_trong_do_is_a_share_of_the_whole_before():
    got = target_subjects(
        "- Kinh phí chi cho nghiên cứu phát triển (R&D) đạt 2% GDP, trong đó kinh phí từ xã hội "
        "chiếm hơn 60%."
    )
    assert got[-1] == (
        "Tỷ trọng kinh phí từ xã hội trong kinh phí chi cho nghiên cứu phát triển (R&D)",
        60,
    )


def test_places_where_work_is_done_are_named_with_that_work():
    got = target_subjects(
        "- Tổ chức tuyên truyền, phổ biến kiến thức về phòng, chống ma túy cho người học tại "
        "100% nhà trường."
    )
    assert got == [
        (
            "Tỷ lệ nhà trường được tuyên truyền, phổ biến kiến thức về phòng, chống ma túy cho "
            "người học",
            100,
        )
    ]


def test_a_percentage_of_a_total_spent_on_something_is_its_share_in_that_total():
    got = target_subjects(
        "- Bố trí ít nhất 3% tổng chi ngân sách hằng năm cho phát triển khoa học, công nghệ và "
        "tăng dần theo yêu cầu phát triển."
    )
    assert got == [
        (
            "Tỷ trọng chi ngân sách cho phát triển khoa học, công nghệ trong tổng chi ngân sách "
            "hằng năm",
            3,
        )
    ]


# --- the count over real documents -------------------------------------------------------------


def _documents(argv: list[str]) -> list[Path]:
    if argv:
        return [Path(a) for a in argv]
    root = Path(__file__).resolve().parents[2]
    seeds = sorted((root / "data/thai-nguyen/documents").glob("*.txt"))
    corpus = [
        p for p in sorted((root.parent / "shared/corpus").glob("*.md")) if p.name != "README.md"
    ]
    # and the documents only our corpus has (03-nq-cp with its Phụ lục I table, 57-nq-tw …)
    shared = {p.name for p in corpus}
    ours = [
        p for p in sorted((root / "tests/docimport/corpus").glob("*.md")) if p.name not in shared
    ]
    return seeds + corpus + ours


def main(argv: list[str]) -> int:
    from dxtrack.docimport import extract_file

    verbose = "-v" in argv
    docs = _documents([a for a in argv if a != "-v"])
    total, bad, kinds = 0, 0, Counter()
    for doc in docs:
        r = extract_file(doc)
        recs = [(t["line"], m) for t in r["targets"] for m in t["measures"]]
        recs += [(o["line"], o) for o in r["observations"]]
        n_bad = 0
        for line, m in recs:
            why = problems(m.get("subject"), m.get("unit"))
            if why:
                n_bad += 1
                kinds.update(why)
                if verbose:
                    print(
                        f"    {line:5} {','.join(why):24} {m.get('subject')!r} = {m['value']} {m['unit']}"
                    )
        total += len(recs)
        bad += n_bad
        print(f"{doc.name[:34]:34} {len(recs):5d} subjects {n_bad:4d} bad")
    print(
        f"{'all':34} {total:5d} subjects {bad:4d} bad  "
        + ", ".join(f"{k}: {v}" for k, v in kinds.most_common())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
