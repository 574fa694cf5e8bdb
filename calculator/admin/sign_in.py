"""The console's sign-in, sign-out and password change (throttled by calculator/web/signin.py)."""
from __future__ import annotations


from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.security import generate_password_hash

from ..web.extensions import db
from ..web import passwords, signin
from ..storage.models import User
from . import bp, safe_next
from .forms import ActionForm, LoginForm, PasswordForm

_DUMMY_HASH = generate_password_hash("not-a-password-of-anyone")


# --- sign-in -----------------------------------------------------------------------------------

@bp.get("/")
def root():
    lang = request.accept_languages.best_match(("zh", "en")) or "zh"
    return redirect(url_for("admin.index", lang=lang))


@bp.route("/<lang>/login", methods=["GET", "POST"])
def login():
    """Sign-in, throttled per account and address before the password is checked (signin.py)."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("admin.index"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        name = form.username.data.strip()
        device = signin.known_device(name)
        attempt = signin.Attempt("signin", name, device)  # 429 when throttled
        user = db.session.execute(db.select(User).where(User.username == name)).scalar()
        if user is None:
            from werkzeug.security import check_password_hash
            check_password_hash(_DUMMY_HASH, form.password.data)  # same time whether or not the name exists
            failed = True
        elif not user.check_password(form.password.data) or not user.is_active:
            failed = True
        else:
            attempt.succeeded()
            nxt = safe_next(request.args.get("next"))
            session.clear()
            login_user(user)
            current_app.logger.info("admin sign-in: %s", user.username)
            return signin.remember_device(redirect(nxt or url_for("admin.index")), name, device)
    elif request.method == "POST":
        failed = None  # field errors shown next to the fields
    return render_template("admin/login.html", form=form, failed=failed), 200


@bp.post("/<lang>/logout")
def logout():
    """Ends this session and every other session of the same official (on every machine)."""
    form = ActionForm()
    if form.validate_on_submit():
        current_user.end_sessions()
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have signed out."), "success")
    return redirect(url_for("admin.login"))


@bp.route("/<lang>/password", methods=["GET", "POST"])
def password():
    """The current password is throttled like a sign-in (someone at an unlocked screen); a change
    ends every other session of this official and keeps this one."""
    form = PasswordForm()
    if form.validate_on_submit():
        attempt = signin.Attempt("password", str(current_user.id))
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("The current password is not right."))
        else:
            attempt.succeeded()
            why = passwords.problem(form.new.data, current_user.username, current_user.city or "")
            if form.new.data == form.current.data:
                form.new.errors.append(_("Choose a password different from the current one."))
            elif why is not None:
                form.new.errors.append(str(why))
            else:
                current_user.set_password(form.new.data)
                current_user.end_sessions()
                db.session.commit()
                login_user(current_user._get_current_object())  # this session, at the new version
                flash(_("Your password has been changed. You are signed out everywhere else."), "success")
                return redirect(url_for("admin.index"))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/password.html", form=form), status
