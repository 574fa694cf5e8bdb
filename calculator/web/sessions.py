"""Sessions only where someone signs in: the officials' console.

The public calculator, the embed and the API are stateless by design (answers in the URL or the
body), so they get Flask's null session: no cookie can ever be set there, and no request pays
for a signing serialiser it does not use.
"""
from flask.sessions import SecureCookieSessionInterface

STATEFUL_PREFIX = "/admin"


class ConsoleOnlySessionInterface(SecureCookieSessionInterface):
    def open_session(self, app, request):
        if not request.path.startswith(STATEFUL_PREFIX):
            return None  # Flask then uses a null session: readable, never written
        return super().open_session(app, request)
