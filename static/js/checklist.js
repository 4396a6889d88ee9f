/* Checklists (liaison_portal.widgets.Checklist): a box that narrows the checkboxes to those whose label holds the
   typed text, and a count of those ticked (hidden ones stay ticked and are posted). No framework; without this
   script every checkbox is shown and the form posts the same. */
(function () {
  "use strict";

  function enable(list) {
    if (list.hasAttribute("data-checklist-ready")) return;
    list.setAttribute("data-checklist-ready", "");
    var search = list.querySelector(".checklist-search");
    var count = list.querySelector(".checklist-count");
    var options = Array.prototype.slice.call(list.querySelectorAll(".checklist-options label"));

    function recount() {
      var ticked = list.querySelectorAll("input[type=checkbox]:checked").length;
      count.textContent = count.getAttribute("data-chosen").replace("%(count)s", ticked);
      count.hidden = false;
    }

    if (options.length > 8) search.hidden = false;
    search.addEventListener("input", function () {
      var text = search.value.trim().toLowerCase();
      options.forEach(function (label) {
        var row = label.parentElement.tagName === "DIV" ? label.parentElement : label;
        row.hidden = text !== "" && label.textContent.toLowerCase().indexOf(text) < 0;
      });
    });
    // Enter in the narrowing box must not post the form.
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
    list.addEventListener("change", recount);
    recount();
  }

  function enableAll() { Array.prototype.forEach.call(document.querySelectorAll("[data-checklist]"), enable); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enableAll);
  else enableAll();
})();
