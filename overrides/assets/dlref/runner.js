// Live cells: the `python exec` cells of a page (marked up by overrides/hooks/cells.py) become
// editable and run in the page, in Pyodide in a Web Worker (worker.js), by the build's rules
// (session.py). All cells of a page share one Python session, as in a notebook; running a cell
// first runs the cells above it that have not run yet. The worker starts when the page is idle
// and outlives mkdocs-material's instant navigation; each page gets a fresh namespace.
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
      const worker = this.worker;
      setTimeout(() => { if (this.worker === worker && this.jobs.size) this.restart(); }, 1000);
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

  function note(text) {
    const element = document.createElement("p");
    element.className = "dlref-note";
    element.textContent = text;
    return element;
  }

  class Cell {
    constructor(page, block) {
      this.page = page;
      this.number = Number(block.dataset.cell);
      this.pending = 0; // runs asked of this cell and not yet finished
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
      Object.assign(area, {className: "dlref-input", value: this.original, spellcheck: false, wrap: "off"});
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
      const bar = this.bar = document.createElement("div");
      bar.className = "dlref-live";
      bar.setAttribute("role", "group");
      bar.setAttribute("aria-label", `Cell ${this.number}`);
      this.runButton = button("Run", `Run cell ${this.number} (Shift+Enter)`, () => this.page.run(this));
      this.runButton.classList.add("dlref-run");
      this.stopButton = button("Stop", `Stop cell ${this.number}`, () => this.page.stop());
      this.resetButton = button("Reset", `Reset cell ${this.number}: code and output as built, fresh Python session`,
        () => this.page.reset(this));
      this.status = document.createElement("span");
      this.status.className = "dlref-status";
      this.retryButton = button("Retry", "Retry loading Python", () => kernel.restart());
      bar.append(this.runButton, this.stopButton, this.resetButton, this.status, this.retryButton);
      this.output.before(bar);
    }

    showStatus() {
      const running = this.page.running === this, {state, message} = kernel;
      this.bar.dataset.state = running ? "running" : state;
      this.status.textContent = running ? "Running…" : {
        off: "Python starts when the page is idle",
        loading: `Loading Python (Pyodide ${config.version})…`,
        ready: this.page.running ? `Python is running cell ${this.page.running.number}` : "Python ready",
        failed: `Python could not be loaded (${message}). The code and output shown are those of the build; ` +
          "the page reads the same without it.",
      }[state];
      this.status.setAttribute("aria-live", running || this.pending ? "polite" : "off"); // the cell being run speaks
      this.retryButton.hidden = state !== "failed";
      this.stopButton.disabled = !(running || this.pending);
    }

    restore() {
      this.area.value = this.original;
      this.code.replaceChildren(...this.builtCode.map(node => node.cloneNode(true)));
      this.output.replaceChildren(...this.builtOutput.map(node => node.cloneNode(true)));
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
    }

    say(text, retry = false) {
      const element = note(text);
      if (retry) element.append(" ", button("Retry", `Run cell ${this.number} again`, () => this.page.run(this)));
      this.output.append(element);
    }
  }

  // The cells of one page and the Python session they share.
  class Page {
    constructor(blocks) {
      this.cells = [...blocks].map(block => new Cell(this, block)).sort((a, b) => a.number - b.number);
      this.ran = new Set();
      this.generation = 0; // a Stop, Reset or navigation drops the runs queued before it
      this.session = 0; // a Reset or navigation also drops what the running cell still has to show
      this.queue = Promise.resolve();
      this.pending = 0;
      this.running = null;
      kernel.reset();
      this.render();
    }

    render() {
      for (const cell of this.cells) cell.showStatus();
    }

    run(target) {
      const generation = this.generation;
      this.pending++;
      target.pending++;
      this.render();
      this.queue = this.queue.then(() => this.runUpTo(target, generation)).finally(() => {
        this.pending--;
        target.pending--;
        this.render();
      });
    }

    async runUpTo(target, generation) {
      for (const cell of this.cells) {
        if (cell.number > target.number) return;
        if (cell !== target && this.ran.has(cell.number)) continue;
        const outcome = await this.execute(cell, generation);
        if (outcome === "stopped") return;
        if (outcome === "error" && cell !== target) {
          target.clear();
          return target.say(`Not run: cell ${cell.number} above it failed.`);
        }
      }
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
      if (result.restarted || result.failed) {
        cell.say(result.failed ? `Python failed: ${result.failed}` :
          "Stopped. Python was restarted to stop the cell" + (self.crossOriginIsolated ?
            " (it did not answer the interrupt)" : " (this page is not cross-origin isolated, so it cannot be interrupted in place)") +
          ": the variables of earlier cells are gone, and those cells run again when needed.");
        return "stopped";
      }
      this.ran.add(cell.number);
      if (result.missing) {
        cell.say(`Python could not load a package this cell imports: ${result.missing}`, true);
        return "error";
      }
      cell.show(result);
      return result.error ? "error" : "ok";
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
      kernel.reset();
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
    if (page && kernel.state === "off") {
      const start = () => kernel.start();
      if ("requestIdleCallback" in self) requestIdleCallback(start, {timeout: 1000});
      else setTimeout(start, 200);
    }
  }

  if (self.document$) self.document$.subscribe(attach); // each page, instant navigation included
  else attach();
})();
