"""Every link inside an embed page either stays in the embed or opens a new tab on purpose.

A link that left the embed inside the iframe would load a page that refuses framing
(frame-ancestors 'none') and show an error box on the portal. Templates are shared with the full
site (and other work adds links to them), so the rule is applied once, to the rendered page:
links and forms to /embed/ pages and in-page anchors stay; everything else gets
target=_blank rel=noopener and a visible arrow with an "opens in a new tab" text for screen readers.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import gettext as _
from markupsafe import escape

_A = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
_FORM = re.compile(r'<form\b([^>]*?)\saction="([^"]*)"([^>]*)>')


def stays_in_embed(href: str, host: str) -> bool:
    """An anchor on the page, or an /embed/ page of this calculator."""
    if href.startswith("#"):
        return True
    url = urlsplit(href.replace("&amp;", "&"))
    return (not url.netloc or url.netloc == host) and url.path.startswith("/embed/")


def _new_tab_attrs(attrs: str) -> str:
    return "" if "target=" in attrs else ' target="_blank" rel="noopener"'


def open_outside_links(html: str, host: str) -> str:
    """The page with every link and form that leaves the embed opening a new tab."""
    label = escape(_("(opens in a new tab)"))

    def link(m: re.Match) -> str:
        before, href, after, body = m.groups()
        if stays_in_embed(href, host):
            return m.group(0)
        return (f'<a{before} href="{href}"{after}{_new_tab_attrs(before + after)}>{body}'
                f'<span class="newtab" aria-hidden="true"> ↗</span><span class="vh"> {label}</span></a>')

    def form(m: re.Match) -> str:
        before, action, after = m.groups()
        if stays_in_embed(action, host):
            return m.group(0)
        return f'<form{before} action="{action}"{after}{_new_tab_attrs(before + after)}>'
    return _FORM.sub(form, _A.sub(link, html))
