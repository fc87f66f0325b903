/* After a failed submit, move focus to the error summary so that keyboard and screen-reader users
 * hear what to correct first; each item links to its field (WCAG 3.3.1, 3.3.3). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
