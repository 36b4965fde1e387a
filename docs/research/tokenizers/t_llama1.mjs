import m from 'llama-tokenizer-js';
try { m.runTests(); } catch (e) { console.log('runTests threw', e.message); }
const { fixtures } = (await import('./fixtures.js')).default;
for (const [n, t] of fixtures.slice(4, 16)) console.log(n, m.encode(t, true, true).length - 1, m.encode(t, false, true).length);
console.log(m.encode('aaaaaaaa', false, true), m.encode('aaaaaaaa', true, true));
