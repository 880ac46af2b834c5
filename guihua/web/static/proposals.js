// Proposed actuals: j/k move, a accept, r reject. Each key submits the item's form (the account is the session's).
(function () {
  var items = Array.prototype.slice.call(document.querySelectorAll("#queue .item"));
  if (!items.length) return;
  var i = 0;
  var err = document.querySelector("#queue .item.has-error");
  if (err) i = items.indexOf(err);
  function select(n) {
    if (n < 0 || n >= items.length) return;
    items[i].classList.remove("current"); i = n; items[i].classList.add("current");
    items[i].scrollIntoView({ block: "nearest" });
  }
  select(i);
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    if (e.key === "j") select(i + 1);
    else if (e.key === "k") select(i - 1);
    else if (e.key === "a" || e.key === "r") {
      var el = items[i].querySelector('[data-key="' + e.key + '"]');
      if (!el) return;
      e.preventDefault();
      el.click();
    }
  });
  items.forEach(function (it, n) { it.addEventListener("click", function () { select(n); }); });
})();
