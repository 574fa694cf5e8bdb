"""Hostile YAML from an official (or anyone holding an official's session) is refused quickly,
with a translated message, wherever YAML is read: the console's import, the draft's YAML editor,
`flask simulate --draft`. Before: a 380-byte alias bomb took 13 s and 2 GB; `[` x 5000 was a 500."""
import io

import pytest
from flask_babel import force_locale

from calculator.storage import versions as V
from calculator.core import yamlsafe
from tests.test_admin import app, make_user, seeded, sign_in, start_draft  # noqa: F401  (fixtures)

LOL = '["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
BOMB = "a: &a " + LOL + "\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(5))
DEEP = "[" * 5000


@pytest.fixture(params=["libyaml", "pure Python"])
def loader(request, monkeypatch):
    """Both paths: libyaml's events when PyYAML has it (fast), the composing loader otherwise."""
    if request.param == "pure Python":
        monkeypatch.setattr(yamlsafe.yaml, "__with_libyaml__", False)
    return request.param


def test_the_bounded_loader_refuses_aliases_depth_and_size_but_reads_schemes(loader):
    with pytest.raises(yamlsafe.HostileYAML) as e:
        yamlsafe.load(BOMB)
    assert e.value.reason == "alias" and e.value.line == 2
    with pytest.raises(yamlsafe.HostileYAML) as e:
        yamlsafe.load(DEEP)
    assert e.value.reason == "depth"
    with pytest.raises(yamlsafe.HostileYAML) as e:
        yamlsafe.load("x: " + "a" * (yamlsafe.MAX_CHARS + 1))
    assert e.value.reason == "size"
    assert yamlsafe.load("a: &x 1\nb: [1, {c: 2}]\n") == {"a": 1, "b": [1, {"c": 2}]}  # an anchor alone is fine
    from pathlib import Path
    import yaml
    for f in sorted((Path(__file__).resolve().parent.parent / "calculator" / "data" / "schemes").glob("*.yaml"))[:4]:
        assert yamlsafe.load(f.read_text(encoding="utf-8")) == yaml.safe_load(f.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, code", [(BOMB, "yaml_alias"), (DEEP, "yaml_depth")])
def test_from_yaml_refuses_before_expanding_anything(text, code):
    """Refused, not expanded (the time is measured in benchmarks/hostile_yaml.py: budget 1 s)."""
    with pytest.raises(V.VersionError) as e:
        V.from_yaml(text)
    assert e.value.code == code


def test_the_yaml_editor_refuses_a_bomb_with_a_message_in_both_languages(app, seeded):
    c = app.test_client()
    for lang, words in (("en", "alias"), ("zh", "别名")):
        sign_in(c, "bj", lang=lang)
        url = start_draft(c, lang=lang)
        r = c.post(url + "/yaml", data={"document": BOMB, "lock_version": "1"})
        assert r.status_code == 422
        assert words in r.get_data(as_text=True)
        r = c.post(url + "/yaml", data={"document": DEEP, "lock_version": "1"})
        assert r.status_code == 422, r.status_code
        c.post(f"/admin/{lang}/{url.split('/')[3]}/drafts/{url.rstrip('/').split('/')[-1]}/discard")


def test_the_import_refuses_a_bomb_and_a_deep_file(app, seeded):
    c = app.test_client()
    sign_in(c, "bj")
    for text, words in ((BOMB, "alias"), (DEEP, "nested too deeply")):
        r = c.post("/admin/en/beijing/import", data={"file": (io.BytesIO(text.encode()), "x.yaml")},
                   content_type="multipart/form-data")
        assert r.status_code == 422
        assert words in r.get_data(as_text=True)


def test_simulate_draft_file_refuses_a_bomb(app, seeded, tmp_path):
    f = tmp_path / "bomb.yaml"
    f.write_text(BOMB)
    r = app.test_cli_runner().invoke(args=["simulate", "beijing", "--population", "synthetic:10", "--quota", "3",
                                           "--draft", str(f)])
    assert r.exit_code != 0 and "alias" in r.output, r.output


def test_cli_import_refuses_a_deeply_nested_file_without_a_traceback(app, tmp_path):
    f = tmp_path / "deep.json"
    f.write_text("[" * 100_000)
    r = app.test_cli_runner().invoke(args=["import-schemes", str(f)])
    assert r.exit_code == 1 and "not an export" in r.output and "Traceback" not in r.output
