"""core.pdf: Korean and English documents with the font embedded and the text extractable."""

import io

from pypdf import PdfReader

from core.pdf import Document

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20" width="100" height="20">'
    b'<rect width="50" height="10" fill="#1f5fa8"/></svg>'
)


def _document() -> bytes:
    document = Document(title="서울바이오허브 연례 보고서", author="서울바이오허브")
    document.heading("지원 현황 (Applications)")
    document.paragraph("모든 수치는 2026년 12월 31일 기준입니다.")
    document.table(["단계", "지원서"], [["제출", "1,200"], ["선정", "10"]])
    document.bars(["제출", "선정"], [1200, 10], labels=["1,200", "10"])
    document.image(SVG)
    return document.output()


def test_hangul_comes_out_as_text():
    reader = PdfReader(io.BytesIO(_document()))
    lines = reader.pages[0].extract_text().splitlines()
    assert lines[:5] == [
        "지원 현황 (Applications)",
        "모든 수치는 2026년 12월 31일 기준입니다.",
        "단계 지원서",
        "제출 1,200",
        "선정 10",
    ]
    assert reader.metadata.title == "서울바이오허브 연례 보고서"


def test_the_korean_font_is_embedded_as_a_subset():
    reader = PdfReader(io.BytesIO(_document()))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert len(fonts) == 1
    font = fonts[0]
    # A subset's name carries a six-letter tag: ABCDEF+Pretendard
    assert font["/BaseFont"].endswith("+Pretendard")
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    embedded = descriptor["/FontFile2"].get_object().get_data()
    assert 1_000 < len(embedded) < 500_000  # the glyphs used, not the 2.7 MB font
