// What JavaScript adds to pages that work without it: forms that show what the page shows after
// Back, the filters unfolded on wide screens, one-click copy of a citation, and completions in
// the search box. Nothing here is needed to search, filter, read or cite.
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 48.01rem)");

  // Back may restore what was typed but never applied; put back what this page searched for.
  function resetForms() {
    document.querySelectorAll("form").forEach(function (form) { form.reset(); });
  }

  function unfoldFilters() {
    var panel = document.getElementById("filters");
    if (panel) { panel.open = WIDE.matches; }
  }

  function copyButton(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    if (!target || !status || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.innerText.trim()).then(function () {
        status.textContent = "Copied";
      }, function () {
        status.textContent = "Could not copy: select the text and copy it";
      });
    });
  }

  function completions(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var asked = "";
    if (!list) { return; }
    input.addEventListener("input", function () {
      var text = input.value;
      if (text.trim().length < 2 || text === asked) { return; }
      asked = text;
      fetch("/api/suggest?q=" + encodeURIComponent(text)).then(function (response) {
        return response.ok ? response.json() : [text, []];
      }).then(function (answer) {
        if (answer[0] !== input.value) { return; }
        list.replaceChildren.apply(list, answer[1].map(function (word) {
          var option = document.createElement("option");
          option.value = word;
          return option;
        }));
      }).catch(function () { /* no completions: the box still searches */ });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    unfoldFilters();
    WIDE.addEventListener("change", unfoldFilters);
    document.querySelectorAll("button[data-copy]").forEach(copyButton);
    document.querySelectorAll("input[list]").forEach(completions);
  });
  window.addEventListener("pageshow", resetForms);
})();
