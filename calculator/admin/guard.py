"""The publish guard: what a draft does against the national opinion (2019, 国家发展改革委
《2019年新型城镇化建设重点任务》 and the opinion on points settlement it cites), which must be
confirmed with a written reason before the draft is published.

- main_share: social insurance and residence are not the main share (over 50 %) of the points,
  over the city's reference population (the same figure and test as the editor's panel:
  core.scoring.is_main_share);
- items_added: the draft adds items the version it came from does not have, where the opinion
  asks cities to simplify them (精简积分项目).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import effects

CONCERNS = {
    "main_share": _l("Social insurance and residence are not the main share of the points"),
    "items_added": _l("The draft adds scoring items"),
}


@dataclass
class Concern:
    code: str
    title: str
    text: str
    details: list[str] = field(default_factory=list)


def _name(item: dict, lang: str) -> str:
    nm = item.get("name") if isinstance(item.get("name"), dict) else {}
    return nm.get(lang) or str(item.get("id", ""))


def concerns(doc_text: str, base_text: str | None, city: str, vocab, lang: str, today: dt.date) -> list[Concern]:
    """What must be confirmed before publishing this document (empty: nothing)."""
    import json
    out: list[Concern] = []
    draft = effects.compile_doc(doc_text, vocab)
    published = effects.compile_doc(base_text, vocab) if base_text else None
    ref = effects.reference_population(city, [s for s in (published, draft) if s], vocab, today)
    if ref is not None:
        share = effects.main_share(ref, draft, vocab)
        if share["is_main"] is False:
            if ref.quota:
                text = _("Under this draft, social insurance and residence make up %(pct)s%% of the points on "
                         "average among the %(people)s people it admits from %(population)s. The national opinion "
                         "asks that they be the main share, over 50%%.", pct=share["percent"],
                         people=f"{share['people']:,}", population=effects.population_name(ref))
            else:
                text = _("Under this draft, social insurance and residence make up %(pct)s%% of the points on "
                         "average over %(people)s people of %(population)s. The national opinion asks that they "
                         "be the main share, over 50%%.", pct=share["percent"], people=f"{share['people']:,}",
                         population=effects.population_name(ref))
            out.append(Concern("main_share", str(CONCERNS["main_share"]), text))
    if base_text:
        before = {i.get("id") for i in json.loads(base_text).get("items") or [] if isinstance(i, dict)}
        added = [i for i in json.loads(doc_text).get("items") or [] if isinstance(i, dict)
                 and i.get("id") not in before]
        if added:
            out.append(Concern("items_added", str(CONCERNS["items_added"]), _(
                "This draft has %(n)s item(s) more than the version it came from. The national opinion asks "
                "cities to simplify their scoring items (精简积分项目).", n=len(added)),
                [_name(i, lang) for i in added]))
    return out


def concern_titles(codes: str | None) -> list[str]:
    """The stored comma-separated codes of an audit entry, in words."""
    return [str(CONCERNS.get(c, c)) for c in (codes or "").split(",") if c]
