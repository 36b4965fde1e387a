#!/bin/bash
# prints: name version license publish-time-of-latest unpackedSize
for p in "$@"; do
 npm view "$p" --json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);const t=j.time||{};const ts=Object.values(t).filter(x=>/^\d/.test(x)).sort();console.log([j.name,j.version,j.license,"latest:"+(t[j.version]||"?"),"maxtime:"+ts[ts.length-1],"modified:"+(t.modified||"-"),"unpacked:"+(j.dist&&j.dist.unpackedSize)].join(" "))})'
done
