"""Configuration: defaults here; instance/config.py and CALCULATOR_* environment variables override.

Pick a class with CALCULATOR_CONFIG=development|testing|production (default development).
Production refuses to start without a real SECRET_KEY (see calculator.create_app).
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET = "dev-only-not-secret"


class Config:
    SECRET_KEY = DEV_SECRET
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'calculator.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    LANGUAGES = ("zh", "en")
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    WTF_CSRF_ENABLED = True
    WTF_CSRF_CHECK_DEFAULT = False  # checked by the console's blueprint: the only place with a session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    JSON_SORT_KEYS = False
    MAX_CONTENT_LENGTH = 256 * 1024  # a facts document is a few hundred bytes
    # Origins allowed to frame /embed pages (space-separated), e.g. "https://www.gov.cn"
    EMBED_ALLOWED_ORIGINS = ""
    # Per-client (IP) limit on every API endpoint, counted per process (calculator/ratelimit.py),
    # and on failed sign-ins to the officials' console (per address and user name).
    API_RATE_LIMIT = "120/minute"
    ADMIN_LOGIN_RATE_LIMIT = "5/minute"
    # a CSRF token lasts the signed-in session: an official editing a draft for an hour loses nothing
    WTF_CSRF_TIME_LIMIT = None
    JSON_LOGS = True
    PROXY_FIX = False


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("CALCULATOR_TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    API_RATE_LIMIT = "100000/minute"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    PROXY_FIX = True  # behind a TLS-terminating proxy: trust one hop of X-Forwarded-*


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}
