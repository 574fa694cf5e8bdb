"""One published version per city and effective date (serialises concurrent publishes).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("uq_published_city_date", "scheme_versions", ["city", "effective_from"], unique=True,
                    sqlite_where=sa.text("status = 'published'"), postgresql_where=sa.text("status = 'published'"))


def downgrade():
    op.drop_index("uq_published_city_date", "scheme_versions")
