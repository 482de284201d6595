// The drop zone: a file dropped on it, or chosen, is sent at once.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("slapp");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector(".slapp-yta");
  input.addEventListener("change", function () { if (input.files.length) form.submit(); });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    form.submit();
  });
});
