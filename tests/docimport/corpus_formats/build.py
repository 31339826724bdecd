"""Rebuild the .docx and .pdf versions of annotated real plans kept as fixtures here.

    .venv/bin/python tests/docimport/corpus_formats/build.py 157-kh-ubnd 182-kh-ubnd

The .docx is written with python-docx from the plan's logical text (docimport.normalise: one
paragraph per logical line, Word tables for table rows, bold lines bold, Times New Roman 13 as
offices write); the .pdf is that .docx converted by LibreOffice headless (Debian package
libreoffice-writer), which lays the text out and wraps lines as an office's PDF export does.
"""

import subprocess
import sys
from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from dxtrack.docimport.normalise import normalise  # noqa: E402


def write_docx(src: Path, out: Path) -> None:
    lines = normalise(src.read_text(encoding="utf-8")).text.split("\n")
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    # a cell bold in the source (header, group row) is bold, as offices write it
                    text = cell.replace("**", "").strip()
                    para = table.cell(r, c).paragraphs[0]
                    para.add_run(text).bold = bool(text) and cell.strip().startswith("**")
            continue
        s = lines[i].strip()
        if s:
            run = d.add_paragraph().add_run(s.replace("**", "").replace("*", "").strip())
            run.bold = s.startswith("**") and s.endswith("**")
        i += 1
    d.save(out)


def main(stems: list[str]) -> int:
    for stem in stems:
        out = HERE / f"{stem}.docx"
        write_docx(HERE.parent / "corpus" / f"{stem}.md", out)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(HERE), str(out)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
