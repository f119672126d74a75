// Regio Agenda: the little script the pages need besides htmx.
// Keep focus where the user is when htmx swaps a region that contains it.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (target && target.id === "main") { target.focus(); }
});
