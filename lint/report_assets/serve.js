/* copydesk review page: edit, lint live (debounced), accept suggestions, download or save. */
(function () {
  "use strict";
  var ta = document.getElementById("cd-text");
  var view = document.getElementById("cd-view");
  var fileSel = document.getElementById("cd-file");
  var formatSel = document.getElementById("cd-format");
  var formatLabel = document.getElementById("cd-format-label");
  var statusEl = document.getElementById("cd-status");
  var saveBtn = document.getElementById("cd-save");
  var writable = document.body.dataset.writable === "true";
  var state = { path: null, format: "text", linted: null, findings: {}, seq: 0, done: 0, timer: null, saved: null };

  function status(text, error) {
    statusEl.textContent = text;
    statusEl.classList.toggle("cd-error", !!error);
  }
  function api(method, url, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(j.error || ("HTTP " + r.status));
        return j;
      });
    });
  }
  function dirty() {
    return state.saved !== null && ta.value !== state.saved;
  }
  function lintNow() {
    clearTimeout(state.timer);
    var text = ta.value;
    var seq = ++state.seq;
    status("Linting…");
    return api("POST", "/api/lint", { text: text, path: state.path, format: state.format }).then(function (res) {
      if (seq !== state.seq) return; // a newer request is on its way
      state.linted = text;
      state.findings = {};
      res.findings.forEach(function (f) { state.findings[f.id] = f; });
      if (window.copydeskReport) window.copydeskReport.hidePop();
      view.innerHTML = res.html;
      var n = res.findings.length;
      status(n + (n === 1 ? " finding" : " findings") + (dirty() ? " · unsaved changes" : ""));
      state.done = seq;
      document.body.dataset.linted = String(seq);
    }).catch(function (e) {
      if (seq === state.seq) status("Error: " + e.message, true);
    });
  }
  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(lintNow, 350);
  }
  function accept(fid) {
    var f = state.findings[fid];
    if (!f || !f.fix || !f.fix16) return;
    if (ta.value !== state.linted) { // edited since: the offsets no longer hold
      status("The text changed; linting again…");
      lintNow();
      return;
    }
    var v = ta.value;
    ta.value = v.slice(0, f.fix16.start) + f.fix.text + v.slice(f.fix16.end);
    var caret = f.fix16.start + f.fix.text.length;
    ta.setSelectionRange(caret, caret);
    lintNow();
  }
  function openFile(path) {
    if (!path) {
      state.path = null;
      state.saved = null;
      formatLabel.hidden = false;
      saveBtn.hidden = true;
      return lintNow();
    }
    status("Opening " + path + "…");
    return api("GET", "/api/file?path=" + encodeURIComponent(path)).then(function (res) {
      state.path = res.path;
      state.format = res.format;
      state.saved = res.text;
      ta.value = res.text;
      formatLabel.hidden = true;
      saveBtn.hidden = !writable;
      if (location.hash !== "#" + encodeURIComponent(path)) history.replaceState(null, "", "#" + encodeURIComponent(path));
      return lintNow();
    }).catch(function (e) { status("Error: " + e.message, true); });
  }
  function download() {
    var name = state.path ? state.path.split("/").pop() : ({ text: "article.txt", markdown: "article.md", html: "article.html" })[state.format];
    var blob = new Blob([ta.value], { type: "text/plain;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function save() {
    if (!state.path) return;
    var text = ta.value;
    status("Saving…");
    return api("POST", "/api/save", { path: state.path, text: text }).then(function (res) {
      state.saved = text;
      status("Saved " + res.path + ".");
      document.body.dataset.saved = res.path;
    }).catch(function (e) { status("Error: " + e.message, true); });
  }

  ta.addEventListener("input", schedule);
  formatSel.addEventListener("change", function () { state.format = formatSel.value; lintNow(); });
  fileSel.addEventListener("change", function () {
    if (dirty() && !window.confirm("Discard the unsaved changes?")) { fileSel.value = state.path || ""; return; }
    openFile(fileSel.value);
  });
  document.getElementById("cd-download").addEventListener("click", download);
  saveBtn.addEventListener("click", save);
  document.addEventListener("click", function (ev) {
    var btn = ev.target instanceof Element ? ev.target.closest(".cd-accept") : null;
    if (btn) { ev.preventDefault(); ev.stopPropagation(); accept(btn.dataset.f); }
  }, true);
  window.addEventListener("beforeunload", function (ev) { if (dirty()) { ev.preventDefault(); ev.returnValue = ""; } });

  api("GET", "/api/files").then(function (res) {
    res.files.forEach(function (path) {
      var o = document.createElement("option");
      o.value = path;
      o.textContent = path;
      fileSel.appendChild(o);
    });
    var wanted = decodeURIComponent(location.hash.slice(1));
    if (wanted && res.files.indexOf(wanted) >= 0) { fileSel.value = wanted; return openFile(wanted); }
    return lintNow();
  }).catch(function (e) { status("Error: " + e.message, true); });

  window.copydeskServe = { lintNow: lintNow, accept: accept, openFile: openFile, state: state };
})();
