/* The result's copy button (shown only when this runs); without it the link stays selectable. */
(function () {
  "use strict";
  function start() {
    var button = document.querySelector("button[data-copy]");
    var input = button && document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    var status = button.parentNode.querySelector(".copied");
    function say(attr) { status.textContent = button.getAttribute(attr); }
    function fallback() {
      input.focus();
      input.select();
      try { say(document.execCommand("copy") ? "data-copied" : "data-failed"); } catch (e) { say("data-failed"); }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { say("data-copied"); }, fallback);
      } else { fallback(); }
    });
    input.addEventListener("focus", function () { input.select(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
