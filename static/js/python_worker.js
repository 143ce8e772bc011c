/* Runs Python exercises with Pyodide inside this Web Worker, away from the page.
   Messages in: {type: "init", pyodideUrl, indexURL, harnessUrl}, then
   {type: "run", id, code, functionName, cases, tolerance}.
   Messages out: {type: "ready"} | {type: "failed", message} | {type: "result", id, result}.
   The page terminates this worker when a run takes too long (an infinite loop). */
"use strict";

let runCases = null;

async function init(message) {
  try {
    importScripts(message.pyodideUrl);
    const pyodide = await loadPyodide({
      indexURL: message.indexURL,
      stdout: () => {},
      stderr: () => {},
    });
    const response = await fetch(message.harnessUrl, { credentials: "same-origin" });
    if (!response.ok) throw new Error("the test harness could not be loaded");
    const namespace = pyodide.toPy({ __name__: "exercise_harness" });
    pyodide.runPython(await response.text(), { globals: namespace, filename: "harness.py" });
    runCases = namespace.get("run_cases");
    self.pyodide = pyodide;
    self.postMessage({ type: "ready" });
  } catch (error) {
    self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
  }
}

function run(message) {
  const pyodide = self.pyodide;
  let result;
  const cases = pyodide.toPy(message.cases);
  try {
    const proxy = runCases(message.code, message.functionName, cases, message.tolerance);
    result = proxy.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
    proxy.destroy();
  } catch (error) {
    result = { error: String(error && error.message ? error.message : error), output: "", cases: [] };
  } finally {
    cases.destroy();
  }
  self.postMessage({ type: "result", id: message.id, result: result });
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "init") init(message);
  else if (message.type === "run" && runCases) run(message);
};
