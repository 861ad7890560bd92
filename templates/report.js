// redline report: filters, n/p navigation between edits, links between moved passages, copy citation.
// Plain script, no network, no dependencies; the page reads fine without it.
(function () {
  "use strict";
  var body = document.body;
  var status = document.getElementById("status");
  var current = -1;

  function say(text) { if (status) { status.textContent = text; } }

  function visibleEdits() {
    return Array.prototype.filter.call(document.querySelectorAll("#redline [data-edit]"), function (el) {
      return !body.classList.contains("off-" + el.getAttribute("data-kind")) && el.getClientRects().length > 0;
    });
  }

  function go(step) {
    var list = visibleEdits();
    if (!list.length) { say("No edits shown"); return; }
    var old = document.querySelector("#redline .current");
    if (old) { old.classList.remove("current"); current = list.indexOf(old); }
    current = current < 0 ? (step > 0 ? 0 : list.length - 1) : (current + step + list.length) % list.length;
    var el = list[current];
    el.classList.add("current");
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
    say("(" + (current + 1) + "/" + list.length + ") " + (el.getAttribute("aria-label") || el.getAttribute("title") || el.getAttribute("data-kind")));
  }

  // Filters: an unticked kind is shown as the despatch reads it; furniture is hidden outright.
  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (box) {
    function apply() {
      var name = box.getAttribute("data-filter");
      if (name === "furniture") {
        body.classList.toggle("hide-furniture", !box.checked);
      } else {
        body.classList.toggle("off-" + name, !box.checked);
        Array.prototype.forEach.call(document.querySelectorAll('tr[data-kind="' + name + '"], [data-edit][data-kind="' + name + '"]'), function (el) {
          el.classList.toggle("off", !box.checked);
        });
      }
      mergeLines();
    }
    box.addEventListener("change", apply);
    apply();
  });

  // Moved passages and far-off parts: a click goes to the other place and highlights it.
  function jump(id) {
    var target = document.getElementById(id);
    if (!target) { return false; }
    Array.prototype.forEach.call(document.querySelectorAll(".hl"), function (el) { el.classList.remove("hl"); });
    target.classList.add("hl");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    say("Went to the other place of edit " + (target.getAttribute("data-edit") || target.getAttribute("data-twin")));
    return true;
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("a.mv, a.go");
    var id = null;
    if (link) {
      id = link.getAttribute("href").slice(1);
    } else if (!ev.target.closest("a, button, input")) {
      var holder = ev.target.closest("[data-goto]");
      if (holder) { id = holder.getAttribute("data-goto"); }
    }
    if (id && jump(id)) { ev.preventDefault(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-goto]"), function (el) {
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); jump(el.getAttribute("data-goto")); }
    });
  });

  // Copy a citation: the clipboard API where the page may use it, else a hidden text area.
  function copy(text, done) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "sr";
      body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      body.removeChild(area);
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-cite]"), function (button) {
    button.addEventListener("click", function () {
      copy(button.getAttribute("data-cite"), function (ok) {
        button.setAttribute("data-done", ok ? "copied" : "failed");
        button.textContent = ok ? "Copied" : "Select and copy";
        say(ok ? "Citation copied: " + button.getAttribute("data-cite") : "Could not copy; the citation is in the row's title");
        button.title = button.getAttribute("data-cite");
      });
    });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    var typing = t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
      (t.tagName === "INPUT" && !/^(checkbox|radio|button)$/.test(t.type)));
    if (typing) { return; }
    if (ev.key === "n" || ev.key === "j") { ev.preventDefault(); go(1); }
    else if (ev.key === "p" || ev.key === "k") { ev.preventDefault(); go(-1); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-nav]"), function (b) {
    b.addEventListener("click", function () { go(b.getAttribute("data-nav") === "next" ? 1 : -1); });
  });

  // Line numbers in the margin: the numbers that fall on one printed line are shown together,
  // a range for each side (12\u201314, d.88\u201389), each line once.
  function mergeLines() {
    var head = null, seen = [];
    function show() {
      if (!head) { return; }
      var parts = [];
      seen.forEach(function (label) {
        var draft = label.indexOf("d.") === 0, n = label.replace("d.", "");
        var last = parts.length ? parts[parts.length - 1] : null;
        if (last && last.draft === draft) { last.to = n; } else { parts.push({ draft: draft, from: n, to: n }); }
      });
      head.textContent = parts.map(function (p) {
        return (p.draft ? "d." : "") + p.from + (p.to !== p.from ? "\u2013" + p.to : "");
      }).join(", ");
    }
    Array.prototype.forEach.call(document.querySelectorAll("#redline .ln"), function (ln) {
      ln.classList.remove("merged");
      ln.textContent = ln.getAttribute("data-line");
      if (ln.offsetParent === null) { return; }
      var label = ln.getAttribute("data-line");
      if (head && Math.abs(head.offsetTop - ln.offsetTop) < 4) {
        ln.classList.add("merged");
        if (seen.indexOf(label) < 0) { seen.push(label); }
      } else {
        show();
        head = ln;
        seen = [label];
      }
    });
    show();
  }
  mergeLines();
  window.addEventListener("resize", mergeLines);
  window.addEventListener("beforeprint", mergeLines);
  window.addEventListener("afterprint", mergeLines);
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    if (printing.addEventListener) { printing.addEventListener("change", mergeLines); }
  }
  body.classList.add("js");
})();
