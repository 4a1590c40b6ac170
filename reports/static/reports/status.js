// Watches a report being made: polls the status as JSON, updates the progress, shows the link.
(function () {
  var box = document.getElementById("report-status");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        document.getElementById("report-label").textContent = data.label;
        document.getElementById("report-progress").value = data.step;
        var step = document.getElementById("report-step");
        step.textContent = step.textContent.replace(/\d+/, String(data.step));
        if (data.status === "ready" || data.status === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
