"""The floor for the API throughput ratio: a bare Flask endpoint that does only the engine work
`/score` must do (validate, score, explain, verdict and the projection issue 13 puts in every
answer), answering a few bytes: no serialisation of the answer, no rate limit, no security
headers, no request log, no language or CORS handling. Whatever `/score` is made of, it cannot go
faster than this on the same stack and engine; if this is under 0.7 of the bare endpoint, so is
`/score`."""
import datetime as dt

from flask import Flask, jsonify, request

from calculator.core.policy import default_policy

app = Flask(__name__)
policy = default_policy()


@app.post("/api/v1/score")
def score():
    body = request.get_json(silent=True) or {}
    result, _, decision = policy.assess(body["city"], body["facts"], dt.date.fromisoformat(body["as_of"]), None,
                                        strict=True, with_scenarios=False)
    return jsonify({"city": body["city"], "total": str(result.total), "rows": len(decision.projection.rows)})
