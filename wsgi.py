"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi run`.

With gunicorn's preload the policy (scheme files, published versions) and the templates (in every
language) are compiled once in the master before the workers fork, so no worker pays for them on
its first request (and gunicorn_conf freezes them out of the garbage collector's way); under
gunicorn, gunicorn_conf.when_ready then serves a sample of each page (calculator.web.warmup).
"""
from calculator import create_app

app = create_app()


def warm_up():
    from calculator.web.extensions import db
    from calculator.storage.policy_store import current_policy
    from calculator.web.warmup import compile_templates, wanted
    if wanted():
        compile_templates(app)
    with app.app_context():
        try:
            current_policy()
        except Exception:  # database not set up yet: the first request will say so
            app.logger.warning("policy not preloaded: is the database initialised (flask init-db)?")
        finally:
            db.engine.dispose()  # never share a connection across forked workers


warm_up()
