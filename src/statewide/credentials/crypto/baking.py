"""Open Badges 3.0 baking: the credential (JSON or compact JWT) inside a PNG ``iTXt`` chunk with the
keyword ``openbadgecredential``, or inside an SVG ``<openbadges:credential>`` element."""

from __future__ import annotations

import struct
import zlib
from xml.sax.saxutils import escape

from lxml import etree

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
OB_NS = "https://purl.imsglobal.org/ob/v3p0"


class BakingError(ValueError):
    pass


def _chunks(data: bytes):
    if not data.startswith(PNG_SIGNATURE):
        raise BakingError("Not a PNG image")
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            raise BakingError("Truncated PNG chunk")
        yield pos, kind, body, pos + 12 + length
        pos += 12 + length


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def bake_png(image: bytes, credential: str) -> bytes:
    """Insert (or replace) the iTXt chunk right after IHDR."""
    out = bytearray(PNG_SIGNATURE)
    inserted = False
    for _pos, kind, body, _end in _chunks(image):
        if kind == b"iTXt" and body.split(b"\x00", 1)[0] == KEYWORD:
            continue
        out += _chunk(kind, body)
        if kind == b"IHDR" and not inserted:
            out += _chunk(b"iTXt", KEYWORD + b"\x00\x00\x00\x00\x00" + credential.encode("utf-8"))
            inserted = True
    if not inserted:
        raise BakingError("PNG has no IHDR chunk")
    return bytes(out)


def unbake_png(image: bytes) -> str:
    for _pos, kind, body, _end in _chunks(image):
        if kind != b"iTXt":
            continue
        keyword, rest = body.split(b"\x00", 1)
        if keyword != KEYWORD:
            continue
        compressed, _method = rest[0], rest[1]
        rest = rest[2:]
        _lang, rest = rest.split(b"\x00", 1)
        _translated, text = rest.split(b"\x00", 1)
        if compressed:
            text = zlib.decompress(text)
        return text.decode("utf-8")
    raise BakingError("The PNG carries no openbadgecredential")


def bake_svg(svg: str, credential: str) -> str:
    """Add ``<openbadges:credential>`` as the first child of the root ``<svg>``."""
    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0:
        raise BakingError("Not an SVG image")
    head = svg[:end]
    if "xmlns:openbadges" not in head:
        head += f' xmlns:openbadges="{OB_NS}"'
    body = credential.strip()
    element = (
        f"<openbadges:credential>{escape(body)}</openbadges:credential>"
        if not body.startswith("{")
        else f"<openbadges:credential><![CDATA[{body}]]></openbadges:credential>"
    )
    return head + ">" + element + svg[end + 1 :]


def unbake_svg(svg: bytes | str) -> str:
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BakingError("Not a well-formed SVG") from exc
    element = root.find(f"{{{OB_NS}}}credential")
    if element is None:
        raise BakingError("The SVG carries no openbadges:credential")
    text = (element.text or "").strip()
    if not text:
        verify_attr = element.get("verify")
        if verify_attr:
            return verify_attr.strip()
        raise BakingError("The SVG's openbadges:credential is empty")
    return text


def unbake(data: bytes) -> str:
    if data.startswith(PNG_SIGNATURE):
        return unbake_png(data)
    return unbake_svg(data)
