"""The 1200 x 630 share image (og:image) of a result: city, scheme version and the verdict's state.

It is drawn from those three and the language only, never from anything a person entered, so one
image serves everyone with the same verdict and it may be cached by this process, by browsers and
by proxies. Chinese needs a CJK font (Debian's fonts-noto-cjk, which `make setup` installs); when
none is found the image is drawn in Pillow's own font with the English names, so it never fails.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
CJK_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
INK, BLUE, WHITE = 1, 2, 0
PALETTE = [255, 255, 255, 11, 12, 12, 29, 112, 184, 0, 112, 60, 212, 53, 28, 80, 90, 95]
TONE_COLOUR = {"good": 3, "bad": 4, "unknown": 5}
CACHE_SIZE = 512  # 35 cities x 2 versions x 8 states x 2 languages fit well


@lru_cache(maxsize=1)
def font_path() -> str | None:
    return next((p for p in CJK_FONTS if Path(p).is_file()), None)


@lru_cache(maxsize=8)
def font(size: int):
    path = font_path()
    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size=size, index=2 if path.endswith(".ttc") else 0)  # index 2: SC


def _fit(draw, text: str, size: int, width: int):
    """The largest font up to `size` at which `text` fits `width` (long scheme titles)."""
    while size > 24 and draw.textlength(text, font=font(size)) > width:
        size -= 4
    return font(size)


@lru_cache(maxsize=4)
def _background(brand: str, caveat: str) -> Image.Image:
    """What every image of a language shares (the bar, the brand, the caveat), drawn once: a
    third of the drawing time."""
    img = Image.new("P", SIZE, WHITE)
    img.putpalette(PALETTE)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, SIZE[0], 24), fill=BLUE)
    d.text((72, 70), brand, font=font(40), fill=INK)
    d.text((72, 570), caveat, font=_fit(d, caveat, 28, 1056), fill=5)
    return img


def render(lines: dict, tone: str) -> bytes:
    """A PNG: `lines` has brand, city, scheme, verdict and caveat texts, already in the page's
    language. Palette mode and fast compression: a few flat colours, about 4 ms to draw and encode."""
    img = _background(lines["brand"], lines["caveat"]).copy()
    d = ImageDraw.Draw(img)
    d.text((72, 150), lines["city"], font=_fit(d, lines["city"], 120, 1056), fill=INK)
    d.text((72, 330), lines["scheme"], font=_fit(d, lines["scheme"], 44, 1056), fill=INK)
    d.rectangle((72, 410, 84, 540), fill=TONE_COLOUR.get(tone, 5))
    d.text((112, 440), lines["verdict"], font=_fit(d, lines["verdict"], 64, 1000), fill=INK)
    out = io.BytesIO()
    img.save(out, format="PNG", compress_level=1)
    return out.getvalue()


@lru_cache(maxsize=CACHE_SIZE)
def cached(lines: tuple, tone: str) -> bytes:
    """One image per (city, scheme, state, language): `lines` are the texts made from those alone
    (site.share_image_png), so the cache holds nothing about anyone."""
    return render(dict(lines), tone)
