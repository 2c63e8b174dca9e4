/* Progressive enhancement for /recommend: when a field of the profile form changes, the
   advice is fetched again (the same URL with ?partial=1, which returns only the form
   and the advice) and swapped in, without a full reload; the address bar follows, so
   the advice stays shareable. "Why?", "exclude" and "allow again" links and the
   "why (not)?" form load in place too. Without this file every form and link works as
   plain HTML. No inline script anywhere: the Content-Security-Policy allows only files
   from this site. */
(function () {
  "use strict";
  var root = document.getElementById("recommend-app");
  if (!root || !window.fetch || !window.history || !window.DOMParser ||
      !window.URLSearchParams || !window.FormData) { return; }
  var status = document.getElementById("recommend-status");
  var timer = null;
  var latest = 0;

  function queryOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim() !== "") { params.append(key, value); }
    });
    return params.toString();
  }

  function partialUrl(url) {
    var u = new URL(url, window.location.href);
    u.searchParams.set("partial", "1");
    u.hash = "";
    return u.toString();
  }

  function load(url, push, focusTarget) {
    var ticket = ++latest;                   // only the newest answer is shown
    root.classList.add("is-loading");
    root.setAttribute("aria-busy", "true");
    var focusedId = document.activeElement && root.contains(document.activeElement)
      ? document.activeElement.id : null;
    return fetch(partialUrl(url), { headers: { "Accept": "text/html" },
                                    credentials: "same-origin" })
      .then(function (response) {
        // 400 is a page too: the form with the errors beside their fields.
        if (!response.ok && response.status !== 400) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        if (ticket !== latest) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("recommend-app");
        if (!fresh) { throw new Error("no advice"); }
        // Sections the reader opened (the exclusions, the pasted profile) stay open.
        var opened = Array.prototype.map.call(root.querySelectorAll("details[open]"),
          function (d) { return d.className; });
        root.replaceChildren.apply(root, Array.prototype.slice.call(fresh.childNodes).map(
          function (n) { return document.importNode(n, true); }));
        Array.prototype.forEach.call(root.querySelectorAll("details"), function (d) {
          if (d.className && opened.indexOf(d.className) >= 0) { d.open = true; }
        });
        var message = fresh.getAttribute("data-status");
        if (message) { root.setAttribute("data-status", message); } else { root.removeAttribute("data-status"); }
        // The server names the profile's canonical address (no empty fields, no defaults).
        var canonical = fresh.getAttribute("data-url");
        if (canonical) {
          var hash = url.indexOf("#") >= 0 ? url.slice(url.indexOf("#")) : "";
          url = canonical + hash;
          root.setAttribute("data-url", canonical);
        }
        if (push) { history.pushState({ recommend: true }, "", url); }
        var heading = root.querySelector("#advice-title");
        if (heading) { document.title = heading.textContent + " — " + document.title.split(" — ").pop(); }
        if (status) { status.textContent = message || ""; }
        var target = focusTarget ? document.getElementById(focusTarget)
          : (focusedId ? document.getElementById(focusedId) : null);
        if (target) { target.focus(); }
        if (focusTarget === "explain-title" && target) { target.scrollIntoView({ block: "start" }); }
      })
      .catch(function () { window.location.href = url; })   // fall back to a normal load
      .then(function () {
        if (ticket !== latest) { return; }
        root.classList.remove("is-loading");
        root.removeAttribute("aria-busy");
      });
  }

  function formUrl(form) {
    var query = queryOf(form);
    var action = form.getAttribute("action") || window.location.pathname;
    var hash = action.indexOf("#") >= 0 ? action.slice(action.indexOf("#")) : "";
    action = action.split("#")[0];
    return action + (query ? "?" + query : "") + hash;
  }

  // A changed field updates the advice (a short pause lets several changes go as one).
  root.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || form.id !== "profile-form") { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { load(formUrl(form), true, null); }, 200);
  });

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "get") { return; }     // the pasted profile posts
    event.preventDefault();
    window.clearTimeout(timer);
    load(formUrl(form), true, form.id === "profile-form" ? null : "explain-title");
  });

  root.addEventListener("click", function (event) {
    var link = event.target.closest("a.inplace");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey ||
        event.ctrlKey || event.shiftKey || event.altKey || link.origin !== window.location.origin) {
      return;
    }
    event.preventDefault();
    var toExplain = link.hash === "#why";
    load(link.href, true, toExplain ? "explain-title" : "advice-title");
  });

  window.addEventListener("popstate", function () {
    if (window.location.pathname === "/recommend") { load(window.location.href, false, null); }
  });
})();
