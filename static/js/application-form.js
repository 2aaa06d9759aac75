// The application form's helpers; the form works without them (the server counts and parses).
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat("en-US");

  // "1,234/3,000자" under each text box, updated as the person types.
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var box = document.getElementById(counter.getAttribute("data-count-for"));
    var value = counter.querySelector(".char-count-value");
    if (!box || !value) {
      return;
    }
    var update = function () {
      value.textContent = numbers.format(box.value.length);
    };
    box.addEventListener("input", update);
    update();
  });

  // Amounts in won: separators added when the person leaves the box ("50000000" -> "50,000,000").
  document.querySelectorAll("input[data-amount]").forEach(function (input) {
    input.addEventListener("blur", function () {
      var digits = input.value.replace(/[^0-9]/g, "");
      if (digits !== "" && digits === input.value.replace(/[,\s원]/g, "")) {
        input.value = numbers.format(Number(digits));
      }
    });
  });
})();
