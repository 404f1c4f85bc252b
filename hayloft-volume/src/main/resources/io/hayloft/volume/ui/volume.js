/* A volume server's page: polls /ui/status and redraws each section. */
(function () {
  const el = hl.el;

  function meter(used, max) {
    const bar = el('span');
    bar.style.width = (max > 0 ? Math.min(100, 100 * used / max) : 0) + '%';
    return el('span', {class: 'meter', title: Math.round(max > 0 ? 100 * used / max : 0) + ' %'}, [bar]);
  }

  function disks(s) {
    hl.replace('disks', hl.table(['directory', 'volumes', 'slots', 'disk used', '', 'free'], s.disks.map(function (d) {
      return [el('span', {class: 'wrap', text: d.dir}), String(d.volumes), d.freeSlots + ' free of ' + d.maxVolumes,
        d.error ? hl.badge(d.error, 'bad') : hl.bytes(d.used) + ' of ' + hl.bytes(d.total),
        d.error ? '' : meter(d.used, d.total), d.error ? '' : hl.bytes(d.free)];
    }), {class: 'disks'}));
  }

  function volumes(s) {
    hl.replace('volumes', hl.table(['volume', 'collection', 'replication', 'TTL', 'size', '', 'files', 'deleted',
      'garbage', 'state', 'disk'], s.volumes.map(function (v) {
      const state = v.full ? hl.badge('full', 'warn') : v.readOnly ? hl.badge('read-only', 'warn') : hl.badge('writable', 'ok');
      const row = [String(v.id), v.collection === '' ? '(default)' : v.collection, v.replication, v.ttl === '' ? 'none' : v.ttl,
        hl.bytes(v.size), meter(v.size, s.volumeSizeLimit), String(v.files), String(v.deleted), hl.percent(v.garbage),
        state, el('span', {class: 'wrap muted', text: v.disk})];
      return row;
    }), {class: 'volumes', empty: 'no volumes on this server yet'}));
  }

  function progressLine(done, total) {
    return el('span', {}, [meter(done, total), ' ' + done + ' of ' + total + ' volumes']);
  }

  function scrub(s) {
    const sc = s.scrub;
    const p = sc.progress;
    const parts = [el('dl', {class: 'kv'}, [
      el('dt', {text: 'state'}), el('dd', {id: 'scrub-state'}, [!sc.enabled ? hl.badge('disabled', '')
        : p.running ? hl.badge('scrubbing', 'info') : hl.badge('idle', 'ok')]),
      el('dt', {text: 'rate'}), el('dd', {text: sc.enabled ? hl.bytes(sc.bytesPerSecond) + '/s' : '-'}),
      el('dt', {text: 'every'}), el('dd', {text: hl.seconds(sc.intervalMillis / 1000)}),
    ])];
    if (p.running) {
      const r = p.running;
      parts.push(el('h3', {text: 'pass running'}));
      parts.push(el('dl', {class: 'kv', id: 'scrub-running'}, [
        el('dt', {text: 'started'}), el('dd', {text: hl.time(r.started)}),
        el('dt', {text: 'progress'}), el('dd', {}, [progressLine(r.volumesDone, r.volumes)]),
        el('dt', {text: 'volume'}), el('dd', {text: r.currentVolume ? String(r.currentVolume) : '-'}),
        el('dt', {text: 'verified'}), el('dd', {text: r.needles + ' needles, ' + hl.bytes(r.bytes)}),
        el('dt', {text: 'corrupt'}), el('dd', {text: String(r.corrupt)}),
      ]));
    }
    parts.push(el('h3', {text: 'last pass'}));
    if (p.last) {
      const l = p.last;
      const rep = l.report;
      parts.push(el('dl', {class: 'kv', id: 'scrub-last'}, [
        el('dt', {text: 'ended'}), el('dd', {text: hl.time(l.finished)}),
        el('dt', {text: 'verified'}), el('dd', {text: rep.volumes + ' volumes, ' + rep.needles + ' needles, ' + hl.bytes(rep.bytes)}),
        el('dt', {text: 'corrupt'}), el('dd', {}, [rep.corrupt === 0 ? hl.badge('none', 'ok')
          : hl.badge(rep.corrupt + ' (' + rep.repaired + ' repaired, ' + rep.unrepaired + ' left)', rep.unrepaired ? 'bad' : 'warn')]),
      ]));
    } else {
      parts.push(el('p', {class: 'empty', id: 'scrub-last', text: 'none yet'}));
    }
    hl.replace('scrub', ...parts);
  }

  function sync(s) {
    const sy = s.sync;
    const p = sy.progress;
    const parts = [el('dl', {class: 'kv'}, [
      el('dt', {text: 'state'}), el('dd', {id: 'sync-state'}, [!sy.enabled ? hl.badge('disabled', '')
        : p.running ? hl.badge('syncing', 'info') : hl.badge('idle', 'ok')]),
      el('dt', {text: 'every'}), el('dd', {text: sy.enabled ? hl.seconds(sy.intervalMillis / 1000) : '-'}),
      el('dt', {text: 'last round'}), el('dd', {id: 'sync-last', text: p.last
        ? hl.time(p.last.finished) + ': ' + p.last.synced + ' volumes compared, ' + p.last.failed + ' failed' : 'none yet'}),
    ])];
    if (p.running) {
      parts.push(el('p', {id: 'sync-running'}, ['round running: ', progressLine(p.running.volumesDone, p.running.volumes),
        p.running.currentVolume ? ', volume ' + p.running.currentVolume : '']));
    }
    parts.push(el('h3', {text: 'latest volume syncs'}));
    parts.push(hl.table(['when', 'volume', 'with', 'result'], p.recent.map(function (r) {
      let result;
      if (r.error) {
        result = hl.badge('failed: ' + r.error, 'bad');
      } else if (r.report.inSync) {
        result = hl.badge('in sync', 'ok');
      } else {
        const rp = r.report;
        result = hl.badge(rp.missingHere + ' missing here, ' + rp.missingOnPeers + ' on peers, ' + rp.deleteHere
          + ' to delete here, ' + rp.deleteOnPeers + ' on peers, ' + rp.conflicts + ' conflicts; ' + rp.repaired
          + ' repaired', 'warn');
      }
      return [hl.time(r.at), String(r.volume), r.report ? r.report.peers.join(', ') : '', result];
    }), {class: 'sync-recent', empty: 'none yet'}));
    hl.replace('sync', ...parts);
  }

  function ec(s) {
    hl.replace('ec', hl.table(['volume', 'collection', 'shards held'], s.ec.map(function (e) {
      const shards = [];
      for (let i = 0; i < 64; i++) {
        if (Math.floor(e.shardBits / Math.pow(2, i)) % 2 === 1) {
          shards.push(i);
        }
      }
      return [String(e.id), e.collection === '' ? '(default)' : e.collection, shards.join(', ')];
    }), {class: 'ec', empty: 'none'}));
  }

  function reconciliation(s) {
    const r = s.reconciliation;
    if (!r) {
      hl.replace('reconciliation', el('p', {class: 'empty', text: 'not checked yet (the master answers full heartbeat reports with the volumes it expects here)'}));
      return;
    }
    const agrees = r.missing.length === 0 && r.unexpected.length === 0;
    hl.replace('reconciliation', el('dl', {class: 'kv'}, [
      el('dt', {text: 'master'}), el('dd', {text: r.master}),
      el('dt', {text: 'agrees'}), el('dd', {id: 'agrees'}, [agrees ? hl.badge('yes', 'ok') : hl.badge('no', 'warn')]),
      el('dt', {text: 'missing here'}), el('dd', {text: r.missing.join(', ') || '-'}),
      el('dt', {text: 'not expected'}), el('dd', {text: r.unexpected.join(', ') || '-'}),
    ]));
  }

  hl.poll(async function () {
    const s = await hl.getJson('ui/status');
    hl.replace('self', document.createTextNode(s.url + (s.publicUrl && s.publicUrl !== s.url ? ' (public ' + s.publicUrl + ')' : '')));
    hl.replace('masters', document.createTextNode('masters ' + s.masters.join(', ')));
    disks(s);
    scrub(s);
    sync(s);
    volumes(s);
    ec(s);
    reconciliation(s);
    document.body.dataset.loaded = 'true';
  }, 2000);
})();
