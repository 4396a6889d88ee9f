/* A bulk form whose boxes sit in a table (<input class="pick" form="ID">): ticking a box opens the form's folded
   <details data-opens-on-tick="ID">, and the label carrying <input data-select-all="ID"> (hidden without a script)
   ticks every box of the page. Without a script the boxes and the form work the same. No framework. */
(function () {
  "use strict";

  function picksOf(id) {
    return document.querySelectorAll('input.pick[form="' + id + '"]');
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-opens-on-tick]"), function (fold) {
    Array.prototype.forEach.call(picksOf(fold.getAttribute("data-opens-on-tick")), function (pick) {
      pick.addEventListener("change", function () { if (pick.checked) fold.open = true; });
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-select-all]"), function (box) {
    var picks = picksOf(box.getAttribute("data-select-all"));
    if (!picks.length) return;
    box.closest("label").hidden = false;
    box.addEventListener("change", function () {
      Array.prototype.forEach.call(picks, function (pick) { pick.checked = box.checked; });
    });
  });
})();
