/* Progressive enhancement for the plan editor (/plan/draft, /plan/edit): when a field
   changes, the form is sent to /plan/edit.json (with its CSRF token) and each section's
   findings and forecast are swapped in place; a value the plan reader cannot take is
   marked at its field with the reader's message. Without this file the form works as
   plain HTML ("Bijwerken" posts it). No inline script: the CSP allows only this site's
   files. */
(function () {
  "use strict";
  var form = document.getElementById("plan-editor");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("plan-editor-status");
  var timer = null;
  var latest = 0;
  var updates = 0;

  function clearLiveErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".live-error"), function (p) {
      var input = document.getElementById(p.getAttribute("data-for"));
      if (input) { input.removeAttribute("aria-invalid"); }
      p.remove();
    });
  }

  function markError(error) {
    var input = error.input ? form.querySelector('[name="' + error.input.replace(/"/g, "") + '"]') : null;
    var message = error.error + (error.field ? " (" + error.field + ")" : "");
    if (status) { status.textContent = message; }
    if (!input) { return; }
    var p = document.createElement("p");
    p.className = "field-error live-error";
    p.id = input.id + "-live-error";
    p.setAttribute("data-for", input.id);
    p.textContent = message;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", p.id);
    input.insertAdjacentElement("afterend", p);
  }

  function update() {
    var ticket = ++latest;
    var body = new FormData(form);
    var token = body.get("csrf_token") || "";
    form.setAttribute("aria-busy", "true");
    if (status) { status.textContent = form.getAttribute("data-updating") || ""; }
    fetch(form.getAttribute("data-live"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": token }
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (ticket !== latest) { return; }
      clearLiveErrors();
      if (!answer.ok) { markError(answer.error || {}); return; }
      Object.keys(answer.panels).forEach(function (sid) {
        var panel = document.getElementById("panel-" + sid);
        if (panel) { panel.innerHTML = answer.panels[sid]; }
      });
      updates += 1;
      form.setAttribute("data-updates", String(updates));
      if (status) { status.textContent = answer.status; }
    }).catch(function () {
      if (status) { status.textContent = ""; }
    }).then(function () {
      if (ticket === latest) { form.removeAttribute("aria-busy"); }
    });
  }

  function later() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(update, 600);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
}());
