// Live cells: the `python exec` cells of a page (marked up by overrides/hooks/cells.py) become
// editable and run in the page, in Pyodide in a Web Worker (worker.js), by the build's rules
// (session.py). All cells of a page share one Python session, as in a notebook; running a cell
// first runs the cells above it that have not run yet. The worker starts with the first page
// that has cells (at its first Run under Save-Data) and outlives mkdocs-material's instant
// navigation; each page gets a fresh namespace.
(() => {
  "use strict";
  const element = document.getElementById("dlref-live-config");
  if (!element || !("Worker" in self)) return;
  const settings = JSON.parse(element.textContent);
  const absolute = url => new URL(url, location.href).href; // read once: instant navigation keeps this script
  const config = {
    version: settings.version,
    baseURL: absolute(settings.base_url.replace(/\/?$/, "/")),
    entry: {...settings.package, file_name: absolute(settings.wheel)},
    session: absolute(settings.session),
    worker: absolute(settings.worker),
  };

  // The Python of the page: one worker, started once, restarted only to stop a cell or retry.
  const kernel = {
    state: "off", // off | loading | ready | failed
    message: "",
    worker: null,
    interrupt: null, // Pyodide's interrupt buffer, when the page is cross-origin isolated
    jobs: new Map(),
    nextId: 1,
    booted: null,
    onChange() {},
    onRestart() {},

    start() {
      if (this.worker) return this.booted;
      this.interrupt = self.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
      this.booted = new Promise(resolve => { this.settleBoot = resolve; });
      this.worker = new Worker(config.worker);
      this.worker.onmessage = ({data}) => this.receive(data);
      this.worker.onerror = event => {
        event.preventDefault();
        this.status({state: "failed", message: event.message || "its worker did not start"});
      };
      const {baseURL, entry, session} = config;
      this.worker.postMessage({type: "boot", baseURL, entry, session, interrupt: this.interrupt});
      this.status({state: "loading"});
      return this.booted;
    },
    status({state, message = ""}) {
      Object.assign(this, {state, message});
      performance.mark(`dlref-python-${state}`); // for the timing tests
      if (state !== "loading") this.settleBoot();
      if (state === "failed") this.finishJobs({failed: message});
      this.onChange();
    },
    receive(data) {
      if (data.type === "status") return this.status(data);
      if (data.type === "stage") { // for the timing tests and benchmarks/bench_live.py
        return performance.mark(`dlref-boot-${data.name}`, {startTime: data.time - performance.timeOrigin, detail: data.detail});
      }
      const job = this.jobs.get(data.id);
      if (!job) return;
      if (data.type === "text") return job.printer.write(data.text);
      if (data.type === "again") return job.printer.again();
      this.jobs.delete(data.id);
      job.resolve(data);
      if (data.broken) this.restart();
    },
    async run(number, code, printer) {
      await this.start();
      if (this.state === "failed") return {failed: this.message};
      const id = this.nextId++;
      if (this.interrupt) this.interrupt[0] = 0;
      this.worker.postMessage({type: "run", id, number, code});
      return new Promise(resolve => this.jobs.set(id, {printer, resolve}));
    },
    reset() {
      if (this.state === "ready") this.worker.postMessage({type: "reset"});
    },
    stop() {
      if (!this.jobs.size) return;
      if (!this.interrupt) return this.restart();
      this.interrupt[0] = 2; // SIGINT: the cell ends with KeyboardInterrupt
      const worker = this.worker, stopped = [...this.jobs.keys()]; // a run started since is not the one to stop
      setTimeout(() => { if (this.worker === worker && stopped.some(id => this.jobs.has(id))) this.restart(); }, 1000);
    },
    restart() {
      if (this.worker) this.worker.terminate();
      this.worker = null;
      this.finishJobs({restarted: true});
      this.onRestart();
      return this.start();
    },
    finishJobs(result) {
      for (const job of this.jobs.values()) job.resolve(result);
      this.jobs.clear();
    },
  };

  // A small Python highlighter, with Pygments' class names so that the theme colours it.
  const KEYWORDS = new Set(("as assert async await break class continue def del elif else except finally for " +
    "global if lambda nonlocal pass raise return try while with yield").split(" "));
  const WORDS = {import: "kn", from: "kn", True: "kc", False: "kc", None: "kc", and: "ow", or: "ow", not: "ow", in: "ow", is: "ow"};
  const BUILTINS = new Set(("abs all any bool dict enumerate float getattr int isinstance len list map max min " +
    "print range repr round set sorted str sum super tuple type zip self").split(" "));
  const TOKENS = new RegExp([
    /(#[^\n]*)/, // comment
    /((?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?))/,
    /(\b\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?j?|\.\d[\d_]*(?:[eE][+-]?\d+)?j?)/, // number
    /([A-Za-z_]\w*)/, // name
    /([-+*/%@&|^~<>=!:]+)/, // operator
  ].map(part => part.source).join("|") + "|([()[\\]{},;.])", "g");

  function highlight(code) {
    const fragment = document.createDocumentFragment();
    let end = 0, previous = "";
    for (const match of code.matchAll(TOKENS)) {
      const [text, comment, string, number, name, operator] = match;
      let kind = comment ? "c1" : string ? "s2" : number ? "m" : operator ? "o" : "p";
      if (name) {
        kind = previous === "def" ? "nf" : previous === "class" ? "nc" : WORDS[name] ||
          (KEYWORDS.has(name) ? "k" : BUILTINS.has(name) ? "nb" : "n");
      }
      const span = document.createElement("span");
      span.className = kind;
      span.textContent = text;
      fragment.append(code.slice(end, match.index), span);
      end = match.index + text.length;
      previous = text;
    }
    fragment.append(code.slice(end) + "\n"); // a final empty line shows, as in the textarea
    return fragment;
  }

  function button(label, name, action) {
    const element = document.createElement("button");
    Object.assign(element, {type: "button", textContent: label, title: name});
    element.setAttribute("aria-label", name);
    element.addEventListener("click", action);
    return element;
  }

  const shorten = (text, length) => text.length > length ? `${text.slice(0, length - 1)}…` : text;

  // The exception at the end of a traceback, "Type: message" (the lines after its last frame).
  function exceptionOf(traceback) {
    const lines = traceback.trimEnd().split("\n");
    let start = lines.findLastIndex(line => line.startsWith('  File "')) + 1;
    while (start && start < lines.length - 1 && /^\s/.test(lines[start])) start++; // the frame's source lines
    return lines.slice(start || lines.length - 1).join("\n");
  }

  // The packages named in Pyodide's loading errors, for a one-line note (the full text goes in its title).
  function packagesIn(errors) {
    const names = [...new Set([...errors.matchAll(/while loading ([\w.-]+)/g)].map(match => match[1]))];
    return names.length ? names.join(", ") : "a package it imports";
  }

  // Whole-page parts: what a screen reader announces (politely) after a run, and one notice for the
  // page when Python cannot load (the cells keep the build's output and say so in one word).
  const announcer = Object.assign(document.createElement("div"), {className: "dlref-announce"});
  announcer.setAttribute("aria-live", "polite");
  const announce = text => { announcer.textContent = text; };
  const notice = Object.assign(document.createElement("div"), {className: "dlref-notice", hidden: true});
  const noticeText = document.createElement("span");
  notice.setAttribute("role", "status");
  notice.append(noticeText, button("Retry", "Retry loading Python", () => kernel.restart()),
    button("Dismiss", "Dismiss this notice", () => { notice.hidden = notice.dismissed = true; }));

  function showNotice() {
    if (!notice.isConnected) document.body.append(announcer, notice);
    const failed = kernel.state === "failed";
    if (!failed) notice.dismissed = false;
    noticeText.textContent = failed ? `The live cells could not load Python (${shorten(kernel.message, 160)}). ` +
      "The page shows the output of its build." : "";
    noticeText.title = failed ? kernel.message : "";
    notice.hidden = !failed || notice.dismissed;
  }

  // The exercises solved on this device: {id: ISO date}, in localStorage (the contract in contributing.md).
  const SOLVED = "dlref:exercises";
  function solved() {
    try {
      return JSON.parse(localStorage.getItem(SOLVED)) || {};
    } catch {
      return {}; // storage disabled, or not our JSON
    }
  }
  function recordSolved(id) {
    try {
      localStorage.setItem(SOLVED, JSON.stringify({...solved(), [id]: new Date().toISOString()}));
    } catch {
      // storage disabled: the pass is shown, not remembered
    }
    document.dispatchEvent(new CustomEvent("dlref:exercise-solved", {detail: {id}}));
  }
  document.addEventListener("dlref:exercise-solved", () => page && page.render());

  class Cell {
    constructor(page, block) {
      this.page = page;
      this.number = Number(block.dataset.cell);
      this.exercise = block.dataset.exercise;
      this.check = block.dataset.check;
      this.pending = 0; // runs asked of this cell and not yet finished
      this.mark = null; // [state, text] kept on the toolbar: a stopped cell, a run Python could not do
      this.code = block.querySelector("code");
      this.original = this.code.textContent.replace(/\n$/, "");
      this.builtCode = [...this.code.childNodes].map(node => node.cloneNode(true));
      this.output = document.querySelector(`.dlref-output[data-cell="${this.number}"]`);
      this.builtOutput = [...this.output.childNodes].map(node => node.cloneNode(true));
      this.makeEditor();
      this.makeToolbar();
    }

    makeEditor() {
      const pre = this.code.parentElement;
      pre.classList.add("dlref-editor");
      this.code.setAttribute("aria-hidden", "true");
      const area = this.area = document.createElement("textarea");
      // one row: the textarea takes the height of the code it lies over, never more (a one-line cell would grow)
      Object.assign(area, {className: "dlref-input", value: this.original, spellcheck: false, wrap: "off", rows: 1});
      area.setAttribute("autocapitalize", "off");
      area.setAttribute("autocomplete", "off");
      area.setAttribute("aria-label", `Code of cell ${this.number}, editable`);
      area.title = "Shift+Enter runs the cell. Tab indents; Esc then Tab moves on.";
      area.addEventListener("input", () => this.code.replaceChildren(highlight(area.value)));
      area.addEventListener("scroll", () => { this.code.scrollLeft = area.scrollLeft; });
      area.addEventListener("keydown", event => this.key(event));
      pre.append(area);
    }

    key(event) {
      const area = this.area, plain = !(event.altKey || event.metaKey || event.ctrlKey);
      if (event.key === "Enter" && (event.shiftKey || event.ctrlKey)) {
        event.preventDefault();
        this.page.run(this);
      } else if (event.key === "Enter" && plain) { // keep the indentation; indent after a colon
        const line = area.value.slice(area.value.lastIndexOf("\n", area.selectionStart - 1) + 1, area.selectionStart);
        event.preventDefault();
        this.insert("\n" + line.match(/^ */)[0] + (/:\s*$/.test(line) ? "    " : ""));
      } else if (event.key === "Tab" && plain && !event.shiftKey && !this.escaped) {
        event.preventDefault();
        this.insert("    ");
      }
      this.escaped = event.key === "Escape";
    }

    insert(text) { // through execCommand, so that undo works
      if (!document.execCommand("insertText", false, text)) {
        this.area.setRangeText(text, this.area.selectionStart, this.area.selectionEnd, "end");
        this.code.replaceChildren(highlight(this.area.value));
      }
    }

    makeToolbar() {
      const n = this.number, bar = this.bar = document.querySelector(`.dlref-live[data-cell="${n}"]`);
      this.runButton = button("Run", `Run cell ${n} (Shift+Enter)`, () => this.page.run(this));
      this.runButton.classList.add("dlref-run");
      this.stopButton = button("Stop", `Stop cell ${n}`, () => this.page.stop());
      this.resetButton = button("Reset", `Reset cell ${n}: code and output as built, fresh Python session`,
        () => this.page.reset(this));
      this.status = document.createElement("span");
      this.status.className = "dlref-status";
      const buttons = [this.runButton, this.stopButton, this.resetButton];
      if (this.exercise) {
        this.checkButton = button("Check", `Check your solution of exercise ${this.exercise}`, () => this.page.run(this, true));
        this.solvedMark = Object.assign(document.createElement("span"), {className: "dlref-solved", textContent: "✓ solved"});
        buttons.splice(1, 0, this.checkButton);
        buttons.push(this.solvedMark);
      }
      bar.replaceChildren(...buttons, this.status);
    }

    showStatus() {
      const {page} = this, running = page.running === this, {state} = kernel;
      const [shown, text] = running ? ["running", "Running…"]
        : this.pending ? ["waiting", state === "ready" ? `Waiting for cell ${page.running ? page.running.number : "above"}…`
          : "Waiting for Python…"]
        : this.mark || [state, {
          off: "Python starts at the first Run (the browser asks for less data)",
          loading: `Loading Python (Pyodide ${config.version})…`,
          ready: page.running ? `Python is running cell ${page.running.number}` : "Python ready",
          failed: "Python could not be loaded",
        }[state]];
      this.bar.dataset.state = shown;
      this.status.textContent = this.status.title = text;
      this.stopButton.disabled = !(running || this.pending);
      if (this.solvedMark) {
        const date = solved()[this.exercise];
        this.solvedMark.hidden = !date;
        this.solvedMark.title = date ? `Solved on ${date.slice(0, 10)}, on this device` : "";
      }
    }

    restoreOutput() {
      this.output.replaceChildren(...this.builtOutput.map(node => node.cloneNode(true)));
      this.output.dataset.origin = "build";
    }

    restore() {
      this.area.value = this.original;
      this.code.replaceChildren(...this.builtCode.map(node => node.cloneNode(true)));
      this.restoreOutput();
      this.mark = null;
      if (this.verdict) this.verdict.remove();
    }

    // The output area for a new run: `write` appends printed text (as text, never HTML); `again` starts over.
    clear() {
      const printer = {
        write: text => {
          this.printed.hidden = false;
          this.printed.append(text);
        },
        again: () => {
          if (this.printed && !this.printed.isConnected) return; // Reset put the built output back
          this.printed = Object.assign(document.createElement("pre"), {hidden: true}); // until the cell prints
          this.output.replaceChildren(this.printed);
          this.output.dataset.origin = "run";
        },
      };
      this.printed = null;
      printer.again();
      return printer;
    }

    show({error, figures = []}) {
      if (this.printed.hidden) this.printed.remove();
      if (error) {
        const pre = document.createElement("pre");
        pre.className = "dlref-error";
        pre.textContent = error;
        this.output.append(pre);
      }
      for (const svg of figures) {
        const image = document.createElement("img");
        Object.assign(image, {className: "dlref-figure", alt: `Figure drawn by cell ${this.number}`});
        image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        this.output.append(image);
      }
      const printed = this.printed.isConnected ? this.printed.textContent.trim() : "";
      const drawn = figures.length ? `, ${figures.length} figure${figures.length > 1 ? "s" : ""}` : "";
      announce(error ? `Cell ${this.number} raised ${exceptionOf(error)}` :
        `Cell ${this.number} ran${printed ? `: ${shorten(printed, 300)}` : ", no output"}${drawn}`);
    }

    // One short line under the output (replacing the last one), with a Retry that runs the cell again.
    say(text, {retry = false, details = ""} = {}) {
      this.output.querySelectorAll(":scope > .dlref-note").forEach(element => element.remove());
      const element = Object.assign(document.createElement("p"), {className: "dlref-note", textContent: text, title: details});
      if (retry) element.append(" ", button("Retry", `Run cell ${this.number} again`, () => this.page.run(this)));
      this.output.append(element);
      announce(`Cell ${this.number}: ${text}`);
    }

    // The Check button's result line, under the output: the check's printed message, or why it failed.
    judge(text, passed) {
      if (!this.verdict) {
        this.verdict = Object.assign(document.createElement("p"), {className: "dlref-check"});
        this.verdict.setAttribute("role", "status");
      }
      Object.assign(this.verdict, {textContent: text});
      this.verdict.dataset.passed = passed;
      this.output.after(this.verdict);
      if (passed) recordSolved(this.exercise);
    }
  }

  // The cells of one page and the Python session they share.
  class Page {
    constructor(blocks) {
      this.cells = [...blocks].map(block => new Cell(this, block)).sort((a, b) => a.number - b.number);
      this.ran = new Set();
      this.stopped = new Set(); // cells stopped before they finished: a later cell's run does not run them again
      this.generation = 0; // a Stop, Reset or navigation drops the runs queued before it
      this.session = 0; // a Reset or navigation also drops what the running cell still has to show
      this.queue = Promise.resolve();
      this.pending = 0;
      this.running = null;
      kernel.reset();
      this.render();
    }

    render() {
      if (kernel.state !== "failed") for (const cell of this.cells) if (cell.mark && cell.mark[0] === "failed") cell.mark = null;
      for (const cell of this.cells) cell.showStatus();
      showNotice();
    }

    // Run the cell (after the cells above it that have not run); with `check`, then its exercise's check.
    run(target, check = false) {
      const generation = this.generation;
      this.pending++;
      target.pending++;
      target.mark = null;
      this.render();
      this.queue = this.queue.then(async () => {
        const outcome = await this.runUpTo(target, generation);
        if (kernel.state === "failed") { // said on the cell asked, and by the page's notice again
          target.mark = ["failed", "Not run: Python could not be loaded"];
          notice.dismissed = false;
          announce(`Cell ${target.number} was not run: Python could not be loaded.`);
        }
        if (check) await this.verify(target, outcome, generation);
      }).finally(() => {
        this.pending--;
        target.pending--;
        this.render();
      });
    }

    async runUpTo(target, generation) {
      for (const cell of this.cells.filter(cell => cell.number < target.number)) {
        if (this.ran.has(cell.number) || this.stopped.has(cell)) continue; // a stopped cell runs when asked
        const outcome = await this.execute(cell, generation);
        if (outcome === "stopped") return outcome;
        if (outcome === "error") {
          target.say(`Not run: cell ${cell.number} above it failed.`);
          return "blocked";
        }
      }
      return this.execute(target, generation);
    }

    async execute(cell, generation) {
      await kernel.start();
      if (generation !== this.generation || kernel.state === "failed") return "stopped"; // the built output stays
      this.running = cell;
      this.render();
      const session = this.session;
      const result = await kernel.run(cell.number, cell.area.value, cell.clear());
      this.running = null;
      this.render();
      if (session !== this.session) return "stopped";
      if (result.failed) {
        cell.restoreOutput();
        return "stopped";
      }
      if (result.restarted || generation !== this.generation) { // Stop, or Python restarted under it
        this.stopped.add(cell);
        cell.mark = ["stopped", "Stopped: this cell did not finish"];
        if (cell.printed.hidden) cell.printed.remove();
        cell.say("Stopped: this cell did not finish, and a later cell's run does not run it again. " + (result.restarted ?
          "Python was restarted to stop it" + (self.crossOriginIsolated ? " (it did not answer the interrupt)" :
            " (this page is not cross-origin isolated, so it cannot be interrupted in place)") +
          ": the variables of earlier cells are gone, and those cells run again when needed." :
          "The variables of earlier cells are kept."));
        return "stopped";
      }
      this.ran.add(cell.number);
      this.stopped.delete(cell);
      if (result.missing) {
        const packages = packagesIn(result.missing);
        cell.restoreOutput();
        cell.say(`Could not load ${packages}, so this cell did not run; the output shown is the build's.`,
          {retry: true, details: result.missing});
        cell.error = `ImportError: could not load ${packages}`;
        return "error";
      }
      cell.show(result);
      cell.error = result.error && exceptionOf(result.error);
      return result.error ? "error" : "ok";
    }

    // The exercise's check, run unseen after the cell: it passed iff it raised nothing.
    async verify(cell, outcome, generation) {
      if (outcome === "error") return cell.judge(`Not checked: your code raised ${cell.error}`, false);
      if (outcome !== "ok") return cell.judge(kernel.state === "failed" ? "Not checked: Python could not be loaded." :
        "Not checked: the run was stopped or did not reach this cell.", false);
      let printed = "";
      const printer = {write: text => { printed += text; }, again: () => { printed = ""; }};
      this.running = cell;
      this.render();
      const session = this.session;
      const result = await kernel.run(cell.number, cell.check, printer);
      this.running = null;
      this.render();
      if (session !== this.session) return;
      if (result.restarted || result.failed || generation !== this.generation) {
        return cell.judge("Stopped: the check did not finish." + (result.restarted ?
          " Python was restarted, so the variables of earlier cells are gone." : ""), false);
      }
      if (result.missing) return cell.judge(`Not checked: could not load ${packagesIn(result.missing)}.`, false);
      if (result.error) {
        return cell.judge(exceptionOf(result.error).replace(/^(?:[\w.]+\.)?ExerciseFailed: /, ""), false);
      }
      cell.judge(printed.trim() || `✓ ${cell.exercise}: passed`, true);
    }

    stop() {
      this.generation++;
      kernel.stop();
    }

    reset(cell) {
      this.session++;
      this.stop();
      cell.restore();
      this.ran.clear();
      this.stopped.clear();
      for (const other of this.cells) other.mark = null;
      kernel.reset();
      this.render();
    }

    detach() {
      this.generation++;
      this.session++;
      if (this.pending) kernel.stop();
    }
  }

  let page = null;
  kernel.onChange = () => page && page.render();
  kernel.onRestart = () => page && page.ran.clear();

  function attach() {
    const blocks = document.querySelectorAll(".dlref-cell[data-cell]");
    if (page) page.detach();
    page = blocks.length ? new Page(blocks) : null;
    // Python starts with the page (in its worker, off the page's thread), unless the reader asks
    // for less data: then at the first Run.
    if (page && !(navigator.connection && navigator.connection.saveData)) kernel.start();
  }

  if (self.document$) self.document$.subscribe(attach); // each page, instant navigation included
  else attach();
})();
