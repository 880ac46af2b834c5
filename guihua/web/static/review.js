// Review queue keys: j/k move, c confirm, r reject, e correct (then Enter saves). Each press submits the item's form.
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
  function press(key) {
    var el = items[i].querySelector('[data-key="' + key + '"]');
    if (!el) return;
    if (key === "e") { var d = el.parentNode; d.open = true; var f = d.querySelector('input[name="value"]'); if (f) f.focus(); return; }
    el.click();
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    if (e.key === "j") select(i + 1);
    else if (e.key === "k") select(i - 1);
    else if (e.key === "c" || e.key === "r" || e.key === "e") { e.preventDefault(); press(e.key); }
  });
  items.forEach(function (it, n) { it.addEventListener("click", function () { select(n); }); });
  // Enter in a correction field saves the correction (not the form's first button, 确认)
  document.querySelectorAll("#queue .fields input").forEach(function (inp) {
    inp.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); inp.closest(".fields").querySelector("button.fix").click(); }
    });
  });
})();
