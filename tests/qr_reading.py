"""Reading back the QR codes the pages draw: segno's SVG path rasterised, then decoded by
zxing-cpp (an independent reader), so a test checks what a phone would scan."""
from __future__ import annotations

import re
import zxingcpp
from PIL import Image

TOKEN = re.compile(r"([MmHhVv])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?")


def raster(svg: str, scale: int = 8) -> Image.Image:
    """segno's path: M/m moves and h runs along a row's middle (y + .5), one module per unit."""
    size = int(re.search(r"viewBox=[\"']0 0 (\d+) \1[\"']", svg).group(1))
    d = re.search(r" d=[\"']([^\"']+)[\"']", svg).group(1)
    img = Image.new("L", (size * scale, size * scale), 255)
    x = y = 0.0
    for cmd, a, b in TOKEN.findall(d):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        elif cmd == "h":
            row = int(y)
            for col in range(int(x), int(x + float(a))):
                img.paste(0, (col * scale, row * scale, (col + 1) * scale, (row + 1) * scale))
            x += float(a)
        else:
            raise AssertionError(f"unexpected path command {cmd}")
    return img


def decode(img: Image.Image) -> str:
    found = zxingcpp.read_barcodes(img)
    assert found, "no QR code found"
    return found[0].text


def decode_svg(svg: str) -> str:
    return decode(raster(svg))
