// Dot voting: +/− buttons and a live "noch N Punkte" counter. The form works without this file
// (plain number inputs and a submit button); the server checks every limit again.
(function () {
  "use strict";
  function init(form) {
    var limit = parseInt(form.getAttribute("data-limit"), 10) || 0;
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input.voting-points"));
    var counter = form.querySelector(".voting-remaining");
    var over = form.querySelector(".voting-over");
    var template = counter ? counter.textContent : "";
    function value(input) {
      var n = parseInt(input.value, 10);
      return isNaN(n) || n < 0 ? 0 : n;
    }
    function update() {
      var used = inputs.reduce(function (sum, input) { return sum + value(input); }, 0);
      var left = limit - used;
      if (counter) {
        counter.textContent = left === 1
          ? counter.getAttribute("data-one")
          : counter.getAttribute("data-many").replace("__N__", String(Math.max(left, 0)));
        counter.classList.toggle("voting-remaining--over", left < 0);
      }
      if (over) { over.hidden = left >= 0; }
      form.querySelectorAll(".voting-plus").forEach(function (button) {
        if (!button.hasAttribute("data-locked")) { button.disabled = left <= 0; }
      });
      form.querySelectorAll(".voting-minus").forEach(function (button) {
        var input = document.getElementById(button.getAttribute("data-target"));
        if (!button.hasAttribute("data-locked")) { button.disabled = !input || value(input) <= 0; }
      });
    }
    form.querySelectorAll(".voting-plus, .voting-minus").forEach(function (button) {
      if (button.disabled) { button.setAttribute("data-locked", ""); }
      button.hidden = false;
      button.addEventListener("click", function () {
        var input = document.getElementById(button.getAttribute("data-target"));
        if (!input || input.disabled) { return; }
        var step = button.classList.contains("voting-plus") ? 1 : -1;
        input.value = Math.max(value(input) + step, 0);
        update();
      });
    });
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    if (template) { update(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.voting-form").forEach(init);
  });
})();
