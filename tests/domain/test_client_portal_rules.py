"""Self-registration and requests: whose phone it is, who is linked at once, what a request
must carry; invitations: which role, and when a code still works."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.client_portal.registration import (
    LinkAtOnce,
    PersonOnPhone,
    link_at_once,
    own_phone,
)
from bot.domain.client_portal.requests import Content, Payload
from bot.domain.errors import Conflict, DomainError, Forbidden, InvalidInput
from bot.domain.roles import Actor, Role
from bot.domain.staff.invites import check_invite, granted_role, invited_role

ME = 500


@pytest.mark.parametrize("raw", ["79218662011", "+79218662011", " 79218662011 "])
def test_shared_phone_is_read_with_or_without_the_plus(raw: str) -> None:
    assert own_phone(ME, ME, raw).e164 == "+79218662011"


def test_somebody_elses_contact_does_not_register() -> None:
    with pytest.raises(Forbidden) as refused:
        own_phone(ME, ME + 1, "79218662011")
    assert refused.value.key == "portal-contact-not-own"


def person(person_id: int, counterparty_id: int, user_id: int | None = None) -> PersonOnPhone:
    return PersonOnPhone(person_id, counterparty_id, user_id)


@pytest.mark.parametrize(
    ("owners", "people", "link"),
    [
        ([7], [], LinkAtOnce(7, None)),  # the card's own phone: a new contact person
        ([7], [person(1, 7)], LinkAtOnce(7, 1)),  # its contact person with that phone
        ([7], [person(1, 7, user_id=3), person(2, 7)], LinkAtOnce(7, 2)),
        ([7], [person(1, 7, user_id=3)], None),  # taken: a head decides
        ([7], [person(1, 8)], LinkAtOnce(7, None)),  # another card's person does not count
        ([7, 8], [], None),  # two counterparties have it: a head decides
        ([], [], None),  # unknown phone
    ],
)
def test_who_is_linked_without_asking_a_head(
    owners: list[int], people: list[PersonOnPhone], link: LinkAtOnce | None
) -> None:
    assert link_at_once(owners, people) == link


@pytest.mark.parametrize(
    "payload",
    [
        Payload(Content.TEXT, "   "),
        Payload(Content.PHOTO, "подпись", None),
    ],
)
def test_request_without_content_is_refused(payload: Payload) -> None:
    with pytest.raises(InvalidInput) as refused:
        payload.checked()
    assert refused.value.key == "request-empty"


def test_request_text_is_trimmed_and_a_long_file_name_cut() -> None:
    checked = Payload(Content.DOCUMENT, " счёт ", "file-1", "а" * 300 + ".pdf").checked()
    assert (checked.text, checked.topic) == ("счёт", "счёт")
    assert checked.file_name == "а" * 255


HEAD = Actor(2, 102, Role.HEAD)


@pytest.mark.parametrize(
    ("typed", "error", "key"),
    [
        ("", InvalidInput, "invite-usage"),
        ("pilot", InvalidInput, "invite-unknown-role"),
        ("admin", Forbidden, "invite-role-not-grantable"),
    ],
)
def test_invitation_role_refusals(typed: str, error: type[DomainError], key: str) -> None:
    with pytest.raises(error) as refused:
        invited_role(HEAD, typed)
    assert refused.value.key == key


def test_head_invites_and_changes_to_a_staff_role_below_their_own() -> None:
    assert invited_role(HEAD, " Manager ") is Role.MANAGER
    assert granted_role(HEAD, "warehouse") is Role.WAREHOUSE
    with pytest.raises(Forbidden):
        granted_role(HEAD, "head")


NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_invitation_code_works_once_until_it_expires() -> None:
    check_invite(False, NOW + timedelta(seconds=1), NOW)
    with pytest.raises(Conflict):
        check_invite(True, NOW + timedelta(hours=1), NOW)
    with pytest.raises(InvalidInput) as expired:
        check_invite(False, NOW, NOW)
    assert expired.value.key == "invite-expired"
