/* Progressive enhancement for the search page: facet, filter and page links load the
   results in place instead of reloading the page. Without this file (or without
   JavaScript) every link still works as a plain link. No inline script anywhere: the
   Content-Security-Policy allows only this file. */
(function () {
  "use strict";
  var root = document.getElementById("search-results");
  if (!root || !window.fetch || !window.history || !window.DOMParser) { return; }

  function load(url, push) {
    root.classList.add("is-loading");
    root.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("search-results");
        if (!fresh) { throw new Error("no results"); }
        root.replaceChildren.apply(root, Array.prototype.slice.call(fresh.childNodes).map(function (n) {
          return document.importNode(n, true);
        }));
        var form = document.querySelector("form.search-form");
        var freshForm = doc.querySelector("form.search-form");
        if (form && freshForm) { form.replaceWith(document.importNode(freshForm, true)); }
        document.title = doc.title;
        if (push) { history.pushState({ search: true }, "", url); }
        var heading = document.getElementById("results-title");
        if (heading) { heading.focus(); }   // tell screen-reader users the results changed
      })
      .catch(function () { window.location.href = url; })   // fall back to a normal load
      .then(function () {
        root.classList.remove("is-loading");
        root.removeAttribute("aria-busy");
      });
  }

  root.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey ||
        event.ctrlKey || event.shiftKey || event.altKey) { return; }
    var inFacets = link.closest(".facets, .pagination, .suggestion");
    if (!inFacets || link.origin !== window.location.origin) { return; }
    event.preventDefault();
    load(link.href, true);
  });

  window.addEventListener("popstate", function () {
    if (window.location.pathname === "/search") { load(window.location.href, false); }
  });
})();
