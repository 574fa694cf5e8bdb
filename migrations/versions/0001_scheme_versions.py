"""Scheme versions: the shipped scheme files, loaded into the database.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scheme_versions",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("city", sa.String(40), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_scheme_versions_city", "scheme_versions", ["city"])


def downgrade():
    op.drop_index("ix_scheme_versions_city", "scheme_versions")
    op.drop_table("scheme_versions")
