// Irreversible steps ask first: a form with data-confirm="what will happen" opens the page's
// <dialog id="confirm-dialog"> (boards/_confirm_dialog.html) with that text, and is sent only when the
// person confirms. Without JavaScript (or a browser without <dialog>) the form posts as it always did.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.dataset.confirmed === "1") {
      return;
    }
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    event.preventDefault();
    var submitter = event.submitter || null;
    dialog.querySelector("[data-confirm-text]").textContent = form.dataset.confirm;
    var yes = dialog.querySelector("button[value=confirm]");
    yes.textContent = form.dataset.confirmButton || yes.dataset.defaultLabel;
    dialog.returnValue = "";
    dialog.addEventListener(
      "close",
      function () {
        if (dialog.returnValue !== "confirm") {
          return;
        }
        form.dataset.confirmed = "1";
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        } else {
          form.submit();
        }
      },
      { once: true }
    );
    dialog.showModal();
    yes.focus();
  });
})();
