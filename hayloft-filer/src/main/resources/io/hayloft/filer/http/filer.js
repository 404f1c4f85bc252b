/* The filer's file browser: lists a directory through the filer's JSON listing, and uploads, creates
   folders, renames and deletes through the filer's own HTTP API. Paths are percent-encoded per name;
   names are shown with textContent only. */
(function () {
  const el = hl.el;
  const PAGE = 500;
  const GO_DIR_BIT = 2147483648;
  let dir = currentDir();
  let shown = '';
  let pages = 1;
  let editing = false;

  function currentDir() {
    const parts = location.pathname.split('/').map(function (p) {
      try {
        return decodeURIComponent(p);
      } catch (e) {
        return p;
      }
    });
    const d = parts.join('/');
    return d.endsWith('/') ? d : d + '/';
  }

  function encodePath(p) {
    return p.split('/').map(encodeURIComponent).join('/');
  }

  function isDir(e) {
    return Math.floor(e.Mode / GO_DIR_BIT) % 2 === 1;
  }

  function nameOf(e) {
    return e.FullPath.slice(e.FullPath.lastIndexOf('/') + 1);
  }

  function setStatus(text, kind) {
    const s = document.getElementById('action-status');
    s.textContent = text;
    s.className = kind || 'muted';
  }

  async function call(method, url, body) {
    const r = await fetch(url, {method: method, headers: {Accept: 'application/json'}, body: body});
    if (!r.ok) {
      let message = method + ' ' + url + ': HTTP ' + r.status;
      try {
        const j = await r.json();
        if (j && j.error) {
          message = j.error;
        }
      } catch (e) {
        // not JSON: keep the status
      }
      throw new Error(message);
    }
    return r;
  }

  function go(path, push) {
    dir = path;
    pages = 1;
    shown = '';
    if (push) {
      history.pushState({dir: path}, '', encodePath(path));
    }
    document.getElementById('details-section').hidden = true;
    return refresh();
  }

  window.addEventListener('popstate', function (ev) {
    go(ev.state && ev.state.dir ? ev.state.dir : currentDir(), false).catch(function (e) { setStatus(e.message, 'failed'); });
  });

  function dirLink(path, label) {
    return el('a', {href: encodePath(path), text: label, on: {click: function (ev) {
      ev.preventDefault();
      go(path, true).catch(function (e) { setStatus(e.message, 'failed'); });
    }}});
  }

  function crumbs() {
    const parts = [dirLink('/', '/')];
    let path = '/';
    dir.split('/').filter(function (p) { return p !== ''; }).forEach(function (name) {
      path += name + '/';
      parts.push(dirLink(path, name + '/'));
    });
    hl.replace('crumbs', ...parts);
    document.title = 'Hayloft filer ' + dir;
  }

  async function fetchListing() {
    let entries = [];
    let last = '';
    let more = false;
    for (let i = 0; i < pages; i++) {
      const page = await hl.getJson(encodePath(dir) + '?limit=' + PAGE + (last ? '&lastFileName=' + encodeURIComponent(last) : ''));
      entries = entries.concat(page.Entries || []);
      last = page.LastFileName;
      more = page.ShouldDisplayLoadMore;
      if (!more) {
        break;
      }
    }
    return {entries: entries, more: more};
  }

  async function refresh(force) {
    if (editing && !force) {
      return;
    }
    const listing = await fetchListing();
    const text = JSON.stringify(listing);
    if (text === shown && !force) {
      return;
    }
    shown = text;
    crumbs();
    render(listing);
    document.body.dataset.loaded = 'true';
  }

  function render(listing) {
    const rows = [];
    if (dir !== '/') {
      const parent = dir.slice(0, dir.slice(0, -1).lastIndexOf('/') + 1);
      rows.push([dirLink(parent, '..'), '', '', '', '']);
    }
    listing.entries.forEach(function (e) {
      const name = nameOf(e);
      const folder = isDir(e);
      const path = folder ? dir + name + '/' : dir + name;
      const link = folder ? dirLink(path, name + '/')
        : el('a', {href: encodePath(path), text: name, download: name});
      const actions = el('span', {class: 'actions'}, [
        el('button', {type: 'button', class: 'details', text: 'details', on: {click: function () { details(e); }}}),
        ' ',
        el('button', {type: 'button', class: 'rename', text: 'rename', on: {click: function (ev) { rename(ev.target, e); }}}),
        ' ',
        el('button', {type: 'button', class: 'delete danger', text: 'delete', on: {click: function (ev) { remove(ev.target, e); }}}),
      ]);
      const row = [el('span', {class: 'name wrap'}, [link]), folder ? '' : hl.bytes(e.FileSize), hl.time(e.Mtime),
        folder ? 'folder' : (e.Mime || ''), actions];
      rows.push(row);
    });
    if (listing.entries.length === 0) {
      hl.replace('listing', hl.table(['name', 'size', 'modified', 'type', ''], rows, {class: 'listing'}),
        el('p', {class: 'empty', text: 'this folder is empty'}));
    } else {
      hl.replace('listing', hl.table(['name', 'size', 'modified', 'type', ''], rows, {class: 'listing'}));
    }
    const more = document.getElementById('more');
    hl.clear(more);
    if (listing.more) {
      more.appendChild(el('button', {type: 'button', id: 'more-button', text: 'more', on: {click: function () {
        pages++;
        refresh(true).catch(function (e) { setStatus(e.message, 'failed'); });
      }}}));
    }
  }

  async function details(e) {
    const folder = isDir(e);
    const path = folder ? dir + nameOf(e) + '/' : dir + nameOf(e);
    try {
      const m = await hl.getJson(encodePath(path) + '?metadata=true');
      const kv = [];
      function add(k, v) {
        kv.push(el('dt', {text: k}));
        kv.push(el('dd', {}, [v]));
      }
      add('path', m.FullPath);
      add('kind', folder ? 'folder' : 'file');
      if (!folder) {
        add('size', hl.bytes(m.FileSize) + ' (' + m.FileSize + ' bytes)');
        add('type', m.Mime || '');
        add('ETag', m.ETag || '');
        add('MD5', m.Md5 || '');
      }
      add('modified', hl.time(m.Mtime));
      add('created', hl.time(m.Crtime));
      add('mode', (m.Mode % GO_DIR_BIT).toString(8));
      add('owner', m.Uid + ':' + m.Gid);
      add('TTL', m.TtlSec ? hl.seconds(m.TtlSec) : 'none');
      Object.keys(m.Extended || {}).forEach(function (k) { add('metadata ' + k, m.Extended[k]); });
      if (!folder) {
        add('download', el('a', {href: encodePath(path), text: m.FullPath, download: nameOf(e)}));
      }
      const parts = [el('dl', {class: 'kv', id: 'details-kv'}, kv)];
      if (m.chunks && m.chunks.length) {
        parts.push(el('h3', {text: m.chunks.length + ' chunks'}));
        parts.push(hl.table(['file id', 'offset', 'size', 'ETag'], m.chunks.map(function (c) {
          return [c.file_id, String(c.offset), hl.bytes(c.size), c.e_tag || ''];
        }), {class: 'chunks'}));
      }
      hl.replace('details', ...parts);
      document.getElementById('details-section').hidden = false;
    } catch (err) {
      setStatus(err.message, 'failed');
    }
  }

  function rename(button, e) {
    const folder = isDir(e);
    const from = dir + nameOf(e);
    const cell = button.closest('tr').querySelector('.name');
    editing = true;
    const input = el('input', {type: 'text', class: 'rename-input', value: nameOf(e), 'aria-label': 'new name'});
    const done = async function (ok) {
      const to = input.value;
      if (ok && (to === '' || to.includes('/'))) {
        setStatus('a name must not be empty nor hold "/"', 'failed');
        return;
      }
      editing = false;
      if (ok && to !== nameOf(e)) {
        try {
          await call('POST', encodePath(dir + to) + '?mv.from=' + encodeURIComponent(from));
          setStatus('renamed ' + nameOf(e) + (folder ? '/' : '') + ' to ' + to);
        } catch (err) {
          setStatus(err.message, 'failed');
        }
      }
      await refresh(true);
    };
    hl.clear(cell).append(input, ' ',
      el('button', {type: 'button', class: 'rename-ok', text: 'OK', on: {click: function () { done(true); }}}), ' ',
      el('button', {type: 'button', class: 'rename-cancel', text: 'cancel', on: {click: function () { done(false); }}}));
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') {
        done(true);
      } else if (ev.key === 'Escape') {
        done(false);
      }
    });
    input.focus();
  }

  async function remove(button, e) {
    const folder = isDir(e);
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      button.textContent = folder ? 'delete folder and all in it?' : 'really delete?';
      setTimeout(function () {
        button.dataset.armed = 'false';
        button.textContent = 'delete';
      }, 5000);
      return;
    }
    try {
      await call('DELETE', encodePath(dir + nameOf(e)) + (folder ? '?recursive=true' : ''));
      setStatus('deleted ' + nameOf(e) + (folder ? '/' : ''));
    } catch (err) {
      setStatus(err.message, 'failed');
    }
    await refresh(true);
  }

  async function mkdir() {
    const input = document.getElementById('mkdir-name');
    const name = input.value.trim();
    if (name === '' || name.includes('/')) {
      setStatus('a folder name must not be empty nor hold "/"', 'failed');
      return;
    }
    try {
      await call('POST', encodePath(dir + name) + '/');
      input.value = '';
      setStatus('created ' + name + '/');
    } catch (err) {
      setStatus(err.message, 'failed');
    }
    await refresh(true);
  }

  /* One upload: a raw PUT of the file to dir/name, with a progress bar fed by the request's progress events. */
  function upload(file) {
    return new Promise(function (resolve) {
      const bar = el('span');
      bar.style.width = '0%';
      const label = el('span', {class: 'upload-state', text: '0 %'});
      const row = el('div', {class: 'upload', data: {name: file.name}}, [
        el('span', {class: 'wrap', text: file.name + ' '}), el('span', {class: 'meter'}, [bar]), ' ', label]);
      document.getElementById('uploads').appendChild(row);
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', encodePath(dir + file.name));
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.addEventListener('progress', function (ev) {
        if (ev.lengthComputable) {
          const pct = Math.round(100 * ev.loaded / ev.total);
          bar.style.width = pct + '%';
          label.textContent = pct + ' %';
          row.dataset.progress = String(pct);
        }
      });
      xhr.addEventListener('load', function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          bar.style.width = '100%';
          label.textContent = 'done';
          row.dataset.state = 'done';
        } else {
          let message = 'HTTP ' + xhr.status;
          try {
            message = JSON.parse(xhr.responseText).error || message;
          } catch (e) {
            // keep the status
          }
          label.textContent = 'failed: ' + message;
          row.dataset.state = 'failed';
        }
        resolve();
      });
      xhr.addEventListener('error', function () {
        label.textContent = 'failed: connection error';
        row.dataset.state = 'failed';
        resolve();
      });
      xhr.send(file);
    });
  }

  document.getElementById('upload-input').addEventListener('change', async function (ev) {
    const files = Array.from(ev.target.files);
    for (const f of files) {
      await upload(f);
    }
    ev.target.value = '';
    await refresh(true);
  });
  document.getElementById('mkdir-button').addEventListener('click', mkdir);
  document.getElementById('mkdir-name').addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      mkdir();
    }
  });
  document.getElementById('refresh-button').addEventListener('click', function () {
    refresh(true).catch(function (e) { setStatus(e.message, 'failed'); });
  });

  history.replaceState({dir: dir}, '', encodePath(dir));
  hl.poll(function () { return refresh(false); }, 3000);
})();
