"""The console's forms (Flask-WTF: every one carries a CSRF token). The draft editor's numbers are
dynamic (one per number in the document) and are read by submission.read_submission; DraftForm
carries their CSRF token and lock_version."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..storage.versions import VERSION_LABEL

MIN_PASSWORD = 12


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Enter your username.")), Length(max=80)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                          Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("New password"), validators=[
        DataRequired(_l("Enter a new password.")),
        Length(min=MIN_PASSWORD, max=200, message=_l("Use at least 12 characters (and at most 200)."))],
        render_kw={"autocomplete": "new-password", "minlength": MIN_PASSWORD})
    confirm = PasswordField(_l("Confirm the new password"), validators=[
        DataRequired(_l("Enter the new password again.")),
        EqualTo("new", message=_l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token (sign out, start or discard a draft)."""


class StartDraftForm(FlaskForm):
    base = HiddenField()


class DraftForm(FlaskForm):
    lock_version = HiddenField()


class YamlForm(FlaskForm):
    lock_version = HiddenField()
    document = TextAreaField(_l("The draft as YAML"), render_kw={"rows": 30, "spellcheck": "false",
                                                                  "autocapitalize": "none"})


def valid_date(form, field):
    try:
        field.parsed = dt.date.fromisoformat((field.data or "").strip())
    except ValueError:
        raise ValidationError(_l("Enter the date as YYYY-MM-DD, for example 2027-01-01.")) from None
    if field.parsed < dt.date.today():
        raise ValidationError(_l("The date cannot be in the past: results already given for past dates must "
                                 "not change."))


def valid_label(form, field):
    if not VERSION_LABEL.match((field.data or "").strip()):
        raise ValidationError(_l("Use 1 to 31 letters, digits, dots, hyphens or underscores, starting with a "
                                 "letter or digit."))


class PublishForm(FlaskForm):
    effective_from = StringField(_l("In force from"), validators=[DataRequired(_l("Enter the date it comes into force.")),
                                                                  valid_date],
                                 render_kw={"type": "date", "autocomplete": "off"})
    label = StringField(_l("Version label"), validators=[DataRequired(_l("Enter a version label.")), valid_label],
                        render_kw={"autocomplete": "off", "spellcheck": "false"})
    # the publish guard (admin/guard.py): shown, and required, only when the draft raises a concern
    confirm = BooleanField(_l("I have read the above and publish this draft all the same"))
    reason = TextAreaField(_l("Reason for publishing all the same"), render_kw={"rows": 4, "maxlength": 2000})


class ImportForm(FlaskForm):
    file = FileField(_l("Scheme file (.yaml)"), render_kw={"accept": ".yaml,.yml,application/yaml,text/yaml"})
