// Progressive enhancement for long submissions (the import's upload and confirmation): once pressed, the
// button cannot be pressed twice and a status line says the work is under way. Without this file the
// page works the same; the text beside the button already says how long a large file takes.
(function () {
  "use strict";
  document.querySelectorAll("form[data-busy-message]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector("[data-busy-status]");
      if (status) status.textContent = form.getAttribute("data-busy-message");
      form.setAttribute("aria-busy", "true");
      // After this tick, so the pressed button's own name and value are still submitted.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
