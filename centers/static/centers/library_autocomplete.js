// Suggests titles as the teacher types; without JavaScript the search form works the same.
(function () {
  "use strict";
  var input = document.getElementById("library-q");
  var list = document.getElementById("library-titles");
  if (!input || !list || !window.fetch) { return; }
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
})();
