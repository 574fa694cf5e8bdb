"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi run`.

With gunicorn's preload the policy (scheme files, published versions) and the templates are
compiled once in the master before the workers fork, so no worker pays for them on its first
request (and gunicorn_conf freezes them out of the garbage collector's way).
"""
from calculator import create_app

app = create_app()


def warm_up():
    from calculator.web.extensions import db
    from calculator.storage.policy_store import current_policy
    with app.app_context():
        for name in app.jinja_env.list_templates(extensions=["html"]):
            app.jinja_env.get_template(name)
        try:
            current_policy()
        except Exception:  # database not set up yet: the first request will say so
            app.logger.warning("policy not preloaded: is the database initialised (flask init-db)?")
        finally:
            db.engine.dispose()  # never share a connection across forked workers


warm_up()
