// The reader's progress through the exercises (overrides/hooks/exercises.py marks them up). Solved and done
// exercises are kept in this browser only, in localStorage under "dlref:exercises": a JSON object
// {"chapter/slug": "<ISO date>", ...}. runner.js adds an ID when its Check passes and dispatches
// "dlref:exercise-solved"; this script shows the marks on a chapter's exercise headings and on the index
// page, and gives the exercises without a checker a "Mark as done" control. Nothing is sent anywhere.
(() => {
  "use strict";
  const KEY = "dlref:exercises";

  function load() {
    try {
      const record = JSON.parse(localStorage.getItem(KEY) || "{}");
      return record && typeof record === "object" && !Array.isArray(record) ? record : {};
    } catch (error) {
      return {}; // unreadable (edited by hand, or storage refused): start afresh rather than fail the page
    }
  }

  function save(record) {
    try {
      localStorage.setItem(KEY, JSON.stringify(record));
    } catch (error) {
      // storage refused (private mode, quota): the marks still show until the page is left
    }
  }

  const day = date => String(date).slice(0, 10);

  function mark(heading, record) {
    const id = heading.dataset.exercise;
    const checked = heading.dataset.kind === "implement";
    let state = heading.querySelector(".dlref-exercise-state");
    if (!state) {
      state = document.createElement("span");
      state.className = "dlref-exercise-state";
      const permalink = heading.querySelector(".headerlink");
      heading.insertBefore(state, permalink);
    }
    const when = record[id];
    state.textContent = when ? (checked ? ` ✓ solved ${day(when)}` : ` ✓ done ${day(when)}`) : "";
    heading.classList.toggle("dlref-solved", Boolean(when));
    if (checked) return;
    let button = heading.nextElementSibling && heading.nextElementSibling.querySelector(".dlref-mark-done");
    if (!button) {
      const meta = heading.nextElementSibling;
      if (!meta || !meta.classList.contains("dlref-exercise-meta")) return;
      button = document.createElement("button");
      button.type = "button";
      button.className = "dlref-mark-done md-button";
      button.addEventListener("click", () => {
        const current = load();
        if (current[id]) delete current[id];
        else current[id] = new Date().toISOString();
        save(current);
        render();
      });
      meta.append(" ", button);
    }
    button.textContent = when ? "Mark as not done" : "Mark as done";
    button.setAttribute("aria-pressed", when ? "true" : "false");
  }

  function render() {
    const record = load();
    document.querySelectorAll(".dlref-exercise[data-exercise]").forEach(heading => mark(heading, record));
    const states = document.querySelectorAll(".dlref-exercise-state[data-exercise]"); // the index page's rows
    states.forEach(state => {
      const when = record[state.dataset.exercise];
      state.textContent = when ? `✓ ${day(when)}` : "";
      state.closest("tr")?.classList.toggle("dlref-solved", Boolean(when));
    });
    const progress = document.querySelector("[data-exercise-progress]");
    if (progress) {
      const done = [...states].filter(state => record[state.dataset.exercise]).length;
      progress.textContent = `Your progress: ${done} of ${states.length} exercises done.`;
    }
  }

  document.addEventListener("dlref:exercise-solved", render);
  self.addEventListener("storage", event => { if (event.key === KEY) render(); }); // another tab
  if (self.document$) self.document$.subscribe(render); // each page, instant navigation included
  else render();
})();
