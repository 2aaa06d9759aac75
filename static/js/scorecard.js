// The reviewer's scorecard (/review/<id>/): a running weighted total as scores are chosen.
// Σ weight × score / Σ weight over the criteria scored; n/a and unanswered are left out,
// as the server computes it (challenges.services.review.weighted_mean).
(function () {
  "use strict";
  var form = document.querySelector("[data-scorecard]");
  if (!form) return;
  var output = form.querySelector("[data-scorecard-total]");
  function update() {
    var sum = 0;
    var weights = 0;
    form.querySelectorAll("fieldset[data-weight]").forEach(function (fieldset) {
      var checked = fieldset.querySelector("input[type=radio]:checked");
      if (!checked || checked.value === "na") return;
      var weight = Number(fieldset.dataset.weight);
      sum += weight * Number(checked.value);
      weights += weight;
    });
    output.textContent = weights ? (sum / weights).toFixed(2) : "—";
  }
  form.addEventListener("change", update);
  update();
})();
