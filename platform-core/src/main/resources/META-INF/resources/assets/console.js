/*
 * Plinth's consoles: the platform admin's, under /admin, and each tenant's own, under
 * /t/{slug}/console (the shell's data-console and data-slug say which). Each view is its own
 * address (the server sends the same shell for each); this script reads the address, fetches from
 * the console's API with the session cookie, and builds the page from DOM nodes: API data is
 * untrusted (tenants name themselves), so it only ever becomes text. The admin token or the
 * tenant's API key is sent once, to sign in, and never kept; so is a tenant's one-time sign-in
 * link. The CSRF token lives in memory and is asked for again after a reload.
 */
'use strict';

(() => {
  const main = document.getElementById('main');
  const nav = document.getElementById('nav');
  const alertBox = document.getElementById('alert');
  const statusRegion = document.getElementById('status');
  const signOutButton = document.getElementById('sign-out');

  const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
  const EVENT_STATUSES = ['pending', 'processing', 'completed', 'skipped', 'failed', 'dead'];
  const SEVERITIES = ['info', 'warning', 'error', 'high', 'critical'];
  const CATEGORIES = ['api', 'database', 'webhook', 'billing', 'vertical'];
  const PAGE_SIZE = 25;

  /** Which console this is: the admin's, or one tenant's (by its slug). */
  const TENANT = document.body.dataset.console === 'tenant';
  const SLUG = document.body.dataset.slug;
  const HOME = TENANT ? `/t/${encodeURIComponent(SLUG)}/console` : '/admin';
  const API = TENANT ? `/api/t/${encodeURIComponent(SLUG)}/` : '/api/admin/';
  const SESSION = TENANT ? 'console/session' : 'session';
  const BRAND = document.querySelector('header .brand').textContent;

  let csrfToken = null;
  const timers = [];

  // ------------------------------------------------------------------ building the page

  /** An element with attributes (on* are listeners) and children (strings become text). */
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) {
        continue;
      }
      if (k.startsWith('on')) {
        e.addEventListener(k.slice(2), v);
      } else {
        e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    add(e, children);
    return e;
  }

  function add(parent, children) {
    for (const c of children.flat(Infinity)) {
      if (c != null && c !== false) {
        parent.append(c instanceof Node ? c : String(c));
      }
    }
    return parent;
  }

  function replace(parent, ...children) {
    parent.replaceChildren();
    return add(parent, children);
  }

  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

  /** A timestamp in the viewer's zone, with the ISO value in its title and datetime. */
  function time(iso) {
    return iso ? h('time', { datetime: iso, title: iso }, dateTime.format(new Date(iso))) : '—';
  }

  function duration(ms) {
    if (ms == null) {
      return '—';
    }
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
  }

  function seconds(s) {
    if (s < 120) {
      return `${s} s`;
    }
    if (s < 7200) {
      return `${Math.round(s / 60)} min`;
    }
    return s < 172800 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86400)} days`;
  }

  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  /** A JSON field's name as words: webhookUrl is "Webhook URL". */
  function words(name) {
    const spaced = name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .replace(/\b(url|id|api)\b/g, (w) => w.toUpperCase());
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
  }

  /** A value of unknown shape, as text: yes/no, a timestamp, or JSON for anything nested. */
  function value(v) {
    if (typeof v === 'boolean') {
      return v ? 'yes' : 'no';
    }
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/.test(v)) {
      return time(v);
    }
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  }

  /** A message of any length: a long one shows its start, and the rest when opened. */
  function message(text) {
    const s = String(text || '');
    if (s.length <= 160) {
      return s;
    }
    return h('details', { class: 'message' }, h('summary', null, short(s, 140)), s);
  }

  const short = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

  function badge(status) {
    const s = String(status || '').toLowerCase();
    return h('span', { class: `status ${s}` }, s || '—');
  }

  function link(href, ...text) {
    return h('a', { href }, ...text);
  }

  const adminPath = (...parts) => '/admin/' + parts.map(encodeURIComponent).join('/');

  /**
   * A table: columns are {label, cell(row) -> node|string, num?}; an empty list says so instead.
   * Each cell carries its column's label, which the narrow layout shows beside the value.
   */
  function table(columns, rows, empty, caption) {
    if (!rows.length) {
      return h('p', { class: 'empty' }, empty);
    }
    return h(
      'div',
      { class: 'table' },
      h(
        'table',
        null,
        caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            columns.map((c) => h('th', { scope: 'col', class: cellClass(c) }, c.label)),
          ),
        ),
        h(
          'tbody',
          null,
          rows.map((r) => row(columns, r)),
        ),
      ),
    );
  }

  /** Columns of long text (messages, ids) wrap anywhere, so that a table fits the screen. */
  const WRAPPED = new Set(['Message', 'Error', 'Last error', 'Stripe event', 'Reference', 'Target', 'Data', 'Subject']);

  function cellClass(c) {
    return c.num ? 'num' : WRAPPED.has(c.label) ? 'wrap' : null;
  }

  function row(columns, r) {
    return h(
      'tr',
      { 'data-id': r.id },
      columns.map((c) =>
        h('td', { 'data-label': c.label, class: cellClass(c) }, h('span', null, c.cell(r) ?? '—')),
      ),
    );
  }

  /** A definition list of [term, value] pairs, leaving out absent values. */
  function facts(pairs) {
    return h(
      'dl',
      { class: 'facts' },
      pairs.filter(([, v]) => v != null && v !== '').map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
    );
  }

  function section(title, ...children) {
    const id = 'h-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), children);
  }

  /** The "Older" link of a list: the same address with before= the answer's cursor. */
  function pager(nextBefore, what) {
    if (!nextBefore) {
      return null;
    }
    const url = new URL(location.href);
    url.searchParams.set('before', nextBefore);
    return h(
      'p',
      { class: 'pager' },
      h('a', { href: url.pathname + url.search, rel: 'next', class: 'button quiet' }, `Older ${what}`),
    );
  }

  /** Where a list starts when it is paged back, with a way back to its newest entries. */
  function newest(params, what) {
    if (!params.get('before')) {
      return null;
    }
    const url = new URL(location.href);
    url.searchParams.delete('before');
    return h(
      'p',
      { class: 'pager' },
      `Showing older ${what}. `,
      link(url.pathname + url.search, `Back to the newest`),
    );
  }

  /**
   * A filter form, sent with GET to this very address, so that a filtered list has an address of
   * its own. fields: {name, label, type: text|select|datetime-local, options?: [[value, text]]}.
   */
  function filters(params, fields, submit) {
    const form = h('form', { method: 'get', action: location.pathname, class: 'filters', role: 'search' });
    for (const f of fields) {
      const id = `f-${f.name}`;
      const value = params.get(f.name) || f.value || '';
      let input;
      if (f.type === 'select') {
        input = h(
          'select',
          { id, name: f.name },
          f.options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)),
        );
      } else {
        input = h('input', {
          id,
          name: f.name,
          type: f.type || 'text',
          value,
          placeholder: f.placeholder,
          list: f.list,
          autocomplete: 'off',
        });
      }
      form.append(h('div', { class: 'field' }, h('label', { for: id }, f.label), input));
    }
    form.append(
      h(
        'div',
        { class: 'field actions' },
        h('button', { type: 'submit' }, submit || 'Apply'),
        h('a', { href: location.pathname, class: 'button quiet' }, 'Clear'),
      ),
    );
    // empty fields stay out of the address
    form.addEventListener('submit', () => {
      for (const e of form.elements) {
        if (e.name && !e.value) {
          e.disabled = true;
        }
      }
    });
    return form;
  }

  const anyOption = (label, values) => [['', label], ...values.map((v) => [v, v])];

  /** A datetime-local value (the viewer's zone) as the API's ISO instant; null if none. */
  function isoOf(local) {
    if (!local) {
      return null;
    }
    const d = new Date(local);
    return isNaN(d) ? null : d.toISOString();
  }

  /** An instant as a datetime-local value in the viewer's zone. */
  function localOf(date) {
    const pad = (n) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }

  // ------------------------------------------------------------------ talking to the API

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || `The server answered ${status}.`);
      this.status = status;
      this.code = body && body.error;
    }
  }

  /**
   * Calls the console's API (/api/admin/ or /api/t/{slug}/) at path; sends a JSON body if given, the CSRF token with every state-changing request, and shows a
   * failure in the alert region (unless quiet). A 401 on anything but the session means the
   * session ended: the sign-in form comes back.
   */
  async function api(method, path, options = {}) {
    const url = new URL(API + path, location.origin);
    for (const [k, v] of Object.entries(options.query || {})) {
      if (v != null && v !== '') {
        url.searchParams.set(k, v);
      }
    }
    const headers = { Accept: 'application/json' };
    if (options.token) {
      headers.Authorization = 'Bearer ' + options.token;
    } else if (CHANGES.has(method) && csrfToken) {
      headers['X-CSRF-Token'] = csrfToken;
    }
    let body = null;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response;
    try {
      response = await fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
      throw shown(
        new ApiError(0, { message: 'Plinth cannot be reached. Check the connection and try again.' }),
        options,
      );
    }
    const answer = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const error = new ApiError(response.status, answer);
      if (response.status === 401 && path !== SESSION) {
        showSignIn('Your session has ended. Sign in again.');
        throw error;
      }
      throw shown(error, options);
    }
    return answer;
  }

  function shown(error, options) {
    if (!options.quiet) {
      showAlert(error.message);
    }
    return error;
  }

  function showAlert(message) {
    alertBox.hidden = false;
    replace(
      alertBox,
      h('p', null, message),
      h('button', { type: 'button', class: 'quiet', onclick: clearAlert }, 'Dismiss'),
    );
  }

  function clearAlert() {
    alertBox.hidden = true;
    alertBox.replaceChildren();
  }

  /** Says something to screen readers, without moving the focus. */
  function announce(text) {
    statusRegion.textContent = '';
    setTimeout(() => (statusRegion.textContent = text), 50);
  }

  /**
   * A button that runs action(output) once at a time; output is a live region beside it that
   * reports how it went.
   */
  function actionButton(label, action, attrs) {
    const output = h('span', { class: 'outcome', role: 'status' });
    const button = h('button', Object.assign({ type: 'button' }, attrs), label);
    button.addEventListener('click', async () => {
      button.disabled = true;
      output.textContent = 'Working…';
      try {
        const said = await action(output, button);
        if (typeof said === 'string') {
          output.textContent = said;
        }
      } catch (e) {
        output.textContent = e.message;
      } finally {
        button.disabled = false;
      }
    });
    return h('span', { class: 'action' }, button, output);
  }

  /**
   * A confirmation step: the question and two buttons, the first focused; yes() runs on confirm.
   * Cancel (or Escape) puts the focus back where it was.
   */
  function confirmStep(place, question, yesLabel, yes) {
    const opener = document.activeElement;
    const id = 'confirm-' + Math.random().toString(36).slice(2);
    const box = h('div', { class: 'confirm', role: 'group', 'aria-labelledby': id });
    const close = () => {
      box.remove();
      if (opener && opener.isConnected) {
        opener.focus();
      }
    };
    const cancel = h('button', { type: 'button', class: 'quiet', onclick: close }, 'Cancel');
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !cancel.disabled) {
        close();
      }
    });
    const go = h('button', { type: 'button', class: 'danger', 'data-confirm': '' }, yesLabel);
    go.addEventListener('click', async () => {
      go.disabled = true;
      cancel.disabled = true;
      try {
        const said = await yes();
        replace(box, h('p', { role: 'status' }, said));
      } catch (e) {
        replace(box, h('p', { role: 'status', class: 'error' }, e.message));
      }
    });
    add(box, [h('p', { id }, question), h('div', { class: 'buttons' }, go, cancel)]);
    place.replaceChildren(box);
    go.focus();
  }

  /** Runs fn every ms, skipping a round while the tab is hidden or the last round still runs. */
  function every(ms, fn) {
    let running = false;
    timers.push(
      setInterval(async () => {
        if (running || document.hidden) {
          return;
        }
        running = true;
        try {
          await fn();
        } finally {
          running = false;
        }
      }, ms),
    );
  }

  function stopTimers() {
    timers.splice(0).forEach(clearInterval);
  }

  // ------------------------------------------------------------------ signing in and out

  function showSignIn(message) {
    stopTimers();
    csrfToken = null;
    nav.hidden = true;
    signOutButton.hidden = true;
    document.title = `Sign in · ${BRAND}`;
    const input = h('input', {
      id: 'token',
      name: 'token',
      type: 'password',
      autocomplete: 'off',
      required: true,
      'aria-describedby': 'token-help',
    });
    const error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' });
    const form = h(
      'form',
      { id: 'sign-in', class: 'card narrow' },
      h('label', { for: 'token' }, TENANT ? 'API key' : 'Admin token'),
      input,
      h(
        'p',
        { id: 'token-help', class: 'muted' },
        TENANT
          ? 'Your business’s Plinth API key, or open a one-time sign-in link from your own app or team. The key is exchanged for a session cookie and not kept in this browser.'
          : 'The platform’s PLINTH_ADMIN_TOKEN. It is exchanged for a session cookie and not kept in this browser.',
      ),
      error,
      h('button', { type: 'submit', id: 'sign-in-button' }, 'Sign in'),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const token = input.value;
      form.querySelector('button').disabled = true;
      try {
        const session = await api('POST', SESSION, { token, quiet: true });
        input.value = '';
        csrfToken = session.csrfToken;
        clearAlert();
        await signedIn(true);
      } catch (e) {
        // another tenant's key is 404 here, as anywhere: to this console it is just not the key
        const refused = e.status === 401 || (TENANT && e.status === 404);
        error.textContent = refused ? `That is not the ${TENANT ? 'API key' : 'admin token'}.` : e.message;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      } finally {
        form.querySelector('button').disabled = false;
      }
    });
    replace(
      main,
      h('h1', { id: 'title' }, 'Sign in to the console'),
      message ? h('p', { id: 'sign-in-note', class: 'notice' }, message) : null,
      form,
    );
    input.focus();
  }

  async function signOut() {
    try {
      await api('DELETE', SESSION);
      showSignIn('You are signed out.');
    } catch (e) {
      if (e.status === 401) {
        showSignIn('You are signed out.');
      }
      // anything else is shown in the alert region
    }
  }

  async function signedIn(focus) {
    nav.hidden = false;
    signOutButton.hidden = false;
    for (const a of nav.querySelectorAll('a')) {
      if (a.dataset.view === route().nav) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    }
    await show(route());
    if (focus) {
      const title = document.getElementById('title');
      if (title) {
        title.setAttribute('tabindex', '-1');
        title.focus();
      }
    }
  }

  // ------------------------------------------------------------------ the views

  function route() {
    const path = location.pathname.replace(/\/+$/, '');
    const params = new URLSearchParams(location.search);
    if (TENANT) {
      return tenantRoute(path, params);
    }
    const match = (re) => path.match(re);
    let m;
    if (path === '/admin') {
      return { nav: 'overview', view: overview, params };
    }
    if ((m = match(/^\/admin\/(webhooks|errors|tenants|jobs|audit)$/))) {
      const views = { webhooks, errors, tenants, jobs, audit };
      return { nav: m[1], view: views[m[1]], params };
    }
    if ((m = match(/^\/admin\/webhooks\/([^/]+)$/))) {
      return { nav: 'webhooks', view: webhookEvent, params, id: decodeURIComponent(m[1]) };
    }
    if ((m = match(/^\/admin\/tenants\/([^/]+)$/))) {
      return { nav: 'tenants', view: tenant, params, id: decodeURIComponent(m[1]) };
    }
    return { nav: null, view: notFound, params };
  }

  async function show(r) {
    stopTimers();
    try {
      await r.view(r.params, r.id);
    } catch (e) {
      if (e.status !== 401) {
        render(
          e.status === 404 ? 'Not found' : 'This page could not be loaded',
          h('p', { class: 'empty' }, e.message),
        );
      }
    }
  }

  /** Puts a view in place: its title (h1 and the document's) and its content. */
  function render(title, ...content) {
    document.title = `${title} · ${BRAND}`;
    replace(main, h('h1', { id: 'title' }, title), content);
  }

  function notFound() {
    render('Not found', h('p', null, 'There is no such page in the console.'));
  }

  // ---- overview

  async function overview(params) {
    const hours = Number(params.get('hours')) || 6;
    const data = await api('GET', 'overview', { query: { hours } });
    const figures = h('div');
    const readiness = h('div');
    const chartPlace = h('div', { class: 'chart-place' });
    const legend = h('ul', { class: 'legend', 'aria-hidden': 'true' });
    const quiet = h('p', { class: 'empty', id: 'chart-empty' });
    const tablePlace = h('div');
    const updated = h('p', { class: 'muted', id: 'updated' });
    const hoursForm = filters(
      params,
      [
        {
          name: 'hours',
          label: 'Period',
          type: 'select',
          value: '6',
          options: [1, 3, 6, 12, 24, 48].map((n) => [String(n), plural(n, 'hour', 'hours')]),
        },
      ],
      'Show',
    );
    hoursForm.querySelector('a').remove();
    hoursForm.classList.add('compact');
    let last = data;

    function fill(d) {
      replace(updated, 'Updated ', time(d.generatedAt), '; it refreshes by itself every 10 seconds.');
      showFigures(figures, d);
      replace(readiness, readinessPart(d.readiness));
      drawChart(d.series);
      replace(
        tablePlace,
        table(
          [
            {
              label: 'From',
              cell: (r) =>
                h(
                  'time',
                  { datetime: r.from.toISOString(), title: r.from.toISOString() },
                  dateTime.format(r.from),
                ),
            },
            { label: 'Received', cell: (r) => r.received, num: true },
            { label: 'Processed', cell: (r) => r.processed, num: true },
            { label: 'Failed', cell: (r) => r.failed, num: true },
          ],
          PlinthChart.rows(d.series, 24),
          'No figures for this period.',
          'Deliveries by period, newest first',
        ),
      );
    }

    function drawChart(series) {
      const title = `Webhook events per minute, last ${plural(hours, 'hour', 'hours')}`;
      const total = PlinthChart.LINES.reduce((n, l) => n + series[l.key].reduce((a, b) => a + b, 0), 0);
      replace(quiet, total ? null : `No webhook events in the last ${plural(hours, 'hour', 'hours')}.`);
      const width = chartPlace.clientWidth || main.clientWidth - 32;
      chartPlace.replaceChildren(PlinthChart.draw(series, width, title));
      replace(
        legend,
        PlinthChart.LINES.map((l) =>
          h(
            'li',
            { class: l.key },
            h('span', { class: 'swatch' }),
            `${l.label} `,
            h(
              'strong',
              { 'data-total': l.key },
              series[l.key].reduce((a, b) => a + b, 0),
            ),
          ),
        ),
      );
    }

    render(
      'Overview',
      updated,
      figures,
      section(
        'Deliveries per minute',
        h('div', { class: 'chart-head' }, legend, hoursForm),
        quiet,
        chartPlace,
        h('details', { class: 'chart-table' }, h('summary', null, 'The same figures as a table'), tablePlace),
      ),
      section('Readiness', readiness),
    );
    fill(data);
    let width = chartPlace.clientWidth;
    window.addEventListener('resize', () => {
      if (chartPlace.clientWidth !== width) {
        width = chartPlace.clientWidth;
        drawChart(last.series);
      }
    });
    every(10000, async () => {
      const d = await api('GET', 'overview', { query: { hours }, quiet: true }).catch(() => null);
      if (!d) {
        return;
      }
      const before = last;
      last = d;
      fill(d);
      const news = [];
      const received = (x) => x.series.received.reduce((a, b) => a + b, 0);
      if (received(d) > received(before)) {
        news.push(plural(received(d) - received(before), 'new delivery', 'new deliveries'));
      }
      if (d.webhooks.dead !== before.webhooks.dead) {
        news.push(`${d.webhooks.dead} dead`);
      }
      if (d.readiness.status !== before.readiness.status) {
        news.push(`readiness ${d.readiness.status}`);
      }
      if (news.length) {
        announce(news.join(', '));
      }
    });
  }

  /** The overview's figures: [id, value, label, link or null, tone or null], in two rows. */
  function figuresOf(d) {
    const w = d.webhooks;
    const e = d.errors.unresolved;
    const n = d.notifications;
    return {
      webhooks: [
        [
          'stat-ready',
          d.readiness.status,
          'Readiness',
          '#h-readiness',
          d.readiness.status === 'UP' ? 'good' : 'bad',
        ],
        ['stat-queue', w.queueDepth, 'Events waiting', '/admin/webhooks?status=pending', null],
        ['stat-lag', seconds(w.lagSeconds), 'Lag', null, w.lagSeconds > 120 ? 'bad' : null],
        ['stat-dead', w.dead, 'Dead events', '/admin/webhooks?status=dead', w.dead ? 'bad' : null],
        ['stat-unroutable', w.unroutable, 'Unroutable events', null, w.unroutable ? 'bad' : null],
        [
          'stat-notifications',
          `${n.pending} / ${n.failed}`,
          'Emails waiting / failing',
          '/admin/jobs#h-notifications',
          n.failed ? 'bad' : null,
        ],
      ],
      errors: SEVERITIES.map((s) => [
        `stat-errors-${s}`,
        e[s] || 0,
        s,
        `/admin/errors?severity=${s}`,
        e[s] && ['error', 'high', 'critical'].includes(s) ? 'bad' : null,
      ]),
    };
  }

  function stat([id, value, label, href, tone]) {
    return h(
      'div',
      { class: `card stat ${tone || ''}` },
      h('strong', { id }, value),
      href ? link(href, label) : h('span', null, label),
    );
  }

  /**
   * The figures' cards the first time; after that only their values and tones change, so that a
   * link that has the keyboard's focus keeps it.
   */
  function showFigures(place, d) {
    const figures = figuresOf(d);
    if (!place.firstChild) {
      add(place, [
        h('div', { class: 'stats' }, figures.webhooks.map(stat)),
        h('h2', { id: 'h-errors' }, 'Unresolved errors by severity'),
        h('div', { class: 'stats' }, figures.errors.map(stat)),
      ]);
      return;
    }
    for (const [id, value, , , tone] of [...figures.webhooks, ...figures.errors]) {
      const strong = document.getElementById(id);
      strong.textContent = String(value);
      strong.parentElement.className = `card stat ${tone || ''}`;
    }
  }

  function readinessPart(r) {
    return [
      h(
        'p',
        null,
        'Plinth is ',
        badge(r.status),
        r.status === 'UP' ? ': it takes traffic.' : ': a check below fails.',
      ),
      table(
        [
          { label: 'Check', cell: (c) => c.name },
          { label: 'Status', cell: (c) => badge(c.status) },
          { label: 'Data', cell: (c) => dataList(c.data) },
        ],
        r.checks,
        'No readiness checks answered.',
        'Readiness checks',
      ),
    ];
  }

  function dataList(data) {
    const entries = Object.entries(data || {});
    if (!entries.length) {
      return '—';
    }
    return h(
      'ul',
      { class: 'plain' },
      entries.map(([k, v]) => h('li', null, h('span', { class: 'muted' }, `${k}: `), value(v))),
    );
  }

  // ---- webhooks

  const eventColumns = (withTenant) =>
    [
      { label: 'Received', cell: (e) => time(e.receivedAt) },
      withTenant ? { label: 'Tenant', cell: (e) => link(adminPath('tenants', e.tenant), e.tenant) } : null,
      { label: 'Type', cell: (e) => (TENANT ? e.type : link(adminPath('webhooks', e.id), e.type)) },
      { label: 'Status', cell: (e) => badge(e.status) },
      { label: 'Attempts', cell: (e) => e.attempts, num: true },
      { label: 'Processing', cell: (e) => duration(e.processingMs), num: true },
      { label: 'Stripe event', cell: (e) => h('code', null, e.eventId) },
      TENANT ? { label: 'Reference', cell: referenceCell } : null,
    ].filter(Boolean);

  /** A tenant's filter by the reference its checkouts carry (an event's id, an order...). */
  const REFERENCE_FILTER = { name: 'reference', label: 'Reference', placeholder: 'as given at checkout' };

  /** An event's reference, as a link to everything logged for it; a dash if it has none. */
  function referenceCell(e) {
    return e.reference
      ? link(
          `${HOME}/webhooks?reference=${encodeURIComponent(e.reference)}`,
          h('code', { title: e.reference }, short(e.reference, 48)),
        )
      : '—';
  }

  /** With a reference filtered: a link to the same reference's other log. */
  function referenceLink(params, view, text) {
    const reference = params.get('reference');
    return reference
      ? h('p', null, link(`${HOME}/${view}?reference=${encodeURIComponent(reference)}`, text))
      : null;
  }

  /** The webhook lists' filters besides the tenant, and their query. */
  const EVENT_FILTERS = [
    { name: 'type', label: 'Type', placeholder: 'checkout.session.completed', list: 'event-types' },
    { name: 'status', label: 'Status', type: 'select', options: anyOption('Any status', EVENT_STATUSES) },
    { name: 'from', label: 'Received from', type: 'datetime-local' },
    { name: 'to', label: 'Received before', type: 'datetime-local' },
  ];

  /** The error lists' filters by severity and category. */
  const ERROR_FILTERS = [
    { name: 'severity', label: 'Severity', type: 'select', options: anyOption('Any severity', SEVERITIES) },
    { name: 'category', label: 'Category', type: 'select', options: anyOption('Any category', CATEGORIES) },
  ];

  async function webhooks(params) {
    const query = listQuery(params, ['tenant', 'type', 'status']);
    const [page, stats] = await Promise.all([
      api('GET', 'webhooks', { query }),
      api('GET', 'webhooks/stats', { query: { hours: 24 } }),
    ]);
    const filtered = ['tenant', 'type', 'status', 'from', 'to'].some((k) => params.get(k));
    const columns = eventColumns(true);
    const list = h(
      'div',
      { id: 'events' },
      table(
        columns,
        page.events,
        filtered ? 'No events match these filters.' : 'No webhook events yet.',
        'Webhook events, newest first',
      ),
    );
    const bulk = h('div');

    render(
      'Webhooks',
      filters(params, [{ name: 'tenant', label: 'Tenant', placeholder: 'slug' }, ...EVENT_FILTERS]),
      typeList(stats),
      newest(params, 'events'),
      list,
      pager(page.nextBefore, 'events'),
      typeStats(stats, '/admin/webhooks'),
      section('Replay dead events', bulkReplay(bulk), bulk),
    );

    // the first page follows new deliveries: new rows come in on top, and statuses change in place
    if (!query.before && !query.to) {
      const shown = new Map(page.events.map((e) => [e.id, e]));
      every(5000, async () => {
        const fresh = await api('GET', 'webhooks', { query, quiet: true }).catch(() => null);
        if (!fresh) {
          return;
        }
        const body = list.querySelector('tbody');
        const added = fresh.events.filter((e) => !shown.has(e.id));
        if (added.length && !body) {
          replace(list, table(columns, fresh.events, '', 'Webhook events, newest first'));
        } else if (added.length) {
          body.prepend(...added.map((e) => markNew(row(columns, e), e)));
        }
        for (const e of fresh.events) {
          const before = shown.get(e.id);
          if (before && (before.status !== e.status || before.attempts !== e.attempts)) {
            const old = list.querySelector(`tr[data-id="${CSS.escape(e.id)}"]`);
            if (old && old.contains(document.activeElement)) {
              // not under the keyboard's focus: the next round tries again
              continue;
            }
            if (old) {
              old.replaceWith(markNew(row(columns, e), e, true));
            }
          }
          shown.set(e.id, e);
        }
        if (added.length) {
          announce(plural(added.length, 'new event', 'new events') + ' at the top of the list');
        }
      });
    }
  }

  /** The types seen lately, offered by the type filter. */
  function typeList(stats) {
    return h('datalist', { id: 'event-types' }, stats.types.map((t) => h('option', { value: t.eventType })));
  }

  /** The events per type over the last 24 hours, each type linking to the list at base. */
  function typeStats(stats, base) {
    return section(
      'By type, last 24 hours',
      table(
        [
          { label: 'Type', cell: (t) => link(`${base}?type=${encodeURIComponent(t.eventType)}`, t.eventType) },
          { label: 'Events', cell: (t) => t.total, num: true },
          { label: 'Succeeded', cell: (t) => `${Math.round(t.successRate * 1000) / 10}%`, num: true },
          { label: 'Failed', cell: (t) => t.failed, num: true },
          { label: 'Dead', cell: (t) => t.dead, num: true },
          { label: 'Waiting', cell: (t) => t.pending, num: true },
          { label: 'p95', cell: (t) => duration(t.p95ProcessingMs), num: true },
          { label: 'Average', cell: (t) => duration(t.avgProcessingMs), num: true },
        ],
        stats.types,
        'No events in the last 24 hours.',
        'Events by type over the last 24 hours',
      ),
    );
  }

  function markNew(tr, e, changed) {
    tr.classList.add(changed ? 'changed' : 'new');
    return tr;
  }

  /** The bulk replay form: since when; then a confirmation step that says how many. */
  function bulkReplay(place) {
    const input = h('input', {
      id: 'replay-since',
      type: 'datetime-local',
      required: true,
      value: localOf(new Date(Date.now() - 24 * 3600 * 1000)),
    });
    const form = h(
      'form',
      { class: 'filters compact', id: 'bulk-replay' },
      h('div', { class: 'field' }, h('label', { for: 'replay-since' }, 'Dead events received since'), input),
      h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Review replay…')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const since = isoOf(input.value);
      if (!since) {
        place.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Give a date and time.'));
        return;
      }
      const page = await api('GET', 'webhooks', { query: { status: 'dead', from: since, limit: 500 } });
      const n = page.events.length;
      if (!n) {
        place.replaceChildren(
          h(
            'p',
            { role: 'status' },
            `No dead events were received since ${dateTime.format(new Date(since))}.`,
          ),
        );
        return;
      }
      const count = page.nextBefore ? `${n} or more` : String(n);
      confirmStep(
        place,
        `Replay ${count} dead ${n === 1 ? 'event' : 'events'} received since ${dateTime.format(new Date(since))}? Each goes back to the queue and is processed again.`,
        `Replay ${count} ${n === 1 ? 'event' : 'events'}`,
        async () => {
          const done = await api('POST', 'webhooks/replay', { query: { status: 'dead', since } });
          return `${plural(done.replayed, 'event was', 'events were')} queued for replay.`;
        },
      );
    });
    return form;
  }

  async function webhookEvent(params, id) {
    let e = withAttempts(await api('GET', `webhooks/${encodeURIComponent(id)}`));
    const detail = h('div');
    const attempts = h('div');
    const errorsPlace = h('div');

    function fill() {
      replace(
        detail,
        facts([
          ['Status', badge(e.status)],
          ['Tenant', link(adminPath('tenants', e.tenant), e.tenant)],
          ['Stripe event', h('code', null, e.eventId)],
          ['Object', e.objectId ? h('code', null, e.objectId) : null],
          ['Received', time(e.receivedAt)],
          ['Created at Stripe', time(e.created)],
          ['Processed', e.processedAt ? time(e.processedAt) : null],
          ['Processing time', e.processingMs != null ? duration(e.processingMs) : null],
          ['Attempts', String(e.attemptList.length)],
          ['Next attempt', e.nextAttemptAt ? time(e.nextAttemptAt) : null],
          ['Source', e.source],
          ['Last error', e.lastError ? h('span', { class: 'error-text' }, e.lastError) : null],
        ]),
      );
      replace(
        attempts,
        table(
          [
            { label: '#', cell: (a) => e.attemptList.indexOf(a) + 1, num: true },
            { label: 'Outcome', cell: (a) => badge(a.outcome) },
            { label: 'Started', cell: (a) => time(a.startedAt) },
            { label: 'Duration', cell: (a) => duration(a.durationMs), num: true },
            { label: 'Error', cell: (a) => a.error || '—' },
          ],
          e.attemptList,
          'No attempts yet: the event waits for a worker.',
          'Processing attempts, oldest first',
        ),
      );
      replace(
        errorsPlace,
        table(
          [
            { label: 'Severity', cell: (x) => badge(x.severity) },
            { label: 'Message', cell: (x) => message(x.message) },
            { label: 'Last seen', cell: (x) => time(x.lastSeen) },
            { label: 'Occurrences', cell: (x) => x.occurrences, num: true },
            { label: 'Resolved', cell: (x) => (x.resolved ? 'yes' : 'no') },
          ],
          e.errors || [],
          'No errors were recorded while processing this event.',
          'Errors recorded for this event',
        ),
      );
    }

    render(
      e.type,
      h('p', { class: 'crumbs' }, link('/admin/webhooks', 'Webhooks'), ' › ', h('code', null, e.eventId)),
      detail,
      e.payloadPurged
        ? h('p', { class: 'notice' }, 'Retention removed this event’s payload; it cannot be replayed.')
        : h(
            'p',
            null,
            actionButton(
              'Replay this event',
              async (output) => {
                const before = e.attemptList.length;
                await api('POST', `webhooks/${encodeURIComponent(id)}/replay`);
                output.textContent = 'Queued for replay; waiting for the new attempt…';
                for (let i = 0; i < 60; i++) {
                  await new Promise((r) => setTimeout(r, 1000));
                  const fresh = withAttempts(
                    await api('GET', `webhooks/${encodeURIComponent(id)}`, { quiet: true }),
                  );
                  if (
                    fresh.attemptList.length > before &&
                    !['pending', 'processing'].includes(fresh.status)
                  ) {
                    e = fresh;
                    fill();
                    const a = fresh.attemptList[fresh.attemptList.length - 1];
                    return `Replayed: the new attempt ${a.outcome}.`;
                  }
                }
                return 'Queued for replay; no new attempt yet. Reload to check.';
              },
              { id: 'replay' },
            ),
          ),
      section('Attempts', attempts),
      section('Errors', errorsPlace),
      section(
        'Payload',
        e.payloadPurged
          ? h('p', { class: 'empty' }, 'Removed by retention.')
          : h(
              'pre',
              { class: 'payload', tabindex: '0', 'aria-label': 'Payload' },
              JSON.stringify(e.payload, null, 2),
            ),
      ),
    );
    fill();
  }

  /** The detail with its attempts (the API's list) as attemptList. */
  function withAttempts(e) {
    return Object.assign(e, { attemptList: Array.isArray(e.attempts) ? e.attempts : [] });
  }

  // ---- errors

  async function errors(params) {
    const show = params.get('show') === 'entries' ? 'entries' : 'groups';
    const state = params.get('state') || 'unresolved';
    const query = {
      severity: params.get('severity'),
      category: params.get('category'),
      tenant: params.get('tenant'),
      resolved: state === 'all' ? null : String(state === 'resolved'),
    };
    const form = filters(params, [
      {
        name: 'show',
        label: 'Show',
        type: 'select',
        options: [
          ['groups', 'Groups'],
          ['entries', 'Entries'],
        ],
      },
      ...ERROR_FILTERS,
      { name: 'tenant', label: 'Tenant', placeholder: 'slug' },
      {
        name: 'state',
        label: 'State',
        type: 'select',
        value: 'unresolved',
        options: [
          ['unresolved', 'Unresolved'],
          ['resolved', 'Resolved'],
          ['all', 'All'],
        ],
      },
    ]);
    const filtered = ['severity', 'category', 'tenant'].some((k) => params.get(k));
    const none =
      state === 'unresolved' && !filtered
        ? 'No unresolved errors. All is well.'
        : 'No errors match these filters.';
    if (show === 'groups') {
      const limit = 100;
      const data = await api('GET', 'errors/groups', { query: Object.assign({ limit }, query) });
      render(
        'Errors',
        form,
        table(
          [
            { label: 'Severity', cell: (g) => badge(g.severity) },
            {
              label: 'Message',
              cell: (g) => [
                message(g.sampleMessage),
                h('code', { class: 'muted fingerprint', title: g.fingerprint }, g.fingerprint.slice(0, 12)),
              ],
            },
            { label: 'Category', cell: (g) => g.category },
            { label: 'Occurrences', cell: (g) => g.count, num: true },
            { label: 'Tenants', cell: (g) => g.tenants, num: true },
            {
              label: 'Unresolved',
              cell: (g) => h('span', { 'data-unresolved': '' }, g.unresolved),
              num: true,
            },
            {
              label: 'Last seen',
              cell: (g) => [time(g.lastSeen), h('span', { class: 'since' }, 'since ', time(g.firstSeen))],
            },
            {
              label: 'Action',
              cell: (g) =>
                g.unresolved
                  ? actionButton(
                      'Resolve',
                      async (output, button) => {
                        const done = await api(
                          'POST',
                          `errors/groups/${encodeURIComponent(g.fingerprint)}/resolve`,
                          { query: { tenant: query.tenant } },
                        );
                        button.closest('tr').querySelector('[data-unresolved]').textContent = '0';
                        button.remove();
                        return `Resolved ${plural(done.resolved, 'entry', 'entries')}.`;
                      },
                      {
                        'aria-label': `Resolve: ${short(g.sampleMessage, 80)}`,
                        'data-fingerprint': g.fingerprint,
                      },
                    )
                  : 'Resolved',
            },
          ],
          data.groups,
          none,
          'Errors grouped by fingerprint, most recently seen first',
        ),
        data.groups.length === limit
          ? h(
              'p',
              { class: 'muted' },
              `The ${limit} most recently seen groups; narrow the filters to see others.`,
            )
          : null,
      );
      return;
    }
    const page = await api('GET', 'errors', {
      query: Object.assign({ limit: PAGE_SIZE, before: params.get('before') }, query),
    });
    render(
      'Errors',
      form,
      newest(params, 'entries'),
      errorTable(page.errors, none, true),
      pager(page.nextBefore, 'entries'),
    );
  }

  /** Error-log entries, each with a way to resolve it. */
  function errorTable(entries, empty, withTenant) {
    return table(
      [
        { label: 'Severity', cell: (x) => badge(x.severity) },
        { label: 'Message', cell: (x) => message(x.message) },
        { label: 'Category', cell: (x) => x.category },
        withTenant
          ? {
              label: 'Tenant',
              cell: (x) => (x.tenant ? link(adminPath('tenants', x.tenant), x.tenant) : 'platform'),
            }
          : null,
        { label: 'Occurrences', cell: (x) => x.occurrences, num: true },
        { label: 'Last seen', cell: (x) => time(x.lastSeen) },
        TENANT ? { label: 'Reference', cell: referenceCell } : null,
        // resolving is the platform admin's
        TENANT ? null : {
          label: 'Action',
          cell: (x) =>
            x.resolved
              ? 'Resolved'
              : actionButton(
                  'Resolve',
                  async (output, button) => {
                    await api('POST', `errors/${encodeURIComponent(x.id)}/resolve`);
                    button.remove();
                    return 'Resolved.';
                  },
                  { 'aria-label': `Resolve: ${short(x.message, 80)}`, 'data-error': x.id },
                ),
        },
      ].filter(Boolean),
      entries,
      empty,
      'Error-log entries, most recently seen first',
    );
  }

  // ---- tenants

  async function tenants(params) {
    const page = await api('GET', 'tenants', {
      query: {
        q: params.get('q'),
        status: params.get('status'),
        before: params.get('before'),
        limit: PAGE_SIZE,
      },
    });
    const filtered = params.get('q') || params.get('status');
    render(
      'Tenants',
      filters(
        params,
        [
          { name: 'q', label: 'Name or slug', type: 'search' },
          {
            name: 'status',
            label: 'Status',
            type: 'select',
            options: [
              ['', 'Any status'],
              ['active', 'Active'],
              ['suspended', 'Suspended'],
            ],
          },
        ],
        'Search',
      ),
      newest(params, 'tenants'),
      table(
        [
          { label: 'Name', cell: (t) => link(adminPath('tenants', t.slug), t.name) },
          { label: 'Slug', cell: (t) => h('code', null, t.slug) },
          { label: 'Vertical', cell: (t) => t.vertical },
          { label: 'Status', cell: (t) => badge(t.status) },
          { label: 'Stripe', cell: (t) => String(t.stripeMode || '—').toLowerCase() },
          { label: 'Created', cell: (t) => time(t.createdAt) },
        ],
        page.items,
        filtered ? 'No tenants match this search.' : 'No tenants yet.',
        'Tenants, newest first',
      ),
      pager(page.nextBefore, 'tenants'),
    );
  }

  async function tenant(params, slug) {
    const data = await api('GET', `tenants/${encodeURIComponent(slug)}`);
    let t = data.tenant;
    const about = h('div');
    const statusAction = h('p', { class: 'buttons' });
    const confirmPlace = h('div');

    function fill() {
      const stripe = t.stripe || {};
      replace(
        about,
        facts([
          ['Status', badge(t.status)],
          ['Slug', h('code', null, t.slug)],
          ['Vertical', t.vertical],
          ['Stripe mode', String(stripe.mode || '—').toLowerCase()],
          ['Stripe key', stripe.secretKey ? h('code', null, stripe.secretKey) : null],
          ['Stripe account', stripe.accountId ? h('code', null, stripe.accountId) : null],
          ['Owner', t.ownerEmail],
          ['Storefront', link(`/t/${encodeURIComponent(t.slug)}`, `/t/${t.slug}`)],
          ['Created', time(t.createdAt)],
          ['Updated', time(t.updatedAt)],
        ]),
      );
      const suspended = String(t.status).toLowerCase() === 'suspended';
      replace(
        statusAction,
        h(
          'button',
          {
            type: 'button',
            id: suspended ? 'resume' : 'suspend',
            class: suspended ? null : 'danger',
            onclick: () =>
              confirmStep(
                confirmPlace,
                suspended
                  ? `Resume ${t.name}? Its storefront and its customers’ requests work again at once.`
                  : `Suspend ${t.name}? Its storefront answers 403 and its customers are refused until it is resumed; its owner keeps access.`,
                suspended ? 'Resume the tenant' : 'Suspend the tenant',
                async () => {
                  t = await api(
                    'POST',
                    `tenants/${encodeURIComponent(t.slug)}/${suspended ? 'resume' : 'suspend'}`,
                  );
                  fill();
                  return suspended ? `${t.name} is active again.` : `${t.name} is suspended.`;
                },
              ),
          },
          suspended ? 'Resume…' : 'Suspend…',
        ),
        actionButton(
          'Reconcile now',
          async () => {
            const r = await api('POST', `tenants/${encodeURIComponent(t.slug)}/reconcile`, {
              query: { days: 3 },
            });
            return `Reconciled the last ${r.days} days: ${r.checked} checked, ${r.enqueued} missed ${r.enqueued === 1 ? 'event' : 'events'} queued.`;
          },
          { id: 'reconcile', class: 'quiet' },
        ),
      );
    }

    const setup = data.webhookSetup || {};
    render(
      t.name,
      h('p', { class: 'crumbs' }, link('/admin/tenants', 'Tenants'), ' › ', h('code', null, t.slug)),
      about,
      statusAction,
      confirmPlace,
      section(
        'Webhook setup',
        Object.keys(setup).length
          ? facts(Object.entries(setup).map(([k, v]) => [words(k), value(v)]))
          : h('p', { class: 'empty' }, 'No webhook setup recorded.'),
      ),
      section(
        'Recent deliveries',
        table(
          eventColumns(false),
          data.deliveries || [],
          'No webhook events for this tenant yet.',
          'Latest webhook events',
        ),
        h(
          'p',
          null,
          link(`/admin/webhooks?tenant=${encodeURIComponent(t.slug)}`, 'All of this tenant’s events'),
        ),
      ),
      section(
        'Unresolved errors',
        errorTable(data.errors || [], 'No unresolved errors for this tenant.', false),
        h(
          'p',
          null,
          link(`/admin/errors?tenant=${encodeURIComponent(t.slug)}`, 'All of this tenant’s errors'),
        ),
      ),
      section('Payments', paymentTable(data.payments || [], 'No payments yet.', false)),
    );
    fill();
  }

  function money(minor, currency) {
    if (minor == null) {
      return '—';
    }
    try {
      return new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency: (currency || 'usd').toUpperCase(),
      }).format(minor / 100);
    } catch (e) {
      return `${minor / 100} ${currency || ''}`;
    }
  }

  // ---- jobs and notifications

  async function jobs(params) {
    const job = params.get('job');
    const runsQuery = { job, before: params.get('before'), limit: PAGE_SIZE };
    const [list, runs, pending] = await Promise.all([
      api('GET', 'jobs'),
      api('GET', 'jobs/runs', { query: runsQuery }),
      api('GET', 'notifications', { query: { status: 'pending', limit: 100 } }),
    ]);
    const jobsPlace = h('div');
    const runsPlace = h('div');
    const outcome = h('p', {
      id: 'job-outcome',
      class: 'notice',
      role: 'status',
      tabindex: '-1',
      hidden: true,
    });

    /** Runs a job, says how it went, and shows the jobs and runs again with it. */
    async function run(button, label, action) {
      button.disabled = true;
      outcome.hidden = false;
      outcome.textContent = `${label}: running…`;
      try {
        outcome.textContent = `${label}: ${await action()}`;
        const [freshList, freshRuns] = await Promise.all([
          api('GET', 'jobs'),
          api('GET', 'jobs/runs', { query: runsQuery }),
        ]);
        fillJobs(freshList);
        fillRuns(freshRuns);
      } catch (e) {
        outcome.textContent = `${label}: ${e.message}`;
      } finally {
        button.disabled = false;
        outcome.focus();
      }
    }

    function runNow(j) {
      if (j.platform && j.id !== 'retention') {
        return h('span', { class: 'muted' }, 'Per tenant, on its page');
      }
      const action =
        j.id === 'retention'
          ? async () => {
              const r = await api('POST', 'retention/run');
              return `removed ${r.webhookEvents} events, ${r.notifications} emails, ${r.errors} errors and ${r.unroutableEvents} unroutable events.`;
            }
          : async () => {
              const path = `jobs/${encodeURIComponent(j.vertical)}/${encodeURIComponent(j.name)}`;
              const r = await api('POST', path);
              return `ran for ${plural(r.tenants, 'tenant', 'tenants')}, ${r.failed} failed.`;
            };
      const button = h('button', { type: 'button', 'aria-label': `Run ${j.id} now` }, 'Run now');
      button.addEventListener('click', () => run(button, j.id, action));
      return button;
    }

    function fillJobs(l) {
      const all = [
        ...l.jobs.map((j) => Object.assign({ id: `${j.vertical}/${j.name}` }, j)),
        ...l.platformJobs.map((j) => Object.assign({ id: j.name, platform: true }, j)),
      ];
      replace(
        jobsPlace,
        table(
          [
            { label: 'Job', cell: (j) => link(`/admin/jobs?job=${encodeURIComponent(j.id)}`, j.id) },
            { label: 'Every', cell: (j) => (j.everySeconds ? seconds(j.everySeconds) : 'platform schedule') },
            { label: 'Last run', cell: (j) => (j.lastRun ? time(j.lastRun.startedAt) : 'not yet') },
            {
              label: 'Outcome',
              cell: (j) =>
                j.lastRun
                  ? [
                      badge(j.lastRun.outcome),
                      j.lastRun.error ? h('span', { class: 'error-text' }, ' ' + j.lastRun.error) : null,
                    ]
                  : '—',
            },
            {
              label: 'Tenants',
              cell: (j) =>
                j.lastRun && !j.platform ? `${j.lastRun.tenants} (${j.lastRun.failed} failed)` : '—',
            },
            { label: 'Action', cell: (j) => runNow(j) },
          ],
          all,
          'No jobs are scheduled.',
          'Scheduled jobs and their last runs',
        ),
      );
    }

    function fillRuns(r) {
      replace(
        runsPlace,
        table(
          [
            { label: 'Started', cell: (x) => time(x.startedAt) },
            { label: 'Job', cell: (x) => x.job },
            {
              label: 'Tenant',
              cell: (x) => (x.tenant ? link(adminPath('tenants', x.tenant), x.tenant) : 'all'),
            },
            { label: 'Outcome', cell: (x) => badge(x.outcome) },
            { label: 'Duration', cell: (x) => duration(x.durationMs), num: true },
            { label: 'Error', cell: (x) => x.error || '—' },
          ],
          r.runs,
          job ? 'This job has not run yet.' : 'No job has run yet.',
          'Job runs, newest first',
        ),
        pager(r.nextBefore, 'runs'),
      );
    }

    const failing = pending.notifications.filter((n) => n.lastError);
    render(
      'Jobs and notifications',
      section('Jobs', outcome, jobsPlace),
      section(
        job ? `Runs of ${job}` : 'Runs',
        job ? h('p', null, link('/admin/jobs', 'All jobs’ runs')) : null,
        newest(params, 'runs'),
        runsPlace,
      ),
      section(
        'Notifications',
        h(
          'p',
          null,
          `${plural(pending.notifications.length, 'email', 'emails')} waiting to be sent, ${failing.length} of them after a failed attempt.`,
        ),
        table(
          [
            { label: 'Created', cell: (n) => time(n.createdAt) },
            { label: 'Tenant', cell: (n) => link(adminPath('tenants', n.tenant), n.tenant) },
            { label: 'Kind', cell: (n) => n.kind },
            { label: 'Subject', cell: (n) => n.subject },
            { label: 'Attempts', cell: (n) => n.attempts, num: true },
            { label: 'Next attempt', cell: (n) => time(n.nextAttemptAt) },
            {
              label: 'Last error',
              cell: (n) => (n.lastError ? h('span', { class: 'error-text' }, n.lastError) : '—'),
            },
          ],
          pending.notifications,
          'No emails are waiting: every notification was sent.',
          'Pending notifications, newest first',
        ),
        pending.notifications.length === 100
          ? h('p', { class: 'muted' }, 'The 100 newest; more are waiting.')
          : null,
      ),
    );
    fillJobs(list);
    fillRuns(runs);
  }

  // ---- audit

  async function audit(params) {
    const limit = Math.min(500, Number(params.get('limit')) || 100);
    const data = await api('GET', 'audit', { query: { limit } });
    const more = new URL(location.href);
    more.searchParams.set('limit', String(Math.min(500, limit * 2)));
    render(
      'Audit',
      h(
        'p',
        { class: 'muted' },
        'Every admin action that changed something, by the console or with the admin token, newest first.',
      ),
      table(
        [
          { label: 'When', cell: (a) => time(a.at) },
          { label: 'Who', cell: (a) => h('code', null, a.actor) },
          { label: 'Action', cell: (a) => h('code', null, a.action) },
          { label: 'Target', cell: (a) => targetOf(a) },
          { label: 'Status', cell: (a) => a.status, num: true },
        ],
        data.entries,
        'No admin action has changed anything yet.',
        'Audit entries, newest first',
      ),
      data.entries.length === limit && limit < 500
        ? h(
            'p',
            { class: 'pager' },
            h('a', { href: more.pathname + more.search, class: 'button quiet' }, 'Show more'),
          )
        : null,
    );
  }

  /** An audit entry's target; an event or a tenant it names links to its page. */
  function targetOf(entry) {
    const entries = Object.entries(entry.target || {});
    const linked = (k, v) => {
      if (k === 'slug' || k === 'tenant') {
        return link(adminPath('tenants', v), v);
      }
      if (k === 'id' && entry.action.includes('/api/admin/webhooks/{id}')) {
        return link(adminPath('webhooks', v), v);
      }
      return String(v);
    };
    return entries.length
      ? h(
          'ul',
          { class: 'plain' },
          entries.map(([k, v]) => h('li', null, h('span', { class: 'muted' }, `${k}: `), linked(k, v))),
        )
      : '—';
  }

  // ------------------------------------------------------------------ starting

  signOutButton.addEventListener('click', signOut);

  // ------------------------------------------------------------------ a tenant's own console

  function tenantRoute(path, params) {
    const views = { '': tenantOverview, '/webhooks': tenantWebhooks, '/errors': tenantErrors, '/payments': payments };
    const rest = path.startsWith(HOME) ? path.slice(HOME.length) : null;
    if (rest === null || !(rest in views)) {
      return { nav: null, view: notFound, params };
    }
    return { nav: rest ? rest.slice(1) : 'overview', view: views[rest], params };
  }

  const seeAll = (view, text) => h('p', null, link(`${HOME}/${view}`, text));

  async function tenantOverview() {
    const [about, events, errorsPage, paid] = await Promise.all([
      api('GET', 'console'),
      api('GET', 'webhooks', { query: { limit: 10 } }),
      api('GET', 'errors', { query: { resolved: false, limit: 10 } }),
      api('GET', 'payments', { query: { limit: 10 } }),
    ]);
    render(
      about.name,
      facts([
        ['Status', badge(about.status)],
        ['Vertical', about.vertical],
        ['Slug', h('code', null, about.slug)],
      ]),
      about.panels.map(panel),
      section(
        'Recent webhook events',
        table(eventColumns(false), events.events, 'No webhook events yet.', 'Latest webhook events'),
        seeAll('webhooks', 'All webhook events'),
      ),
      section(
        'Unresolved errors',
        errorTable(errorsPage.errors, 'No unresolved errors.', false),
        seeAll('errors', 'All errors'),
      ),
      section(
        'Recent payments',
        paymentTable(paid.payments, 'No payments yet.', false),
        seeAll('payments', 'All payments and refunds'),
      ),
    );
  }

  /** One of the vertical's panels: its figures as cards, then its tables; all of it text. */
  function panel(p) {
    return section(
      p.title,
      p.figures.length
        ? h(
            'div',
            { class: 'stats' },
            p.figures.map((f) =>
              h(
                'div',
                { class: 'card stat' },
                h('strong', null, f.unit ? money(f.value, f.unit) : f.value.toLocaleString()),
                h('span', null, f.label),
              ),
            ),
          )
        : null,
      p.tables.map((t) => [
        h('h3', null, t.title),
        table(
          t.columns.map((label, i) => ({ label, cell: (r) => r[i] })),
          t.rows,
          'Nothing here yet.',
          t.title,
        ),
      ]),
    );
  }

  async function tenantWebhooks(params) {
    const [page, stats] = await Promise.all([
      api('GET', 'webhooks', { query: listQuery(params, ['type', 'status', 'reference']) }),
      api('GET', 'webhooks/stats', { query: { hours: 24 } }),
    ]);
    const filtered = ['type', 'status', 'from', 'to', 'reference'].some((k) => params.get(k));
    render(
      'Webhooks',
      filters(params, [REFERENCE_FILTER, ...EVENT_FILTERS]),
      typeList(stats),
      referenceLink(params, 'errors', 'Errors of this reference'),
      newest(params, 'events'),
      table(
        eventColumns(false),
        page.events,
        filtered ? 'No events match these filters.' : 'No webhook events yet.',
        'Webhook events, newest first',
      ),
      pager(page.nextBefore, 'events'),
      typeStats(stats, `${HOME}/webhooks`),
    );
  }

  async function tenantErrors(params) {
    const page = await api('GET', 'errors', { query: listQuery(params, ['severity', 'category', 'reference']) });
    const filtered = ['severity', 'category', 'from', 'to', 'reference'].some((k) => params.get(k));
    render(
      'Errors',
      filters(params, [
        REFERENCE_FILTER,
        ...ERROR_FILTERS,
        { name: 'from', label: 'Last seen from', type: 'datetime-local' },
        { name: 'to', label: 'Last seen before', type: 'datetime-local' },
      ]),
      referenceLink(params, 'webhooks', 'Webhook events of this reference'),
      newest(params, 'errors'),
      errorTable(page.errors, filtered ? 'No errors match these filters.' : 'No errors recorded.', false),
      pager(page.nextBefore, 'errors'),
    );
  }

  /** A list's query: these filters as they are, the time bounds as instants, and the page. */
  function listQuery(params, names) {
    const query = { from: isoOf(params.get('from')), to: isoOf(params.get('to')) };
    for (const n of names) {
      query[n] = params.get(n);
    }
    return Object.assign(query, { before: params.get('before'), limit: PAGE_SIZE });
  }

  async function payments(params) {
    const page = await api('GET', 'payments', { query: listQuery(params, []) });
    render(
      'Payments and refunds',
      filters(params, [
        { name: 'from', label: 'Created from', type: 'datetime-local' },
        { name: 'to', label: 'Created before', type: 'datetime-local' },
      ]),
      newest(params, 'payments'),
      paymentTable(page.payments, 'No payments yet.', true),
      pager(page.nextBefore, 'payments'),
    );
  }

  /** Payments; with refunds, each one not yet refunded in full has a refund button and a step. */
  function paymentTable(list, empty, withRefunds) {
    return table(
      [
        { label: 'Created', cell: (p) => time(p.createdAt) },
        { label: 'Amount', cell: (p) => money(p.amount, p.currency), num: true },
        {
          label: 'Refunded',
          cell: (p) => (p.amountRefunded ? money(p.amountRefunded, p.currency) : '—'),
          num: true,
        },
        { label: 'Status', cell: (p) => badge(p.status) },
        { label: 'Payment intent', cell: (p) => h('code', null, p.paymentIntentId) },
        withRefunds ? { label: 'Refund', cell: refundCell } : null,
      ].filter(Boolean),
      list,
      empty,
      'Payments, newest first',
    );
  }

  function refundCell(p) {
    const left = (p.amount || 0) - (p.amountRefunded || 0);
    if (left <= 0 || p.status === 'pending' || p.status === 'failed') {
      return '—';
    }
    const place = h('div');
    const button = h(
      'button',
      { type: 'button', class: 'quiet', 'data-refund': p.id, 'aria-label': `Refund ${money(left, p.currency)}` },
      'Refund',
    );
    button.addEventListener('click', () =>
      confirmStep(place, `Refund ${money(left, p.currency)} to the customer?`, 'Refund', async () => {
        await api('POST', `payments/${encodeURIComponent(p.id)}/refund`);
        button.remove();
        announce('Refunded.');
        return `Refunded ${money(left, p.currency)}; the payment’s status follows Stripe’s answer.`;
      }),
    );
    return h('div', null, button, place);
  }

  // ------------------------------------------------------------------ starting

  /** A one-time sign-in link (#link=… in the address) signs in once and leaves the address. */
  async function signInWithLink() {
    const token = new URLSearchParams(location.hash.slice(1)).get('link');
    if (!TENANT || !token) {
      return;
    }
    history.replaceState(null, '', location.pathname + location.search);
    try {
      return await api('POST', SESSION, { body: { link: token }, quiet: true });
    } catch (e) {
      if (e.status === 401) {
        e.message =
          'That sign-in link has expired or was already used. Ask for a new one, or sign in with the API key.';
      }
      throw e;
    }
  }

  async function start() {
    let session;
    try {
      session = await signInWithLink();
    } catch (e) {
      showSignIn(e.message);
      return;
    }
    try {
      session = session || (await api('GET', SESSION, { quiet: true }));
      csrfToken = session.csrfToken;
    } catch (e) {
      showSignIn(e.status === 401 || e.status === 404 || e.status === 405 ? null : e.message);
      return;
    }
    await signedIn(false);
  }

  start();
})();
