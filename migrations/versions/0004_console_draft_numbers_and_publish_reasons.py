"""Console: draft numbers never reused (draft_numbers), and the publish guard's confirmation and
reason in the audit log (audit_log.confirmed, audit_log.reason).

The counter starts above every draft number already used in scheme_versions or the audit log,
so an upgraded database never hands out an old draft's id again.

Revision ID: 0004_console
Revises: 0003
Create Date: 2026-12-02
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0004_console"
down_revision = "0003"
branch_labels = None
depends_on = None

DRAFT_ID = re.compile(r"^[a-z0-9_]+-draft-(\d+)$")


def upgrade():
    table = op.create_table(
        "draft_numbers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True)
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("confirmed", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
    conn = op.get_bind()
    used = [r[0] for r in conn.execute(sa.text("SELECT id FROM scheme_versions"))]
    used += [r[0] for r in conn.execute(sa.text("SELECT target FROM audit_log"))]
    top = max((int(m.group(1)) for u in used if u and (m := DRAFT_ID.match(u))), default=0)
    if top:
        import datetime as dt
        op.bulk_insert(table, [{"id": top, "city": "", "at": dt.datetime(2026, 12, 2)}])
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('draft_numbers', 'id'), :n)"), {"n": top})


def downgrade():
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("reason")
        batch.drop_column("confirmed")
    op.drop_table("draft_numbers")
