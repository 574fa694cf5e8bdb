"""Flask extensions, created unbound and attached in create_app (init_app pattern)."""
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
babel = Babel()
csrf = CSRFProtect()
migrate = Migrate()
login_manager = LoginManager()
