// node inspect_tj.js path/to/tokenizer.json : summarize a HF tokenizer.json
const fs=require('fs');const j=JSON.parse(fs.readFileSync(process.argv[2],'utf8'));
const m=j.model;
console.log('model.type',m.type,'vocab',Array.isArray(m.vocab)?m.vocab.length:Object.keys(m.vocab||{}).length,'merges',(m.merges||[]).length,'merges[0]',JSON.stringify((m.merges||[])[0]),'byte_fallback',m.byte_fallback,'ignore_merges',m.ignore_merges,'fuse_unk',m.fuse_unk);
console.log('normalizer',JSON.stringify(j.normalizer).slice(0,400));
console.log('pre_tokenizer',JSON.stringify(j.pre_tokenizer).slice(0,900));
console.log('post_processor',JSON.stringify(j.post_processor).slice(0,300));
console.log('decoder',JSON.stringify(j.decoder).slice(0,200));
const at=j.added_tokens||[];console.log('added_tokens',at.length,'special',at.filter(t=>t.special).length,'first',JSON.stringify(at.slice(0,4).map(t=>[t.id,t.content,t.special,t.normalized])), 'nonspecial', JSON.stringify(at.filter(t=>!t.special).slice(0,8).map(t=>[t.id,t.content])));
