/* Inside the embedded calculator: tell the host page our height, and that a page has loaded (so
   it can scroll to our top after a navigation, and knows the frame works), and only that host.
   The server sets data-parent on <html> only for an origin on its allow-list. */
(function () {
  "use strict";
  var parentOrigin = document.documentElement.getAttribute("data-parent");
  if (!parentOrigin || window.parent === window) { return; }
  var last = 0;
  function post(type) {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    last = h;
    window.parent.postMessage({ type: type, height: h }, parentOrigin);
  }
  function send() {
    if (Math.ceil(document.documentElement.getBoundingClientRect().height) !== last) { post("points-calculator:height"); }
  }
  post("points-calculator:loaded");
  if (window.ResizeObserver) { new ResizeObserver(send).observe(document.documentElement); }
  window.addEventListener("load", send);
})();
