(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("collation-data").textContent);
  var body = document.body;
  body.classList.add("js");
  var rows = document.querySelectorAll("#synopsis tbody tr");

  var only = document.getElementById("only-varying");
  only.addEventListener("change", function () { body.classList.toggle("only-varying", only.checked); });

  var panel = document.getElementById("readings");
  var list = document.getElementById("readings-list");
  var selected = null;
  function show(tr) {
    var n = tr.getAttribute("data-n");
    var readings = data.readings[n];
    if (!readings) { return; }
    if (selected) { selected.classList.remove("selected"); }
    selected = tr; tr.classList.add("selected");
    document.getElementById("readings-row").textContent = n;
    list.textContent = "";
    readings.forEach(function (r) {
      var li = document.createElement("li");
      var who = document.createElement("strong");
      who.textContent = r[0].join(" ") + ": ";
      li.appendChild(who);
      li.appendChild(document.createTextNode(r[1] === "" ? "\u2014 (nothing here)" : r[1]));
      list.appendChild(li);
    });
    (data.moved[n] || []).forEach(function (m) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#r" + m[1];
      a.textContent = m[0] + ": transposed, see row " + m[1];
      li.appendChild(a);
      list.appendChild(li);
    });
    panel.hidden = false;
  }
  document.getElementById("synopsis").addEventListener("click", function (ev) {
    var tr = ev.target.closest("tr.v");
    if (tr) { show(tr); }
  });
  document.getElementById("synopsis").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.matches && ev.target.matches("tr.v")) { show(ev.target); }
  });
  document.getElementById("readings-close").addEventListener("click", function () { panel.hidden = true; });

  function add(out, tag, text, cls) {
    if (!text) { return; }
    if (out.lastChild) { out.appendChild(document.createTextNode(" ")); }
    if (tag) {
      var el = document.createElement(tag);
      el.textContent = text;
      if (cls) { el.className = cls; }
      out.appendChild(el);
    } else {
      out.appendChild(document.createTextNode(text));
    }
  }
  function redline(a, b) {
    var out = document.getElementById("pair-out");
    out.textContent = "";
    var plain = [], gone = [], come = [], moved = false;
    function flush() {
      add(out, null, plain.join(" ")); plain = [];
      // what A reads, then what B reads instead (a transposed passage marked as such)
      add(out, "del", gone.join(" "), moved ? "mv" : "");
      add(out, "ins", come.join(" "), moved ? "mv" : "");
      gone = []; come = []; moved = false;
    }
    Array.prototype.forEach.call(rows, function (tr) {
      if (tr.classList.contains("f")) { return; }
      var cells = tr.children;
      var ta = cells[a + 1].textContent, tb = cells[b + 1].textContent;
      var g = data.groups[tr.getAttribute("data-n")];
      if (!g || g[a] === g[b]) {
        if (gone.length || come.length) { flush(); }
        if (tb) { plain.push(tb); }
        return;
      }
      if (plain.length) { add(out, null, plain.join(" ")); plain = []; }
      if (ta) { gone.push(ta); }
      if (tb) { come.push(tb); }
      moved = moved || tr.classList.contains("mv");
    });
    flush();
    out.setAttribute("data-pair", data.ids[a] + "-" + data.ids[b]);
  }
  document.getElementById("pair-go").addEventListener("click", function () {
    redline(parseInt(document.getElementById("pair-a").value, 10), parseInt(document.getElementById("pair-b").value, 10));
  });
}());
