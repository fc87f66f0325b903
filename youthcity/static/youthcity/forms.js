/* Behaviour shared by every page, kept out of the HTML (the Content-Security-Policy allows no
 * inline script or event handler):
 * - after a failed submit, focus moves to the error summary so that keyboard and screen-reader
 *   users hear what to correct first; each item links to its field (WCAG 3.3.1, 3.3.3);
 * - a form with data-confirm="question" asks before it is sent (withdrawing, cancelling: one tap
 *   on a phone must not end an application by accident; WCAG 3.3.4);
 * - a button with data-print opens the browser's print dialogue (print or save as PDF). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
})();
