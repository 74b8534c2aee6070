"""dept requests: managers' requests to departments, their events and files

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-03 22:51:01.608340
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dept_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.String(length=32), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("price_kopecks", sa.BigInteger(), nullable=True),
        sa.Column("term_days", sa.Integer(), nullable=True),
        sa.Column("taken_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tg_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("thread_id", sa.BigInteger(), nullable=True),
        sa.Column("is_posted", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("taken_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_dept_requests_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["counterparty_id"],
            ["counterparties.id"],
            name=op.f("fk_dept_requests_counterparty_id_counterparties"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_dept_requests_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["users.id"], name=op.f("fk_dept_requests_manager_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_dept_requests_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["taken_by_id"], ["users.id"], name=op.f("fk_dept_requests_taken_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dept_requests")),
        sa.UniqueConstraint("number", name=op.f("uq_dept_requests_number")),
    )
    with op.batch_alter_table("dept_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dept_requests_department_status", ["department_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_dept_requests_manager_status", ["manager_id", "status"], unique=False
        )

    op.create_table(
        "dept_request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("event", sa.String(length=24), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_dept_request_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["dept_requests.id"],
            name=op.f("fk_dept_request_events_request_id_dept_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dept_request_events")),
    )
    with op.batch_alter_table("dept_request_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dept_request_events_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "dept_request_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("set_no", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("media_group_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["dept_requests.id"],
            name=op.f("fk_dept_request_files_request_id_dept_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dept_request_files")),
    )
    with op.batch_alter_table("dept_request_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dept_request_files_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dept_request_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dept_request_files_request_id"))

    op.drop_table("dept_request_files")
    with op.batch_alter_table("dept_request_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dept_request_events_request_id"))

    op.drop_table("dept_request_events")
    with op.batch_alter_table("dept_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_dept_requests_manager_status")
        batch_op.drop_index("ix_dept_requests_department_status")

    op.drop_table("dept_requests")
