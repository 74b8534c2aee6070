"""order drafts: one row per order message, several open at once

Revision ID: 0009
Revises: 0010 (re-chained after main gained 0007 and 0010)
Create Date: 2026-12-03 23:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "order_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("awaiting", sa.String(length=16), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("order_number", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_order_drafts_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_drafts")),
        sa.UniqueConstraint("owner_id", "key", name="uq_order_drafts_owner_key"),
    )
    op.create_index(
        "ix_order_drafts_owner_status", "order_drafts", ["owner_id", "status", "seq"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_order_drafts_owner_status", table_name="order_drafts")
    op.drop_table("order_drafts")
