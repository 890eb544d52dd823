// Clicking anything that carries data-evidence highlights those utterances in its session's
// transcript and scrolls to the first. No network, no libraries.
(function () {
  "use strict";
  function clear(section) {
    section.querySelectorAll("tr.utt.hl").forEach(function (row) { row.classList.remove("hl"); });
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-evidence], button.clear");
    if (!target) { return; }
    var section = target.closest("section.session");
    if (!section) { return; }
    clear(section);
    if (target.matches("button.clear")) { return; }
    var ids = (target.getAttribute("data-evidence") || "").split(/\s+/).filter(Boolean);
    var anchor = section.getAttribute("data-session");
    var first = null;
    ids.forEach(function (id) {
      var row = document.getElementById(anchor + "-u" + id);
      if (row) { row.classList.add("hl"); if (!first) { first = row; } }
    });
    if (first) { first.scrollIntoView({ behavior: "smooth", block: "center" }); }
  });
})();
