/* Offline bundle: search from file://, with the index built at build time, and no request outside the bundle.
 *
 * Why: a page opened from file:// may not start a worker from its own files, and a worker it starts from a
 * Blob URL cannot load the bundle's files (neither fetch nor importScripts reach file:// URLs). A <script>
 * tag in the page can. So under file:// the search worker Material asks for is replaced by
 * BriefingSearch.PageWorker from search_worker.js (embedded below by `briefing bundle`, briefing/outputs/bundle.py):
 * the same search, in the page, loading the index's term and document files by <script>. A query loads a few
 * small files and takes milliseconds, so the page stays responsive. Its name has "iframe-worker" in it, so
 * Material's offline plugin adds no shim from unpkg.com.
 */
(function () {
  "use strict";
  var SEARCH_WORKER = /* SEARCH_WORKER */;  // file name of the search worker the pages point to

  /* SEARCH_ENGINE */

  function fileName(url) {
    return String(url).split(/[?#]/)[0].split("/").pop();
  }

  if (location.protocol !== "file:" || !SEARCH_WORKER || !window.BriefingSearch) {
    return;
  }
  var NativeWorker = window.Worker;
  window.Worker = function (url, options) {
    if (fileName(url) === SEARCH_WORKER) {
      return window.BriefingSearch.PageWorker(url);
    }
    return new NativeWorker(url, options);
  };
})();
