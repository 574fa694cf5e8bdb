"""Database models: scheme versions (shipped, drafted, published), officials, and the audit log.

Scheme files are loaded into scheme_versions on set-up; officials' drafts and newly published
versions live here too, in the same document format (JSON of the YAML file). Published rows are
immutable: a listener refuses any change to one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..web.extensions import db


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class SchemeVersion(db.Model):
    __tablename__ = "scheme_versions"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    city: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[str] = mapped_column(String(40))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="published")  # published | draft
    document: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    based_on: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    lock_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": lock_version}
    # One published version per city and effective date: the database itself serialises two
    # officials publishing for the same day at once (the loser gets an IntegrityError).
    __table_args__ = (Index("uq_published_city_date", "city", "effective_from", unique=True,
                            sqlite_where=text("status = 'published'"),
                            postgresql_where=text("status = 'published'")),)

    @property
    def doc(self) -> dict:
        return json.loads(self.document)


@event.listens_for(SchemeVersion, "before_update")
def _published_are_immutable(mapper, connection, target):
    state = db.inspect(target)
    hist = state.attrs.status.history
    was = hist.deleted[0] if hist.deleted else target.status
    if was == "published" and not getattr(target, "_reseeding", False):
        raise ValueError(f"scheme version {target.id} is published and cannot change")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))  # admin | official
    city: Mapped[str | None] = mapped_column(String(40), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    # Part of the id every session cookie holds (get_id): raising it ends every session of this
    # user at their next request, on every worker and machine, since each request reads the row.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated accounts cannot sign in
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version or 1}"

    def end_sessions(self):
        """Every session cookie issued so far stops working (logout, password change)."""
        self.session_version = (self.session_version or 1) + 1

    def set_password(self, password: str):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def may_edit(self, city: str) -> bool:
        return self.role == "admin" or (self.role == "official" and self.city == city)


class DraftNumber(db.Model):
    """One row per draft ever started: its id is the draft's number, so a draft id is never
    handed out twice, even after that draft is published or discarded (AUTOINCREMENT on SQLite,
    a sequence on PostgreSQL: concurrent starts get different numbers without a retry)."""
    __tablename__ = "draft_numbers"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    city: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(80))
    city: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80))
    diff: Mapped[str] = mapped_column(Text, default="")
    # A publish past the guard (versions.publish_concerns): what the official confirmed
    # (comma-separated concern codes) and the reason they wrote.
    confirmed: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


def normalise(doc: dict) -> dict:
    """The stored form of a document: JSON types only (dates as ISO strings), so YAML export and
    import round-trip exactly."""
    return json.loads(json.dumps(doc, ensure_ascii=False, default=str))


def document_json(doc: dict) -> str:
    return json.dumps(normalise(doc), ensure_ascii=False, sort_keys=True)


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def seed_schemes(policy) -> int:
    """Insert shipped scheme versions not yet in the database, and bring shipped versions up to
    date with corrected files (a data release). Versions an official published are never touched;
    every refresh of a shipped version is written to the audit log."""
    added = 0
    existing = {r.id: r for r in db.session.execute(db.select(SchemeVersion)).scalars()}
    for s in policy.schemes.values():
        text = document_json(s.document)
        row = existing.get(s.id)
        if row is not None:
            if row.created_by == "shipped" and row.checksum != checksum(text):
                row._reseeding = True
                row.document, row.checksum = text, checksum(text)
                row.effective_from, row.effective_to = s.effective_from, s.effective_to
                db.session.add(AuditEntry(username="shipped", city=s.city, action="shipped_update", target=s.id,
                                          diff=""))
                db.session.flush()
                row._reseeding = False
            continue
        db.session.add(SchemeVersion(id=s.id, city=s.city, version=s.version, effective_from=s.effective_from,
                                     effective_to=s.effective_to, document=text, checksum=checksum(text),
                                     status="published", created_by="shipped", published_at=now()))
        added += 1
    db.session.commit()
    return added


def load_user(user_id: str):
    """Flask-Login's loader: an active user whose session version is the cookie's, or None (the
    session was ended by a logout or password change, or is from before versions existed)."""
    uid, _, version = str(user_id).partition(":")
    try:
        u = db.session.get(User, int(uid))
        version = int(version)
    except (TypeError, ValueError):
        return None
    if u is None or not u.active or version != (u.session_version or 1):
        return None
    return u
