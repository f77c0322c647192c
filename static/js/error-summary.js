// Where the server put the focus after a submit: the error summary (templates/includes/form_errors.html),
// or the address the 住所検索 button just filled. Without this file the page still works: the summary
// comes first and carries autofocus. This makes sure focus lands there in every browser, scrolled into
// view with its label, and that a link in the summary moves to the field itself (GOV.UK's pattern).
(function () {
  "use strict";
  function reveal(field) {
    var group = field.closest("fieldset");
    var label = field.id ? document.querySelector("label[for='" + field.id + "']") : null;
    var anchor = group ? group.querySelector("legend") || group : label || field;
    anchor.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    var filled = document.querySelector("main [autofocus]");
    if (filled) reveal(filled);
    return;
  }
  summary.focus({ preventScroll: true });
  summary.scrollIntoView({ block: "start" });
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    reveal(field);
  });
})();
