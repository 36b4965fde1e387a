#!/bin/bash
# runs every implementation in impls.mjs: load, whole, chunked on the 5 MB generated prose
cd /tmp/tokresearch
node -e 'import("./impls.mjs").then(m=>{for(const [f,o] of Object.entries(m.IMPLS)) for(const i of Object.keys(o)) console.log(f+"\t"+i)})' > out/implist.tsv
while IFS=$'\t' read -r fam impl; do
  for mode in load whole chunked; do ./runbench.sh "$fam" "$impl" corpus/prose5mb.txt $mode 300 >/dev/null; done
done < out/implist.tsv
echo DONE
