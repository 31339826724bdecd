"""Benchmark of the plan-document importer: seconds and peak memory (tracemalloc).

    .venv/bin/python bench/import_bench.py [--seeds DIR]

Prints the five seeds (one by one and together; goal: under 0.5 s together), the real plans of
shared/corpus together (goal: under 2 s), and synthetic plans
of 25/50/100/200 pages with the ratio to the 25-page time, which should grow like the page count.
Then the readers alone on the 25-page plan written as .docx (python-docx) and .pdf (fpdf2):
seconds and peak memory of turning the file into text.
Figures only: no assertion.
"""

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dxtrack.docimport import extract_text  # noqa: E402
from dxtrack.docimport.readers import read_docx_bytes, read_path, read_pdf_bytes  # noqa: E402

LINES_PER_PAGE = 45


def synthetic_plan(pages: int) -> str:
    """A plan of about ``pages`` A4 pages: status paragraphs, goal bullets, a task table."""
    out = [
        "Số: 99/KH-UBND",
        "",
        "Thái Nguyên, ngày 01 tháng 3 năm 2025",
        "",
        "KẾ HOẠCH",
        "Chuyển đổi số giai đoạn 2025-2030",
        "",
        "I. THỰC TRẠNG",
        "",
    ]
    per = max(1, pages * LINES_PER_PAGE // 8)
    for i in range(per):
        out += [
            f"Năm 2024, tỷ lệ hồ sơ trực tuyến lĩnh vực {i} đạt {40 + i % 50},5%, xếp thứ {i % 63 + 1}/63 tỉnh, "
            f"thành phố; toàn tỉnh có {1000 + i} doanh nghiệp số.",
            "",
        ]
    out += ["II. MỤC TIÊU", "", "1. Mục tiêu đến năm 2030", ""]
    for i in range(per):
        out += [
            f"- Trên {50 + i % 50}% thủ tục nhóm {i} được cung cấp trực tuyến; tối thiểu {100 + i} Mbps (năm 2028).",
            "",
        ]
    out += [
        "III. TỔ CHỨC THỰC HIỆN",
        "",
        "Các sở, ban, ngành triển khai.",
        "",
        "**Phụ lục**",
        "",
        "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\tKinh phí",
    ]
    for g in range(max(1, per // 10)):
        out.append(f"{g + 1}\tNhóm nhiệm vụ {g + 1}\t\t\t\t")
        for k in range(10):
            out.append(
                f"{g + 1}.{k + 1}\tTriển khai nền tảng số {g}-{k} cho các cơ quan\tSở Khoa học và Công nghệ\t"
                f"Sở Tài chính, UBND cấp xã, các cơ quan, đơn vị liên quan\tQuý {['I', 'II', 'III', 'IV'][k % 4]} năm 2026\t{k + 1},5 tỷ"
            )
    return "\n".join(out) + "\n"


def measure(fn, repeat: int = 3):
    """Best of ``repeat`` plain runs for the time; one more run under tracemalloc for the peak."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak, result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--seeds", default=str(Path(__file__).resolve().parents[2] / "shared" / "seeds")
    )
    ap.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus")
    )
    args = ap.parse_args()
    extract_text("I. MỤC TIÊU\n\n- Trên 1% x.\n")  # load the vocabulary once
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    total = 0.0
    print(f"{'document':<28}{'lines':>7}{'seconds':>10}{'peak MiB':>10}{'targets':>9}{'tasks':>7}")
    for path in seeds:
        text = read_path(path)
        elapsed, peak, r = measure(lambda text=text: extract_text(text))
        total += elapsed
        print(
            f"{path.name[:27]:<28}{text.count(chr(10)):>7}{elapsed:>10.3f}{peak / 2**20:>10.1f}"
            f"{len(r['targets']):>9}{len(r['tasks']):>7}"
        )
    if seeds:
        print(f"{'all seeds':<28}{'':>7}{total:>10.3f}   (goal < 0.5 s)")
    corpus = sorted(Path(args.corpus).glob("*.md"))
    corpus = [p for p in corpus if p.name != "README.md"]
    if corpus:
        texts = [read_path(p) for p in corpus]
        elapsed, peak, _ = measure(lambda: [extract_text(t) for t in texts])
        print(
            f"{f'real corpus ({len(texts)} plans)':<28}{sum(t.count(chr(10)) for t in texts):>7}"
            f"{elapsed:>10.3f}{peak / 2**20:>10.1f}   (goal < 2 s)"
        )
    base = None
    for pages in (25, 50, 100, 200):
        text = synthetic_plan(pages)
        elapsed, peak, r = measure(lambda text=text: extract_text(text), repeat=5)
        base = base or elapsed
        print(
            f"{f'synthetic {pages} pages':<28}{text.count(chr(10)):>7}{elapsed:>10.3f}{peak / 2**20:>10.1f}"
            f"{len(r['targets']):>9}{len(r['tasks']):>7}   ×{elapsed / base:.2f} time for ×{pages / 25:.0f} pages"
        )
    bench_readers(synthetic_plan(25))
    return 0


def as_docx(text: str) -> bytes:
    import io

    import docx

    d = docx.Document()
    rows = [ln.split("\t") for ln in text.split("\n") if "\t" in ln]
    for ln in text.split("\n"):
        if ln.strip() and "\t" not in ln:
            d.add_paragraph(ln)
    table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            table.rows[i].cells[j].text = c
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def as_pdf(text: str) -> bytes | None:
    from fpdf import FPDF

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        return None
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    rows = [ln.split("\t") for ln in text.split("\n") if "\t" in ln]
    for ln in text.split("\n"):
        if ln.strip() and "\t" not in ln:
            pdf.multi_cell(0, 5, ln, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 60, 35, 35, 25, 25), first_row_as_headings=False) as table:
        for row in rows:
            r = table.row()
            for c in row:
                r.cell(c)
    return bytes(pdf.output())


def bench_readers(text: str) -> None:
    for name, build, reader in (
        ("docx", as_docx, read_docx_bytes),
        ("pdf", as_pdf, read_pdf_bytes),
    ):
        data = build(text)
        if data is None:
            print(f"reader .{name}: skipped (no font)")
            continue
        elapsed, peak, out = measure(lambda reader=reader, data=data: reader(data), repeat=2)
        print(
            f"{f'reader .{name} (25 pages)':<28}{out.count(chr(10)):>7}{elapsed:>10.3f}{peak / 2**20:>10.1f}"
            f"   {len(data) // 1024} KiB file"
        )


if __name__ == "__main__":
    sys.exit(main())
