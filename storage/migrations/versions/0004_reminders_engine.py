"""reminders engine: policy.step, string subjects, status, late mark, lease; policies table

The follow-up-call rows written before (kind "follow_up_call", recipient stored) become
`follow_up_after_delivery.call` about their order; the recipient is now found when they fire.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# kind of the rows written before this revision -> (policy, step)
_OLD_KINDS = {"follow_up_call": ("follow_up_after_delivery", "call")}


def _key(policy: str, step: str, subject_kind: str, subject_id: str, occurrence: str) -> str:
    # the same shape as reminders.planner.occurrence_key
    return f"{policy}.{step}|{subject_kind}|{subject_id}|{occurrence}"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or {})


def upgrade() -> None:
    op.create_table(
        "reminder_policies",
        sa.Column("key", sa.String(length=96), nullable=False),
        sa.Column("defaults", sa.JSON(), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_reminder_policies_changed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_reminder_policies")),
    )
    new_columns: list[sa.Column[Any]] = [
        sa.Column("policy", sa.String(length=48), nullable=True),
        sa.Column("step", sa.String(length=48), nullable=True),
        sa.Column("subject_kind", sa.String(length=24), nullable=True),
        sa.Column("subject_ref", sa.String(length=64), nullable=True),
        sa.Column("occurrence", sa.String(length=64), nullable=True),
        sa.Column("is_late", sa.Boolean(), nullable=True),
        sa.Column("reason", sa.String(length=48), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("sent_to", sa.JSON(), nullable=True),
        sa.Column("sent_count", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=24), nullable=True),
        sa.Column("acted_by_id", sa.Integer(), nullable=True),
        sa.Column("acted_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sa.String(length=32), nullable=True),
        sa.Column("lease_until", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.types.UtcDateTime(timezone=True), nullable=True),
    ]
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        for column in new_columns:
            batch_op.add_column(column)

    connection = op.get_bind()
    old = connection.execute(
        sa.text(
            "SELECT id, kind, subject_type, subject_id, payload, status, fired_at, created_at "
            "FROM reminders"
        )
    ).all()
    for row_id, kind, subject_type, subject_id, payload, status, fired_at, created_at in old:
        policy, step = _OLD_KINDS.get(kind, (kind, "legacy"))
        subject = str(subject_id)
        connection.execute(
            sa.text(
                "UPDATE reminders SET policy = :policy, step = :step, subject_kind = :skind, "
                "subject_ref = :sref, occurrence = '', is_late = :late, params = :params, "
                "sent_to = :sent_to, sent_count = :count, dedupe_key = :key, status = :status, "
                "updated_at = :updated WHERE id = :id"
            ).bindparams(
                sa.bindparam("params", type_=sa.JSON()),
                sa.bindparam("sent_to", type_=sa.JSON()),
                sa.bindparam("late", type_=sa.Boolean()),
                sa.bindparam("updated", type_=storage.types.UtcDateTime(timezone=True)),
            ),
            {
                "policy": policy,
                "step": step,
                "skind": subject_type,
                "sref": subject,
                "late": False,
                "params": _json(payload),
                "sent_to": [],
                "count": 1 if fired_at is not None else 0,
                "key": _key(policy, step, subject_type, subject, ""),
                "status": "sent" if status == "fired" else status,
                "updated": _aware(created_at),
                "id": row_id,
            },
        )

    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_constraint("fk_reminders_recipient_user_id_users", type_="foreignkey")
        batch_op.drop_column("recipient_user_id")
        batch_op.drop_column("recipient_chat_id")
        batch_op.drop_column("kind")
        batch_op.drop_column("subject_type")
        batch_op.drop_column("subject_id")
        batch_op.drop_column("payload")
        batch_op.alter_column(
            "subject_ref",
            new_column_name="subject_id",
            nullable=False,
            existing_type=sa.String(length=64),
        )
        for name in (
            "policy",
            "step",
            "subject_kind",
            "occurrence",
            "is_late",
            "params",
            "sent_to",
            "sent_count",
            "updated_at",
        ):
            batch_op.alter_column(name, nullable=False)
        batch_op.alter_column(
            "dedupe_key", type_=sa.String(length=200), existing_type=sa.String(length=120)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_reminders_acted_by_id_users"), "users", ["acted_by_id"], ["id"]
        )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index("ix_reminders_subject", ["subject_kind", "subject_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_subject")
        batch_op.drop_constraint("fk_reminders_acted_by_id_users", type_="foreignkey")
        batch_op.add_column(sa.Column("kind", sa.String(length=48), nullable=True))
        batch_op.add_column(sa.Column("recipient_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("recipient_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("subject_type", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("subject_num", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, policy, step, subject_kind, subject_id, params FROM reminders")
    ).all()
    back = {v: k for k, v in _OLD_KINDS.items()}
    for row_id, policy, step, subject_kind, subject_id, params in rows:
        kind = back.get((policy, step), f"{policy}.{step}"[:48])
        number = int(subject_id) if str(subject_id).isdigit() else 0
        connection.execute(
            sa.text(
                "UPDATE reminders SET kind = :kind, subject_type = :stype, subject_num = :num, "
                "payload = :payload, dedupe_key = :key WHERE id = :id"
            ).bindparams(sa.bindparam("payload", type_=sa.JSON())),
            {
                "kind": kind,
                "stype": subject_kind,
                "num": number,
                "payload": _json(params),
                "key": f"{kind}:{subject_kind}:{subject_id}"[:120],
                "id": row_id,
            },
        )

    with op.batch_alter_table("reminders", schema=None) as batch_op:
        for name in (
            "policy",
            "step",
            "subject_kind",
            "subject_id",
            "occurrence",
            "is_late",
            "reason",
            "params",
            "sent_to",
            "sent_count",
            "action",
            "acted_by_id",
            "acted_at",
            "lease_owner",
            "lease_until",
            "updated_at",
        ):
            batch_op.drop_column(name)
        batch_op.alter_column(
            "subject_num",
            new_column_name="subject_id",
            nullable=False,
            existing_type=sa.Integer(),
        )
        for name in ("kind", "subject_type", "payload"):
            batch_op.alter_column(name, nullable=False)
        batch_op.alter_column(
            "dedupe_key", type_=sa.String(length=120), existing_type=sa.String(length=200)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_reminders_recipient_user_id_users"),
            "users",
            ["recipient_user_id"],
            ["id"],
        )
    op.drop_table("reminder_policies")


def _aware(value: Any) -> datetime:
    """created_at as read back: SQLite gives a naive UTC string or datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    assert isinstance(value, datetime)
    return value
