// Sortable tables for the book: click a column heading of a `table.tabel-urut` to sort by it,
// click again to reverse. No library, no network: the book must work offline.
// Numbers are read in the Indonesian format (1.234,56); "–" (no data) always sorts last.
(function () {
  "use strict";

  function nilai(teks) {
    var t = teks.trim();
    if (t === "" || t === "–" || t === "-") return null;
    if (/^-?[0-9.]+(,[0-9]+)?$/.test(t)) return parseFloat(t.replace(/\./g, "").replace(",", "."));
    return t.toLocaleLowerCase("id");
  }

  function urutkan(tabel, kolom, naik) {
    var tbody = tabel.tBodies[0];
    var baris = Array.prototype.slice.call(tbody.rows);
    baris.sort(function (a, b) {
      var x = nilai(a.cells[kolom].textContent), y = nilai(b.cells[kolom].textContent);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      var beda = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "id");
      return naik ? beda : -beda;
    });
    baris.forEach(function (b) { tbody.appendChild(b); });
  }

  function pasang(tabel) {
    if (tabel.dataset.urutSiap) return;  // once per table, however often the script is loaded
    tabel.dataset.urutSiap = "1";
    var kepala = tabel.tHead ? tabel.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(kepala, function (th, kolom) {
      var tombol = document.createElement("button");
      tombol.type = "button";
      tombol.className = "tabel-urut-tombol";
      tombol.title = "Urutkan menurut kolom ini";
      while (th.firstChild) tombol.appendChild(th.firstChild);
      th.appendChild(tombol);
      th.setAttribute("aria-sort", "none");
      tombol.addEventListener("click", function () {
        var naik = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(kepala, function (lain) { lain.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", naik ? "ascending" : "descending");
        urutkan(tabel, kolom, naik);
      });
    });
  }

  // The look of the clickable headings lives here, with the behaviour, so the page needs one file.
  var GAYA = "button.tabel-urut-tombol{all:unset;cursor:pointer;font-weight:600;display:inline}" +
    "button.tabel-urut-tombol p{display:inline;margin:0}" +
    "button.tabel-urut-tombol:focus-visible{outline:2px solid #0072B2}" +
    "th[aria-sort=none] .tabel-urut-tombol::after{content:' \\2195';color:#888}" +
    "th[aria-sort=ascending] .tabel-urut-tombol::after{content:' \\25B2'}" +
    "th[aria-sort=descending] .tabel-urut-tombol::after{content:' \\25BC'}";

  function mulai() {
    if (!document.querySelector("table.tabel-urut")) return;  // loaded on every page; acts on few
    var gaya = document.createElement("style");
    gaya.textContent = GAYA;
    document.head.appendChild(gaya);
    Array.prototype.forEach.call(document.querySelectorAll("table.tabel-urut"), pasang);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulai);
  else mulai();
})();
