"""Invitations and roles: which role an inviter may hand out, and when a code still works."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.errors import Conflict, Forbidden, InvalidInput
from bot.domain.roles import Actor, Role, grantable_roles, parse_role

INVITE_TTL = timedelta(hours=72)


def invited_role(actor: Actor, typed: str) -> Role:
    """The role `actor` names for an invitation, if they may hand it out."""
    allowed = grantable_roles(actor)
    roles = ", ".join(sorted(allowed))
    if not typed.strip():
        raise InvalidInput("invite-usage", roles=roles)
    role = parse_role(typed)
    if role is None:
        raise InvalidInput("invite-unknown-role", role=typed, roles=roles)
    if role not in allowed:
        raise Forbidden("invite-role-not-grantable", role=role.value, roles=roles)
    return role


def granted_role(actor: Actor, typed: str) -> Role:
    """The role `actor` changes a person to, if they may hand it out."""
    allowed = grantable_roles(actor)
    role = parse_role(typed)
    if role is None or role not in allowed:
        raise Forbidden("invite-role-not-grantable", role=typed, roles=", ".join(sorted(allowed)))
    return role


def check_invite(
    is_used: bool, expires_at: datetime, now: datetime, inviter_active: bool = True
) -> None:
    """A code works once, until it expires, and only while its inviter is active (switching
    a person off revokes what they handed out, whenever it was made)."""
    if not inviter_active:
        raise Forbidden("invite-revoked")
    if is_used:
        raise Conflict("invite-used")
    if expires_at <= now:
        raise InvalidInput("invite-expired")
