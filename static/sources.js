// A claim page's source list (templates/claim.html): each source's "↑" links lead back to the places
// in the text that cite it, but a source is also cited from the cost tables' rows, which no "↑" names.
// This script remembers, for each source, the link on this page the reader last followed to it (a
// citation in the text or a table row's source link), and makes that source's "↑" return there: to
// where the reader came from, not always to the first citation in the text.
//
// Progressive: without this script the "↑" links keep going to their citations in the text. The way
// back is an ordinary jump to an anchor (a link without an id is given one, "<source's id>-from-<n>"),
// so the address, the history (Back returns to the source), :target and the next Tab all follow it.
// No inline style, no element.style, no eval: it runs under a strict Content-Security-Policy.
(function () {
  "use strict";

  var list = document.querySelector(".source-list");
  if (!list) return;

  var cameFrom = {}; // a source's element id -> the link the reader last followed to it

  function page(path) {
    return path.replace(/\/index\.html$/, "/");
  }

  function sourceFor(link) {
    // The source entry (an <li> of the source list) that `link` leads to on this page, or null.
    if (!link.hash || link.origin !== location.origin || page(link.pathname) !== page(location.pathname) ||
        link.search !== location.search) return null;
    var id;
    try { id = decodeURIComponent(link.hash.slice(1)); } catch (err) { return null; }
    var target = document.getElementById(id);
    return target && target.parentElement === list ? target : null;
  }

  function anchorOf(link, source) {
    // The link's id, or a new one no element of the page has yet.
    if (!link.id) {
      var n = 1;
      while (document.getElementById(source.id + "-from-" + n)) n += 1;
      link.id = source.id + "-from-" + n;
    }
    return link.id;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link) return;

    var back = link.closest(".back-links");
    if (back) {
      // A "↑": back to where the reader came from, if they followed a link to this source.
      var source = back.closest("li");
      var origin = source && cameFrom[source.id];
      if (!origin || !origin.isConnected) return;
      event.preventDefault();
      var anchor = anchorOf(origin, source);
      if (location.hash === "#" + encodeURIComponent(anchor)) origin.scrollIntoView();
      else location.hash = encodeURIComponent(anchor);
      origin.focus({ preventScroll: true });
      return;
    }

    var target = sourceFor(link);
    if (target) cameFrom[target.id] = link;
  });
}());
