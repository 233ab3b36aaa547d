// Small progressive enhancements. No inline scripts anywhere (CSP: script-src 'self').
document.addEventListener("DOMContentLoaded", function () {
  // Auto-submit filter forms marked data-autosubmit when a select changes (forms still work without JS).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (el) {
    el.addEventListener("change", function () { el.form.requestSubmit(); });
  });
});
