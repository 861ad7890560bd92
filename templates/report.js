// redline report: filters, n/p navigation between edits, links between moved passages, copy citation.
// Every jump lands below the sticky toolbar and is a step in the browser's history (the address names the
// edit, Back returns). Plain script, no network, no dependencies; the page reads fine without it (the
// controls that need it are shown only once it runs: the "js" class).
(function () {
  "use strict";
  var body = document.body;
  body.classList.add("js");
  var status = document.getElementById("status");
  var bar = document.querySelector(".toolbar");
  var current = -1;

  function say(text) { if (status) { status.textContent = text; } }

  // The toolbar's height: the CSS keeps anchors' targets below it (scroll-padding-top: var(--bar)),
  // and reveal() centres a jump's target in the room under it.
  function barHeight() { return bar ? bar.getBoundingClientRect().height : 0; }
  function measureBar() { document.documentElement.style.setProperty("--bar", Math.ceil(barHeight()) + "px"); }
  measureBar();

  function reveal(el) {
    var top = barHeight() + 12, room = window.innerHeight - top - 12;
    var r = el.getBoundingClientRect();
    var y = window.scrollY + r.top - top - (r.height < room ? (room - r.height) / 2 : 0);
    window.scrollTo(0, Math.max(0, y));
  }

  // The address names the place jumped to: #E1a2b3c for an edit (its permalink), #twin-… for another
  // place of one. A new history entry each time, so Back returns (the browser restores the scroll).
  function remember(el) {
    var id = el.hasAttribute("data-edit") ? el.getAttribute("data-edit") : el.id;
    if (!id || location.hash === "#" + id) { return; }
    try { history.pushState(null, "", "#" + id); } catch (e) { /* a page that may not write its history still jumps */ }
  }

  // What an address names: the edit a permalink (#E…) or #edit-… points at, another place, a row.
  function named(hash) {
    var id = decodeURIComponent(hash.replace(/^#/, ""));
    var el = id ? document.getElementById(id) : null;
    if (el && el.classList.contains("ref")) { el = el.closest("[data-edit]"); }
    return el;
  }

  function highlight(el) {
    Array.prototype.forEach.call(document.querySelectorAll("#redline .current, #redline .hl"), function (old) {
      old.classList.remove("current", "hl");
    });
    if (!el) { return; }
    el.classList.add(el.hasAttribute("data-edit") ? "current" : "hl");
    current = -1;
  }

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
    remember(el);
    el.classList.add("current");
    reveal(el);
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
        var those = 'tr[data-kind="' + name + '"], [data-edit][data-kind="' + name + '"], [data-twin][data-kind="' + name + '"]';
        Array.prototype.forEach.call(document.querySelectorAll(those), function (el) {
          el.classList.toggle("off", !box.checked);
        });
      }
      mergeLines();
    }
    box.addEventListener("change", apply);
    apply();
  });

  // The print option: the redline and its notes only.
  Array.prototype.forEach.call(document.querySelectorAll("input[data-print]"), function (box) {
    function apply() { body.classList.toggle("print-" + box.getAttribute("data-print"), box.checked); }
    box.addEventListener("change", apply);
    apply();
  });

  // On a narrow screen the filters open from a button, so the toolbar keeps to one line.
  Array.prototype.forEach.call(document.querySelectorAll(".panel-btn"), function (button) {
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
      measureBar();
    });
  });

  // Moved passages, far-off parts and the list's numbers: a click goes to the other place and highlights it.
  function jump(id) {
    var target = document.getElementById(id);
    if (!target || !target.getClientRects().length) { return false; }
    remember(target);
    highlight(target);
    target.classList.add("hl");
    reveal(target);
    target.focus({ preventScroll: true });
    say("Went to " + (target.hasAttribute("data-edit") ? "edit " : "the other place of edit ") +
        (target.getAttribute("data-edit") || target.getAttribute("data-twin")));
    return true;
  }
  // An address followed (a permalink opened, Back or Forward): the edit it names is the current one.
  function follow() { var el = named(location.hash); if (el && el.closest("#redline")) { highlight(el); } }
  window.addEventListener("popstate", follow);
  window.addEventListener("hashchange", follow);
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
  window.addEventListener("resize", function () { mergeLines(); measureBar(); });
  window.addEventListener("beforeprint", mergeLines);
  window.addEventListener("afterprint", mergeLines);
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    if (printing.addEventListener) { printing.addEventListener("change", mergeLines); }
  }
  // Opened at a permalink: that edit, centred below the toolbar.
  var opened = named(location.hash);
  if (opened && opened.closest("#redline")) { highlight(opened); reveal(opened); }
})();
