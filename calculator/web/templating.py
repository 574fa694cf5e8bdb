"""The app's Jinja environment: Flask's, with a faster `x.name` for the plain dicts views pass
and a faster autoescape for what is already Markup.

Views hand templates dicts (public/results.py builds hundreds of values per result page), and
Jinja's `x.name` tries the attribute first: on a dict that raises AttributeError before the key
is read, about 0.5 µs each, 385 times per result page. A plain dict has no attributes but its
class's methods, so for any other name the key is read straight away: the same value or the same
Undefined as Jinja gives, without the exception.

Every `{{ ... }}` goes through markupsafe's escape, which copies a Markup value into a new one
(0.5 µs; a third of a result page's 200 values are Markup: translated labels, charts, fragments).
Markup is immutable and already safe, so the value itself is the same text; a plain str is
escaped without the Markup wrapper, since the piece is only joined into the page.

A block, a parent template or an include without context is output by joining its chunks and
yielding the one string (CodeGenerator) rather than `yield from` its generator: each of a result
page's ~460 chunks otherwise passed through three generators (block, base.html, result.html).

A `_("...")` with a constant string and no parameters gives the same text for every render in
one language, yet cost a Jinja call each (about 50 per result page). Templates are compiled once
per catalogue (the request's language), with those calls replaced by their text
(fold_constant_gettext), which Jinja then merges with the literal HTML around it. The source is
unchanged, so `pybabel extract` still finds every string.
"""
from __future__ import annotations

import contextvars
import weakref

import markupsafe
from flask import current_app, g, has_app_context, has_request_context, request
from flask.templating import Environment as FlaskEnvironment
from flask_babel import get_locale, get_translations
from jinja2 import Template as JinjaTemplate, nodes
from jinja2.compiler import CodeGenerator as JinjaCodeGenerator
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

DICT_ATTRIBUTES = frozenset(dir(dict))  # `d.items` is still the method, as in Jinja


# markupsafe's own str escaper (C), which its escape() wraps in a new Markup
_escape_text = getattr(markupsafe, "_escape_inner", None) or (lambda text: str(markupsafe.escape(text)))


def escape(value):
    """What a compiled template outputs for `{{ value }}`: Markup (not a subclass) as it is
    instead of a copy, and a plain str escaped but not wrapped in Markup (0.8 -> 0.2 µs, ~140
    per result page). The compiled code uses `escape` only for a piece it outputs, which is then
    joined into the page as text (see jinja2.compiler's _output_child_pre), so the type of the
    piece never shows."""
    kind = type(value)
    if kind is Markup:
        return value
    if kind is str:
        return _escape_text(value)
    return markupsafe.escape(value)


GETTEXT_NAMES = frozenset({"_", "gettext"})
CATALOGUE_SLOT = "calculator.template_catalogue"  # the request's catalogue, in its WSGI environ
LANGUAGE_CATALOGUES = "calculator.language_catalogues"  # app.extensions: language -> catalogue
_compiling_for: contextvars.ContextVar = contextvars.ContextVar("compiling_for", default=None)


class CodeGenerator(JinjaCodeGenerator):
    def writeline(self, x, node=None, extra=0):
        """`yield from` a nested render (block, parent, include) becomes one joined chunk."""
        if x.startswith("yield from ") and not self.environment.is_async:
            x = f"yield ''.join({x[len('yield from '):]})"
        super().writeline(x, node, extra)


def _constant_message(node) -> str | None:
    """The msgid of `_("...")` / `gettext("...")` called with one literal string and nothing else."""
    if not (isinstance(node.node, nodes.Name) and node.node.name in GETTEXT_NAMES and node.node.ctx == "load"):
        return None
    if node.kwargs or node.dyn_args or node.dyn_kwargs or len(node.args) != 1:
        return None
    arg = node.args[0]
    return arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None


def _folded_text(ugettext, message: str) -> str | None:
    """What the render-time `_()` (i18n._newstyle) prints for a message without parameters, if
    the plain and the Markup %-formatting agree (they do for every real message)."""
    text = ugettext(message)
    try:
        plain, marked = text % {}, Markup(text) % {}
    except (TypeError, ValueError, KeyError):
        return None
    return plain if str(marked) == plain else None


def _rebinds_gettext(template: nodes.Template) -> bool:
    """Whether the template assigns `_` or `gettext` anywhere (_form.html's `{% set _ = ... %}`):
    then a call of that name is not always the translator, and nothing is folded."""
    if any(n.name in GETTEXT_NAMES and n.ctx != "load" for n in template.find_all(nodes.Name)):
        return True
    for imp in template.find_all((nodes.Import, nodes.FromImport)):
        names = [imp.target] if isinstance(imp, nodes.Import) else \
            [n[1] if isinstance(n, tuple) else n for n in imp.names]
        if GETTEXT_NAMES.intersection(names):
            return True
    return False


class _FoldGettext(NodeTransformer):
    def __init__(self, ugettext):
        self.ugettext = ugettext

    def visit_Call(self, node):
        message = _constant_message(node)
        text = None if message is None else _folded_text(self.ugettext, message)
        if text is None:
            return self.generic_visit(node)
        # Markup under autoescape, plain text without: what the newstyle gettext returns
        return nodes.MarkSafeIfAutoescape(nodes.Const(text), lineno=node.lineno)


def fold_constant_gettext(template: nodes.Template, catalogue) -> nodes.Template:
    """The template with each constant, parameterless `_()` replaced by its text in `catalogue`."""
    if _rebinds_gettext(template):
        return template
    return _FoldGettext(catalogue.ugettext).visit(template)


def request_catalogue():
    """The catalogue `_()` uses in this render (i18n.template_gettext's), or None outside an app
    context (where Flask-Babel makes a new empty one each time). Kept in the request's WSGI
    environ: a page loads half a dozen templates."""
    if not has_app_context():
        return None
    if not has_request_context():
        return get_translations()
    environ = request.environ
    catalogue = environ.get(CATALOGUE_SLOT)
    if catalogue is None:
        catalogue = environ[CATALOGUE_SLOT] = _language_catalogue()
    return catalogue


def _language_catalogue():
    """Flask-Babel's catalogue for the request's language, remembered per app and language: asking
    Flask-Babel (domain, locale, cache key) cost 12-15 µs, the first template of every page. Kept
    only when Flask-Babel's locale is the page's language (g.lang, which its locale selector
    returns), so the answer is always the catalogue Flask-Babel would give."""
    lang = g.get("lang")
    known = current_app.extensions.setdefault(LANGUAGE_CATALOGUES, {})
    catalogue = known.get(lang) if lang else None
    if catalogue is None:
        catalogue = get_translations()
        if lang and str(get_locale()) == lang:
            known[lang] = catalogue
    return catalogue


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
    code_generator_class = CodeGenerator

    def _load_template(self, name, globals):
        """A loaded template is compiled and cached per catalogue, its constant `_()` folded in."""
        catalogue = request_catalogue()
        if catalogue is None or self.cache is None or self.loader is None:
            return super()._load_template(name, globals)
        key = (weakref.ref(self.loader), name, catalogue)
        template = self.cache.get(key)
        if template is not None and (not self.auto_reload or template.is_up_to_date):
            if globals:
                template.globals.update(globals)
            return template
        token = _compiling_for.set(catalogue)
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _compiling_for.reset(token)
        self.cache[key] = template
        return template

    def _generate(self, source, name, filename, defer_init=False):
        catalogue = _compiling_for.get()
        if catalogue is not None:
            source = fold_constant_gettext(source, catalogue)
        return super()._generate(source, name, filename, defer_init)

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)
