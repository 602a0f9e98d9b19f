/* Offline bundle: under file://, Material's search worker runs as a real Web Worker, off the page's thread.
 *
 * Why: iframe-worker (the shim embedded below, which Material's offline plugin relies on under file://) runs
 * a worker's code in a hidden iframe, on the page's own thread, so the page freezes while lunr builds the
 * index. A file:// page may start a real worker from a Blob URL, but cannot fetch its own files; so
 * `briefing bundle` (briefing/bundle.py) fills in the placeholders below with the search worker's source and
 * the lunr scripts it imports for the site's languages. If the real worker cannot be created, iframe-worker
 * takes over, as before.
 */
(function () {
  "use strict";
  var NativeWorker = window.Worker;  // captured first: under file:// the shim replaces window.Worker

  /* SHIM */

  var SEARCH_WORKER = /* SEARCH_WORKER */;  // {name, source}: the search worker's file name and its code
  var LUNR = /* LUNR */;  // file name -> code: the lunr scripts the search worker imports for this site

  function fileName(url) {
    return String(url).split(/[?#]/)[0].split("/").pop();
  }

  // Runs first in the blob worker. Material's worker imports lunr's language scripts by URLs relative to
  // its own, which cannot resolve against a blob: URL; run the embedded copies instead, by file name.
  function prelude(scripts, fileName) {
    self.importScripts = function () {
      for (var i = 0; i < arguments.length; i++) {
        var name = fileName(arguments[i]);
        if (!Object.prototype.hasOwnProperty.call(scripts, name)) {
          var error = new Error("briefing: " + arguments[i] + " is not embedded in the offline search worker");
          console.error(error.message);  // the worker only rejects a promise with it, which nothing reports
          throw error;
        }
        (0, eval)(scripts[name]);  // indirect eval: global code, as importScripts would run it
      }
    };
  }

  if (location.protocol !== "file:" || typeof NativeWorker !== "function" || !SEARCH_WORKER) {
    return;
  }
  var IFrameWorker = window.IFrameWorker;
  window.Worker = function (url, options) {
    if (fileName(url) === SEARCH_WORKER.name) {
      try {
        var source = "(" + prelude + ")(" + JSON.stringify(LUNR) + ", " + fileName + ");\n" + SEARCH_WORKER.source;
        var blobUrl = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
        return new NativeWorker(blobUrl, options);
      } catch (error) {
        console.warn("briefing: search runs in an iframe, on the page's thread:", error);
      }
    }
    return new IFrameWorker(url, options);
  };
})();
