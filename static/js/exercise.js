/* Exercises (their own page, or a mock interview's coding round): a CodeMirror editor over
   the code textarea (the textarea alone still works as a plain form), keyboard shortcuts, and
   for Python the Web Worker that runs Pyodide. A Python run that takes longer than the limit
   is stopped by terminating the worker (a fresh one is started for the next run). */
"use strict";

(function () {

  // Interface strings come from Django's JavaScript catalogue (/jsi18n/); English without it.
  const gettext = window.gettext || function (text) { return text; };
  const interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\(\w+\)s/g, function (match) { return String(values[match.slice(2, -2)]); });
  };
  let stopPrevious = null;

  function setup(article) {
  if (article.dataset.exerciseReady) return;
  article.dataset.exerciseReady = "1";
  if (stopPrevious) { stopPrevious(); stopPrevious = null; }
  const form = article.querySelector("[data-exercise-form]");
  const textarea = form.querySelector("[data-code-editor]");
  let editor = null;

  function clickAction(name) {
    const button = form.querySelector('[data-action="' + name + '"]');
    if (button && !button.disabled) button.click();
  }

  if (window.CodeMirror && textarea) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: textarea.dataset.mode,
      lineNumbers: true,
      indentUnit: 4,
      tabSize: 4,
      indentWithTabs: false,
      matchBrackets: true,
      // Long lines wrap rather than scroll sideways (a phone shows about 40 characters).
      lineWrapping: true,
      viewportMargin: Infinity,
      screenReaderLabel: (form.querySelector('label[for="' + textarea.id + '"]') || {}).textContent || "Code",
      extraKeys: {
        Tab: (cm) => {
          if (cm.somethingSelected()) cm.indentSelection("add");
          else cm.replaceSelection(" ".repeat(cm.getOption("indentUnit")), "end");
          return undefined;
        },
        "Shift-Tab": (cm) => cm.indentSelection("subtract"),
        Esc: (cm) => { cm.state.leaveOnTab = true; },
      },
    });
    // After Esc, Tab (or Shift+Tab) is left to the browser, which moves the focus out of the
    // editor; returning CodeMirror.Pass from the Tab binding would not do it (CodeMirror's own
    // keymap would insert a tab character, a keyboard trap).
    editor.on("keydown", (cm, event) => {
      if (event.key === "Tab" && cm.state.leaveOnTab) {
        event.codemirrorIgnore = true;
        cm.state.leaveOnTab = false;
      } else if (event.key !== "Escape") {
        cm.state.leaveOnTab = false;
      }
    });
    editor.on("change", (cm) => {
      cm.save();
      // Listeners on the textarea (the interview's autosave) hear the edit.
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    });
    article.codeEditor = editor;
    // The keys the hint names are the editor's: without it (no JavaScript) the hint stays hidden.
    const hint = article.querySelector("[data-editor-hint]");
    if (hint) hint.hidden = false;
  }
  // Ctrl+Enter runs, Ctrl+Shift+Enter submits, from the editor or anywhere in the form.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      clickAction(event.shiftKey ? "submit" : "run");
    }
  }, true);

  function code() {
    if (editor) editor.save();
    return textarea.value;
  }

  const config = form.querySelector("[data-python-config]");
  if (!config) return;

  /* Python: the worker, the clock that stops it, and the results. */
  const state = form.querySelector("[data-python-state]");
  const runButton = form.querySelector("[data-python-run]");
  const submitButton = form.querySelector("[data-python-submit]");
  const cases = JSON.parse(document.getElementById("exercise-cases").textContent);
  const timeoutSeconds = Number(config.dataset.timeout) || 10;
  let worker = null;
  let ready = false;
  let pending = null;
  let counter = 0;

  function setBusy(busy) {
    runButton.disabled = busy || !ready;
    submitButton.disabled = busy || !ready;
  }

  function startWorker() {
    ready = false;
    setBusy(true);
    state.textContent = gettext("Loading Python in your browser…");
    worker = new Worker(config.dataset.worker);
    stopPrevious = () => { if (worker) worker.terminate(); };
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "ready") {
        ready = true;
        setBusy(false);
        state.textContent = gettext("Python is ready: your code runs in your browser.");
      } else if (message.type === "failed") {
        state.textContent = interpolate(gettext("Python could not start in this browser: %(reason)s"), { reason: message.message }, true);
      } else if (message.type === "result" && pending && message.id === pending.id) {
        const finished = pending;
        pending = null;
        clearTimeout(finished.timer);
        setBusy(false);
        finished.done(message.result);
      }
    };
    worker.postMessage({
      type: "init",
      pyodideUrl: new URL(config.dataset.pyodide, location.href).href,
      indexURL: new URL(config.dataset.indexUrl, location.href).href,
      harnessUrl: new URL(config.dataset.harness, location.href).href,
    });
  }

  function runInWorker(selected, done) {
    counter += 1;
    const id = counter;
    setBusy(true);
    state.textContent = gettext("Running…");
    const timer = setTimeout(() => {
      if (!pending || pending.id !== id) return;
      pending = null;
      worker.terminate();
      const message = interpolate(
        gettext("Your code ran longer than %(seconds)s seconds and was stopped (an infinite loop?)."),
        { seconds: timeoutSeconds }, true);
      done({ error: message, output: "", cases: [], stopped: true });
      startWorker();
    }, timeoutSeconds * 1000);
    pending = { id: id, timer: timer, done: done };
    worker.postMessage({
      type: "run",
      id: id,
      code: code(),
      functionName: config.dataset.function,
      cases: selected,
      tolerance: Number(config.dataset.tolerance) || 0,
    });
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The Python check runs in this browser without a catalogue: its messages come in English
  // and are shown in the page's language by these patterns (the server does the same for the
  // stored ones: interview/sandbox/check_messages.py).
  const CHECK_MESSAGES = [
    [/^Define a function named (\S+)\.$/, () => gettext("Define a function named %(name)s."), ["name"]],
    [/^The code printed more than ([\d,]+) characters; the run was stopped\.$/,
      () => gettext("The code printed more than %(count)s characters; the run was stopped."), ["count"]],
    [/^ImportError: Importing (.+) is not allowed in exercises\.$/,
      () => gettext("ImportError: Importing %(name)s is not allowed in exercises."), ["name"]],
    [/^([\s\S]+?) returned ([\s\S]+); expected ([\s\S]+)\.$/,
      () => gettext("%(call)s returned %(got)s; expected %(expected)s."), ["call", "got", "expected"]],
    [/^A test assertion failed\.$/, () => gettext("A test assertion failed."), []],
    [/^A test failed: ([\s\S]+)$/, () => gettext("A test failed: %(error)s"), ["error"]],
    [/^Raised ([\s\S]+)$/, () => gettext("Raised %(error)s"), ["error"]],
    [/^Case (\d+)$/, () => gettext("Case %(number)s"), ["number"]],
  ];

  function checkMessage(text) {
    const located = /^([\s\S]+) \(line (\d+)\)$/.exec(text || "");
    if (located) {
      return checkMessage(located[1]) + " " + interpolate(gettext("(line %(number)s)"), { number: located[2] }, true);
    }
    for (const [pattern, entry, names] of CHECK_MESSAGES) {
      const match = pattern.exec(text || "");
      if (match) {
        const values = {};
        names.forEach((name, index) => { values[name] = match[index + 1]; });
        if (values.error !== undefined) values.error = checkMessage(values.error);
        return interpolate(entry(), values, true);
      }
    }
    return text;
  }

  function showRun(result) {
    const section = document.getElementById("run-result");
    section.replaceChildren();
    if (result.error) {
      const error = element("p", "message error", checkMessage(result.error));
      error.dataset.runError = "";
      section.append(error);
    }
    if (result.cases && result.cases.length) {
      section.append(element("h2", "", gettext("Examples")));
      const list = element("ul", "case-list");
      for (const verdict of result.cases) {
        const item = element("li", verdict.passed ? "correct" : "incorrect");
        item.dataset.caseVerdict = "";
        item.append(element("strong", "", checkMessage(verdict.name) + ": "));
        item.append(document.createTextNode(verdict.passed ? gettext("passed.") : gettext("failed.") + " " + checkMessage(verdict.message)));
        list.append(item);
      }
      section.append(list);
    }
    if (result.output) {
      section.append(element("h3", "", gettext("Output")));
      section.append(element("pre", "output", result.output));
    }
    state.textContent = result.stopped ? gettext("Stopped. Python restarts for your next run.")
      : ready ? gettext("Python is ready: your code runs in your browser.") : state.textContent;
  }

  function submit(result) {
    if (result.error) showRun(result);
    else document.getElementById("run-result").replaceChildren();
    code();
    const body = new FormData(form);
    body.set("report", JSON.stringify(result));
    state.textContent = gettext("Saving your submission…");
    fetch(config.dataset.submitUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": body.get("csrfmiddlewaretoken") },
    }).then((response) => {
      if (!response.ok) throw new Error(response.status === 401 ? gettext("you are logged out") : interpolate(gettext("the server said %(status)s"), { status: response.status }, true));
      return response.text();
    }).then((html) => {
      const swap = config.dataset.swap || "verdict";
      const target = document.getElementById(swap);
      const holder = document.createElement("div");
      holder.innerHTML = html;
      const fresh = holder.querySelector("#" + swap);
      state.textContent = gettext("Submission saved.");
      if (fresh && target) {
        target.replaceWith(fresh);
        if (window.htmx) {
          window.htmx.process(fresh);
          fresh.dispatchEvent(new CustomEvent("htmx:afterSettle", { bubbles: true }));
        }
      } else {
        document.getElementById("run-result").replaceChildren(holder);
      }
    }).catch((error) => {
      state.textContent = interpolate(gettext("Not saved: %(reason)s. Your code is still here."), { reason: error.message }, true);
    });
  }

  runButton.addEventListener("click", () => {
    runInWorker(cases.filter((c) => !c.hidden), showRun);
  });
  submitButton.addEventListener("click", () => {
    runInWorker(cases, submit);
  });
  startWorker();
  }

  function setupAll() {
    document.querySelectorAll("[data-exercise]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
  document.addEventListener("htmx:afterSettle", setupAll);
})();
