/* Inside the embedded calculator: tell the host page our height, and only that host.
   The server sets data-parent on <html> only for an origin on its allow-list. */
(function () {
  "use strict";
  var parentOrigin = document.documentElement.getAttribute("data-parent");
  if (!parentOrigin || window.parent === window) { return; }
  var last = 0;
  function send() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h !== last) {
      last = h;
      window.parent.postMessage({ type: "points-calculator:height", height: h }, parentOrigin);
    }
  }
  if (window.ResizeObserver) { new ResizeObserver(send).observe(document.documentElement); }
  window.addEventListener("load", send);
  send();
})();
