/* Progressive enhancement only: every page works without this file.
   - a running total on the calculator form (POST /api/v1/score, shown in an aria-live region)
   - filtering the city list as you type, with the server's no-match message and nearest names
   - the error summary: focus it, and move focus to the field a link points to */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function parseDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
    return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
  }
  /* A date typed as the server reads it (2019-03-15, 2019/3/15, 2019.3, 2019年3月, full-width
     digits; a month alone is its first day) as YYYY-MM-DD, or "" if it is not one yet. */
  function isoDay(s) {
    var t = (s || "").replace(/[\uFF10-\uFF19\uFF0D\uFF0E\uFF0F\u3002]/g, function (c) {
      return c === "\u3002" ? "." : String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    });
    var m = /^\s*(\d{4})\s*[-.\/年]\s*(\d{1,2})\s*(月)?\s*(?:(?:[-.\/]|(?:))\s*(\d{1,2})\s*日?)?\s*$/.exec(t);
    if (!m) { return ""; }
    var y = +m[1], mo = +m[2], d = m[4] ? +m[4] : 1, day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) { return ""; }
    return y + "-" + pad(mo) + "-" + pad(d);
  }
  function today() {
    var t = new Date();
    return t.getFullYear() + "-" + pad(t.getMonth() + 1) + "-" + pad(t.getDate());
  }
  /* The same counting as the server: calendar months, or days, from the start date to the application date. */
  function count(since, asOf, unit) {
    var a = parseDate(since), b = parseDate(asOf);
    if (!a || !b) { return null; }
    if (unit === "day") {
      var days = Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 864e5);
      return days < 0 ? null : days;
    }
    if (Date.UTC(b.y, b.m - 1, b.d) < Date.UTC(a.y, a.m - 1, a.d)) { return null; }
    return (b.y - a.y) * 12 + b.m - a.m + 1;  /* calendar months, both ends counted */
  }

  /* The API takes JSON types (its OpenAPI document): digits as a number (full-width ones typed on
     a phone too), yes/no radios as booleans; anything else stays text for the server to judge. */
  function typed(el, v) {
    if (el.type === "radio" && (v === "true" || v === "false")) { return v === "true"; }
    if (el.getAttribute("inputmode") === "numeric") {
      var ascii = v.replace(/[\uFF10-\uFF19]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); });
      if (/^-?\d{1,15}$/.test(ascii)) { return parseInt(ascii, 10); }
    }
    return v;
  }

  function liveTotal(form) {
    var out = document.getElementById("live");
    if (!out || !window.fetch || !window.JSON) { return; }
    var timer = null, seq = 0;

    function answers() {
      var facts = {}, since = {}, asOf = "", scheme = null, periods = false;
      var els = form.elements;
      for (var i = 0; i < els.length; i++) {
        var el = els[i];
        if (el.hasAttribute("data-control")) { continue; }  /* the embed's colour and origin: not answers */
        if (!el.name || el.disabled || ((el.type === "radio" || el.type === "checkbox") && !el.checked)) { continue; }
        var v = (el.value || "").trim();
        if (v && el.hasAttribute("data-date")) { v = isoDay(v); if (!v) { continue; } }  /* not a date yet: not sent */
        if (el.hasAttribute("data-period")) { if (v && el.type === "text") { periods = true; } continue; }
        if (el.name === "as_of") { asOf = v; }
        else if (el.name === "scheme") { scheme = v || null; }
        else if (el.getAttribute("data-since-for")) {
          if (v) { since[el.getAttribute("data-since-for")] = { date: v, unit: el.getAttribute("data-unit") }; }
        }
        else if (v) { facts[el.name] = typed(el, v); }
      }
      var day = asOf || today();
      for (var f in since) {
        if (Object.prototype.hasOwnProperty.call(since, f) && !(f in facts)) {
          var n = count(since[f].date, day, since[f].unit);
          if (n !== null) { facts[f] = n; }
        }
      }
      var body = { city: form.getAttribute("data-city"), lang: form.getAttribute("data-lang"), facts: facts, as_of: day };
      if (scheme) { body.scheme = scheme; }
      body.periods = periods;
      return body;
    }

    var required = (form.getAttribute("data-required") || "").split(" ").filter(Boolean);

    function update() {
      var mine = ++seq, body = answers();
      if (body.periods) {  /* periods are counted by the server when the form is sent */
        out.textContent = out.getAttribute("data-periods");
        return;
      }
      delete body.periods;
      for (var r = 0; r < required.length; r++) {
        if (!(required[r] in body.facts)) {  /* no request until it could score: saves a slow network */
          out.textContent = out.getAttribute("data-incomplete");
          return;
        }
      }
      fetch(form.getAttribute("data-live"), {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().then(function (d) { return { ok: r.ok, status: r.status, d: d }; });
      }).then(function (x) {
        if (mine !== seq) { return; }
        if (x.status === 429) { return; }  /* rate-limited: keep the last total shown */
        if (x.ok) {
          var text = out.getAttribute("data-total").replace("%(total)s", x.d.total);
          out.textContent = x.d.total_is_partial ? text + " " + out.getAttribute("data-partial") : text;
        } else {
          out.textContent = out.getAttribute("data-incomplete");
        }
      })["catch"](function () { /* offline or slow: the submit button still works */ });
    }

    function later() { clearTimeout(timer); timer = setTimeout(update, 350); }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    for (var k in answers().facts) { update(); break; }  /* answers kept from before: show their total */
  }

  /* City search, the same rule as calculator/core/search.py: a name equal to the query, starting
     with it, or (3+ letters, or Chinese) containing it; none: the nearest names by edit distance. */
  function norm(s) { return s.toLowerCase().replace(/[\s'\u2019\-\u00b7.]+/g, ""); }
  function rank(q, ks) {
    var best = -1, loose = q.length > 2 || /[\u3400-\u9fff]/.test(q);
    for (var i = 0; i < ks.length; i++) {
      if (!ks[i]) { continue; }
      if (ks[i] === q) { return 0; }
      var r = ks[i].indexOf(q) === 0 ? 1 : (loose && ks[i].indexOf(q) >= 0 ? 2 : -1);
      if (r > 0 && (best < 0 || r < best)) { best = r; }
    }
    return best;
  }
  function distance(a, b) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  function filterList(input) {
    var box = document.querySelector(input.getAttribute("data-filter"));
    var msg = document.querySelector(input.getAttribute("data-nomatch"));
    if (!box || !msg) { return; }
    var items = [].slice.call(box.querySelectorAll("li[data-search]"));
    var cities = items.map(function (li) {
      var parts = li.getAttribute("data-search").split("|"), group = li.closest("details");
      var names = parts[0].split(" "), more = (parts[1] || "").split(" ");
      var prov = li.querySelector(".prov") || (group && group.querySelector("summary span"));
      return { li: li, names: names, keys: names.concat(more),
               id: li.querySelector("a").getAttribute("href").split("/")[2],
               prov: prov ? prov.textContent : "" };
    });
    function say(q, near) {
      msg.textContent = "";
      if (!near) { return; }
      var p = document.createElement("p");
      p.textContent = msg.getAttribute("data-none").replace("%(q)s", q);
      var p2 = document.createElement("p");
      p2.appendChild(document.createTextNode(msg.getAttribute("data-near") + " "));
      near.forEach(function (c, i) {
        var a = c.li.querySelector("a").cloneNode(true);
        a.className = "";
        p2.appendChild(a);
        var label = a.textContent !== c.prov && c.prov ? " (" + c.prov + ")" : "";
        p2.appendChild(document.createTextNode(label + (i < near.length - 1 ? ", " : "")));
      });
      msg.appendChild(p);
      msg.appendChild(p2);
    }
    input.addEventListener("input", function () {
      var raw = input.value.trim(), q = norm(raw), any = false;
      cities.forEach(function (c) {
        var hit = q === "" || rank(q, c.keys) >= 0;
        c.li.hidden = !hit;
        any = any || hit;
      });
      [].forEach.call(box.querySelectorAll("details"), function (d) {
        var shown = d.querySelector("li:not([hidden])");
        d.hidden = !shown;
        if (q !== "") { d.open = !!shown; } else { d.open = false; d.hidden = false; }
      });
      [].forEach.call(box.querySelectorAll("section"), function (s) {
        s.hidden = q !== "" && !s.querySelector("li:not([hidden])");
      });
      if (any) { say(raw, null); return; }
      var scored = cities.map(function (c) {
        return { c: c, d: Math.min.apply(null, c.names.map(function (k) { return distance(q, k); })) };
      }).sort(function (x, y) { return x.d - y.d || (x.c.id < y.c.id ? -1 : x.c.id > y.c.id ? 1 : 0); });
      var best = scored[0].d;
      say(raw, scored.slice(0, 5).filter(function (x) { return x.d <= best + 1; }).map(function (x) { return x.c; }));
    });
  }

  function errorSummary(box) {
    box.focus();
    box.addEventListener("click", function (e) {
      var a = e.target.closest ? e.target.closest("a[href^='#']") : null;
      var target = a && document.getElementById(a.getAttribute("href").slice(1));
      if (!target) { return; }
      e.preventDefault();
      var q = target.closest ? target.closest(".q") : null;
      (q || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  function start() {
    var form = document.querySelector("form[data-live]");
    if (form) { liveTotal(form); }
    var search = document.querySelector("input[data-filter]");
    if (search) { filterList(search); }
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { errorSummary(summary); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
