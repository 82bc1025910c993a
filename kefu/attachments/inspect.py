"""What an uploaded file is, decided from its bytes, never from its name or the client's
header; images are re-encoded so that no metadata (EXIF GPS, comments) leaves the sender."""

import io
import os
import warnings
from dataclasses import dataclass

import filetype
from PIL import Image, ImageOps

from ..errors import FileTooLarge, UnsupportedType

# The names KEFU_UPLOAD_TYPES uses, and what each is served as.
CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "txt": "text/plain",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
IMAGE_KINDS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
# Plain text has no signature: it is accepted only under its own extension.
TEXT_KINDS = {".txt": "txt", ".csv": "csv"}
# A 10 MB PNG can hold a gigapixel of one colour: refuse images larger than this many pixels.
MAX_PIXELS = 40_000_000
# Pillow writes no EXIF, XMP or text chunks unless given them: these options keep quality.
SAVE_OPTIONS = {
    "jpeg": {"quality": 90, "optimize": True},
    "webp": {"quality": 90},
    "png": {"optimize": True},
}


@dataclass(frozen=True)
class Inspected:
    kind: str
    content_type: str
    data: bytes
    width: int | None = None
    height: int | None = None


def inspect(data, filename, allowed):
    """The file as it will be stored: its kind (one of `allowed`), content type, bytes
    (re-encoded for images) and image size. Raises UnsupportedType or FileTooLarge."""
    kind = kind_of(data, filename)
    if kind is None or kind not in allowed:
        raise UnsupportedType(
            f"That kind of file cannot be sent; allowed: {', '.join(sorted(allowed))}."
        )
    if kind in IMAGE_KINDS:
        return _clean_image(data, kind)
    return Inspected(kind, CONTENT_TYPES[kind], data)


def kind_of(data, filename):
    """The kind the bytes are (a key of CONTENT_TYPES), or None."""
    guess = filetype.guess(data)
    if guess is not None:
        kind = "jpeg" if guess.extension == "jpg" else guess.extension
        return kind if kind in CONTENT_TYPES else None
    extension = os.path.splitext(filename or "")[1].lower()
    if extension in TEXT_KINDS and _is_text(data):
        return TEXT_KINDS[extension]
    return None


def _is_text(data):
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _clean_image(data, kind):
    """Decode the image (refusing decompression bombs), then write it again without its
    metadata, turned upright as its EXIF orientation said. A GIF is kept as sent: it
    carries no EXIF, and re-encoding would drop its animation."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise FileTooLarge(f"Images may have at most {MAX_PIXELS:,} pixels.")
                probe.verify()
            if kind == "gif":
                return Inspected(kind, CONTENT_TYPES[kind], data, width, height)
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                if kind == "jpeg" and upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                out = io.BytesIO()
                upright.save(out, format=IMAGE_KINDS[kind], **SAVE_OPTIONS[kind])
                return Inspected(
                    kind, CONTENT_TYPES[kind], out.getvalue(), upright.width, upright.height
                )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FileTooLarge(f"Images may have at most {MAX_PIXELS:,} pixels.") from None
    except (OSError, SyntaxError, ValueError):
        raise UnsupportedType("That image could not be read.") from None
