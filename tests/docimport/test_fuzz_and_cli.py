"""Fuzz: random and mutated inputs give a result or DocumentError, never another exception.
CLI: exit status, messages, and the -o files."""

import io
import json
import random
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from dxtrack.docimport import DocumentError, extract_file, extract_text
from dxtrack.docimport.cli import main
from dxtrack.docimport.readers import read_docx_bytes, read_pdf_bytes, read_text_bytes

SEED_TEXT = Path(__file__).with_name("test_rules.py").read_text(encoding="utf-8")
ALPHABET = list("abcdđêôơưạảãáàIVX0123456789.,;:%/-–()|\t\n *#+<>^[]²³") + [
    "Trên ",
    "tối thiểu ",
    "năm 2025",
    "Quý IV",
    "tỷ",
    "Phụ lục\n",
    "TT\tNhiệm vụ\tChủ trì\tThời gian\n",
    "|\n",
]


def _ok_or_document_error(fn, *args):
    try:
        result = fn(*args)
    except DocumentError as exc:
        assert exc.message
        return None
    return result


def test_it_survives_thousands_of_random_and_mutated_texts():
    rng = random.Random(20240615)
    lines = SEED_TEXT.splitlines()
    for i in range(2500):
        if i % 2:
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 300)))
        else:
            chunk = lines[rng.randrange(len(lines)) :][: rng.randint(1, 40)]
            text = "\n".join(chunk)
            for _ in range(rng.randint(0, 8)):
                pos = rng.randrange(len(text) + 1)
                text = text[:pos] + rng.choice(ALPHABET) + text[pos + rng.randint(0, 3) :]
        result = _ok_or_document_error(extract_text, text)
        if result is not None:
            json.dumps(result, ensure_ascii=False)


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("II. MỤC TIÊU")
    d.add_paragraph("- Trên 90% hồ sơ trực tuyến.")
    t = d.add_table(rows=2, cols=3)
    for j, h in enumerate(["TT", "Nhiệm vụ", "Chủ trì"]):
        t.cell(0, j).text = h
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_it_survives_broken_docx_zip_and_pdf_bytes():
    rng = random.Random(7)
    good = _docx_bytes()
    assert "Trên 90%" in read_docx_bytes(good)
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        for reader in (read_docx_bytes, read_pdf_bytes, read_text_bytes):
            _ok_or_document_error(reader, bytes(data))
    for _ in range(200):
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
        for reader in (read_docx_bytes, read_pdf_bytes, read_text_bytes):
            _ok_or_document_error(reader, b"PK" + junk)
            _ok_or_document_error(reader, b"%PDF-1.4\n" + junk)


def test_it_refuses_a_zip_bomb_before_opening_it():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(DocumentError) as err:
        read_docx_bytes(buf.getvalue())
    assert err.value.code == "zip-bomb" and "zip bomb" in err.value.message


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n ", "empty"),
        ("plan.xlsx", b"PK\x03\x04", "unsupported"),
        ("broken.docx", b"PK\x03\x04 not really", "corrupt"),
        ("broken.pdf", b"%PDF-1.4 garbage", "corrupt"),
        ("latin1.txt", "Kế hoạch".encode("cp1258", errors="replace") + b"\xff\xfe\xfa", "encoding"),
    ],
)
def test_it_refuses_unreadable_files_with_a_clear_message(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as err:
        extract_file(path)
    assert err.value.code == code and name in str(err.value)


def test_it_refuses_a_pdf_without_a_text_layer(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError) as err:
        extract_file(path)
    assert err.value.code == "no-text" and "bản quét" in err.value.message


def test_it_refuses_a_password_protected_pdf(tmp_path):
    pdf = FPDF()
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Ke hoach")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError) as err:
        extract_file(path)
    assert err.value.code == "encrypted" and "mật khẩu" in err.value.message


def test_the_cli_writes_json_and_the_text_it_read(tmp_path, capsys):
    src = tmp_path / "plan.md"
    src.write_text(
        "Số: 7/KH-UBND\n\nII. MỤC TIÊU\n\n- Trên 60% hộ có cáp quang.\n", encoding="utf-8"
    )
    out = tmp_path / "out" / "plan.json"
    assert main([str(src), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    saved = out.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
    [target] = data["targets"]
    assert saved[target["line"] - 1].startswith("- Trên 60%")
    assert "Mục tiêu: 1" in capsys.readouterr().out


def test_the_cli_prints_json_with_the_flag(tmp_path, capsys):
    src = tmp_path / "plan.txt"
    src.write_text("II. MỤC TIÊU\n\n- Trên 60% hộ có cáp quang.\n", encoding="utf-8")
    assert main([str(src), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["targets"][0]["measures"][0]["value"] == 60


def test_the_cli_exits_2_with_a_message_and_no_traceback(tmp_path, capsys):
    assert main([str(tmp_path / "missing.docx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi:") and "không tìm thấy tệp" in err and "Traceback" not in err
    assert main(["--no-such-flag"]) == 2
