/* The master's page: polls /ui/status and redraws each section. */
(function () {
  const el = hl.el;

  /* A link to another server's page, same scheme as this one (so it follows TLS). */
  function serverLink(hostPort, path) {
    return el('a', {href: location.protocol + '//' + hostPort + path, text: hostPort});
  }

  function roleBadge(role) {
    const kind = role === 'LEADER' ? 'ok' : role === 'FOLLOWER' ? 'info' : 'warn';
    return hl.badge(role.toLowerCase(), kind);
  }

  function raft(s) {
    const r = s.raft;
    const summary = el('dl', {class: 'kv'}, [
      el('dt', {text: 'leader'}), el('dd', {id: 'leader'}, [r.leader ? serverLink(r.leader, '/ui') : hl.badge('none known', 'bad')]),
      el('dt', {text: 'this master'}), el('dd', {}, [r.self + ' ', roleBadge(r.role)]),
      el('dt', {text: 'term'}), el('dd', {id: 'term', text: r.term}),
      el('dt', {text: 'applied index'}), el('dd', {id: 'applied', text: r.appliedIndex}),
    ]);
    const rows = r.members.map(function (m) {
      return [serverLink(m.address, '/ui'), roleBadge(m.role), m.raftAddress,
        m.commitIndex < 0 ? '' : String(m.commitIndex), m.lastContactMs < 0 ? '' : m.lastContactMs + ' ms'];
    });
    hl.replace('raft', summary,
      hl.table(['master', 'role', 'raft address', 'commit index', 'last contact'], rows, {class: 'members'}));
    hl.replace('self', document.createTextNode(s.self));
    hl.replace('role', roleBadge(r.role));
  }

  function meter(used, max) {
    const bar = el('span');
    bar.style.width = (max > 0 ? Math.min(100, 100 * used / max) : 0) + '%';
    return el('span', {class: 'meter', title: used + ' of ' + max + ' slots used'}, [bar]);
  }

  function topology(s) {
    const t = s.topology;
    const tree = el('ul', {class: 'tree', id: 'tree'}, t.dataCenters.map(function (dc) {
      return el('li', {class: 'dc', data: {dc: dc.id}}, [
        el('strong', {text: 'data center ' + dc.id}), ' ', slots(dc),
        el('ul', {class: 'tree'}, dc.racks.map(function (rack) {
          return el('li', {class: 'rack', data: {rack: rack.id}}, [
            el('strong', {text: 'rack ' + rack.id}), ' ', slots(rack),
            hl.table(['server', 'volumes', 'EC shards', 'slots', '', 'last heartbeat'], rack.servers.map(function (n) {
              const row = [serverLink(n.url, '/ui'), String(n.volumes), String(n.ecShards),
                n.free + ' free of ' + n.max, meter(n.max - n.free, n.max), hl.seconds(n.lastSeenAgoMs / 1000) + ' ago'];
              return row;
            }), {class: 'servers', empty: rack.serverCount > 0 ? 'not listed' : 'no servers'}),
            rack.servers.length < rack.serverCount
              ? el('p', {class: 'more-servers', text: (rack.serverCount - rack.servers.length) + ' more servers not listed'})
              : '',
          ]);
        })),
      ]);
    }));
    hl.replace('topology',
      el('p', {id: 'slots', text: t.free + ' free of ' + t.max + ' volume slots; volume size limit ' + hl.bytes(s.volumeSizeLimit)
        + (t.listed < t.servers ? '; ' + t.servers + ' servers, the first ' + t.listed + ' listed' : '')}),
      t.dataCenters.length ? tree : el('p', {class: 'empty', text: 'no volume servers registered'}));
  }

  function slots(node) {
    return el('span', {class: 'muted', text: node.free + ' free of ' + node.max + ' slots'});
  }

  const HEALTH = {ok: ['ok', 'ok'], under: ['under-replicated', 'bad'], over: ['over-replicated', 'warn'],
    differ: ['replicas differ', 'warn']};

  function layouts(s) {
    if (s.layouts.length === 0) {
      hl.replace('layouts', el('p', {class: 'empty', text: 'no volumes yet'}));
      return;
    }
    const parts = [];
    s.layouts.forEach(function (l) {
      parts.push(el('h3', {class: 'layout'}, [
        'collection ', el('code', {text: l.collection === '' ? '(default)' : l.collection}),
        ' · replication ', el('code', {text: l.replication}),
        ' · TTL ', el('code', {text: l.ttl === '' ? 'none' : l.ttl}),
        ' ', el('span', {class: 'muted', text: l.total + ' volumes, ' + l.writable + ' writable'}),
        l.unhealthy ? ' ' : null, l.unhealthy ? hl.badge(l.unhealthy + ' not healthy', 'bad') : null]));
      if (l.volumes.length < l.total) {
        parts.push(el('p', {class: 'muted', text: 'showing ' + l.volumes.length + ' of ' + l.total
          + ' volumes, those not healthy first (all of them: /vol/status)'}));
      }
      const rows = l.volumes.map(function (v) {
        const h = HEALTH[v.health] || [v.health, 'warn'];
        const replicas = el('span', {class: 'wrap'});
        v.replicas.forEach(function (r, i) {
          if (i > 0) {
            replicas.appendChild(document.createTextNode(', '));
          }
          replicas.appendChild(serverLink(r.url, '/ui'));
        });
        const row = [String(v.id), hl.bytes(v.size), String(v.files), String(v.deleted), hl.percent(v.garbage),
          v.readOnly ? hl.badge('read-only', 'warn') : v.writable ? hl.badge('writable', 'ok') : hl.badge('not writable', ''),
          el('span', {}, [hl.badge(h[0], h[1]), ' ' + v.replicas.length + '/' + v.copies]), replicas];
        row.rowClass = h[1] === 'bad' ? 'bad' : h[1] === 'warn' ? 'warn' : '';
        return row;
      });
      parts.push(hl.table(['volume', 'size', 'files', 'deleted', 'garbage', 'state', 'replicas', 'on'], rows,
        {class: 'volumes'}));
    });
    hl.replace('layouts', ...parts);
  }

  function collections(s) {
    hl.replace('collections', hl.table(['collection', 'volumes', 'files', 'size'], s.collections.map(function (c) {
      return [c.name === '' ? '(default)' : c.name, String(c.volumes), String(c.files), hl.bytes(c.bytes)];
    }), {class: 'collections', empty: 'no collections yet'}));
  }

  function repair(s) {
    const r = s.repair;
    const state = r.state === 'active' ? hl.badge('active', 'ok') : r.state === 'settling'
      ? hl.badge('settling until ' + hl.time(r.activeFrom), 'info') : hl.badge('follower: the leader repairs', '');
    const parts = [el('dl', {class: 'kv'}, [
      el('dt', {text: 'state'}), el('dd', {id: 'repair-state'}, [state]),
      el('dt', {text: 'last pass'}), el('dd', {text: r.lastPass ? hl.time(r.lastPass) : 'not yet'}),
      el('dt', {text: 'grace'}), el('dd', {text: hl.seconds(r.grace)}),
    ])];
    parts.push(el('h3', {text: 'copies running'}));
    parts.push(hl.table(['volume', 'from', 'to', 'since'], r.copies.map(function (c) {
      return [String(c.volume), c.source, c.target, hl.time(c.started)];
    }), {class: 'copies', empty: 'none'}));
    parts.push(el('h3', {text: 'under-replicated'}));
    parts.push(hl.table(['volume', 'short since', 'copy due'], r.underReplicated.map(function (u) {
      return [String(u.volume), hl.time(u.since), hl.time(u.due)];
    }), {class: 'under', empty: 'none'}));
    if (r.overReplicated.length) {
      parts.push(el('h3', {text: 'over-replicated'}));
      parts.push(hl.table(['volume', 'passes seen'], r.overReplicated.map(function (o) {
        return [String(o.volume), String(o.passes)];
      })));
    }
    if (r.unfixable.length) {
      parts.push(el('h3', {text: 'cannot repair now'}));
      parts.push(hl.table(['volume', 'why'], r.unfixable.map(function (u) {
        return [String(u.volume), u.reason];
      })));
    }
    hl.replace('repair', ...parts);
  }

  function ec(s) {
    hl.replace('ec', hl.table(['volume', 'collection', 'shards', 'missing', 'holders'], s.ec.map(function (v) {
      const holders = v.shards.map(function (sh) { return sh.shard + ': ' + sh.holders.join(' '); }).join('; ');
      const row = [String(v.id), v.collection === '' ? '(default)' : v.collection,
        hl.badge(v.present + '/14', v.missing.length === 0 ? 'ok' : v.present >= 10 ? 'warn' : 'bad'),
        v.missing.join(', '), el('span', {class: 'wrap', text: holders})];
      return row;
    }), {class: 'ec', empty: 'none'}));
  }

  hl.poll(async function () {
    const s = await hl.getJson('ui/status');
    raft(s);
    repair(s);
    topology(s);
    layouts(s);
    collections(s);
    ec(s);
    document.body.dataset.loaded = 'true';
  }, 2000);
})();
