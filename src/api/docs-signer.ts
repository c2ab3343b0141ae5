// The API hub's partner signer (sandbox only): a script served by Careslot at
// /docs/static/theme/careslot-signer.js (no CDN). It adds a form for a partner token and
// secret above the operations; once they are entered, Swagger UI's requestInterceptor
// (installed by ./docs.ts) sends `Authorization: Bearer <token>` and computes the `Cmt` of
// every partner request in the browser with WebCrypto, over the exact body it sends
// (docs/partner-auth.md). The secret stays in the page's memory: it is never sent.
export const SIGNER_FILENAME = 'careslot-signer.js';

export const SIGNER_SCRIPT = `(function () {
  'use strict';
  var creds = { token: '', secret: '' };
  var PARTNER = /^\\/(kids-vaccination|video-consultation)\\//;

  function hex(buf) {
    return Array.from(new Uint8Array(buf), function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  function name(p) { return p.split('=')[0]; }
  function canonicalQuery(q) {
    return q.split('&').filter(Boolean).sort(function (a, b) {
      return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a < b ? -1 : a > b ? 1 : 0;
    }).join('&');
  }

  // Swagger UI's requestInterceptor: sign partner requests once credentials are set.
  window.careslotSign = async function (req) {
    var url = new URL(req.url, window.location.href);
    if (!creds.token || !creds.secret || !PARTNER.test(url.pathname)) return req;
    if (!window.crypto || !window.crypto.subtle) {
      console.error('Careslot signer: WebCrypto needs a secure context (https or localhost)');
      return req;
    }
    var body = req.body == null ? '' : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (req.body != null) req.body = body;
    var enc = new TextEncoder();
    var t = Math.floor(Date.now() / 1000);
    var n = hex(window.crypto.getRandomValues(new Uint8Array(16)));
    var bodyHash = hex(await window.crypto.subtle.digest('SHA-256', enc.encode(body)));
    var canonical = ['v1', String(req.method).toUpperCase(), url.pathname, canonicalQuery(url.search.slice(1)),
      String(t), n, bodyHash].join('\\n');
    var key = await window.crypto.subtle.importKey('raw', enc.encode(creds.secret), { name: 'HMAC', hash: 'SHA-256' },
      false, ['sign']);
    var v1 = hex(await window.crypto.subtle.sign('HMAC', key, enc.encode(canonical)));
    req.headers = req.headers || {};
    req.headers['Authorization'] = 'Bearer ' + creds.token;
    req.headers['Cmt'] = 't=' + t + ',n=' + n + ',v1=' + v1;
    return req;
  };

  function field(id, label, type) {
    var wrap = document.createElement('label');
    wrap.style.cssText = 'display:inline-flex;flex-direction:column;margin-right:12px;font-size:13px';
    wrap.textContent = label;
    var input = document.createElement('input');
    input.id = id;
    input.type = type;
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.style.cssText = 'width:300px;padding:4px;font-family:monospace';
    wrap.appendChild(input);
    return wrap;
  }

  function panel() {
    var box = document.createElement('section');
    box.id = 'careslot-signer';
    box.style.cssText = 'max-width:1460px;margin:16px auto;padding:12px 20px;border:1px solid #49cc90;border-radius:4px;background:#f3fbf7;font-family:sans-serif';
    var title = document.createElement('h3');
    title.textContent = 'Sign partner requests (sandbox)';
    title.style.margin = '0 0 6px';
    var note = document.createElement('p');
    note.style.cssText = 'margin:0 0 8px;font-size:13px';
    note.textContent = 'Enter a partner token and secret (the sandbox prints them at start): every Kids Vaccination and Video Consultation request you try below then gets Authorization and a Cmt signature computed in this browser. The secret is never sent.';
    var form = document.createElement('form');
    form.appendChild(field('careslot-partner-token', 'Partner token', 'text'));
    form.appendChild(field('careslot-partner-secret', 'Partner secret', 'password'));
    var use = document.createElement('button');
    use.type = 'submit';
    use.id = 'careslot-signer-use';
    use.className = 'btn authorize';
    use.textContent = 'Sign requests';
    var state = document.createElement('span');
    state.id = 'careslot-signer-state';
    state.style.cssText = 'margin-left:12px;font-size:13px';
    state.textContent = 'not signing';
    form.appendChild(use);
    form.appendChild(state);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      creds.token = document.getElementById('careslot-partner-token').value.trim();
      creds.secret = document.getElementById('careslot-partner-secret').value.trim();
      state.textContent = creds.token && creds.secret ? 'signing partner requests' : 'not signing';
    });
    box.appendChild(title);
    box.appendChild(note);
    box.appendChild(form);
    return box;
  }

  function mount() {
    var root = document.getElementById('swagger-ui');
    if (root && root.parentNode && !document.getElementById('careslot-signer')) root.parentNode.insertBefore(panel(), root);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
`;
