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
    window.addEventListener("message", function (event) {
      if (event.origin !== base || event.source !== frame.contentWindow) { return; }
      var data = event.data;
      if (!data || data.type !== "points-calculator:height") { return; }
      var h = Math.round(Number(data.height));
      if (isFinite(h) && h > 100 && h < 50000) { frame.style.height = h + "px"; }
    });
  } catch (err) {
    if (window.console) { console.warn("points calculator:", err); }
  }
})();
