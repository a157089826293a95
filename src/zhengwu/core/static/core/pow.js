// Proof of work for a form that carries core/_pow.html (see core/pow.py): find a nonce such that
// SHA-256(token + ":" + nonce) begins with `bits` zero bits, put it in the form, submit.
// Work starts when the page loads (done before the person has finished typing, usually) and runs in
// slices so that the page stays responsive. Plain JavaScript SHA-256: WebCrypto needs HTTPS and
// costs a promise per hash. No text here: the page holds the (translated) words.
(function () {
  "use strict";
  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  var W = new Int32Array(64);

  // One SHA-256 compression of the 16 words at words[offset] into state (8 words).
  function compress(state, words, offset) {
    var i, x, y;
    for (i = 0; i < 16; i++) W[i] = words[offset + i];
    for (i = 16; i < 64; i++) {
      x = W[i - 15]; y = W[i - 2];
      W[i] = (W[i - 16] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + W[i - 7]
              + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
    }
    var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6],
        h = state[7], t1, t2;
    for (i = 0; i < 64; i++) {
      t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7)))
            + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10)))
            + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    state[0] = (state[0] + a) | 0; state[1] = (state[1] + b) | 0; state[2] = (state[2] + c) | 0;
    state[3] = (state[3] + d) | 0; state[4] = (state[4] + e) | 0; state[5] = (state[5] + f) | 0;
    state[6] = (state[6] + g) | 0; state[7] = (state[7] + h) | 0;
  }

  var INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  // hasher(prefix)(suffix) → the first 32-bit word of SHA-256(prefix + suffix), ASCII only. The full
  // 64-byte blocks of the prefix are compressed once (the "midstate"); each call hashes only the rest.
  function hasher(prefix) {
    var full = prefix.length >> 6, mid = new Int32Array(INITIAL), head = new Int32Array(full * 16), i;
    for (i = 0; i < full * 64; i++) head[i >> 2] |= prefix.charCodeAt(i) << (24 - (i & 3) * 8);
    for (i = 0; i < full; i++) compress(mid, head, i * 16);
    // the rest of the prefix and the suffix (a nonce: at most 20 digits) fit in two blocks
    var tail = prefix.length - full * 64, base = new Int32Array(32), words = new Int32Array(32),
        state = new Int32Array(8);
    for (i = 0; i < tail; i++) base[i >> 2] |= prefix.charCodeAt(full * 64 + i) << (24 - (i & 3) * 8);
    return function (suffix) {
      var n = tail + suffix.length, blocks = n + 9 > 64 ? 2 : 1, j, k;
      words.set(base);
      for (j = tail, k = 0; j < n; j++, k++) words[j >> 2] |= suffix.charCodeAt(k) << (24 - (j & 3) * 8);
      words[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
      words[blocks * 16 - 1] = (prefix.length + suffix.length) * 8;
      state.set(mid);
      for (j = 0; j < blocks; j++) compress(state, words, j * 16);
      return state[0];
    };
  }

  function leadingZeros(word) { return word === 0 ? 32 : Math.clz32(word); }

  function solve(token, bits, done) {
    var nonce = 0, hash = hasher(token + ":");
    (function slice() {
      var stop = nonce + 50000;
      for (; nonce < stop; nonce++) {
        if (leadingZeros(hash(String(nonce))) >= bits) { done(String(nonce)); return; }
      }
      setTimeout(slice, 0);
    })();
  }

  function setUp(form) {
    var tokenInput = form.querySelector("input[name=pow_token]");
    var nonceInput = form.querySelector("input[name=pow_nonce]");
    var working = form.querySelector(".pow-working");
    var bits = parseInt(tokenInput.getAttribute("data-pow-bits"), 10);
    if (!(bits > 0 && bits <= 32)) return;  // the server never asks for more than 32 bits of this word
    var solved = false, waiting = false;
    form.setAttribute("data-pow-state", "working");
    solve(tokenInput.value, bits, function (nonce) {
      nonceInput.value = nonce;
      solved = true;
      form.setAttribute("data-pow-state", "solved");
      if (waiting) HTMLFormElement.prototype.submit.call(form);
    });
    form.addEventListener("submit", function (event) {
      if (solved) return;
      event.preventDefault();
      if (!form.reportValidity || form.reportValidity()) {
        waiting = true;
        if (working) working.hidden = false;
      }
    });
  }

  function start() {
    var inputs = document.querySelectorAll("form input[name=pow_token]");
    for (var i = 0; i < inputs.length; i++) setUp(inputs[i].form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
