#!/usr/bin/env bash
# Copy-number and fusion input timing (issue 28): a synthetic 50,000-segment CNVkit file and a
# whole-genome SV VCF of 10,000 breakend records (5,000 mate pairs), each timed alone and with the
# SNV path of the same patient (test-data/demo/demo_nec.vcf.gz, or SNV=file). Generated into
# bench/out/ (git-ignored). A benchmark, not a test: nothing fails.
#   cargo build --release && bench/cna_sv.sh
#   RUNS=3 ONCOPROFILE=/path/to/oncoprofile SNV=big.vcf.gz bench/cna_sv.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${ONCOPROFILE:-$root/target/release/oncoprofile}
snv=${SNV:-$root/test-data/demo/demo_nec.vcf.gz}
runs=${RUNS:-1}
out=$here/out
mkdir -p "$out"
segs=$out/segs50k.cns
svs=$out/sv10k.vcf
[ -s "$segs" ] || awk 'BEGIN{srand(7); print "chromosome\tstart\tend\tgene\tlog2\tdepth\tprobes\tweight"; n=0
  for(c=1;c<=22;c++){len=(c<=8?150000000:(c<=16?100000000:50000000)); per=int(50000/22)+1; step=int(len/per)
    for(i=0;i<per && n<50000;i++){s=i*step; e=s+step-1; l=(rand()-0.5)*1.2; if(rand()<0.002) l=2.5; if(rand()<0.002) l=-3
      printf "chr%d\t%d\t%d\t-\t%.4f\t100\t20\t18\n",c,s,e,l; n++}}}' > "$segs"
[ -s "$svs" ] || awk 'BEGIN{srand(11); print "##fileformat=VCFv4.1"
  print "##INFO=<ID=SVTYPE,Number=1,Type=String,Description=\"Type\">"; print "##INFO=<ID=MATEID,Number=.,Type=String,Description=\"Mate\">"
  print "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR"
  for(i=0;i<5000;i++){c1=int(rand()*22)+1; p1=int(rand()*140000000)+1; c2=int(rand()*22)+1; p2=int(rand()*140000000)+1
    printf "chr%d\t%d\tbnd%d_a\tN\tN[chr%d:%d[\t.\tPASS\tSVTYPE=BND;MATEID=bnd%d_b\tPR:SR\t20,0:20,0\t10,5:10,6\n",c1,p1,i,c2,p2,i
    printf "chr%d\t%d\tbnd%d_b\tN\t]chr%d:%d]N\t.\tPASS\tSVTYPE=BND;MATEID=bnd%d_a\tPR:SR\t20,0:20,0\t10,5:10,6\n",c2,p2,i,c1,p1,i}}' > "$svs"
best() { # seconds of the best of $runs runs of "$@"
  local b=""
  for _ in $(seq "$runs"); do
    local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N)
    b=$(echo "$t0 $t1 ${b:-999999}" | awk '{d=$2-$1; print (d<$3?d:$3)}')
  done
  echo "$b"
}
g=(--genome GRCh38 -q)
t_snv=$(best "$bin" report "$snv" "${g[@]}")
t_cna=$(best "$bin" report --cna "$segs" "${g[@]}")
t_sv=$(best "$bin" report --sv "$svs" "${g[@]}")
t_all=$(best "$bin" report "$snv" --cna "$segs" --sv "$svs" "${g[@]}")
printf 'SNV path alone (%s)\t%.3f s\n' "$(basename "$snv")" "$t_snv"
printf '50,000 CNA segments alone\t%.3f s\n' "$t_cna"
printf '10,000 SV records alone\t%.3f s\n' "$t_sv"
printf 'SNV + CNA + SV\t%.3f s (%.2fx the SNV path)\n' "$t_all" "$(echo "$t_all $t_snv" | awk '{print $1/$2}')"
