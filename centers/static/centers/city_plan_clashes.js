/* The event editor's clash warning, asked again while the dates, levels and subjects change (before saving).
   It only warns: the form is never blocked. */
(function () {
  "use strict";
  function setUp(box) {
    var form = box.closest("form");
    if (!form || box.dataset.ready) return;
    box.dataset.ready = "1";
    var found = box.querySelector(".centers-clashes__found");
    var list = box.querySelector(".centers-clashes__list");
    var none = box.querySelector(".centers-clashes__none");
    var timer = null;
    function check() {
      var data = new FormData(form);
      var query = new URLSearchParams();
      ["start", "end", "repeat", "repeat_interval", "repeat_until", "repeat_count"].forEach(function (name) {
        query.append(name, data.get(name) || "");
      });
      ["levels", "subjects"].forEach(function (name) {
        data.getAll(name).forEach(function (value) { query.append(name, value); });
      });
      query.append("page", box.dataset.page || "");
      query.append("parent", box.dataset.parent || "");
      fetch(box.dataset.clashCheck + "?" + query.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer) return;
          list.replaceChildren();
          answer.clashes.forEach(function (line) {
            var item = document.createElement("li");
            item.textContent = line;
            list.appendChild(item);
          });
          found.hidden = answer.clashes.length === 0;
          none.hidden = answer.clashes.length !== 0;
        })
        .catch(function () {});
    }
    form.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      var watched = ["start", "end", "levels", "subjects", "repeat", "repeat_interval", "repeat_until", "repeat_count"];
      if (watched.indexOf(name) === -1) return;
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    });
  }
  function setUpAll() { document.querySelectorAll("[data-clash-check]").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
