"""The baseline for the API throughput ratio: a bare Flask JSON endpoint, nothing else."""
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/api/v1/score")
def score():
    body = request.get_json(silent=True) or {}
    return jsonify({"city": body.get("city"), "total": "0.00"})
