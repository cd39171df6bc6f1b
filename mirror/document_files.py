"""How the mirror's documents are made (mirror/documents.py says what they are): a publication
typeset with fpdf2, a Word file with python-docx, a scan drawn with Pillow, an HTML "file not
found" page. Every byte follows from the document alone, never from the clock or the machine."""

from __future__ import annotations

import random
from datetime import datetime
from html import escape
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import docx
from fpdf import FPDF
from fpdf.enums import AccessPermission, EncryptionMethod
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from mirror.documents import Document, Rows

# Who may change an encrypted document; readers get its user password, or nothing.
OWNER_PASSWORD = "redactie-canon"


# --- PDF: a publication typeset in Helvetica ----------------------------------------------------

# kind -> (font style, size in pt, line height and space after in mm, alignment)
PDF_STYLES = {
    "title": ("B", 22, 10.0, 4.0, "L"),
    "subtitle": ("", 14, 7.0, 6.0, "L"),
    "heading": ("B", 13, 7.0, 2.0, "L"),
    "paragraph": ("", 10.5, 5.5, 3.0, "J"),
}
INK = (40, 40, 40)
ACCENT = (0, 92, 118)


class Publication(FPDF):
    """An A4 document whose pages after the first carry its footer line and page number."""

    def __init__(self, footer_line: str | None):
        super().__init__(format="A4")
        self.footer_line = footer_line
        self.core_fonts_encoding = "windows-1252"  # typographic quotes and dashes
        self.set_margins(25, 25, 25)
        self.set_auto_page_break(True, margin=25)

    def footer(self) -> None:
        if self.page_no() == 1 or not self.footer_line:
            return
        self.set_y(-17)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(110)
        self.cell(0, 5, self.footer_line)
        self.set_x(self.l_margin)
        self.cell(0, 5, str(self.page_no()), align="R")


def typeset_pdf(document: Document) -> bytes:
    pdf = Publication(document.footer)
    _metadata(pdf, document)
    if document.password:
        pdf.set_encryption(owner_password=OWNER_PASSWORD, user_password=document.password,
                           encryption_method=EncryptionMethod.RC4,
                           permissions=AccessPermission.PRINT_LOW_RES)
    pdf.add_page()
    blocks = document.blocks
    after = blocks[1:] + (("page", None),)
    for (kind, value), (next_kind, next_value) in zip(blocks, after, strict=True):
        if kind == "page":
            pdf.add_page()
        else:
            _typeset(pdf, kind, value,
                     next_value if kind == "heading" and next_kind == "paragraph" else None)
    return bytes(pdf.output())


def _typeset(pdf: FPDF, kind: str, text: str, kept_with: str | None) -> None:
    """A block, on the next page when it does not fit whole: no paragraph is split over two
    pages, so the footer never falls within one and a page's text is whole paragraphs. A
    heading goes with the paragraph after it."""
    style, size, line, after, align = PDF_STYLES[kind]
    needed = _height(pdf, kind, text)
    if kept_with:
        needed += after + _height(pdf, "paragraph", kept_with)
    if pdf.get_y() + needed > pdf.page_break_trigger and pdf.get_y() > pdf.t_margin:
        pdf.add_page()
    pdf.set_font("Helvetica", style, size)
    pdf.set_text_color(*(ACCENT if kind in ("title", "heading") else INK))
    pdf.multi_cell(0, line, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def _height(pdf: FPDF, kind: str, text: str) -> float:
    style, size, line, _, align = PDF_STYLES[kind]
    pdf.set_font("Helvetica", style, size)
    return pdf.multi_cell(0, line, text, align=align, dry_run=True, output="HEIGHT")


def _metadata(pdf: FPDF, document: Document) -> None:
    for value, setter in ((document.title, pdf.set_title), (document.author, pdf.set_author),
                          (document.subject, pdf.set_subject),
                          (document.creator, pdf.set_creator)):
        if value:
            setter(value)
    pdf.set_creation_date(document.created)
    pdf.set_lang("nl-NL")


# --- DOCX: a Word document, zipped as on the document's date ----------------------------------

def word_file(document: Document) -> bytes:
    word = docx.Document()
    for kind, value in document.blocks:
        if kind == "title":
            word.add_heading(value, level=0)
        elif kind == "subtitle":
            word.add_paragraph(value, style="Subtitle")
        elif kind == "heading":
            word.add_heading(value, level=1)
        elif kind == "paragraph":
            word.add_paragraph(value)
        elif kind == "table":
            _table(word, value)
        elif kind == "page":
            word.add_page_break()
    properties = word.core_properties
    properties.title = document.title or ""
    properties.author = properties.last_modified_by = document.author or ""
    properties.subject = document.subject or ""
    properties.comments = ""  # the template says "generated by python-docx"
    properties.language = "nl-NL"
    properties.revision = 2
    properties.created = properties.modified = document.created
    saved = BytesIO()
    word.save(saved)
    return _dated_zip(saved.getvalue(), document.created)


def _table(word, rows: Rows) -> None:
    table = word.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for number, row in enumerate(rows):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
            if number == 0:
                cell.paragraphs[0].runs[0].bold = True


def _dated_zip(package: bytes, when: datetime) -> bytes:
    """The package with every entry dated `when`: python-docx dates them by the clock."""
    stamp = when.timetuple()[:6]
    out = BytesIO()
    with ZipFile(BytesIO(package)) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for entry in source.infolist():
            dated = ZipInfo(entry.filename, date_time=stamp)
            dated.compress_type = ZIP_DEFLATED
            target.writestr(dated, source.read(entry))
    return out.getvalue()


# --- A scan: an old print's pages photographed, yellowed and skewed, with no text layer ------

SCAN_SIZE = (874, 1240)  # an A5 page at 150 dpi
SCAN_MARGIN = 110
PAPER, SCAN_INK = 224, 58
# kind -> (font size in px, line spacing factor, space after in px, centred)
SCAN_STYLES = {
    "title": (44, 1.3, 70, True),
    "subtitle": (26, 1.3, 40, True),
    "heading": (27, 1.4, 22, False),
    "paragraph": (23, 1.5, 20, False),
}


def scanned_pdf(document: Document) -> bytes:
    pdf = FPDF(format=(148, 210))  # A5
    pdf.set_auto_page_break(False)
    _metadata(pdf, document)
    pages: list[list[tuple[str, str]]] = [[]]
    for kind, value in document.blocks:
        if kind == "page":
            pages.append([])
        else:
            pages[-1].append((kind, value))
    for number, blocks in enumerate(pages, start=1):
        pdf.add_page()
        pdf.image(BytesIO(_scan_page(document.url, number, blocks)), x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


def _scan_page(url: str, number: int, blocks: list[tuple[str, str]]) -> bytes:
    """One page as a grey JPEG: type a little soft, the sheet a little turned, a shadow where
    the spine was, the paper's grain and dust."""
    rng = random.Random(f"{url} page {number}")
    width, height = SCAN_SIZE
    page = Image.new("L", SCAN_SIZE, PAPER)
    draw = ImageDraw.Draw(page)
    y = 170 if number == 1 else 120
    for kind, text in blocks:
        size, spacing, after, centred = SCAN_STYLES[kind]
        font = ImageFont.load_default(size)
        for line in _lines(text, font, width - 2 * SCAN_MARGIN):
            x = (width - font.getlength(line)) / 2 if centred else SCAN_MARGIN
            draw.text((x, y), line, fill=SCAN_INK, font=font)
            y += size * spacing
        y += after
    if number > 1:
        draw.text((width / 2, height - 90), str(number), fill=SCAN_INK,
                  font=ImageFont.load_default(20))
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    page = page.rotate(rng.uniform(-0.9, 0.9), resample=Image.Resampling.BICUBIC,
                       fillcolor=PAPER)
    shadow = Image.linear_gradient("L").rotate(90).resize((90, height))
    gutter = page.crop((0, 0, 90, height))
    page.paste(ImageChops.multiply(gutter, shadow.point(lambda v: 120 + v * 135 // 255)), (0, 0))
    grain = Image.frombytes("L", SCAN_SIZE, rng.randbytes(width * height))
    page = ImageChops.subtract(page, grain.point(lambda v: v % 18))
    dust = ImageDraw.Draw(page)
    for _ in range(400):
        x, y = rng.randrange(width), rng.randrange(height)
        dust.point((x, y), fill=rng.randrange(60, 160))
    jpeg = BytesIO()
    page.save(jpeg, "JPEG", quality=45)
    return jpeg.getvalue()


def _lines(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}".strip()
        if font.getlength(candidate) <= width or not lines[-1]:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


# --- A soft 404: the PHP site's error page, sent with 200 ---------------------------------------

def not_found_page(document: Document) -> bytes:
    title, *lines = (escape(text) for text in document.paragraphs)
    paragraphs = "".join(f"<p>{line}</p>\n" for line in lines)
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html>\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f"<title>{title}</title>\n"
        '<link href="/css/canon.css" rel="stylesheet" type="text/css">\n</head>\n'
        f'<body>\n<div id="content">\n<h1 class="titel">{title}</h1>\n{paragraphs}'
        '<p><a href="/">Naar de homepage</a></p>\n</div>\n</body>\n</html>\n'
    ).encode()
