'use strict';
/* Shared by every Hayloft page. Everything shown is set through textContent or attributes, never
   innerHTML: names of files, collections and servers are data, not markup. */
const hl = (function () {
  const errors = [];

  function reportError(text) {
    errors.push(text);
    const box = document.getElementById('hl-errors');
    if (box) {
      box.hidden = false;
      box.appendChild(el('li', {text: text}));
      box.dataset.count = String(errors.length);
    }
  }
  window.addEventListener('error', function (ev) {
    reportError('script error: ' + ev.message + ' (' + ev.filename + ':' + ev.lineno + ')');
  });
  window.addEventListener('unhandledrejection', function (ev) {
    const r = ev.reason;
    reportError('unhandled rejection: ' + (r && r.message ? r.message : String(r)));
  });

  /* el('a', {href: '/x', text: 'x', class: 'c', title: 't', data: {k: 'v'}, on: {click: f}}, [children]) */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    const p = props || {};
    for (const key of Object.keys(p)) {
      const v = p[key];
      if (v === undefined || v === null) {
        continue;
      }
      if (key === 'text') {
        node.textContent = String(v);
      } else if (key === 'class') {
        node.className = v;
      } else if (key === 'data') {
        for (const d of Object.keys(v)) {
          node.dataset[d] = String(v[d]);
        }
      } else if (key === 'on') {
        for (const ev of Object.keys(v)) {
          node.addEventListener(ev, v[ev]);
        }
      } else if (key === 'href') {
        node.setAttribute('href', safeHref(String(v)));
      } else {
        node.setAttribute(key, String(v));
      }
    }
    for (const c of children || []) {
      if (c === null || c === undefined) {
        continue;
      }
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /* Only relative links and http(s) ones: a javascript: URL built from data never becomes a link. */
  function safeHref(h) {
    return /^(https?:\/\/|\/|\?|#|\.)/i.test(h) ? h : '#';
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    return node;
  }

  function replace(id, ...nodes) {
    const target = clear(document.getElementById(id));
    nodes.forEach(function (n) { target.appendChild(n); });
    return target;
  }

  function bytes(n) {
    if (n === undefined || n === null || n < 0) {
      return '';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let v = n;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return (i === 0 ? String(v) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
  }

  function percent(ratio) {
    return (100 * (ratio || 0)).toFixed(1) + ' %';
  }

  function seconds(s) {
    if (s === undefined || s === null || s < 0) {
      return '';
    }
    if (s < 10) {
      return (Math.round(s * 10) / 10) + ' s';
    }
    if (s < 60) {
      return Math.round(s) + ' s';
    }
    if (s < 3600) {
      return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
    }
    return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
  }

  function time(iso) {
    if (!iso) {
      return '';
    }
    const d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
  }

  function badge(text, kind) {
    return el('span', {class: 'badge ' + (kind || ''), text: text});
  }

  /* table(['a', 'b'], [[cell, cell], ...], {empty: 'nothing'}) where a cell is text or a node */
  function table(headers, rows, opts) {
    const o = opts || {};
    if (rows.length === 0 && o.empty) {
      return el('p', {class: 'empty', text: o.empty});
    }
    const head = el('tr', {}, headers.map(function (h) { return el('th', {text: h}); }));
    const body = rows.map(function (r) {
      const tr = el('tr', {}, r.map(function (c) {
        return c instanceof Node ? el('td', {}, [c]) : el('td', {text: c === undefined || c === null ? '' : c});
      }));
      if (r.rowClass) {
        tr.className = r.rowClass;
      }
      return tr;
    });
    return el('table', {class: o.class || ''}, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  /* A JSON GET of this server; throws an Error carrying the server's {"error"} message. */
  async function getJson(url) {
    const r = await fetch(url, {headers: {Accept: 'application/json'}, cache: 'no-store'});
    const text = await r.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      throw new Error(url + ': ' + r.status + ' ' + text.slice(0, 200));
    }
    if (!r.ok) {
      throw new Error(body && body.error ? body.error : url + ': HTTP ' + r.status);
    }
    return body;
  }

  /* Calls refresh() now and every intervalMs after it ends; shows when it last worked. */
  function poll(refresh, intervalMs) {
    const status = document.getElementById('hl-updated');
    async function tick() {
      if (document.hidden) {
        setTimeout(tick, intervalMs); // a tab nobody looks at costs the server nothing
        return;
      }
      try {
        await refresh();
        if (status) {
          status.textContent = 'updated ' + new Date().toLocaleTimeString();
          status.className = 'ok';
        }
      } catch (e) {
        if (status) {
          status.textContent = 'update failed: ' + e.message;
          status.className = 'failed';
        }
      }
      setTimeout(tick, intervalMs);
    }
    tick();
  }

  return {el, clear, replace, bytes, percent, seconds, time, badge, table, getJson, poll, errors, reportError};
})();
