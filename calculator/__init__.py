"""Points-settlement calculator: the application factory."""
from __future__ import annotations

import os

from flask import Flask

from config import CONFIGS, DEV_SECRET, INSTANCE_DIR


def create_app(config: str | dict | None = None) -> Flask:
    """Build the app. `config` is a config name or a dict of overrides (tests)."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=True,
                static_folder=str(INSTANCE_DIR.parent / "static"))
    name = config if isinstance(config, str) else os.environ.get("CALCULATOR_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"CALCULATOR_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}")
    app.config.from_object(CONFIGS[name])
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("CALCULATOR")
    if isinstance(config, dict):
        app.config.update(config)
    if name == "production" and app.config["SECRET_KEY"] in (None, "", DEV_SECRET):
        raise RuntimeError("production needs a real SECRET_KEY: set CALCULATOR_SECRET_KEY")
    if name == "production" and not app.config.get("TRUSTED_HOSTS"):
        raise RuntimeError('production needs its host names: set CALCULATOR_TRUSTED_HOSTS=\'["example.gov.cn"]\'')
    os.makedirs(app.instance_path, exist_ok=True)
    from .web.templating import Environment
    app.jinja_environment = Environment  # before anything reads app.jinja_env (CSRF's init_app does)
    from .web.sessions import ConsoleOnlySessionInterface
    app.session_interface = ConsoleOnlySessionInterface()
    from .web.jsonprovider import OrjsonProvider
    app.json_provider_class = OrjsonProvider
    app.json = OrjsonProvider(app)  # documents in the order they are built, encoded by orjson

    from . import cli
    from .web import i18n, ops, security
    from .api import bp as api_bp
    from .api.routes import register_errors
    from .web.extensions import csrf, db, login_manager, migrate
    from .public import bp as public_bp
    from .admin import bp as admin_bp

    db.init_app(app)
    migrate.init_app(app, db, directory=str(INSTANCE_DIR.parent / "migrations"), render_as_batch=True)
    # current_user reaches templates as Flask-Login's lazy proxy, not through its context
    # processor, which loads the user (session, database) before every template, public pages
    # included: only the officials' console reads it (55-65 µs of each result page, measured for issue 19)
    login_manager.init_app(app, add_context_processor=False)
    from flask_login import current_user
    app.jinja_env.globals["current_user"] = current_user
    from .storage import models  # tables known to create_all and Alembic
    login_manager.user_loader(models.load_user)
    csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    ops.init_app(app)
    x_for, x_proto = int(app.config.get("PROXY_X_FOR") or 0), int(app.config.get("PROXY_X_PROTO") or 0)
    if x_for or x_proto:  # X-Forwarded-Host is never trusted: the proxy passes Host itself
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto, x_host=0, x_port=0, x_prefix=0)
    cli.init_app(app)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # JSON API: no cookies, no session, so no CSRF surface
    register_errors(app)
    app.register_blueprint(public_bp)
    from . import embed
    embed.init_app(app)
    app.register_blueprint(admin_bp)
    return app
