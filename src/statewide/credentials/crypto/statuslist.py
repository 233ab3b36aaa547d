"""W3C Bitstring Status List: a GZIP-compressed bitstring, base64url (no padding), multibase ``u``.

Bit 0 is the left-most bit of the first byte. The list is at least 16 KB (131,072 entries) so that
one entry does not identify a holder (the spec's herd-privacy minimum).
"""

from __future__ import annotations

import base64
import gzip

MIN_ENTRIES = 131_072


class StatusListError(ValueError):
    pass


def encode(bits: bytes | bytearray) -> str:
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("encodedList must be multibase base64url ('u' prefix)")
    body = encoded[1:]
    try:
        return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, OSError, EOFError) as exc:
        raise StatusListError("encodedList is not GZIP-compressed base64url") from exc


def empty(size: int = MIN_ENTRIES) -> bytearray:
    return bytearray(max(size, MIN_ENTRIES) // 8)


def get_bit(bits: bytes | bytearray, index: int) -> bool:
    if index < 0 or index // 8 >= len(bits):
        raise StatusListError(f"statusListIndex {index} is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_bit(bits: bytearray, index: int, value: bool) -> None:
    if index < 0 or index // 8 >= len(bits):
        raise StatusListError(f"statusListIndex {index} is outside the list")
    if value:
        bits[index // 8] |= 0x80 >> (index % 8)
    else:
        bits[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF
