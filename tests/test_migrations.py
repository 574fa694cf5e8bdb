"""Alembic migrations: from an empty database, and from the previous revision with data in it."""
import datetime as dt

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from calculator import create_app
from calculator.web.extensions import db
from calculator.storage.models import SchemeVersion, seed_schemes
from calculator.core.policy import default_policy


def make(tmp_path):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}", "SECRET_KEY": "t"})


def test_upgrade_from_empty_database_creates_every_table(tmp_path):
    app = make(tmp_path)
    with app.app_context():
        upgrade()
        names = set(sa.inspect(db.engine).get_table_names())
        assert {"scheme_versions", "users", "audit_log", "alembic_version"} <= names
        assert seed_schemes(default_policy()) > 0
        cols = {c["name"] for c in sa.inspect(db.engine).get_columns("scheme_versions")}
        assert {"lock_version", "based_on", "published_at"} <= cols


def test_upgrade_from_previous_revision_keeps_the_data(tmp_path):
    app = make(tmp_path)
    with app.app_context():
        upgrade(revision="0001")
        db.session.execute(sa.text(
            "INSERT INTO scheme_versions (id, city, version, effective_from, status, document, checksum, created_at) "
            "VALUES ('beijing-2020', 'beijing', '2020', '2020-01-01', 'published', '{\"id\": \"beijing-2020\"}', 'abc', "
            "'2026-01-01 00:00:00')"))
        db.session.commit()
        upgrade()
        row = db.session.get(SchemeVersion, "beijing-2020")
        assert row.document == '{"id": "beijing-2020"}' and row.effective_from == dt.date(2020, 1, 1)
        assert row.lock_version == 1 and row.created_by == "shipped" and row.published_at is not None


def test_downgrade_then_upgrade_again(tmp_path):
    app = make(tmp_path)
    with app.app_context():
        upgrade()
        downgrade(revision="0001")
        assert "users" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        assert "users" in sa.inspect(db.engine).get_table_names()


def test_init_db_is_idempotent(tmp_path):
    app = make(tmp_path)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "0 scheme versions added" in second.output
