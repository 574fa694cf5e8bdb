"""Database models. Scheme versions shipped as files are loaded here on set-up; officials' drafts
and newly published versions will live here too (same document format as the files)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import Date, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class SchemeVersion(db.Model):
    __tablename__ = "scheme_versions"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    city: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[str] = mapped_column(String(40))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="published")
    document: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=lambda: dt.datetime.now(dt.UTC))


def document_json(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, default=str)


def seed_schemes(policy) -> int:
    """Insert shipped scheme versions not yet in the database; never overwrite existing rows."""
    added = 0
    for s in policy.schemes.values():
        if db.session.get(SchemeVersion, s.id) is not None:
            continue
        text = document_json(s.document)
        db.session.add(SchemeVersion(id=s.id, city=s.city, version=s.version, effective_from=s.effective_from,
                                     effective_to=s.effective_to, document=text,
                                     checksum=hashlib.sha256(text.encode()).hexdigest()))
        added += 1
    db.session.commit()
    return added
