"""The app's Jinja environment: Flask's, with a faster `x.name` for the plain dicts views pass
and a faster autoescape for what is already Markup.

Views hand templates dicts (public/results.py builds hundreds of values per result page), and
Jinja's `x.name` tries the attribute first: on a dict that raises AttributeError before the key
is read, about 0.5 µs each, 385 times per result page. A plain dict has no attributes but its
class's methods, so for any other name the key is read straight away: the same value or the same
Undefined as Jinja gives, without the exception.

Every `{{ ... }}` goes through markupsafe's escape, which copies a Markup value into a new one
(0.5 µs; a third of a result page's 200 values are Markup: translated labels, charts, fragments).
Markup is immutable and already safe, so the value itself is the same text.
"""
from __future__ import annotations

import markupsafe
from flask.templating import Environment as FlaskEnvironment
from jinja2 import Template as JinjaTemplate
from markupsafe import Markup

DICT_ATTRIBUTES = frozenset(dir(dict))  # `d.items` is still the method, as in Jinja


def escape(value):
    """markupsafe.escape, returning Markup (not a subclass) as it is instead of a copy."""
    if type(value) is Markup:
        return value
    return markupsafe.escape(value)


class Template(JinjaTemplate):
    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        # the compiled module's functions call the `escape` it imported from jinja2.runtime
        module = template.root_render_func.__globals__
        if module.get("escape") is markupsafe.escape:
            module["escape"] = escape
        return template


class Environment(FlaskEnvironment):
    template_class = Template

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)
