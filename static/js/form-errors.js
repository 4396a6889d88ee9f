/* The error summary (templates/_form_errors.html): focused when the page opens (autofocus does it where the browser
   honours it on any element), and a tap on an entry focuses that field, not only scrolls to it; for checkboxes or
   radios, the first of them. Without this script the links still jump to each field. */
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (!summary) return;
  if (document.activeElement !== summary) summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    var control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    event.preventDefault();
    // A closed <details> (the list pages' add forms) hides the field: open it first.
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var label = document.querySelector("label[for='" + (control || target).id + "']");
    (label || target).scrollIntoView({ block: "start" });
    // The address keeps no #field: it would follow the form's redirect onto the next page.
    if (control) control.focus({ preventScroll: true });
  });
})();
