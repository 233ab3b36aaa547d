"""Badge images drawn on the server (SVG text; PNG with Pillow), then baked with the credential."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, UnidentifiedImageError

from statewide.credentials.crypto import baking

SIZE = 400
NAVY, GOLD, WHITE = (22, 46, 81), (255, 190, 46), (255, 255, 255)
MAX_IMAGE_BYTES = 512 * 1024
MAX_IMAGE_SIDE = 2048
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def image_type(data: bytes) -> str | None:
    """``image/png`` or ``image/jpeg`` when the bytes decode as one (Pillow reads the content; the
    file's name and the browser's claim are not trusted) and no side exceeds MAX_IMAGE_SIDE; else None."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    if kind not in IMAGE_TYPES or not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        return None
    return IMAGE_TYPES[kind]


def badge_svg(name: str, issuer: str) -> str:
    title = escape(name[:60])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        f'<circle cx="200" cy="200" r="190" fill="#162e51"/><circle cx="200" cy="200" r="160" fill="none" stroke="#ffbe2e" stroke-width="10"/>'
        f'<text x="200" y="190" text-anchor="middle" font-family="Source Sans Pro, Helvetica, Arial, sans-serif" font-size="26" fill="#ffffff">{title}</text>'
        f'<text x="200" y="235" text-anchor="middle" font-family="Source Sans Pro, Helvetica, Arial, sans-serif" font-size="16" fill="#ffbe2e">{escape(issuer[:50])}</text>'
        "</svg>"
    )


def badge_png() -> bytes:
    image = Image.new("RGB", (SIZE, SIZE), WHITE)
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, SIZE - 10, SIZE - 10), fill=NAVY)
    draw.ellipse((40, 40, SIZE - 40, SIZE - 40), outline=GOLD, width=10)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def baked_png(credential_text: str) -> bytes:
    return baking.bake_png(badge_png(), credential_text)


def baked_svg(name: str, issuer: str, credential_text: str) -> str:
    return baking.bake_svg(badge_svg(name, issuer), credential_text)
