"""What an upload is, from its bytes (kefu/attachments/inspect.py): names and declared types
never decide, images lose their metadata, bombs are refused."""

import io

import pytest
from PIL import Image

from kefu.attachments.inspect import MAX_PIXELS, inspect, kind_of
from kefu.errors import FileTooLarge, UnsupportedType
from tests.images import docx_bytes, jpeg_with_gps, minimal_pdf, png_bytes

ALL = {"png", "jpeg", "gif", "webp", "pdf", "txt", "csv", "docx", "xlsx", "zip"}


def test_a_png_renamed_pdf_is_a_png():
    found = inspect(png_bytes(), "invoice.pdf", ALL)
    assert (found.kind, found.content_type) == ("png", "image/png")
    assert (found.width, found.height) == (8, 6)


def test_a_pdf_is_a_pdf_whatever_its_name():
    assert kind_of(minimal_pdf(), "photo.jpg") == "pdf"
    assert inspect(minimal_pdf(), "photo.jpg", ALL).content_type == "application/pdf"


def test_html_named_as_an_image_is_refused():
    page = b"<!doctype html><script>alert(document.cookie)</script>"
    with pytest.raises(UnsupportedType):
        inspect(page, "cat.png", ALL)


def test_text_only_under_a_text_name():
    assert inspect("名字,email\nAnn,a@x\n".encode(), "people.csv", ALL).kind == "csv"
    assert inspect(b"hello", "notes.txt", ALL).content_type == "text/plain"
    with pytest.raises(UnsupportedType):
        inspect(b"hello", "notes.html", ALL)
    with pytest.raises(UnsupportedType):  # binary under a text name
        inspect(b"\x00\x01\x02", "notes.txt", ALL)


def test_office_files_and_the_allow_list():
    assert kind_of(docx_bytes(), "report.docx") == "docx"
    with pytest.raises(UnsupportedType, match="allowed: png"):
        inspect(minimal_pdf(), "a.pdf", {"png"})


def test_exif_gps_is_removed_and_the_image_turned_upright():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # the GPS block is there
    found = inspect(original, "me.jpg", ALL)
    cleaned = Image.open(io.BytesIO(found.data))
    assert cleaned.format == "JPEG"
    assert not cleaned.getexif()  # no EXIF at all: no GPS, no orientation left to apply
    assert b"Exif" not in found.data[:4096]
    assert (found.width, found.height) == (12, 16)  # orientation 6 applied


def test_png_text_chunks_are_dropped():
    image = Image.new("RGB", (4, 4))
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "home address: 1 Secret Road")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    assert b"Secret Road" in out.getvalue()
    assert b"Secret Road" not in inspect(out.getvalue(), "a.png", ALL).data


def test_a_decompression_bomb_is_refused():
    side = int(MAX_PIXELS**0.5) + 100  # one colour compresses to almost nothing
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")
    assert len(out.getvalue()) < 1_000_000
    with pytest.raises(FileTooLarge):
        inspect(out.getvalue(), "bomb.png", ALL)


def test_a_truncated_image_is_refused():
    with pytest.raises(UnsupportedType):
        inspect(png_bytes()[:40], "broken.png", ALL)
