"""Security headers for every response: strict CSP, no sniffing, no referrer leaks, no framing.

Embed pages relax only frame-ancestors, to a configured allow-list (they say so with an internal
X-Frame-Ancestors header, replaced here). Headers are added, not set: no response carries them
before this hook, and adding skips a scan of the header list on every request.
"""
from flask import request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")
DENY = [("Content-Security-Policy", f"{CSP}; frame-ancestors 'none'"), ("X-Frame-Options", "DENY")]
COMMON = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
          ("Cross-Origin-Opener-Policy", "same-origin")]
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def init_app(app):
    @app.after_request
    def headers(resp):
        h = resp.headers
        frame = h.get("X-Frame-Ancestors")
        if frame is None or frame == "'none'":
            if frame is not None:
                del h["X-Frame-Ancestors"]
            h.extend(DENY)
        else:
            del h["X-Frame-Ancestors"]
            h.add("Content-Security-Policy", f"{CSP}; frame-ancestors {frame}")
        h.extend(COMMON)
        if request.is_secure:
            h.add(*HSTS)
        return resp
