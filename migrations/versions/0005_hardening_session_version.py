"""Officials' session version: logout and a password change end every session of that user.

Revision ID: 0004_hardening
Revises: 0004_console
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_hardening"
down_revision = "0004_console"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
