"""What a government deployment carries besides the calculator: the privacy notice, the
accessibility statement, the site marks in the footer (备案号, 网站标识码, 党政机关网站 mark) and
the share image of a result."""
from __future__ import annotations

from flask import Response, abort, current_app, render_template, request

from ..web.i18n import translator
from ..wording.verdict_text import tone
from . import bp, share_image
from .pagecache import answer_free_page
from .results import OFFICIAL, official_first
from .answers import read
from .share import QR_MAX_LINK, VERDICT_STATES, qr_svg, share_link

ICP_LINK = "https://beian.miit.gov.cn/"
PUBLIC_SECURITY_LINK = "https://beian.mps.gov.cn/#/query/webSearch?code="
MARK_KEYS = ("SITE_ICP", "SITE_PUBLIC_SECURITY_RECORD", "SITE_IDENTIFIER", "SITE_GOV_MARK")


def site_marks() -> dict:
    """The deployment's marks, each only when configured (all empty by default). The public
    security record links to its own entry on beian.mps.gov.cn by the digits of its number."""
    cfg = current_app.config
    marks = {k: str(cfg.get(k) or "").strip() for k in MARK_KEYS}
    # the mark links to its verification page (bszs.conac.cn): a web address, nothing else
    if not marks["SITE_GOV_MARK"].startswith(("https://", "http://")):
        marks["SITE_GOV_MARK"] = ""
    record = marks["SITE_PUBLIC_SECURITY_RECORD"]
    digits = "".join(ch for ch in record if ch.isdigit())
    return {"icp": marks["SITE_ICP"], "icp_link": ICP_LINK,
            "public_security": record, "public_security_link": PUBLIC_SECURITY_LINK + digits,
            "identifier": marks["SITE_IDENTIFIER"], "gov_mark": marks["SITE_GOV_MARK"],
            "any": any(marks.values())}


@bp.app_context_processor
def marks_globals():
    return {"site_marks": site_marks()}


@bp.app_template_filter("official_first")
def official_first_filter(sources):
    """A city's route sources (plain mappings from cities.yaml), official ones first."""
    return official_first(sources, lambda s: s.get("reliability"))


@bp.app_template_test("official")
def is_official(source) -> bool:
    return source.get("reliability") in OFFICIAL


@bp.get("/<lang>/privacy")
@answer_free_page
def privacy():
    return render_template("public/privacy.html")


@bp.get("/<lang>/accessibility")
@answer_free_page
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/<lang>/<city_id>/share/<scheme_id>/<state>.png", endpoint="share_image")
def share_image_png(city_id: str, scheme_id: str, state: str):
    """og:image of a result: drawn from the path alone (city, version, state, language), so the
    same image is cached for everyone; any query string is ignored."""
    from flask import g
    from .routes import policy_now
    policy = policy_now()
    city, scheme = policy.cities.get(city_id), policy.schemes.get(scheme_id)
    if city is None or scheme is None or scheme.city != city.id or state not in VERDICT_STATES:
        abort(404)
    lang = g.lang if share_image.font_path() else "en"  # no CJK font: English, never tofu
    gettext = translator(lang)
    lines = (("brand", gettext("Points settlement calculator")), ("city", city.name[lang]),
             ("scheme", f"{scheme.title[lang]} · {gettext('version %(v)s', v=scheme.version)}"),
             ("verdict", gettext(VERDICT_STATES[state])),
             ("caveat", gettext("Not an official decision: check with the city's public security or human resources bureau.")))
    png = share_image.cached(lines, tone(state))
    return Response(png, mimetype="image/png", headers={"Cache-Control": "public, max-age=86400"})


@bp.get("/<lang>/<city_id>/qr.svg", endpoint="result_qr")
def result_qr(city_id: str):
    """The QR code of a result's share link. It encodes only a link to this site's result page
    with the answers the calculator reads (answers.read drops any other parameter), so it cannot
    be made to carry someone else's text; no-store, like the page it belongs to."""
    from ..web import clock
    from .routes import policy_now
    policy = policy_now()
    if city_id not in policy.cities:
        abort(404)
    link = share_link(city_id, read(request.args, policy.vocab, clock.today()).values)
    if len(link.encode()) > QR_MAX_LINK:
        abort(404)
    return Response(qr_svg(link), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})
