"""Scheme versions over time: drafts, optimistic locking, publishing with an effective date,
rollback, history diffs, the audit log and YAML import/export. Used by the console and the CLI.

Every change is one transaction: a publish that fails midway leaves the previous version in force.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re

import yaml
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from ..core.policy import default_policy
from ..core import yamlsafe
from ..core.schemes import load_scheme
from ..web.extensions import db
from .policy_store import invalidate
from .models import AuditEntry, DraftNumber, SchemeVersion, checksum, document_json, normalise, now

VERSION_LABEL = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,30}$")


class VersionError(ValueError):
    """A refused operation, with a code the console translates and the field it concerns."""

    def __init__(self, code: str, field: str = "", **params):
        super().__init__(code)
        self.code, self.field, self.params = code, field, params


# Refusals caused by another request winning a race: the console answers them with 409.
CONFLICTS = {"stale_draft", "not_a_draft", "just_published", "busy"}


class StaleDraft(VersionError):
    def __init__(self, current: SchemeVersion):
        super().__init__("stale_draft", "document", by=current.created_by or "")
        self.current = current


def to_yaml(doc: dict) -> str:
    return yaml.safe_dump(normalise(doc), allow_unicode=True, sort_keys=False, width=100)


def from_yaml(text: str) -> dict:
    """A scheme document from someone's YAML: aliases, deep nesting and huge texts are refused
    (core/yamlsafe.py) before anything expands them."""
    try:
        doc = yamlsafe.load(text)
    except yamlsafe.HostileYAML as e:
        raise VersionError(f"yaml_{e.reason}", "document", line=e.line) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise VersionError("yaml_syntax", "document", line=(mark.line + 1) if mark else 0) from None
    if not isinstance(doc, dict):
        raise VersionError("yaml_not_mapping", "document")
    try:
        return normalise(doc)
    except TypeError:  # a key JSON cannot hold, such as an unquoted date
        raise VersionError("yaml_key", "document") from None


def diff_text(a: dict | None, b: dict, a_name: str = "before", b_name: str = "after") -> str:
    left = to_yaml(a).splitlines(keepends=True) if a else []
    right = to_yaml(b).splitlines(keepends=True)
    return "".join(difflib.unified_diff(left, right, a_name, b_name))


def validate(doc: dict):
    """The compiled scheme, or SchemeError listing every problem with its path."""
    return load_scheme(doc, default_policy().vocab)


def audit(user, city: str, action: str, target: str, diff: str = "", confirmed: str | None = None,
          reason: str | None = None):
    db.session.add(AuditEntry(user_id=getattr(user, "id", None), username=getattr(user, "username", str(user)),
                              city=city, action=action, target=target, diff=diff, confirmed=confirmed,
                              reason=reason))


def in_force(city: str, day: dt.date) -> SchemeVersion | None:
    rows = db.session.execute(db.select(SchemeVersion).where(
        SchemeVersion.city == city, SchemeVersion.status == "published",
        SchemeVersion.effective_from <= day).order_by(SchemeVersion.effective_from.desc())).scalars().all()
    for r in rows:
        d = r.doc
        if d.get("historical") and r.effective_to is None:
            continue
        if r.effective_to is None or r.effective_to >= day:
            return r
    return None


def versions(city: str) -> list[SchemeVersion]:
    return db.session.execute(db.select(SchemeVersion).where(SchemeVersion.city == city)
                              .order_by(SchemeVersion.effective_from, SchemeVersion.created_at)).scalars().all()


def _next_draft_id(city: str) -> str:
    """A draft id never used before: the next number of draft_numbers (inside the caller's
    transaction), skipping any id that an older database or the audit log already knows."""
    while True:
        number = DraftNumber(city=city)
        db.session.add(number)
        db.session.flush()
        did = f"{city}-draft-{number.id}"
        taken = db.session.get(SchemeVersion, did) is not None or db.session.execute(
            db.select(AuditEntry.id).where(AuditEntry.target == did).limit(1)).first() is not None
        if not taken:
            return did


def _commit_or_conflict(code: str = "busy", **params):
    """Commit; a write another request made meanwhile (a unique key, a row gone, a locked
    SQLite file) rolls everything back and becomes a VersionError the console shows as 409."""
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError, OperationalError):
        db.session.rollback()
        raise VersionError(code, "document", **params) from None


def start_draft(city: str, user, base: SchemeVersion | None = None, doc: dict | None = None,
                action: str = "draft_started") -> SchemeVersion:
    """A new draft: a copy of `base` (default: the version in force today), or of an imported doc."""
    if doc is None:
        base = base or in_force(city, dt.date.today())
        if base is None:
            raise VersionError("no_version_in_force", "city", city=city)
        doc = base.doc
    doc = normalise(doc)
    did = _next_draft_id(city)
    doc["id"], doc["city"] = did, city
    text = document_json(doc)
    row = SchemeVersion(id=did, city=city, version=str(doc.get("version", "draft")),
                        effective_from=dt.date.fromisoformat(str(doc.get("effective_from", dt.date.today()))),
                        status="draft", document=text, checksum=checksum(text),
                        based_on=base.id if base else None, created_by=user.username)
    db.session.add(row)
    audit(user, city, action, did, diff_text(None, doc, "", did) if base is None else "")
    _commit_or_conflict()
    return row


def save_draft(draft_id: str, doc: dict, lock_version: int, user) -> SchemeVersion:
    """Save a draft if nobody saved it since `lock_version` was read (optimistic locking); the
    document must validate completely. Nothing is written otherwise."""
    row = db.session.get(SchemeVersion, draft_id)
    if row is None or row.status != "draft":
        raise VersionError("not_a_draft", "document", id=draft_id)
    if row.lock_version != lock_version:
        raise StaleDraft(row)
    doc = normalise(doc)
    doc["id"], doc["city"] = row.id, row.city
    validate(doc)  # SchemeError propagates with every problem's path
    before = row.doc
    text = document_json(doc)
    if text == row.document:
        return row
    row.document, row.checksum = text, checksum(text)
    row.version = str(doc.get("version", row.version))
    audit(user, row.city, "draft_saved", row.id, diff_text(before, doc, f"{row.id}@{lock_version}", f"{row.id}@{lock_version + 1}"))
    try:
        db.session.commit()  # the UPDATE carries WHERE lock_version = <read>: a racing save loses here
    except OperationalError:  # the database was busy with another write too long
        db.session.rollback()
        raise VersionError("busy", "document") from None
    except StaleDataError:
        db.session.rollback()
        current = db.session.get(SchemeVersion, draft_id)
        if current is None or current.status != "draft":
            raise VersionError("not_a_draft", "document", id=draft_id) from None
        raise StaleDraft(current) from None
    return row


MAX_REASON = 2000


def publish(draft_id: str, effective_from: dt.date, label: str, user, required: tuple[str, ...] = (),
            confirmed: tuple[str, ...] = (), reason: str = "") -> SchemeVersion:
    """Turn a draft into an immutable published version in force from `effective_from`.

    `required`: the publish guard's concerns about this draft (admin/guard.py); each must be in
    `confirmed`, with a written `reason`. Both go into the audit entry of the publish."""
    row = db.session.get(SchemeVersion, draft_id)
    if row is None or row.status != "draft":
        raise VersionError("not_a_draft", "document", id=draft_id)
    reason = (reason or "").strip()
    if required:
        if not set(required) <= set(confirmed):
            raise VersionError("needs_confirmation", "confirm")
        if not reason:
            raise VersionError("needs_reason", "reason")
        if len(reason) > MAX_REASON:
            raise VersionError("reason_too_long", "reason", max=MAX_REASON)
    if not VERSION_LABEL.match(label or ""):
        raise VersionError("bad_label", "label")
    new_id = f"{row.city}-{label}"
    if db.session.get(SchemeVersion, new_id) is not None:
        raise VersionError("label_taken", "label", id=new_id)
    clash = db.session.execute(db.select(SchemeVersion.id).where(
        SchemeVersion.city == row.city, SchemeVersion.status == "published",
        SchemeVersion.effective_from == effective_from)).first()
    if clash:
        raise VersionError("date_taken", "effective_from", id=clash[0])
    doc = row.doc
    doc.update({"id": new_id, "version": label, "effective_from": effective_from.isoformat(), "effective_to": None,
                "historical": False})
    validate(doc)
    text = document_json(doc)
    pub = SchemeVersion(id=new_id, city=row.city, version=label, effective_from=effective_from, status="published",
                        document=text, checksum=checksum(text), based_on=row.based_on, created_by=user.username,
                        published_at=now())
    base = db.session.get(SchemeVersion, row.based_on) if row.based_on else None
    db.session.add(pub)
    db.session.delete(row)
    audit(user, row.city, "published", new_id, diff_text(base.doc if base else None, doc,
                                                         base.id if base else "", new_id),
          confirmed=",".join(sorted(required)) or None, reason=(reason or None) if required else None)
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError, OperationalError):
        # another request won a race: it published this draft (the DELETE found no row, or the
        # new id exists), discarded it, or published another draft for the same city and date
        db.session.rollback()
        still = db.session.get(SchemeVersion, draft_id)
        if still is None or still.status != "draft":
            raise VersionError("just_published", "document", id=draft_id) from None
        if db.session.get(SchemeVersion, new_id) is not None:
            raise VersionError("label_taken", "label", id=new_id) from None
        clash = db.session.execute(db.select(SchemeVersion.id).where(
            SchemeVersion.city == still.city, SchemeVersion.status == "published",
            SchemeVersion.effective_from == effective_from)).first()
        if clash:
            raise VersionError("date_taken", "effective_from", id=clash[0]) from None
        raise VersionError("busy", "document") from None
    invalidate()
    return pub


def rollback(version_id: str, effective_from: dt.date, label: str, user) -> SchemeVersion:
    """Publish a copy of an older version, in force from `effective_from`."""
    old = db.session.get(SchemeVersion, version_id)
    if old is None or old.status != "published":
        raise VersionError("not_published", "version", id=version_id)
    draft = start_draft(old.city, user, base=old, action="rollback_started")
    return publish(draft.id, effective_from, label, user)


def compare_versions(a_id: str, b_id: str) -> str:
    a, b = db.session.get(SchemeVersion, a_id), db.session.get(SchemeVersion, b_id)
    if a is None or b is None or a.city != b.city:
        raise VersionError("not_comparable", "version")
    return diff_text(a.doc, b.doc, a.id, b.id)


def export_all() -> dict:
    """Every scheme version (published and draft), for backup: import_all restores it exactly."""
    rows = db.session.execute(db.select(SchemeVersion).order_by(SchemeVersion.id)).scalars()
    return {"versions": [{"id": r.id, "city": r.city, "version": r.version, "status": r.status,
                          "effective_from": r.effective_from.isoformat(),
                          "effective_to": r.effective_to.isoformat() if r.effective_to else None,
                          "based_on": r.based_on, "created_by": r.created_by,
                          "document": json.loads(r.document)} for r in rows]}


def import_all(data: dict) -> int:
    """Load an export into an empty database, all or nothing."""
    if db.session.execute(db.select(db.func.count()).select_from(SchemeVersion)).scalar():
        raise VersionError("database_not_empty")
    for v in data["versions"]:
        validate(v["document"])
        text = document_json(v["document"])
        db.session.add(SchemeVersion(id=v["id"], city=v["city"], version=v["version"], status=v["status"],
                                     effective_from=dt.date.fromisoformat(v["effective_from"]),
                                     effective_to=dt.date.fromisoformat(v["effective_to"]) if v["effective_to"] else None,
                                     based_on=v["based_on"], created_by=v["created_by"], document=text,
                                     checksum=checksum(text), published_at=now() if v["status"] == "published" else None))
    db.session.commit()
    invalidate()
    return len(data["versions"])
