// NetKAN status dashboard: live filtering and sorting of the server-rendered table, search highlighting, an in-place
// refresh every few minutes, and the light/dark toggle.
// The page works without this file (filters are a GET form, sorting is links); this only saves the round trips.
// The rules match DashboardQuery.cs: same filters, same sort keys, missing values last, ties by identifier.

// Light/dark toggle on every page, remembered as NetKAN-status does (localStorage darkTheme = 'true' / 'false');
// without a choice the system preference applies (dashboard.css).
(() => {
  'use strict';
  const root = document.documentElement;
  const button = document.getElementById('theme');
  let stored = null;
  try { stored = localStorage.getItem('darkTheme'); } catch (e) { stored = null; }
  const systemDark = () => window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  const isDark = () => (root.dataset.theme ? root.dataset.theme === 'dark' : systemDark());
  function show() {
    if (button) {
      button.setAttribute('aria-pressed', isDark() ? 'true' : 'false');
      button.textContent = isDark() ? 'Light mode' : 'Dark mode';
    }
  }
  if (stored === 'true' || stored === 'false') {
    root.dataset.theme = stored === 'true' ? 'dark' : 'light';
  }
  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const dark = !isDark();
      root.dataset.theme = dark ? 'dark' : 'light';
      try { localStorage.setItem('darkTheme', dark ? 'true' : 'false'); } catch (e) { /* private mode: not remembered */ }
      show();
    });
  }
  show();
})();

(() => {
  'use strict';
  const table = document.getElementById('mods');
  const form = document.getElementById('filters');
  if (!table || !form) {
    return;
  }
  document.documentElement.classList.add('js');

  const tbody = table.tBodies[0];
  const wrap = table.parentElement;
  const summary = document.getElementById('summary');
  const empty = document.getElementById('empty');
  const caption = table.caption;
  const headers = Array.from(table.tHead.rows[0].cells);
  const column = {};
  headers.forEach((th, i) => { column[th.dataset.col] = i; });
  const dateColumns = { inflated: true, indexed: true, downloaded: true };
  const controls = {
    q: form.elements.q, game: form.elements.game, kind: form.elements.kind, state: form.elements.state,
    warnings: form.elements.warnings, frozen: form.elements.frozen,
  };
  const sort = { col: table.dataset.sort, desc: table.dataset.dir === 'desc' };

  // Case- and accent-insensitive (NFD fold), as NetKAN-status's highlighting; the server's search ignores case only.
  const fold = (c) => c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

  function readRow(tr) {
    const cells = tr.cells;
    const id = cells[0].querySelector('a').textContent;
    const msgCell = cells[column.problems];
    const shownMsg = msgCell.querySelector('.err, .warn');
    const keys = {
      id: id.toLowerCase(),
      game: column.game === undefined ? '' : cells[column.game].textContent,
      state: cells[column.state].textContent,
      version: cells[column.version].textContent.toLowerCase() || null,
      inflated: cells[column.inflated].dataset.v || null,
      indexed: cells[column.indexed].dataset.v || null,
      downloaded: cells[column.downloaded].dataset.v || null,
      problems: shownMsg ? shownMsg.textContent.toLowerCase() : '',
    };
    return {
      tr, keys,
      search: fold(id + '\n' + msgCell.textContent),
      state: tr.dataset.s, meta: tr.dataset.m === '1', frozen: tr.dataset.f === '1',
      warn: tr.dataset.w === '1', err: tr.dataset.e === '1',
      rank: tr.dataset.e === '1' ? 0 : tr.dataset.w === '1' ? 1 : 2,
      marked: [cells[0].querySelector('a'), ...msgCell.querySelectorAll('.err, .warn')]
        .map((el) => ({ el, text: el.textContent })),
    };
  }
  let rows = Array.from(tbody.rows).map(readRow);

  const number = new Intl.NumberFormat('en-US');

  function matches(row, f) {
    return (f.frozen || !row.frozen)
      && (f.kind === '' || row.meta === (f.kind === 'meta'))
      && (f.state === '' || row.state === f.state)
      && (!f.warnings || row.warn)
      && (f.q === '' || row.search.includes(f.q));
  }

  function filters() {
    return {
      q: fold(controls.q.value.trim()), kind: controls.kind.value, state: controls.state.value,
      warnings: controls.warnings.checked, frozen: controls.frozen.checked,
    };
  }

  function applyFilters() {
    const f = filters();
    let shown = 0; let errors = 0; let warnings = 0;
    for (const row of rows) {
      const ok = matches(row, f);
      if (row.tr.hidden === ok) {
        row.tr.hidden = !ok;
      }
      if (ok) {
        shown += 1;
        if (row.err) { errors += 1; } else if (row.warn) { warnings += 1; }
      }
      highlight(row, ok ? f.q : '');
    }
    summary.innerHTML = `Showing <strong>${number.format(shown)}</strong> of ${number.format(rows.length)} mods: `
      + `<span class="count-err">${number.format(errors)} errors</span>, `
      + `<span class="count-warn">${number.format(warnings)} with warnings</span>`;
    empty.hidden = shown !== 0;
    updateUrl();
  }

  // Search matches are marked with the same fold, mapped back onto the original characters.
  function highlight(row, q) {
    const needle = q;
    if (!needle && !row.highlighted) {
      return;
    }
    row.highlighted = false;
    for (const { el, text } of row.marked) {
      // Fold character by character, remembering where each folded character came from.
      let folded = '';
      const origin = [];
      for (let i = 0; i < text.length; i += 1) {
        const f = fold(text[i]);
        folded += f;
        for (let k = 0; k < f.length; k += 1) { origin.push(i); }
      }
      const parts = [];
      let at = 0;
      let from = needle ? folded.indexOf(needle) : -1;
      while (from >= 0) {
        const start = origin[from];
        const end = origin[from + needle.length - 1] + 1;
        if (start > at) { parts.push(document.createTextNode(text.slice(at, start))); }
        const mark = document.createElement('mark');
        mark.textContent = text.slice(start, end);
        parts.push(mark);
        at = end;
        from = folded.indexOf(needle, from + needle.length);
      }
      if (parts.length === 0) {
        if (el.firstElementChild) { el.textContent = text; }
        continue;
      }
      row.highlighted = true;
      if (at < text.length) { parts.push(document.createTextNode(text.slice(at))); }
      el.replaceChildren(...parts);
    }
  }

  function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function comparer(col, desc) {
    const directed = (c) => (desc ? -c : c);
    const nullable = (a, b) => {
      if (a === null && b === null) { return 0; }
      if (a === null) { return 1; }
      if (b === null) { return -1; }
      return directed(compareText(a, b));
    };
    return (x, y) => {
      let c;
      if (col === 'problems') {
        c = directed(x.rank !== y.rank ? x.rank - y.rank : compareText(x.keys.problems, y.keys.problems));
      } else if (col === 'version' || dateColumns[col]) {
        c = nullable(x.keys[col], y.keys[col]);
      } else {
        c = directed(compareText(x.keys[col], y.keys[col]));
      }
      return c !== 0 ? c : compareText(x.keys.id, y.keys.id);
    };
  }

  function sortBy(col, desc) {
    sort.col = col;
    sort.desc = desc;
    rows.sort(comparer(col, desc));
    const fragment = document.createDocumentFragment();
    for (const row of rows) {
      fragment.appendChild(row.tr);
    }
    tbody.appendChild(fragment);
    for (const th of headers) {
      const arrow = th.querySelector('.arrow');
      if (th.dataset.col === col) {
        th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
        arrow.textContent = desc ? '▼' : '▲';
      } else {
        th.removeAttribute('aria-sort');
        arrow.textContent = '';
      }
    }
    const title = headers[column[col]].querySelector('a').firstChild.textContent.toLowerCase();
    caption.textContent = `Mods, sorted by ${title}, ${desc ? 'descending' : 'ascending'}`;
    setHidden('sort', col === 'problems' ? null : col);
    setHidden('dir', desc === defaultDesc(col) ? null : (desc ? 'desc' : 'asc'));
    updateUrl();
  }

  function defaultDesc(col) {
    return !!dateColumns[col];
  }

  function setHidden(name, value) {
    let input = form.querySelector(`input[type=hidden][name=${name}]`);
    if (value === null) {
      if (input) { input.remove(); }
      return;
    }
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  // The same link DashboardQuery.Link builds: only the settings that differ from the defaults.
  function link(col, desc) {
    const p = new URLSearchParams();
    const q = controls.q.value.trim();
    if (q) { p.set('q', q); }
    if (controls.game.value !== 'ksp') { p.set('game', controls.game.value); }
    if (controls.kind.value) { p.set('kind', controls.kind.value); }
    if (controls.state.value) { p.set('state', controls.state.value); }
    if (controls.warnings.checked) { p.set('warnings', '1'); }
    if (controls.frozen.checked) { p.set('frozen', '1'); }
    if (col !== 'problems') { p.set('sort', col); }
    if (desc !== defaultDesc(col)) { p.set('dir', desc ? 'desc' : 'asc'); }
    const text = p.toString();
    return text ? `/?${text}` : '/';
  }

  function updateUrl() {
    history.replaceState(null, '', link(sort.col, sort.desc));
    for (const th of headers) {
      const col = th.dataset.col;
      const next = col === sort.col ? !sort.desc : th.dataset.first === 'desc';
      th.querySelector('a').href = link(col, next);
    }
  }

  // Every Dashboard:RefreshSeconds (NetKAN-status: 5 minutes) the rows, counts and health banner are reloaded in place;
  // the search box, filters, sort and scroll positions stay as the user left them.
  async function refresh() {
    let doc;
    try {
      const reply = await fetch(window.location.href, { headers: { Accept: 'text/html' }, cache: 'no-store' });
      if (!reply.ok) { return; }
      doc = new DOMParser().parseFromString(await reply.text(), 'text/html');
    } catch (e) {
      return; // offline for a moment: try again next time
    }
    const fresh = doc.getElementById('mods');
    if (!fresh) { return; }
    const scroll = { x: window.scrollX, y: window.scrollY, wrap: wrap.scrollTop };
    tbody.replaceChildren(...Array.from(fresh.tBodies[0].rows).map((tr) => document.importNode(tr, true)));
    rows = Array.from(tbody.rows).map(readRow);
    const health = document.querySelector('.health');
    const freshHealth = doc.querySelector('.health');
    if (health && freshHealth) { health.replaceWith(document.importNode(freshHealth, true)); }
    for (const name of ['game', 'kind', 'state']) {
      const fresher = doc.getElementById(name);
      if (fresher) {
        Array.from(controls[name].options).forEach((option, i) => {
          if (fresher.options[i]) { option.textContent = fresher.options[i].textContent; }
        });
      }
    }
    sortBy(sort.col, sort.desc);
    applyFilters();
    wrap.scrollTop = scroll.wrap;
    window.scrollTo(scroll.x, scroll.y);
    table.dataset.refreshes = String(Number(table.dataset.refreshes || '0') + 1);
  }
  const every = Number(table.dataset.refresh || '0');
  if (every > 0) {
    setInterval(refresh, every * 1000);
  }

  let timer = 0;
  controls.q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(applyFilters, controls.q.value.length > 3 || controls.q.value === '' ? 0 : 150);
  });
  for (const name of ['kind', 'state', 'warnings', 'frozen']) {
    controls[name].addEventListener('change', applyFilters);
  }
  // Another game is another table: load it from the server.
  controls.game.addEventListener('change', () => { window.location.href = link(sort.col, sort.desc); });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters();
  });
  for (const th of headers) {
    th.querySelector('a').addEventListener('click', (event) => {
      event.preventDefault();
      const col = th.dataset.col;
      sortBy(col, col === sort.col ? !sort.desc : th.dataset.first === 'desc');
    });
  }
  if (controls.q.value.trim()) {
    applyFilters(); // a search in the URL: mark its matches
  }
})();
