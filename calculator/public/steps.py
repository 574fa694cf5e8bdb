"""Long forms one group of questions at a time, for phones: Guangzhou asks 47 questions (7,167 px
on one page), Tianjin 27. A form of more than STEPPED_OVER questions is shown a step at a time:
each step is a GET carrying every answer in the URL (it works without JavaScript, and a step can
be shared or reloaded), validated before the next one; then a "check your answers" page with a
change link per answer; then the result. `form=one` gives the one-page form.

Query names: `step` (1..n or `check`), `next` (the step's form was sent: check it, then go on) and
`form=one`. The answers' own names do not change (public.answers reads them and ignores these).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from .answers import PERIOD_SECTIONS, Answers, PageError, Question, hidden_answers

STEPPED_OVER = 20   # questions; shorter forms stay on one page
PER_STEP = 10       # a section longer than this is split (Guangzhou's 26 "other" questions: 3 steps)
STEP_NAMES = ("step", "next", "form")


@dataclass(frozen=True)
class Step:
    n: int
    key: str                     # the section's key: its period rows come with it
    title: str
    questions: list[Question]
    with_as_of: bool             # the application date is asked on the first step

    @property
    def facts(self) -> set[str]:
        return {q.fact.id for q in self.questions}


def stepped(shown: list[str], args) -> bool:
    return len(shown) > STEPPED_OVER and args.get("form") != "one"


def plan(sections: list[tuple[str, str, list[Question]]]) -> list[Step]:
    """One step per section, a long section split into parts of at most PER_STEP questions."""
    out: list[Step] = []
    for key, name, qs in sections:
        parts = [qs[i:i + PER_STEP] for i in range(0, len(qs), PER_STEP)]
        for i, part in enumerate(parts):
            title = name if len(parts) == 1 else _("%(section)s (part %(n)s of %(total)s)", section=name,
                                                   n=i + 1, total=len(parts))
            out.append(Step(len(out) + 1, key, title, part, not out))
    return out


def url_with(**changes) -> str:
    """This page's URL with step parameters changed (None drops one); empty answers are dropped."""
    args = [(k, v) for k, v in request.args.items(multi=True) if v.strip() and k not in changes]
    args += [(k, str(v)) for k, v in changes.items() if v is not None]
    return url_for(request.endpoint, **(request.view_args or {})) + ("?" + urlencode(args) if args else "")


def _asked(args, steps: list[Step], errors: list[PageError]) -> int | str:
    """The step to show: the one asked for, else the first with an error (a result page sent
    back with errors), else the first."""
    raw = args.get("step", "")
    if raw == "check":
        return "check"
    if raw.isdigit() and 1 <= int(raw) <= len(steps):
        return int(raw)
    for s in steps:
        if any(e.field in s.facts or (s.with_as_of and e.field == "as_of") for e in errors):
            return s.n
    return 1


def step_errors(step: Step, errors: list[PageError]) -> list[PageError]:
    return [e for e in errors if e.field in step.facts or (step.with_as_of and e.field == "as_of")]


def page(ctx: dict, answers: Answers, shown: list[str], status: int):
    """A step, the check-your-answers page, or (after a step's form: `next`, and ctx["errors"]
    holds every question's errors) the next step by redirect when this one has none."""
    steps = plan(ctx["sections"])
    asked = _asked(request.args, steps, ctx["errors"])
    if request.args.get("next") and asked != "check":
        if not step_errors(steps[asked - 1], ctx["errors"]):
            return redirect(url_with(step=asked + 1 if asked < len(steps) else "check", next=None), 303)
        status = 400
    if asked == "check":
        return render_template("public/check.html", steps=steps, answers=answers,
                               change=lambda n, target: url_with(step=n, next=None) + "#" + target,
                               send=[(k, v) for k, v in answers.values.items() if v.strip()],
                               one_page=url_with(form="one", step=None, next=None), **ctx), status
    step = steps[asked - 1]
    ctx["errors"] = step_errors(step, ctx["errors"])
    hidden = hidden_answers(answers, [f for f in shown if f in step.facts])  # periods of other steps too
    if not step.with_as_of and answers.values.get("as_of", "").strip():
        hidden.append(("as_of", answers.values["as_of"]))
    periods = {k: b for k, b in ctx["periods"].items()
               if k == step.key and any(f in step.facts for f in PERIOD_SECTIONS[k][1])}
    return render_template("public/step.html", step=step, total=len(steps), step_hidden=hidden, step_periods=periods,
                           back=url_with(step=step.n - 1, next=None) if step.n > 1 else None,
                           one_page=url_with(form="one", step=None, next=None), **ctx), status

