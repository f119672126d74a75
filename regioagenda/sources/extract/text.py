"""Plain text: the decoded text as it is; a form feed starts a new page."""

from .base import Extraction, PageText


def extract_text(text) -> Extraction:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    pages = [PageText(number, chunk.strip("\n")) for number, chunk in enumerate(chunks, 1)]
    while len(pages) > 1 and not pages[-1].text.strip():
        pages.pop()
    return Extraction(pages, "text")
