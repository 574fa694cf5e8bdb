"""YAML from people: read with PyYAML's safe loader, but with no aliases and bounded nesting.

`yaml.safe_load` keeps aliases as shared references, so a 380-byte "billion laughs" document
loads fast and explodes only when something walks it (our JSON normalising took 13 s and 2 GB).
A scheme document never needs an alias, so the first one is refused; nesting past MAX_DEPTH
(a scheme is about 8 deep) is refused before the recursive composer can overflow the stack
(`[` x 5000 was a RecursionError, a 500). Anchors alone are harmless and allowed.
"""
from __future__ import annotations

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

MAX_DEPTH = 64
MAX_CHARS = 1_000_000  # a scheme document is about 10 KB; the console's upload limit is 256 KB


class HostileYAML(yaml.YAMLError):
    """A document refused for its shape, not its syntax: `reason` is "alias", "depth" or "size"."""

    def __init__(self, reason: str, line: int = 0):
        super().__init__(f"refused YAML ({reason}) at line {line}")
        self.reason, self.line = reason, line


class BoundedSafeLoader(yaml.SafeLoader):
    """SafeLoader refusing aliases and nesting deeper than MAX_DEPTH, while composing."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            raise HostileYAML("alias", self.peek_event().start_mark.line + 1)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise HostileYAML("depth", self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _check_events(text: str | bytes):
    """The same refusals over libyaml's event stream (C speed: 256 KB in about 60 ms, where the
    pure-Python loader took seconds), before anything is composed."""
    depth = 0
    for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(ev, AliasEvent):
            raise HostileYAML("alias", ev.start_mark.line + 1)
        if isinstance(ev, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise HostileYAML("depth", ev.start_mark.line + 1)
        elif isinstance(ev, CollectionEndEvent):
            depth -= 1


def load(text: str | bytes):
    """One YAML document from untrusted text, or HostileYAML / yaml.YAMLError."""
    if len(text) > MAX_CHARS:
        raise HostileYAML("size")
    if getattr(yaml, "__with_libyaml__", False):
        _check_events(text)
        return yaml.load(text, Loader=yaml.CSafeLoader)  # checked: no alias, bounded depth
    loader = BoundedSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
