"""The console's words: every message the core can give about a scheme is matched by a pattern of
calculator/admin/messages.py (so officials read it in their language), every VersionError code has
a sentence, and every string of the console has a Chinese translation in translations/admin-zh.json
(merged into the catalogues by the maintainers)."""
import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from calculator.admin import messages as M
from calculator.core.numbers import to_decimal

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted((ROOT / "calculator/core/ruletypes").glob("*.py")) + [ROOT / "calculator/core/schemes.py"]
ZH = ROOT / "translations/zh/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _samples(node) -> list[str]:
    """The texts a message expression can give: literals as they are, f-string values as samples
    ('abc', or "'abc'" for !r), both branches of a conditional between literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        texts = [""]
        for v in node.values:
            if isinstance(v, ast.Constant):
                options = [v.value]
            elif isinstance(v.value, ast.IfExp) and all(isinstance(b, ast.Constant) for b in (v.value.body, v.value.orelse)):
                options = [v.value.body.value, v.value.orelse.value]
            else:
                options = ["'abc'" if v.conversion == ord("r") else "abc"]
            texts = [t + o for t in texts for o in options]
        return texts
    return []


def core_messages():
    """Every message the core reports about a scheme: the second argument of probs.add(path, msg)
    and of the (path, msg) tuples it appends or raises."""
    out = []
    for path in CORE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            msgs = []
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add" \
                    and len(node.args) == 2:
                msgs = [node.args[1]]                                     # probs.add(path, msg)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                    and node.args and isinstance(node.args[0], ast.Tuple) and len(node.args[0].elts) == 2:
                msgs = [node.args[0].elts[1]]                             # problems.append((path, msg))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "SchemeError" \
                    and node.args and isinstance(node.args[0], ast.List):
                msgs = [t.elts[1] for t in node.args[0].elts if isinstance(t, ast.Tuple) and len(t.elts) == 2]
            for msg in msgs:
                for text in _samples(msg):
                    out.append((path.name, node.lineno, text))
    return sorted(set(out))


def test_the_core_gives_the_messages_we_look_for():
    found = core_messages()
    assert len(found) > 40


@pytest.mark.parametrize("where, line, message", core_messages())
def test_every_core_message_has_a_pattern(where, line, message):
    tpl, params = M.match_problem(message)
    assert tpl is not None, f"{where}:{line}: no pattern for {message!r}"


@pytest.mark.parametrize("value", ["three", True, float("nan"), None, [1]])
def test_number_errors_have_a_pattern(value):
    with pytest.raises(ValueError) as e:
        to_decimal(value, "per_year")
    tpl, params = M.match_problem(str(e.value))
    assert tpl is not None, str(e.value)
    assert "what" not in params


def test_captured_values_fill_the_template_and_unknown_text_falls_back(app):
    with app.test_request_context("/?lang=en"):
        assert M.problem_text("per_year: 'three' is not a number") == \
            "'three' is not a number: enter a number such as 3 or 0.5."
        assert M.problem_text("must be one of P, D, S, T, U") == "Must be one of: P, D, S, T, U."
        assert M.problem_text("duplicate item id 'tax'") == "Duplicate item id 'tax': item ids must be unique."
        assert M.problem_text("fact honour is boolean, expected integer") == \
            "The fact honour is of type boolean; this needs integer."
        assert M.problem_text("something new the core says") == "something new the core says"


def test_every_version_error_code_has_a_sentence():
    text = (ROOT / "calculator/versions.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'VersionError\("(\w+)"', text)) | {"stale_draft"}
    assert codes and codes <= set(M.VERSION_ERRORS), codes - set(M.VERSION_ERRORS)


def console_msgids():
    ids = []
    files = [(p, "python") for p in sorted((ROOT / "calculator/admin").glob("*.py"))] + \
            [(p, "jinja2") for p in sorted((ROOT / "calculator/templates/admin").glob("*.html"))]
    for path, method in files:
        for _, msg, _, _ in extract_from_file(method, str(path), keywords={"_": None, "_l": None, "gettext": None},
                                              options={"extensions": "jinja2.ext.i18n"} if method == "jinja2" else {}):
            ids.append(msg[0] if isinstance(msg, tuple) else msg)
    return sorted(set(ids))


def test_every_console_string_has_a_chinese_translation():
    ids = console_msgids()
    assert len(ids) > 300
    from babel.messages.pofile import read_po
    with open(ZH, "rb") as fh:
        zh = {m.id: m.string for m in read_po(fh) if m.id}
    missing = [i for i in ids if not zh.get(i)]
    assert missing == [], missing[:10]
    for msgid in ids:
        text = zh[msgid]
        assert re.search(r"[\u4e00-\u9fff]", text) or msgid in ("Publish…",), msgid
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), msgid
        assert text.count("%%") == msgid.count("%%"), msgid


def test_template_strings_escape_percent_signs():
    """Templates use newstyle gettext, which always %-formats: a literal % must be written %%."""
    for path in (ROOT / "calculator/templates/admin").glob("*.html"):
        for call in re.findall(r'_\("((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8")):
            assert not re.search(r"%(?!\(\w+\)s|%)", call.replace("%%", "")), (path.name, call)
