/* Points-settlement calculator: one <script> tag puts the calculator on a portal page.
   <script src="https://CALCULATOR/static/embed.js" data-city="beijing" data-lang="zh"
           data-color="#b22222" data-title="..."></script>
   Parameters (names kept stable; new ones are only ever added):
     data-city   a city id (GET /api/v1/cities), required
     data-lang   zh or en (default zh)
     data-color  the portal's colour as #rrggbb; a colour with less than 4.5:1 contrast
                 against white falls back to the calculator's blue
     data-title  the iframe's accessible title (default: the calculator's name)
   It never throws into the host page and sets no cookie. */
(function () {
  "use strict";
  try {
    var script = document.currentScript;
    if (!script || !script.src) { return; }
    var base = new URL(script.src).origin;
    var city = (script.getAttribute("data-city") || "").toLowerCase();
    if (!/^[a-z]{2,30}$/.test(city)) {
      if (window.console) { console.warn("points calculator: data-city is missing or not a city id"); }
      return;
    }
    var lang = script.getAttribute("data-lang") === "en" ? "en" : "zh";
    var color = script.getAttribute("data-color") || "";
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) { color = ""; }
    var title = script.getAttribute("data-title") ||
      (lang === "en" ? "Points settlement calculator" : "积分落户计算器");
    var params = "?parent=" + encodeURIComponent(window.location.origin) +
      (color ? "&color=" + encodeURIComponent(color) : "");
    var frame = document.createElement("iframe");
    frame.src = base + "/embed/" + lang + "/" + city + "/" + params;
    frame.title = title;
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation");
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.display = "block";
    frame.style.height = "720px";
    script.parentNode.insertBefore(frame, script.nextSibling);
    /* The frame says "loaded" on every page it shows, but only to an allowed host (the server
       tells it which). No word within a few seconds of the frame's load: this site is not on the
       calculator's allow-list (the browser refused the frame), so a link replaces the empty box. */
    var pages = 0;
    var fullUrl = base + "/" + lang + "/" + city + "/";
    frame.addEventListener("load", function () {
      var seen = pages;
      setTimeout(function () {
        if (pages > seen || pages > 0 || !frame.parentNode) { return; }
        var p = document.createElement("p");
        p.className = "points-calculator-fallback";
        var a = document.createElement("a");
        a.href = fullUrl;
        a.target = "_blank";
        a.rel = "noopener";
        a.textContent = lang === "en" ? "Open the points settlement calculator (opens in a new tab)"
          : "打开积分落户计算器（在新标签页中打开）";
        p.appendChild(a);
        frame.parentNode.replaceChild(p, frame);
      }, 3000);
    });
    window.addEventListener("message", function (event) {
      if (event.origin !== base || event.source !== frame.contentWindow) { return; }
      var data = event.data;
      if (!data || (data.type !== "points-calculator:height" && data.type !== "points-calculator:loaded")) { return; }
      var h = Math.round(Number(data.height));
      if (isFinite(h) && h > 100 && h < 50000) { frame.style.height = h + "px"; }
      if (data.type === "points-calculator:loaded") {
        pages += 1;
        /* a new page inside the frame (a submit, a link): show its top, not the portal's footer */
        var top = frame.getBoundingClientRect().top;
        if (pages > 1 && (top < 0 || top > window.innerHeight)) {
          window.scrollTo(window.pageXOffset, top + window.pageYOffset);
        }
      }
    });
  } catch (err) {
    if (window.console) { console.warn("points calculator:", err); }
  }
})();
