/* copydesk report: findings list <-> highlights, and the detail popover. No network. */
(function () {
  "use strict";
  var pop = null;

  function marksOf(fid) {
    return document.querySelectorAll('mark.cd-mark[data-f="' + fid + '"]');
  }
  function itemOf(fid) {
    return document.querySelector('.cd-side li.cd-finding[data-f="' + fid + '"]');
  }
  function clearActive() {
    document.querySelectorAll(".cd-active").forEach(function (el) { el.classList.remove("cd-active"); });
  }
  function flash(fid) {
    marksOf(fid).forEach(function (m) {
      m.classList.remove("cd-flash");
      void m.offsetWidth; // restart the animation
      m.classList.add("cd-flash");
      m.classList.add("cd-active");
    });
  }
  function showItem(li) {
    if (!li) return;
    li.classList.add("cd-active");
    var side = li.closest(".cd-side");
    if (side) side.scrollTop = Math.max(0, li.offsetTop - side.offsetTop - side.clientHeight / 3);
  }
  function hidePop() {
    if (pop) { pop.hidden = true; pop.innerHTML = ""; }
  }
  function showPop(fids, anchor) {
    pop = pop || document.getElementById("cd-pop");
    if (!pop) return;
    pop.innerHTML = "";
    fids.forEach(function (fid) {
      var li = itemOf(fid);
      if (li) pop.appendChild(li.cloneNode(true));
    });
    var r = anchor.getBoundingClientRect();
    pop.hidden = false;
    var left = Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8);
    pop.style.left = Math.max(window.scrollX + 4, left) + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  /* Go to a finding: scroll its first highlight into view and flash it. */
  function select(fid) {
    clearActive();
    hidePop();
    var marks = marksOf(fid);
    showItem(itemOf(fid));
    if (marks.length) {
      marks[0].scrollIntoView({ block: "center", inline: "nearest" });
      flash(fid);
    }
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    if (t.closest(".cd-accept")) return; // handled by the review page
    var mark = t.closest("mark.cd-mark");
    if (mark) {
      // Every finding at this point: the clicked mark and the marks around it.
      var fids = [];
      for (var el = mark; el; el = el.parentElement ? el.parentElement.closest("mark.cd-mark") : null) {
        if (fids.indexOf(el.dataset.f) < 0) fids.push(el.dataset.f);
      }
      clearActive();
      fids.forEach(function (fid) {
        marksOf(fid).forEach(function (m) { m.classList.add("cd-active"); });
      });
      showItem(itemOf(fids[0]));
      showPop(fids, mark);
      ev.stopPropagation();
      return;
    }
    var li = t.closest(".cd-side li.cd-finding");
    if (li) { select(li.dataset.f); return; }
    if (!t.closest("#cd-pop")) hidePop();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") hidePop();
    if (ev.key === "Enter" && ev.target instanceof Element && ev.target.matches(".cd-side li.cd-finding")) {
      select(ev.target.dataset.f);
    }
  });
  window.copydeskReport = { select: select, hidePop: hidePop };
})();
