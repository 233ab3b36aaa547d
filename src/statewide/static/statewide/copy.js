// Copy buttons: <button data-copy-target="ID" hidden> copies the text of #ID. Shown only when the
// Clipboard API is available; the status next to it announces "Copied" to screen readers.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentElement.querySelector(".copy-status");
    if (!target) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        var done = status ? status.getAttribute("data-copied") : "Copied";
        button.textContent = done;
        if (status) { status.textContent = done; }
        setTimeout(function () { button.textContent = label; if (status) { status.textContent = ""; } }, 3000);
      });
    });
  });
});
