// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // After a failed submit, move focus to the error summary so it is read out first.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
