"""The officials' console: users, audit log, drafts with optimistic locking.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("city", sa.String(40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_users_username", "users", ["username"], unique=True)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("city", sa.String(40), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("diff", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_city", "audit_log", ["city"])
    with op.batch_alter_table("scheme_versions") as b:
        b.add_column(sa.Column("based_on", sa.String(80), nullable=True))
        b.add_column(sa.Column("created_by", sa.String(80), nullable=True))
        b.add_column(sa.Column("published_at", sa.DateTime(), nullable=True))
        b.add_column(sa.Column("lock_version", sa.Integer(), nullable=False, server_default="1"))
    # versions loaded before the console existed were published by shipping them
    op.execute("UPDATE scheme_versions SET created_by = 'shipped', published_at = created_at "
               "WHERE status = 'published'")


def downgrade():
    with op.batch_alter_table("scheme_versions") as b:
        b.drop_column("lock_version")
        b.drop_column("published_at")
        b.drop_column("created_by")
        b.drop_column("based_on")
    op.drop_index("ix_audit_log_city", "audit_log")
    op.drop_index("ix_audit_log_at", "audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_users_username", "users")
    op.drop_table("users")
