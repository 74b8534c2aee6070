"""What a client (or the staff member answering) sends: text, a photo or a document."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.errors import InvalidInput

MAX_FILE_NAME = 255


class Content(StrEnum):
    TEXT = "text"
    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Payload:
    """What a person sent: text, or a photo or document (with an optional caption)."""

    kind: Content
    text: str | None = None
    file_id: str | None = None
    file_name: str | None = None

    def checked(self) -> Payload:
        text = (self.text or "").strip() or None
        if self.kind is Content.TEXT and text is None:
            raise InvalidInput("request-empty")
        if self.kind is not Content.TEXT and not self.file_id:
            raise InvalidInput("request-empty")
        name = (self.file_name or "")[:MAX_FILE_NAME] or None
        return Payload(self.kind, text, self.file_id, name)

    @property
    def topic(self) -> str:
        """What the timeline shows of it."""
        return self.text or self.file_name or ""
