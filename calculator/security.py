"""Security headers for every response: strict CSP, no sniffing, no referrer leaks, no framing.

Embed pages (added later) relax only frame-ancestors, to a configured allow-list.
"""
from flask import request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")


def init_app(app):
    @app.after_request
    def headers(resp):
        frame = resp.headers.pop("X-Frame-Ancestors", None) or "'none'"
        resp.headers.setdefault("Content-Security-Policy", f"{CSP}; frame-ancestors {frame}")
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if frame == "'none'":
            resp.headers["X-Frame-Options"] = "DENY"
        if request.is_secure:
            resp.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return resp
