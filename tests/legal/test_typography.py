"""The Korean web font: vendored subsets under 400 KB with their licence, loaded with
font-display: swap in front of the system font stack, Korean words kept whole."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FONT_DIR = ROOT / "static/vendor/pretendard-gov-1.3.9"
CSS = (ROOT / "static/css/site.css").read_text(encoding="utf-8")
FONTS = ["BioHubSans-Regular.subset.woff2", "BioHubSans-Bold.subset.woff2"]


def test_the_regular_and_bold_subsets_are_vendored_under_400_kb_together():
    sizes = [(FONT_DIR / name).stat().st_size for name in FONTS]
    assert [(FONT_DIR / name).read_bytes()[:4] for name in FONTS] == [b"wOF2", b"wOF2"]
    assert sum(sizes) < 400 * 1024


def test_the_font_licence_is_the_ofl():
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONT_DIR / "LICENSE").read_text()


def test_the_css_loads_both_weights_with_swap_and_keeps_the_fallbacks():
    faces = re.findall(r"@font-face\s*{([^}]*)}", CSS)
    assert sorted(
        (re.search(r"font-weight:\s*(\d+)", face)[1], re.search(r'url\("([^"]+)"\)', face)[1])
        for face in faces
    ) == [
        ("400", "../vendor/pretendard-gov-1.3.9/BioHubSans-Regular.subset.woff2"),
        ("700", "../vendor/pretendard-gov-1.3.9/BioHubSans-Bold.subset.woff2"),
    ]
    assert all("font-display: swap" in face for face in faces)
    stacks = re.findall(r"--bh-font:([^;]+);", CSS)
    assert stacks[-1].split(",")[0].strip() == '"BioHub Sans"'
    assert '"Malgun Gothic"' in stacks[-1] and "sans-serif" in stacks[-1]
    assert "word-break: keep-all" in CSS
