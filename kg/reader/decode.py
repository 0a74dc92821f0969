"""Bytes to text: byte-order marks first, then strict UTF-8, then charset detection.

Chinese text arrives as UTF-8 (with or without BOM), GB18030/GBK, Big5 or UTF-16; the
encoding is detected from the bytes (charset-normalizer), never guessed from the file name.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from kg.errors import BinaryInput, DecodeError, EmptyInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of binary formats people drop into a news folder by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"\x7fELF", "executable"),
)

# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_RATIO = 0.02


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise an :class:`InputError` subclass.

    >>> decode("科技日报".encode("gb18030"))
    ('科技日报', 'gb18030')
    """
    if not data.strip():
        raise EmptyInput(name, "file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(name, f"binary data ({what}), not text")
    text, encoding = _decode(data, name)
    if not text.strip():
        raise EmptyInput(name, "file holds no text")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise BinaryInput(name, "binary data, not text")
    return text, encoding


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(name, f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason} at byte {exc.start}") from exc
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is not None and best.encoding in _CHINESE:
        return str(best), best.encoding
    # On short inputs the detector may prefer a Korean or Cyrillic code page; a strict
    # GB18030 decode that yields Chinese text is the better reading of Chinese news.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_chinese(text):
        return text, "gb18030"
    if best is None:
        if b"\x00" in data:
            raise BinaryInput(name, "binary data, not text")
        raise DecodeError(name, "cannot decode: not UTF-8, GB18030, Big5, UTF-16 or another known encoding")
    return str(best), best.encoding


_CHINESE = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "hz", "utf_16", "utf_32", "utf_8"}


def _mostly_chinese(text: str) -> bool:
    letters = [ch for ch in text if not ch.isspace() and not ch.isascii()]
    if not letters:
        return False
    han = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return han >= 0.8 * len(letters)
