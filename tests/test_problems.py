"""Scheme problems leave the core as codes with parameters, and one table (wording/problems.py)
says each in zh and en: officials never read the core's English in a Chinese console, and
`flask schemes check` prints whole English sentences."""
import ast
import re
from pathlib import Path

import pytest

from calculator.core.errors import SchemeError
from calculator.core.numbers import to_decimal
from calculator.core.problems import NumberError, Problem
from calculator.core.schemes import load_scheme
from calculator.web.i18n import translator
from calculator.wording.problems import SCHEME_PROBLEMS, problem_text

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "calculator" / "core"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _calls(path: Path):
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)]


def core_codes() -> set[tuple[str, str, frozenset]]:
    """(file, code, parameter names) of every probs.add(path, "code", **params) and
    Problem("code", {...}) in the core, the rule types included."""
    out = set()
    for path in sorted(CORE.glob("*.py")) + sorted((CORE / "ruletypes").glob("*.py")):
        for node in _calls(path):
            f = node.func
            if isinstance(f, ast.Attribute) and f.attr == "add" and len(node.args) == 2 \
                    and isinstance(node.args[1], ast.Constant):
                out.add((path.name, node.args[1].value, frozenset(k.arg for k in node.keywords)))
            if isinstance(f, ast.Name) and f.id == "Problem" and node.args and isinstance(node.args[0], ast.Constant):
                keys = node.args[1].keys if len(node.args) > 1 and isinstance(node.args[1], ast.Dict) else []
                out.add((path.name, node.args[0].value, frozenset(k.value for k in keys)))
            if isinstance(f, ast.Attribute) and f.attr == "add" and len(node.args) == 2 \
                    and isinstance(node.args[1], ast.IfExp):
                for b in (node.args[1].body, node.args[1].orelse):
                    out.add((path.name, b.value, frozenset()))
    return out


def test_the_core_gives_codes_and_each_has_a_sentence_with_its_parameters():
    codes = core_codes()
    assert len(codes) > 30
    for where, code, params in codes - {("problems.py", "unexplained", frozenset({"text"}))}:  # shown as given
        assert code in SCHEME_PROBLEMS, f"{where}: no sentence for {code!r}"
        assert set(PLACEHOLDER.findall(SCHEME_PROBLEMS[code]._args[0])) == set(params), (where, code)


@pytest.mark.parametrize("value, code", [("three", "not_a_number"), (True, "boolean_not_number"),
                                         (float("nan"), "not_finite"), (None, "not_a_number"), ([1], "not_a_number")])
def test_a_bad_number_is_a_value_error_carrying_its_code(value, code):
    with pytest.raises(NumberError) as e:
        to_decimal(value, "per_year")
    assert isinstance(e.value, ValueError) and e.value.problem.code == code


def test_a_bad_scheme_reads_in_chinese_and_english(app, policy):
    doc = dict(policy.schemes["beijing-2020"].document, kind="hukou",
               items=[{"id": "a", "name": {"zh": "甲", "en": "A"}, "category": "tax",
                       "rule": {"type": "accrual", "fact": "nope", "per_year": "three"},
                       "source": {"ref": "nowhere"}, "reliability": "P"}])
    with pytest.raises(SchemeError) as e:
        load_scheme(doc, policy.vocab)
    problems = dict(e.value.problems)
    assert problems["kind"] == Problem("not_one_of", {"values": "settlement, services"})
    assert problems["items[0].rule.fact"] == Problem("unknown_fact", {"name": "'nope'"})
    assert problems["items[0].source.ref"] == Problem("unknown_source", {"ref": "'nowhere'"})
    with app.app_context():
        en = {p: problem_text(m, translator("en")) for p, m in problems.items()}
        zh = {p: problem_text(m, translator("zh")) for p, m in problems.items()}
    assert en["items[0].rule.fact"] == "Unknown fact 'nope'."
    assert en["items[0].rule.per_year"] == "'three' is not a number: enter a number such as 3 or 0.5."
    assert en["kind"] == "Must be one of: settlement, services."
    for text in zh.values():
        assert re.search(r"[\u4e00-\u9fff]", text), text
        assert not re.search(r"\b(is|must|needs|unknown|number)\b", text, re.I), text


def test_every_sentence_has_a_chinese_translation_with_the_same_placeholders(app):
    with app.app_context():
        zh = translator("zh")
        for code, template in SCHEME_PROBLEMS.items():
            msgid = template._args[0]
            text = zh(msgid)
            assert text != msgid and re.search(r"[\u4e00-\u9fff]", text), code
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), code


def test_schemes_check_says_each_problem_as_an_english_sentence(runner, tmp_path, policy):
    import shutil
    import yaml
    data = tmp_path / "data"
    shutil.copytree(ROOT / "calculator" / "data", data)
    bad = dict(policy.schemes["beijing-2020"].document, rounding={"places": 9})
    for p in (data / "schemes").glob("*.yaml"):
        p.unlink()
    (data / "schemes" / "beijing-2020.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    out = runner.invoke(args=["schemes", "check", "--dir", str(data)])
    assert out.exit_code == 1
    assert "      rounding.places: Must be a whole number from 0 to 4." in out.output
