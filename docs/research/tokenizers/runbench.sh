#!/bin/bash
# runbench.sh FAMILY "IMPL" CORPUS MODE  -> appends JSON + maxRSS to out/bench.jsonl
fam="$1"; impl="$2"; corpus="$3"; mode="$4"; lim="${5:-300}"; [ "$lim" -gt 150 ] && lim=150
tf=$(mktemp)
line=$(timeout "$lim" /usr/bin/time -v -o "$tf" node --max-old-space-size=8192 bench.mjs "$fam" "$impl" "$corpus" "$mode" 2>/tmp/bench_err.txt | tail -1)
rc=$?
rss=$(grep "Maximum resident" "$tf" | awk '{print $NF}')
wall=$(grep "Elapsed (wall" "$tf" | awk '{print $NF}')
[ -z "$line" ] && [ $rc -ne 0 -o -z "$rss" ] && rc=${rc}; [ -z "$line" ] && line="{\"fam\":\"$fam\",\"impl\":\"$impl\",\"mode\":\"$mode\",\"corpus\":\"$corpus\",\"error\":\"rc=$rc $(tail -c 200 /tmp/bench_err.txt | tr '\n"' '  ')\"}"
echo "$line" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);j.maxRSS_MB=Math.round(Number(process.argv[1]||0)/1024);j.wall=process.argv[2];console.log(JSON.stringify(j))})' "$rss" "$wall" | tee -a out/bench.jsonl
rm -f "$tf"
