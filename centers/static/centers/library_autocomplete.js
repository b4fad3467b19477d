// Suggests titles as the teacher types in any library search field; without JavaScript the forms work the same.
(function () {
  "use strict";
  if (!window.fetch) { return; }
  function bind(input) {
    var list = input.list;
    if (!list || input.dataset.autocompleteBound) { return; }
    input.dataset.autocompleteBound = "1";
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (text.length < 2 || text === last) { return; }
        last = text;
        fetch(input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { titles: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.titles || []).forEach(function (title) {
              var option = document.createElement("option");
              option.value = title;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }
  function bindAll() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-autocomplete-url]"), bind);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", bindAll); } else { bindAll(); }
})();
