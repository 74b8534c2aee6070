"""A claim's rules: its number, where it goes, what may happen to it next. Pure.

Statuses follow company.yaml `claims.statuses`: registered → in_work → satisfied /
partly_satisfied / rejected → closed. A question to the client does not change the status
(the claim keeps `question` until the client answers). The responsible department comes from
the category's rule; `in_house_department` when the item was made by our own workshop.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.company import ClaimsConfig
from bot.domain.errors import InvalidInput, InvalidTransition

MAX_DESCRIPTION = 3000
MIN_DESCRIPTION = 3
MAX_FILES = 10  # one claim's files when it is filed (an album holds at most 10)
MAX_FILE_BYTES = 20 * 1024 * 1024  # what a bot may fetch from Telegram (getFile)
MAX_COMMENT = 1000
MIN_RATING, MAX_RATING = 1, 5
SUPPLIER = "supplier"


class ClaimStatus(StrEnum):
    REGISTERED = "registered"
    IN_WORK = "in_work"
    SATISFIED = "satisfied"
    PARTLY_SATISFIED = "partly_satisfied"
    REJECTED = "rejected"
    CLOSED = "closed"


class Resolution(StrEnum):
    SATISFIED = "satisfied"
    PARTLY_SATISFIED = "partly_satisfied"
    REJECTED = "rejected"


class Channel(StrEnum):
    TELEGRAM = "telegram"
    CALL = "call"
    EMAIL = "email"
    VISIT = "visit"
    MESSENGER = "messenger"


STAFF_CHANNELS: tuple[Channel, ...] = (
    Channel.CALL,
    Channel.EMAIL,
    Channel.VISIT,
    Channel.MESSENGER,
)
OPEN_STATUSES = frozenset({ClaimStatus.REGISTERED, ClaimStatus.IN_WORK})
DECIDED_STATUSES = frozenset(
    {ClaimStatus.SATISFIED, ClaimStatus.PARTLY_SATISFIED, ClaimStatus.REJECTED}
)
FINISHED = frozenset({ClaimStatus.CLOSED})


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file a person sent, as Telegram holds it."""

    kind: AttachmentKind
    file_id: str
    file_unique_id: str | None = None
    file_name: str | None = None
    file_size: int | None = None
    media_group_id: str | None = None

    def to_json(self) -> dict[str, str | int | None]:
        return {
            "kind": self.kind.value,
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "file_size": self.file_size,
            "media_group_id": self.media_group_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, str | int | None]) -> FileRef:
        size = data.get("file_size")
        return cls(
            AttachmentKind(str(data["kind"])),
            str(data["file_id"]),
            _opt(data.get("file_unique_id")),
            _opt(data.get("file_name")),
            int(size) if size is not None else None,
            _opt(data.get("media_group_id")),
        )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def check_file(ref: FileRef, already: int) -> None:
    """A file may join the claim: not too big, not one too many."""
    if ref.file_size is not None and ref.file_size > MAX_FILE_BYTES:
        raise InvalidInput("claim-file-too-big", limit=str(MAX_FILE_BYTES // (1024 * 1024)))
    if already >= MAX_FILES:
        raise InvalidInput("claim-too-many-files", limit=str(MAX_FILES))


def set_numbers(files: list[FileRef], first: int = 1) -> list[int]:
    """Attachment sets: an album (one media_group_id) is one set, any other file its own."""
    numbers: list[int] = []
    groups: dict[str, int] = {}
    current = first - 1
    for ref in files:
        if ref.media_group_id is not None and ref.media_group_id in groups:
            numbers.append(groups[ref.media_group_id])
            continue
        current += 1
        if ref.media_group_id is not None:
            groups[ref.media_group_id] = current
        numbers.append(current)
    return numbers


def check_description(text: str | None) -> str:
    line = (text or "").strip()
    if len(line) < MIN_DESCRIPTION:
        raise InvalidInput("claim-description-empty")
    if len(line) > MAX_DESCRIPTION:
        raise InvalidInput("claim-description-too-long", limit=str(MAX_DESCRIPTION))
    return line


def check_comment(text: str | None, *, required: bool = True) -> str | None:
    line = (text or "").strip()
    if not line:
        if required:
            raise InvalidInput("claim-comment-empty")
        return None
    if len(line) > MAX_COMMENT:
        raise InvalidInput("claim-comment-too-long", limit=str(MAX_COMMENT))
    return line


def format_number(config: ClaimsConfig, year: int, seq: int) -> str:
    return config.number_format.format(year=year, seq=seq)


def check_category(config: ClaimsConfig, category: str) -> None:
    try:
        config.category(category)
    except KeyError:
        raise InvalidInput("claim-bad-kind") from None


def department_for(config: ClaimsConfig, category: str, *, in_house: bool) -> str:
    """The responsible department of a claim of `category` (the company file's rule)."""
    rule = config.category(category)
    if in_house and rule.in_house_department:
        return rule.in_house_department
    return rule.department


def require_status(status: str, allowed: frozenset[ClaimStatus], key: str) -> None:
    if status not in allowed:
        raise InvalidTransition(key, status=status)


def check_accept(status: str) -> None:
    require_status(status, frozenset({ClaimStatus.REGISTERED}), "claim-not-registered")


def check_ask(status: str) -> None:
    require_status(status, OPEN_STATUSES, "claim-not-open")


def check_decide(status: str) -> None:
    require_status(status, OPEN_STATUSES, "claim-not-open")


def check_close(status: str) -> None:
    require_status(status, DECIDED_STATUSES, "claim-not-decided")


def check_remedy(config: ClaimsConfig, resolution: Resolution, remedy: str | None) -> None:
    if resolution is Resolution.REJECTED:
        return
    if remedy is None or remedy not in config.remedies:
        raise InvalidInput("claim-bad-remedy")


def check_rating(value: int) -> int:
    if not MIN_RATING <= value <= MAX_RATING:
        raise InvalidInput("claim-bad-rating")
    return value
