"""The console's words: every VersionError code has a sentence, and every string of the console
has a Chinese translation (the core's scheme problems: tests/test_problems.py)."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from calculator.admin import messages as M

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted((ROOT / "calculator/core/ruletypes").glob("*.py")) + [ROOT / "calculator/core/schemes.py"]
ZH = ROOT / "translations/zh/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def test_every_version_error_code_has_a_sentence():
    text = (ROOT / "calculator/storage/versions.py").read_text(encoding="utf-8")
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
