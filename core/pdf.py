"""Small PDF documents in Korean and English: headings, paragraphs, tables, bars and images.

Built on fpdf2 with the vendored Pretendard font (core/fonts/, SIL OFL 1.1), embedded as a
subset so Hangul is real, extractable text on any reader. The API is deliberately small:

    document = Document(title="2026 연례 보고서", author="Seoul BioHub")
    document.heading("지원 현황")
    document.paragraph("모든 수치는 2026년 12월 31일 기준입니다.")
    document.table(["단계", "지원서"], [["제출", "120"], ["선정", "10"]])
    document.bars(["제출", "선정"], [120, 10], labels=["120", "10"])
    document.image(svg_bytes)  # SVG, PNG or JPEG, as bytes or a path
    pdf_bytes = document.output()
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIR = Path(__file__).resolve().parent / "fonts" / "pretendard-1.3.9"
FONT_FILE = FONT_DIR / "Pretendard-Regular.ttf"
FONT_FAMILY = "Pretendard"
TEXT_SIZE = 10
HEADING_SIZES = {1: 18, 2: 14, 3: 12}
# Dark enough for 3:1 against white (and 4.5:1 for the text drawn in it).
BAR_COLOUR = (31, 95, 168)
RULE_COLOUR = (120, 120, 120)


class Document:
    """An A4 portrait document with the Korean font; call `output()` once at the end."""

    def __init__(self, *, title: str, author: str = "", language: str = "ko"):
        self._pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        self._pdf.set_title(title)
        self._pdf.set_author(author)
        self._pdf.set_lang(language)
        self._pdf.set_creator("Seoul BioHub Open Innovation")
        self._pdf.add_font(FONT_FAMILY, "", str(FONT_FILE))
        self._pdf.set_auto_page_break(auto=True, margin=15)
        self._pdf.set_margins(15, 15, 15)
        self._pdf.add_page()
        self._pdf.set_font(FONT_FAMILY, size=TEXT_SIZE)

    @property
    def width(self) -> float:
        return self._pdf.epw

    def heading(self, text: str, level: int = 1) -> None:
        pdf = self._pdf
        pdf.ln(2 if level > 1 else 0)
        pdf.set_font(FONT_FAMILY, size=HEADING_SIZES.get(level, TEXT_SIZE + 1))
        pdf.multi_cell(0, HEADING_SIZES.get(level, 11) * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, size=TEXT_SIZE)
        pdf.ln(1)

    def paragraph(self, text: str) -> None:
        self._pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(2)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        align_numbers_right: bool = True,
    ) -> None:
        """A table with a header row repeated on each page; cells are shown as str()."""
        pdf = self._pdf
        pdf.set_font(FONT_FAMILY, size=TEXT_SIZE - 1)
        first_width = 2 if len(headers) > 1 else 1
        widths = (first_width, *([1] * (len(headers) - 1)))
        alignments = ["LEFT", *(["RIGHT" if align_numbers_right else "LEFT"] * (len(headers) - 1))]
        with pdf.table(
            col_widths=widths,
            text_align=alignments,
            headings_style=FontFace(emphasis=None, fill_color=(235, 238, 242)),
            line_height=5,
            repeat_headings=1,
        ) as table:
            table.row([str(header) for header in headers])
            for row in rows:
                table.row(["" if cell is None else str(cell) for cell in row])
        pdf.set_font(FONT_FAMILY, size=TEXT_SIZE)
        pdf.ln(3)

    def bars(
        self,
        categories: Sequence[str],
        values: Sequence[float | None],
        *,
        labels: Sequence[str] | None = None,
    ) -> None:
        """Horizontal bars, one per category, with the value written at the end of each."""
        pdf = self._pdf
        numbers = [value or 0 for value in values]
        largest = max(numbers, default=0) or 1
        label_width, bar_room, height = self.width * 0.35, self.width * 0.5, 5
        pdf.set_font(FONT_FAMILY, size=TEXT_SIZE - 1)
        for index, category in enumerate(categories):
            if pdf.will_page_break(height + 1):
                pdf.add_page()
            y = pdf.get_y()
            pdf.set_x(pdf.l_margin)
            pdf.cell(label_width, height, str(category)[:40], align="R")
            length = bar_room * numbers[index] / largest
            if length > 0:
                pdf.set_fill_color(*BAR_COLOUR)
                pdf.rect(pdf.l_margin + label_width + 2, y + 0.8, length, height - 1.6, style="F")
            pdf.set_xy(pdf.l_margin + label_width + 4 + length, y)
            text = (
                labels[index] if labels else str(values[index] if values[index] is not None else "")
            )
            pdf.cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, size=TEXT_SIZE)
        pdf.ln(3)

    def image(self, source: bytes | str | Path, *, width: float | None = None) -> None:
        """An SVG, PNG or JPEG image (bytes or a path), full width unless `width` (mm)."""
        data = io.BytesIO(source) if isinstance(source, bytes) else str(source)
        self._pdf.image(data, w=width or self.width)
        self._pdf.ln(3)

    def page_break(self) -> None:
        self._pdf.add_page()

    def output(self) -> bytes:
        return bytes(self._pdf.output())
