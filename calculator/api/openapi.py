"""The OpenAPI 3.1 document, built from the facts vocabulary and the city registry so it can
never drift from what the API accepts."""
from __future__ import annotations

STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
NINT = {"type": ["integer", "null"]}
POINTS = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "points, 2 decimals, as a string"}
SHARE = {"type": ["string", "null"], "pattern": r"^-?\d+\.\d{4}$"}
LANG = {"type": "string", "enum": ["zh", "en"]}
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
RELIABILITY = {"type": "string", "enum": ["P", "D", "S", "T", "U"],
               "description": "P primary text, D derived from official data, S secondary, T third-party code, U unverified"}


EXAMPLE_FACTS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
                 "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
                 "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
                 "income_tax_years_over_100k": 1}
EXAMPLE = {"city": "beijing", "as_of": "2022-06-30", "lang": "en", "facts": EXAMPLE_FACTS}


FACTS_DESCRIPTION = (
    "The applicant's situation; which facts a city needs is listed by GET /api/v1/cities/{id}. Every fact given "
    "must be of its type here, even one the city does not score. Facts are also checked together, which this "
    "schema cannot express, and answer 400 when they cannot all be true on as_of: birth_date before as_of and an "
    "age of 16 to 100 (date_not_before, age_out_of_range); insurance and housing-fund months at most the months "
    "since the 16th birthday (exceeds_working_life); residence_permit_months, residence days and relocation "
    "years at most the applicant's lifetime (exceeds_lifetime); study_overlap_months at most "
    "social_insurance_months (exceeds_fact).")


CITY_RULES = (" Besides this schema, a body is answered 400 when the city's own rules refuse it: a fact its scheme "
              "requires is missing (GET /api/v1/cities/{id} lists them), the facts fail the cross-checks described "
              "under Facts, the scheme named is not one of the city's, or no scheme of the city is in force on as_of.")


COMPARE_DESCRIPTION = (
    "Each city with a scheme in force on as_of (or each city named in `cities`) is scored as /score scores it, "
    "with the same totals and verdict states; `results` are closest first (years until the line is reached at "
    "the applicant's pace, then percent of the line; services-only schemes after settlement ones; cities waiting "
    "for answers last). A required fact left out is not an error here: the city's state is `unanswered` and the "
    "fact is listed once in `questions`, with every city asking it. Answers a city refuses are listed once in "
    "`problems`. Cities without a scheme in force are in `other_cities`, by route group.")


def compare_schemas(policy) -> dict:
    """POST /api/v1/compare's request and answer (api/compare.py)."""
    nullable_points = {"type": ["string", "null"]}
    distance = {"type": "object", "required": ["line", "percent_of_line", "years_to_line"], "properties": {
        "line": {"type": ["object", "null"], "properties": {"kind": {"type": "string", "enum": ["cutoff", "threshold"]},
                                                          "points": POINTS, "round": NINT}},
        "percent_of_line": NSTR, "years_to_line": {"type": ["integer", "null"], "minimum": 0,
                                                   "description": "yearly rounds until the line is reached (0: now)"},
        "reaches_line_on": {"type": ["string", "null"], "format": "date"}, "summary": STR}}
    result = {"type": "object", "required": ["city", "name", "tier", "route", "scheme", "state", "total", "verdict",
                                             "distance"], "properties": {
        "city": STR, "name": STR, "tier": STR, "route": STR, "scheme": ref("SchemeSummary"),
        "state": {"type": "string", "enum": ["not_eligible", "unanswered", "below_threshold", "meets_threshold",
                                             "below_cutoff", "at_or_above_cutoff", "no_published_line"]},
        "threshold": nullable_points, "total": nullable_points, "total_is_partial": {"type": "boolean"},
        "eligible": {"type": "boolean"}, "verdict": ref("Verdict"),
        "distance": {"oneOf": [ref("CompareDistance"), {"type": "null"}]},
        "latest_cutoff": {"type": ["object", "null"]},
        "unmet_prerequisites": {"type": "array", "items": ref("Prerequisite")},
        "unanswered_prerequisites": {"type": "array", "items": ref("Prerequisite")},
        "social_insurance_residence_share": ref("MainShare"),
        "errors": {"type": "array", "items": {"type": "object"}}}}
    other = {"type": "object", "required": ["id", "name", "route", "group"], "properties": {
        "id": STR, "name": STR, "province": STR, "tier": STR, "route": STR, "scheme_status": STR,
        "group": {"type": "string", "enum": ["open", "relaxed", "conditions", "points", "services"]},
        "verdict": {"type": ["object", "null"]}}}
    return {
        "CompareRequest": {"type": "object", "required": ["facts"], "properties": {
            "cities": {"type": "array", "items": {"type": "string", "enum": list(policy.cities)}, "maxItems": 100},
            "as_of": DATE, "lang": LANG, "facts": ref("Facts")}},
        "CompareDistance": distance, "CompareResult": result, "OtherCity": other,
        "CompareResponse": {"type": "object", "required": ["as_of", "results", "questions", "problems",
                                                            "other_cities"], "properties": {
            "as_of": DATE, "order": STR, "results": {"type": "array", "items": ref("CompareResult")},
            "questions": {"type": "array", "items": {"type": "object", "required": ["fact", "cities"], "properties": {
                "fact": STR, "label": STR, "cities": {"type": "array", "items": STR}}}},
            "problems": {"type": "array", "items": {"type": "object", "properties": {
                "field": STR, "code": STR, "message": STR, "cities": {"type": "array", "items": STR}}}},
            "other_cities": {"type": "array", "items": ref("OtherCity")},
            "open_cities": {"type": "array", "items": ref("OtherCity")}}},
    }


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def fact_schema(d) -> dict:
    """A fact's JSON type; null (or leaving it out) means not answered."""
    if d.type == "integer":
        s = {"type": ["integer", "null"]}
        if d.min is not None:
            s["minimum"] = d.min
        if d.max is not None:
            s["maximum"] = d.max
    elif d.type == "date":
        s = {**DATE, "type": ["string", "null"]}
    elif d.type == "choice":
        s = {"type": ["string", "null"], "enum": [c.value for c in d.choices] + [None]}
    else:
        s = {"type": ["boolean", "null"]}
    s["description"] = f"{d.label['en']} / {d.label['zh']}" + (f" ({d.unit})" if d.unit else "")
    return s


def _citation() -> dict:
    """Where an item or prerequisite comes from: a document of `sources`, and the article."""
    return {"type": "object", "required": ["source"], "properties": {"source": STR, "article": NSTR}}


def _source() -> dict:
    return {"type": "object", "required": ["id", "title", "reliability"], "properties": {
        "id": STR, "title": STR, "number": NSTR, "date": NSTR, "url": NSTR, "reliability": RELIABILITY,
        "unverified": {"type": "boolean"}, "articles": {"type": "array", "items": STR}}}


def document(policy) -> dict:
    facts = {fid: fact_schema(d) for fid, d in policy.vocab.defs.items()}
    scheme_summary = {"type": "object", "required": ["id", "version", "title", "kind", "effective_from"], "properties": {
        "id": STR, "version": STR, "title": STR, "kind": {"type": "string", "enum": ["settlement", "services"]},
        "effective_from": {"type": "string", "format": "date"}, "effective_to": {"type": ["string", "null"], "format": "date"},
        "historical": {"type": "boolean"}, "partial": {"type": "boolean"},
        "checked_on": {"type": ["string", "null"], "format": "date",
                       "description": "when the version's numbers were last checked against its sources"}}}
    prereq = {"type": "object", "required": ["id", "name", "met", "status"], "properties": {
        "id": STR, "name": STR, "met": {"type": "boolean"},
        "status": {"type": "string", "enum": ["met", "unmet", "unanswered"],
                   "description": "unanswered: decided only by a question left blank, never counted as unmet"},
        "unanswered_facts": {"type": "array", "items": STR},
        "reliability": RELIABILITY, "source": ref("Citation"), "what_would_meet_it": NSTR}}
    from ..core.verdict import STATES
    verdict = {"type": "object", "required": ["state", "tone", "headline"], "properties": {
        "state": {"type": "string", "enum": list(STATES)}, "tone": {"type": "string", "enum": ["good", "bad", "unknown"]},
        "headline": STR, "total": {"type": ["string", "null"]},
        "line": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["cutoff", "threshold"]},
                                                  "points": POINTS, "round": NINT}},
        "gap": POINTS, "percent_below": STR,
        "failing": {"type": "array", "items": {"type": "object", "properties": {
            "id": STR, "name": STR, "met_by_time_on": {"type": ["string", "null"], "description": "YYYY-MM"},
            "when": STR, "what_would_meet_it": NSTR}}},
        "questions": {"type": "array", "items": {"type": "object", "properties": {"fact": STR, "label": STR}}},
        "conditions": {"type": "array", "items": STR}}}
    row = {"type": "object", "required": ["as_of", "total"], "properties": {
        "as_of": {"type": "string", "format": "date"}, "age": NINT, "total": POINTS,
        "conditions_open": {"type": "boolean"}}}
    projection = {"type": "object", "required": ["rows", "reaches_latest_cutoff", "stop"], "properties": {
        "rows": {"type": "array", "items": ref("ProjectionRow")},
        "line": {"type": ["object", "null"]},
        "reaches_latest_cutoff": {"oneOf": [ref("ProjectionRow"), {"type": "null"}]},
        "reaches_line": {"oneOf": [ref("ProjectionRow"), {"type": "null"}]},
        "stop": {"type": "object", "properties": {
            "reason": {"type": "string", "enum": ["condition", "retirement", "horizon"]},
            "date": {"type": ["string", "null"], "format": "date"}, "condition": NSTR}},
        "rules": STR, "summary": STR}}
    scenario = {"type": "object", "required": ["kind", "facts", "label", "effect"], "properties": {
        "kind": {"type": "string", "enum": ["own_home", "start_growing", "upgrade", "more", "award"]},
        "facts": {"type": "array", "items": STR}, "proposed": {"type": "object"},
        "points_now": POINTS, "delta_now": POINTS, "delta_in_five_years": {"type": ["string", "null"]},
        "reaches_line_on": {"type": ["string", "null"], "format": "date"}, "years_sooner": NINT,
        "award": {"type": "boolean"}, "label": STR, "effect": STR}}
    item = {"type": "object", "required": ["id", "name", "category", "points", "share"], "properties": {
        "id": STR, "name": STR, "category": STR, "points": POINTS, "share": SHARE, "reliability": RELIABILITY,
        "unverified": {"type": "boolean"}, "values_missing": {"type": "boolean"}, "source": ref("Citation")}}
    main_share = {"type": "object", "properties": {
        "categories": {"type": "array", "items": STR}, "share": SHARE, "percent": NSTR,
        "is_main_share": {"type": ["boolean", "null"]}}}
    cutoff = {"type": ["object", "null"], "properties": {
        "round": {"type": "integer"}, "cutoff": POINTS, "admitted": NINT, "reliability": RELIABILITY, "note": STR}}
    explanation = {"type": "object", "properties": {
        "ranked": {"type": "array", "items": STR},
        "dominant": {"type": ["object", "null"]},
        "points_per_extra_year": {"type": ["string", "null"]}, "extra_year_facts": {"type": "array", "items": STR},
        "latest_cutoff": cutoff, "gap_to_latest_cutoff": {"type": ["string", "null"]}, "rounding": STR,
        "summary": {"type": "array", "items": STR}}}
    city_ref = {"type": "object", "required": ["id", "name", "tier"], "properties": {"id": STR, "name": STR, "tier": STR}}
    score_response = {"type": "object", "required": ["verdict", "city", "scheme", "as_of", "total", "eligible", "items",
                                                      "prerequisites", "unmet_prerequisites",
                                                      "social_insurance_residence_share", "explanation", "sources"],
                      "properties": {
                          "verdict": ref("Verdict"), "projection": ref("Projection"),
                          "scenarios": {"type": "array", "items": ref("Scenario")},
                          "unanswered_prerequisites": {"type": "array", "items": ref("Prerequisite")},
                          "city": city_ref, "scheme": ref("SchemeSummary"), "as_of": {"type": "string", "format": "date"},
                          "total": POINTS, "total_is_partial": {"type": "boolean"},
                          "partial_total_is_lower_bound": {"type": ["boolean", "null"]}, "eligible": {"type": "boolean"},
                          "threshold": {"type": ["object", "null"]},
                          "prerequisites": {"type": "array", "items": ref("Prerequisite")},
                          "unmet_prerequisites": {"type": "array", "items": ref("Prerequisite")},
                          "items": {"type": "array", "items": ref("Item")},
                          "social_insurance_residence_share": ref("MainShare"),
                          "explanation": ref("Explanation"), "sources": {"type": "array", "items": ref("Source")}}}
    score_request = {"type": "object", "required": ["city", "facts"], "properties": {
        "city": {"type": "string", "enum": list(policy.cities)}, "as_of": DATE,
        "lang": LANG, "scheme": STR, "facts": ref("Facts"),
        "scenarios": {"type": "boolean", "default": False,
                      "description": "also return what would change the answer (each a projection; /explain always does)"}}}
    problem = {"type": "object", "required": ["type", "title", "status"], "properties": {
        "type": STR, "title": STR, "status": {"type": "integer"}, "detail": STR,
        "errors": {"type": "array", "items": {"type": "object", "required": ["field", "code", "message"], "properties": {
            "field": STR, "pointer": STR, "code": STR, "message": STR}}}}}
    city = {"type": "object", "required": ["id", "name", "tier", "route"], "properties": {
        "id": STR, "name": STR, "province": STR, "census_class": STR, "code": NSTR, "kind": NSTR,
        "route_basis": {"type": "string", "enum": ["local", "tier"],
                        "description": "local: the city's own rule, found with its source, applies; tier: only the national tier decides"},
        "portal": NSTR,
        "tier": {"type": "string", "enum": ["unrestricted", "relaxed", "points"]},
        "route": {"type": "string", "enum": ["points", "services_points", "conditions", "open"]},
        "route_note": STR, "scheme_status": STR, "urban_population_10k": NSTR}}

    def problems(*codes):
        out = {}
        for c in codes:
            out[str(c)] = {"description": {400: "invalid input", 404: "not found", 413: "request body too large",
                                           429: "rate limited"}[c],
                           "content": {"application/problem+json": {"schema": ref("Problem")}}}
            if c == 429:
                out[str(c)]["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
        return out

    def ok(schema):
        return {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}}

    lang_param = {"name": "lang", "in": "query", "required": False, "schema": LANG}
    city_param = {"name": "city_id", "in": "path", "required": True, "schema": STR, "example": "beijing"}
    def json_body(schema, example=EXAMPLE):
        return {"required": True, "content": {"application/json": {"schema": schema, "example": example}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Points-settlement calculator API", "version": "1",
                 "description": "Score an applicant's situation against a Chinese city's points-settlement (积分落户) "
                                "scheme, with every item's legal source and reliability. Points are strings with "
                                "two decimals (exact Decimal arithmetic). Errors are application/problem+json. "
                                "Not an official decision."},
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/cities": {"get": {"operationId": "listCities", "summary": "Every prefecture-level city and municipality, with its route and tier",
                                       "parameters": [lang_param], "responses": {
                                           **ok({"type": "object", "required": ["cities"], "properties": {
                                               "cities": {"type": "array", "items": ref("City")}}}), **problems(400, 429)}}},
            "/api/v1/cities/{city_id}": {"get": {"operationId": "getCity", "summary": "A city: tier, schemes, input facts",
                                                 "parameters": [city_param, lang_param],
                                                 "responses": {**ok(ref("City")), **problems(400, 404, 429)}}},
            "/api/v1/cities/{city_id}/schemes": {"get": {"operationId": "listCitySchemes", "summary": "A city's scheme versions",
                                                         "parameters": [city_param, lang_param],
                                                         "responses": {**ok({"type": "object", "properties": {
                                                             "city": STR, "in_force": NSTR,
                                                             "versions": {"type": "array", "items": ref("SchemeSummary")}}}),
                                                             **problems(400, 404, 429)}}},
            "/api/v1/schemes/{scheme_id}": {"get": {"operationId": "getScheme", "summary": "One scheme version in full",
                                                    "parameters": [{"name": "scheme_id", "in": "path", "required": True,
                                                                    "schema": STR, "example": "beijing-2020"}, lang_param],
                                                    "responses": {**ok(ref("SchemeSummary")), **problems(400, 404, 429)}}},
            "/api/v1/score": {"post": {"operationId": "score", "summary": "Score one applicant in one city",
                                       "description": "The total, every item with its source, prerequisites and "
                                                      "the explanation." + CITY_RULES,
                                       "parameters": [lang_param], "requestBody": json_body(ref("ScoreRequest")),
                                       "responses": {**ok(ref("ScoreResponse")), **problems(400, 429)}}},
            "/api/v1/score/batch": {"post": {
                "operationId": "scoreBatch", "summary": "Score up to 1,000 applicants in one city",
                "description": "Each applicant is validated as /score validates `facts` (errors per row, field paths "
                               "`applicants.<i>.<fact>`), and the valid ones are scored. Each row counts against the "
                               "client's row budget (429 when it is used up). 400 for the whole request only when "
                               "the city, date or scheme cannot be scored.",
                "parameters": [lang_param],
                "requestBody": json_body(ref("BatchRequest"), {"city": "beijing", "as_of": "2022-06-30", "lang": "en",
                                                               "applicants": [EXAMPLE_FACTS]}),
                "responses": {**ok(ref("BatchResponse")), **problems(400, 413, 429)}}},
            "/api/v1/explain": {"post": {"operationId": "explain", "summary": "The explanation and the sources used",
                                         "description": "As /score, only the explanation and sources." + CITY_RULES,
                                         "parameters": [lang_param], "requestBody": json_body(ref("ScoreRequest")),
                                         "responses": {**ok({"type": "object", "required": ["explanation", "sources"],
                                                             "properties": {"explanation": ref("Explanation"),
                                                                            "sources": {"type": "array", "items": ref("Source")}}}),
                                                       **problems(400, 429)}}},
            "/api/v1/compare": {"post": {"operationId": "compare",
                                         "summary": "Where can I settle: one set of facts in every city, closest first",
                                         "description": COMPARE_DESCRIPTION,
                                         "parameters": [lang_param],
                                         "requestBody": json_body(ref("CompareRequest"),
                                                                  {"as_of": "2024-06-30", "lang": "zh", "facts": EXAMPLE_FACTS}),
                                         "responses": {**ok(ref("CompareResponse")), **problems(400, 429)}}},
        },
        "components": {"schemas": {
            "Facts": {"type": "object", "additionalProperties": False, "properties": facts,
                      "description": FACTS_DESCRIPTION},
            "ScoreRequest": score_request, "ScoreResponse": score_response, "SchemeSummary": scheme_summary,
            "Prerequisite": prereq, "Item": item, "MainShare": main_share, "Explanation": explanation,
            "Verdict": verdict, "Projection": projection, "ProjectionRow": row, "Scenario": scenario,
            "Citation": _citation(), "Source": _source(), "Problem": problem, "City": city,
            **compare_schemas(policy),
            "BatchRequest": {"type": "object", "required": ["city", "applicants"], "properties": {
                "city": {"type": "string", "enum": list(policy.cities)}, "as_of": DATE, "lang": LANG, "scheme": STR,
                "applicants": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {
                    "anyOf": [ref("Facts"), {}],
                    "description": "Each applicant's facts, validated as /score validates `facts`. A row that is "
                                   "not valid (wrong type, missing fact, failed cross-check, not an object) does not "
                                   "fail the request: its result holds its errors and the other rows are scored."}}}},
            "BatchResponse": {"type": "object", "required": ["city", "scheme", "as_of", "count", "scored", "results"],
                              "properties": {
                "city": STR, "scheme": ref("SchemeSummary"), "as_of": DATE, "total_is_partial": {"type": "boolean"},
                "count": {"type": "integer"}, "scored": {"type": "integer"},
                "results": {"type": "array", "items": {"type": "object", "required": ["index"], "properties": {
                    "index": {"type": "integer"}, "total": POINTS, "eligible": {"type": "boolean"},
                    "unmet_prerequisites": {"type": "array", "items": STR},
                    "unanswered_prerequisites": {"type": "array", "items": STR},
                    "items": {"type": "object", "additionalProperties": POINTS},
                    "errors": {"type": "array", "items": {
                        "type": "object", "required": ["field", "code", "message"], "properties": {
                            "field": STR, "pointer": STR, "code": STR, "message": STR}}}}}}}}}},
    }
