// The import's confirmation, for a long file: once 「取り込む」 is pressed, the button cannot be pressed twice
// and a status line says 取り込み中です… with the rows and an estimate; while the page waits for the answer, it
// asks the server how far the import has got (ImportProgress, written outside the import's transaction)
// and shows the rows written so far. Without this file the button works the same: the answer comes when the
// import is done, and the text beside the button gives the estimate.
(function () {
  "use strict";
  document.querySelectorAll("form[data-import-progress]").forEach(function (form) {
    var box = form.querySelector("[data-running]");
    var text = form.querySelector("[data-running-text]");
    var bar = form.querySelector("[data-running-bar]");
    if (!box || !text || !bar) return;
    var timer = null;

    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, function (all, key) {
        return values[key] === undefined ? all : String(values[key]);
      });
    }

    function show(state) {
      if (state.status === "running" && state.phase === "writing") {
        text.textContent = fill(text.getAttribute("data-writing"), state);
        bar.max = Math.max(state.total, 1);
        bar.value = state.done;
      } else if (state.status === "running") {
        text.textContent = text.getAttribute("data-checking");
      } else if (state.status === "done") {
        text.textContent = text.getAttribute("data-finishing");
        bar.value = bar.max;
        window.clearInterval(timer);
      }
    }

    function poll() {
      fetch(form.getAttribute("data-import-progress"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) { if (state) show(state); })
        .catch(function () { /* the line keeps its last figures; the import itself is not affected */ });
    }

    form.addEventListener("submit", function () {
      text.textContent = text.getAttribute("data-start");
      bar.removeAttribute("value"); // indeterminate until the first figures come
      box.hidden = false;
      form.setAttribute("aria-busy", "true");
      // After this tick, so the pressed button's own name and value are still submitted.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
      timer = window.setInterval(poll, 1000);
    });
  });
})();
