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
    API_BATCH_MAX_CONTENT_LENGTH = 1024 * 1024  # POST /api/v1/score/batch: 1,000 of them
    # Origins allowed to frame /embed pages (space-separated), e.g. "https://www.gov.cn"
    EMBED_ALLOWED_ORIGINS = ""
    # Counters of the limits below: in this process by default; one Redis for every worker and
    # machine when set (CALCULATOR_REDIS_URL=redis://127.0.0.1:6379/0). calculator/web/ratelimit.py
    REDIS_URL = None
    # Per-client (address) requests on every API endpoint, and applicants scored by the batch
    # endpoint (a batch of 1,000 costs 1,000 rows).
    API_RATE_LIMIT = "120/minute"
    API_ROW_RATE_LIMIT = "20000/minute"
    # Console sign-in and current-password checks (calculator/web/signin.py): per account, this many
    # failures, then one attempt per delay doubling from 1 s to ADMIN_LOGIN_MAX_DELAY (no hard
    # lock), failures remembered for ADMIN_LOGIN_FAILURE_MEMORY s; per address, failed attempts
    # over all accounts; a browser that signed in as that account before has its own limit.
    ADMIN_LOGIN_FREE_FAILURES = 5
    ADMIN_LOGIN_MAX_DELAY = 60
    ADMIN_LOGIN_FAILURE_MEMORY = 3600
    ADMIN_LOGIN_ADDRESS_LIMIT = "10/minute"
    ADMIN_LOGIN_DEVICE_LIMIT = "5/minute"
    # a CSRF token lasts the signed-in session: an official editing a draft for an hour loses nothing
    WTF_CSRF_TIME_LIMIT = None
    JSON_LOGS = True
    # How long a process serves its view of the published versions before asking the database
    # again: a publish on another worker or machine is served everywhere within this.
    POLICY_RECHECK_SECONDS = 0.5
    # Host names this site answers to (others get 400, so no page or link carries a Host an
    # attacker chose). Production refuses to start without them. JSON list in the environment:
    # CALCULATOR_TRUSTED_HOSTS='["jifen.example.gov.cn"]'
    TRUSTED_HOSTS = ["localhost", "127.0.0.1", "::1"]
    # Proxies in front of the app, counted in hops (werkzeug's ProxyFix): 0 means X-Forwarded-*
    # headers are ignored, so a client cannot choose its own address for the rate limits.
    # `make serve-prod` (nginx, the only setter of X-Forwarded-For) uses 1 and 1.
    PROXY_X_FOR = 0
    PROXY_X_PROTO = 0
    # Marks a government deployment shows in every public and embed page's footer (empty: not
    # shown). SITE_ICP "京ICP备12345678号" links to beian.miit.gov.cn; SITE_PUBLIC_SECURITY_RECORD
    # "京公网安备11010502000001号" to its entry on beian.mps.gov.cn; SITE_IDENTIFIER is the
    # 网站标识码; SITE_GOV_MARK the address of the 党政机关网站 mark's verification page.
    SITE_ICP = ""
    SITE_PUBLIC_SECURITY_RECORD = ""
    SITE_IDENTIFIER = ""
    SITE_GOV_MARK = ""


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
    TRUSTED_HOSTS = None  # must be configured: create_app refuses to start otherwise
    # PROXY_X_FOR / PROXY_X_PROTO stay 0 unless configured: deploy/serve-prod.sh sets 1 and 1 for
    # its nginx, the one proxy, which replaces any X-Forwarded-For a client sends


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}
