"""A CJK font for the charts, found and registered explicitly, never through matplotlib's cache.

matplotlib's font cache is built once and not refreshed when fonts are installed later, so a
machine whose cache predates its CJK fonts draws every Chinese character as an empty box. Here
the font file is located by path and added to the font manager at run time (``addfont``), in
this order:

1. the Noto Sans CJK collection installed with guihua (the ``noto-cjk-sans-otc`` package, a
   dependency: the font file inside a wheel, SIL Open Font License 1.1);
2. well-known system font files (Debian's fonts-noto-cjk and fonts-wqy-*, Windows' 黑体/雅黑,
   macOS' 苹方/华文黑体).

A file counts only if it really has the glyphs (the characters of ``PROBE`` are looked up in its
character map). When none is found, ``cjk_font()`` is None and ``MISSING_FONT_NOTE`` says so; the
report prints the note in its 数据说明 and the command line once on stderr.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

PROBE = "规划指标完成情况"
#: font files tried after the packaged one, most usual first
SYSTEM_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
)
#: preferred face names inside a collection (simplified Chinese glyph forms first)
PREFERRED_FACES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                   "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC")
MISSING_FONT_NOTE = ("本机未找到中文字体（guihua 随附的 noto-cjk-sans-otc 字体包未安装，系统中也没有 Noto CJK、"
                     "文泉驿、黑体等字体），报告中的图表文字无法显示中文；重新安装 guihua 或安装 fonts-noto-cjk "
                     "后再生成报告即可。")


@dataclass(frozen=True)
class CjkFont:
    family: str  # the family name registered with matplotlib
    path: str
    origin: str  # "package" | "system"


_lock = threading.Lock()
_found: list[CjkFont | None] = []  # memo: [] not searched yet, [None] searched and none


def packaged_font_file() -> Path | None:
    """The font file of the noto-cjk-sans-otc package, when it is installed."""
    try:
        from noto_cjk_sans_otc import FONT_PATH  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    path = Path(str(FONT_PATH))
    return path if path.is_file() else None


def candidate_files() -> list[tuple[Path, str]]:
    """(font file, origin) in the order they are tried."""
    out: list[tuple[Path, str]] = []
    packaged = packaged_font_file()
    if packaged is not None:
        out.append((packaged, "package"))
    out += [(Path(p), "system") for p in SYSTEM_FONT_FILES if Path(p).is_file()]
    return out


def faces_with_glyphs(path: Path, probe: str = PROBE) -> list[str]:
    """Family names of the faces of `path` that map every character of `probe` (best first)."""
    from matplotlib import ft2font

    try:
        first = ft2font.FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return []
    faces = [first]
    for i in range(1, getattr(first, "num_faces", 1)):
        try:
            faces.append(ft2font.FT2Font(str(path), face_index=i))
        except (OSError, RuntimeError, ValueError, TypeError):
            break
    usable = [f.family_name for f in faces if all(f.get_char_index(ord(c)) for c in probe)]
    return sorted(usable, key=lambda n: PREFERRED_FACES.index(n) if n in PREFERRED_FACES else len(PREFERRED_FACES))


def register(path: Path, origin: str) -> CjkFont | None:
    """Add `path` to matplotlib's font manager when it has CJK glyphs; the family to ask for.

    Older matplotlib registers only the first face of a collection, so the family chosen is the
    best usable face that the font manager really holds for this file."""
    usable = faces_with_glyphs(path)
    if not usable:
        return None
    from matplotlib import font_manager

    def held() -> set[str]:
        return {f.name for f in font_manager.fontManager.ttflist if Path(f.fname) == path}

    if not set(usable) & held():
        font_manager.fontManager.addfont(str(path))
    names = held()
    family = next((n for n in usable if n in names), None)
    return CjkFont(family, str(path), origin) if family else None


def cjk_font() -> CjkFont | None:
    """The CJK font the charts use, registered with matplotlib (searched once per process)."""
    with _lock:
        if not _found:
            font = None
            for path, origin in candidate_files():
                font = register(path, origin)
                if font is not None:
                    break
            _found.append(font)
        return _found[0]


def reset() -> None:
    """Forget the font found (tests that change the machine's fonts call it)."""
    with _lock:
        _found.clear()
