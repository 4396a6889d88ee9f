/* Department pickers: a text field with the page's <datalist> of departments, which the browser narrows as one types
   (no script needed; the server reads the name typed). With this script the list also gets the matches of the whole
   scope from the field's data-search URL (problems.views.problem_departments_page), so a province office finds any
   of its 2,111 departments without the page listing them all. No framework. */
(function () {
  "use strict";

  function fill(list, results) {
    while (list.firstChild) list.removeChild(list.firstChild);
    results.forEach(function (result) {
      var option = document.createElement("option");
      option.value = result.label;
      list.appendChild(option);
    });
  }

  function enable(input) {
    var source = input.getAttribute("data-search");
    var list = document.getElementById(input.getAttribute("list"));
    if (!source || !list) return;
    var timer = null, asked = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (text === asked) return;
        asked = text;
        var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) {
            // A late answer to an older text must not replace the list of the newer one.
            if (data && input.value.trim() === text) fill(list, data.results);
          })
          .catch(function () { /* offline: the page's own list still works */ });
      }, 200);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input.department-picker[data-search]"), enable);
})();
