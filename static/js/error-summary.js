// The error summary after a failed submit (templates/includes/form_errors.html), GOV.UK's way.
// Without this file the box still comes first and carries autofocus; this makes sure focus lands on it
// in every browser, and that a link in it moves to the field itself, with its label in view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  if (document.activeElement !== summary) {
    summary.focus();
  }
  summary.scrollIntoView({ block: "start" });
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    var group = field.closest("fieldset");
    var anchor = group ? group.querySelector("legend") || group : label || field;
    anchor.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
