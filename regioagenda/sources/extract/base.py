"""What an extraction returns and how it fails, shared by every format.

The result types (:class:`Extraction` of :class:`PageText` pages, with PDF :class:`Line` or
structured :class:`Block` items), :class:`ExtractionError` and the messages more than one
format raises (empty, corrupt), plus :func:`format_size` for the sizes in those messages. Kept
apart so that the format modules and the entry point can all use them without importing each
other.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MB = 1024 * 1024


@dataclass
class Line:
    """One line of a PDF page with its position (PDF points, y grows upwards) and font."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    bold: bool = False
    # Baseline of the last character: lower than ``y`` when PDFium joined two printed lines at
    # a hyphen (it marks that hyphen as U+FFFE).
    y_end: float | None = None

    def __post_init__(self):
        if self.y_end is None:
            self.y_end = self.y


@dataclass
class Block:
    """A paragraph or heading of a structured format; ``level`` > 0 marks a heading.
    ``page_end`` is set when the paragraph continues on a later page."""

    text: str
    level: int = 0
    page_end: int | None = None


@dataclass
class PageText:
    """The text of one page. ``lines`` (PDF) or ``blocks`` (DOCX, ODT, HTML, Markdown) carry
    the layout or structure when the format has it; plain text has neither."""

    number: int
    text: str
    lines: list[Line] | None = None
    blocks: list[Block] | None = None


@dataclass
class Extraction:
    pages: list[PageText]
    kind: str
    title: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)


class ExtractionError(Exception):
    """Bad input. ``message`` is for the user (German); ``code`` names the reason."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return self.message


def format_size(size: int) -> str:
    """``52428800`` → ``"50 MB"``; ``1536`` → ``"1,5 KB"`` (German decimal comma)."""
    for unit, factor in (("GB", MB * 1024), ("MB", MB), ("KB", 1024)):
        if size >= factor:
            amount = size / factor
            text = f"{amount:.0f}" if amount >= 100 or amount == int(amount) else f"{amount:.1f}"
            return f"{text.replace('.', ',')} {unit}"
    return f"{size} B"


def empty_error(name: str) -> ExtractionError:
    return ExtractionError(_("Die Datei „%(name)s“ enthält keinen Text.") % {"name": name}, "empty")


def corrupt_error(name: str, what: str) -> ExtractionError:
    return ExtractionError(
        _("Die Datei „%(name)s“ ist beschädigt: %(what)s") % {"name": name, "what": what},
        "corrupt",
    )
