//! `oncoprofile report` on an unannotated VCF with `--gene-models` GFF3 and
//! `--reference` FASTA: our consequence engine annotates it, and the drivers
//! and TMB equal those of the same VCF annotated with VEP CSQ.
//!
//! The genome is synthetic (written by the test): a BRAF-like plus-strand
//! transcript with Val600 in its second exon and a TP53-like minus-strand
//! transcript, on contigs `7` and `17`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use oncoprofile::consequence::coding::revcomp;
use serde_json::Value;

/// Deterministic pseudo-random bases.
struct Bases(u64);

impl Bases {
    fn next(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        b"ACGT"[(self.0 >> 33) as usize % 4]
    }
    fn seq(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next()).collect()
    }
    /// `n` sense codons (no stop), as bases.
    fn codons(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(3 * n);
        while out.len() < 3 * n {
            let c = self.seq(3);
            if !matches!(&c[..], b"TAA" | b"TAG" | b"TGA") {
                out.extend(c);
            }
        }
        out
    }
}

/// A coding sequence of `n` codons: ATG, sense codons, stop; `set` overrides codons (1-based).
fn cds(b: &mut Bases, n: usize, set: &[(usize, &[u8])]) -> Vec<u8> {
    let mut c = b"ATG".to_vec();
    c.extend(b.codons(n - 2));
    c.extend(b"TAA");
    for (i, codon) in set {
        c[3 * (i - 1)..3 * i].copy_from_slice(codon);
    }
    c
}

/// Write a FASTA (+ .fai) of the given contigs, 60 bases a line.
fn write_fasta(path: &Path, contigs: &[(&str, &[u8])]) {
    let mut fa = String::new();
    let mut fai = String::new();
    for (name, seq) in contigs {
        fa.push_str(&format!(">{name}\n"));
        let offset = fa.len();
        for chunk in seq.chunks(60) {
            fa.push_str(std::str::from_utf8(chunk).unwrap());
            fa.push('\n');
        }
        fai.push_str(&format!("{name}\t{}\t{offset}\t60\t61\n", seq.len()));
    }
    std::fs::write(path, fa).unwrap();
    std::fs::write(format!("{}.fai", path.display()), fai).unwrap();
}

struct Genome {
    chr7: Vec<u8>,
    chr17: Vec<u8>,
}

/// BRAF (7, +): exon 1 101-1100 (CDS 201-1100), intron 1101-1500, exon 2 1501-2600 (CDS 1501-2406).
/// TP53 (17, −): exon A 101-800 (CDS 201-800), intron 801-1200, exon B 1201-1900 (CDS 1201-1782).
fn genome(dir: &Path) -> Genome {
    let mut b = Bases(11);
    let braf = cds(&mut b, 602, &[(600, b"GTG")]);
    let mut chr7 = b.seq(200); // 1-200: upstream + 5' UTR
    chr7.extend(&braf[..900]); // 201-1100
    chr7.extend(b"GT");
    chr7.extend(b.seq(396));
    chr7.extend(b"AG"); // intron 1101-1500
    chr7.extend(&braf[900..]); // 1501-2406
    chr7.extend(b.seq(3000 - chr7.len()));
    let tp53 = revcomp(&cds(&mut b, 394, &[]));
    let mut chr17 = b.seq(200); // 1-200: 3' flank + 3' UTR (minus strand)
    chr17.extend(&tp53[..600]); // 201-800
    chr17.extend(b"CT");
    chr17.extend(b.seq(396));
    chr17.extend(b"AC"); // intron 801-1200 (AG…GT on the minus strand)
    chr17.extend(&tp53[600..]); // 1201-1782
    chr17.extend(b.seq(3000 - chr17.len()));
    write_fasta(&dir.join("ref.fa"), &[("7", &chr7), ("17", &chr17)]);
    let gff = "##gff-version 3\n#!genome-build GRCh38.p14\n\
7\tt\tgene\t101\t2600\t.\t+\t.\tID=gene:G1;Name=BRAF;biotype=protein_coding\n\
7\tt\tmRNA\t101\t2600\t.\t+\t.\tID=transcript:T1;Parent=gene:G1;biotype=protein_coding;tag=basic,Ensembl_canonical,MANE_Select;transcript_id=ENST00000288602\n\
7\tt\texon\t101\t1100\t.\t+\t.\tParent=transcript:T1\n\
7\tt\tCDS\t201\t1100\t.\t+\t0\tParent=transcript:T1\n\
7\tt\texon\t1501\t2600\t.\t+\t.\tParent=transcript:T1\n\
7\tt\tCDS\t1501\t2406\t.\t+\t0\tParent=transcript:T1\n\
17\tt\tgene\t101\t1900\t.\t-\t.\tID=gene:G2;Name=TP53;biotype=protein_coding\n\
17\tt\tmRNA\t101\t1900\t.\t-\t.\tID=transcript:T2;Parent=gene:G2;biotype=protein_coding;tag=basic,Ensembl_canonical,MANE_Select;transcript_id=ENST00000269305\n\
17\tt\texon\t101\t800\t.\t-\t.\tParent=transcript:T2\n\
17\tt\tCDS\t201\t800\t.\t-\t0\tParent=transcript:T2\n\
17\tt\texon\t1201\t1900\t.\t-\t.\tParent=transcript:T2\n\
17\tt\tCDS\t1201\t1782\t.\t-\t0\tParent=transcript:T2\n";
    std::fs::write(dir.join("models.gff3"), gff).unwrap();
    Genome { chr7, chr17 }
}

fn base(seq: &[u8], pos: u64) -> char {
    seq[pos as usize - 1] as char
}

/// The VCF, unannotated or with a VEP CSQ per record.
fn vcf(g: &Genome, with_csq: bool) -> String {
    // BRAF V600E: codon 600 = genomic 2398-2400 (GTG), middle base T>A.
    // TP53 codon 152 starts at genomic 1782 - 453 = 1329 (minus strand); delete 1328 after 1327.
    // BRAF intron base 1300.
    let fs_ref = format!("{}{}", base(&g.chr17, 1327), base(&g.chr17, 1328));
    let intron_alt = if base(&g.chr7, 1300) == 'A' { "C" } else { "A" };
    let rows = [
        ("7", 2399, "T".to_string(), "A".to_string(), "A|missense_variant|MODERATE|BRAF|G1|Transcript|ENST00000288602|protein_coding|||c.1799T>A|p.Val600Glu|||600|V/E|||YES"),
        ("17", 1327, fs_ref.clone(), fs_ref[..1].to_string(), "-|frameshift_variant|HIGH|TP53|G2|Transcript|ENST00000269305|protein_coding|||c.455del|p.Pro152fs|||152|P/X|||YES"),
        ("7", 1300, base(&g.chr7, 1300).to_string(), intron_alt.to_string(), "X|intron_variant|MODIFIER|BRAF|G1|Transcript|ENST00000288602|protein_coding||||||||||YES"),
    ];
    let mut v = String::from("##fileformat=VCFv4.2\n##contig=<ID=7,length=3000>\n##contig=<ID=17,length=3000>\n");
    v.push_str("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n##FORMAT=<ID=AF,Number=A,Type=Float,Description=\"Allele fraction\">\n##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n");
    if with_csq {
        v.push_str("##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|CANONICAL\">\n");
    }
    v.push_str("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n");
    for (chrom, pos, r, a, csq) in rows {
        let csq = csq.replacen('X', &a, 1);
        let info = if with_csq {
            format!("CSQ={csq}")
        } else {
            ".".to_string()
        };
        v.push_str(&format!(
            "{chrom}\t{pos}\t.\t{r}\t{a}\t.\tPASS\t{info}\tGT:AD:AF:DP\t0/1:60,40:0.4:100\n"
        ));
    }
    v
}

fn drivers(r: &Value) -> BTreeSet<(String, String)> {
    r["alterations"]
        .as_array()
        .expect("alterations")
        .iter()
        .filter(|a| a["driver"] == true)
        .map(|a| {
            (
                a["gene"].as_str().unwrap_or("").to_string(),
                a["oncogenicity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn engine_annotation_gives_the_csq_drivers_and_tmb() {
    let dir = tempfile::tempdir().unwrap();
    let g = genome(dir.path());
    assert_eq!(&g.chr7[2397..2400], b"GTG", "BRAF codon 600");
    let plain = dir.path().join("plain.vcf");
    let csq = dir.path().join("csq.vcf");
    std::fs::write(&plain, vcf(&g, false)).unwrap();
    std::fs::write(&csq, vcf(&g, true)).unwrap();
    let models = dir.path().join("models.gff3").display().to_string();
    let fasta = dir.path().join("ref.fa").display().to_string();
    let args = ["--all-variants", "--target-mb", "1"];
    let ours = common::report(
        &plain,
        &[&args[..], &["--gene-models", &models, "--reference", &fasta]].concat(),
    );
    let vep = common::report(&csq, &args);
    assert_eq!(ours["input"]["annotation"], "gene_models");
    // The VCF's contig lengths name no build: the gene models' header does.
    assert_eq!(ours["input"]["genome_build"], "GRCh38");
    assert_eq!(ours["input"]["genome_build_source"], "gene_models");
    let braf = ours["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["gene"] == "BRAF" && a["protein_change"] == "p.V600E")
        .unwrap_or_else(|| panic!("BRAF V600E missing: {:#}", ours["alterations"]));
    assert_eq!(braf["annotation_source"], "gene_models");
    assert_eq!(braf["oncogenicity"], "oncogenic");
    assert_eq!(braf["hgvsc"], "c.1799T>A");
    let tp53 = ours["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["gene"] == "TP53")
        .expect("TP53");
    assert_eq!(tp53["consequence"], serde_json::json!(["frameshift_variant"]));
    assert!(tp53["protein_change"].as_str().unwrap_or("").contains("152"), "{tp53}");
    assert_eq!(drivers(&ours), drivers(&vep));
    assert_eq!(drivers(&ours).len(), 2);
    assert_eq!(ours["biomarkers"]["tmb"]["value"], vep["biomarkers"]["tmb"]["value"]);
    assert_eq!(ours["biomarkers"]["tmb"]["count"], vep["biomarkers"]["tmb"]["count"]);
    assert_eq!(ours["biomarkers"]["tmb"]["count"], 2);
    assert_eq!(ours["biomarkers"]["msi"]["status"], vep["biomarkers"]["msi"]["status"]);
    common::assert_schema_valid(&ours);
    // Without a region option, TMB counts over the gene models' CDS (900 + 906 + 600 + 582 bases).
    let own = common::report(&plain, &["--gene-models", &models, "--reference", &fasta]);
    assert_eq!(own["biomarkers"]["tmb"]["denominator_source"], "gene_models_cds");
    assert_eq!(own["biomarkers"]["tmb"]["denominator_mb"], 0.002988);
    assert_eq!(own["biomarkers"]["tmb"]["count"], 2);
    // A REF that the FASTA contradicts inside a CDS (another build?) leaves the allele
    // unannotated, with a warning, instead of a wrong consequence.
    let wrong = dir.path().join("wrong.vcf");
    let text = vcf(&g, false);
    let bad_ref = if base(&g.chr7, 2000) == 'A' { 'C' } else { 'A' };
    let alt = if bad_ref == 'G' { 'T' } else { 'G' };
    let extra = format!("7\t2000\t.\t{bad_ref}\t{alt}\t.\tPASS\t.\tGT:AD:AF:DP\t0/1:60,40:0.4:100\n");
    std::fs::write(&wrong, format!("{text}{extra}")).unwrap();
    let w = common::report(
        &wrong,
        &["--all-variants", "--gene-models", &models, "--reference", &fasta],
    );
    let warned = w["warnings"].to_string();
    assert!(warned.contains("differs from the reference FASTA"), "{warned}");
    // Without --reference the GFF3 cannot be used: a usage error naming the option.
    let out = common::run(&["report", plain.to_str().unwrap(), "--quiet", "--gene-models", &models]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains("--reference"));
}

/// `kb import gene-models GFF FASTA --out DIR` writes a transcript pack; `--gene-models DIR` then
/// annotates without the FASTA and gives the same alterations and TMB as the GFF3 + FASTA run (MSI
/// still takes its repeat context from `--reference` when given).
#[test]
fn transcript_pack_needs_no_fasta_and_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let g = genome(dir.path());
    let plain = dir.path().join("plain.vcf");
    std::fs::write(&plain, vcf(&g, false)).unwrap();
    let models = dir.path().join("models.gff3").display().to_string();
    let fasta = dir.path().join("ref.fa").display().to_string();
    let pack = dir.path().join("pack");
    let out = common::run(&[
        "kb",
        "import",
        "gene-models",
        &models,
        &fasta,
        "--out",
        pack.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("2 transcript(s)"), "{said}");
    for f in ["models.gff3", "sequences.tsv", "pack.tsv"] {
        assert!(pack.join(f).is_file(), "{f}");
    }
    // Only the coding rows and their margins are kept, not the genome.
    let seq_bytes = std::fs::metadata(pack.join("sequences.tsv")).unwrap().len();
    assert!(seq_bytes < (g.chr7.len() + g.chr17.len()) as u64, "{seq_bytes}");
    let pack_s = pack.display().to_string();
    let args = ["--all-variants", "--target-mb", "1"];
    let with_fasta = common::report(
        &plain,
        &[&args[..], &["--gene-models", &models, "--reference", &fasta]].concat(),
    );
    let with_pack = common::report(&plain, &[&args[..], &["--gene-models", &pack_s]].concat());
    assert_eq!(with_pack["input"]["annotation"], "gene_models");
    assert_eq!(with_pack["alterations"], with_fasta["alterations"]);
    assert_eq!(with_pack["biomarkers"]["tmb"], with_fasta["biomarkers"]["tmb"]);
    assert_eq!(with_pack["input"]["genome_build"], "GRCh38");
    let both = common::report(
        &plain,
        &[&args[..], &["--gene-models", &pack_s, "--reference", &fasta]].concat(),
    );
    assert_eq!(both["biomarkers"], with_fasta["biomarkers"]);
    // A chosen set: only TP53's transcript.
    let tp53 = dir.path().join("tp53");
    let out = common::run(&[
        "kb",
        "import",
        "gene-models",
        &models,
        &fasta,
        "--out",
        tp53.to_str().unwrap(),
        "--transcripts",
        "TP53",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let only = common::report(&plain, &["--all-variants", "--gene-models", tp53.to_str().unwrap()]);
    let genes: BTreeSet<&str> = only["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["gene"].as_str())
        .collect();
    assert!(genes.contains("TP53") && !genes.contains("BRAF"), "{genes:?}");
    // --transcripts that match nothing: an input error (exit 2) naming the input gene models.
    let out = common::run(&[
        "kb",
        "import",
        "gene-models",
        &models,
        &fasta,
        "--out",
        dir.path().join("none").to_str().unwrap(),
        "--transcripts",
        "NOSUCHGENE",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
    let e = common::stderr(&out);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with(&format!(
            "oncoprofile: error: {models}: none of the 1 transcript(s)/gene(s) asked for"
        )),
        "{e}"
    );
    // A truncated or changed member fails its checksum: exit 2 naming it, never a quiet
    // unannotated run.
    let report_with =
        |p: &Path| common::run(&["report", plain.to_str().unwrap(), "--gene-models", p.to_str().unwrap()]);
    for member in ["models.gff3", "sequences.tsv"] {
        let copy = dir.path().join(format!("cut-{member}"));
        copy_dir(&pack, &copy);
        let bytes = std::fs::read(copy.join(member)).unwrap();
        std::fs::write(copy.join(member), &bytes[..bytes.len() / 2]).unwrap();
        let out = report_with(&copy);
        assert_eq!(out.status.code(), Some(2), "{member}: {}", common::stderr(&out));
        let e = common::stderr(&out);
        assert!(e.contains(member) && e.contains("does not match its checksum"), "{e}");
    }
    // A pack without checksums (the format before them, or a cut pack.tsv) is refused.
    let copy = dir.path().join("old-pack");
    copy_dir(&pack, &copy);
    let meta = std::fs::read_to_string(copy.join("pack.tsv")).unwrap();
    let old: String = meta
        .lines()
        .filter(|l| !l.starts_with("checksum"))
        .map(|l| format!("{}\n", l.replace("transcript-pack 2", "transcript-pack 1")))
        .collect();
    std::fs::write(copy.join("pack.tsv"), old).unwrap();
    let e = common::stderr(&report_with(&copy));
    assert!(
        e.contains("re-import it with `oncoprofile kb import gene-models`"),
        "{e}"
    );
    let cut: String = meta
        .lines()
        .filter(|l| !l.starts_with("checksum"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(copy.join("pack.tsv"), cut).unwrap();
    let out = report_with(&copy);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("no checksum for models.gff3"));
    // A damaged pack is an input error naming the file.
    std::fs::write(tp53.join("pack.tsv"), "key\tvalue\nformat\tsomething else\n").unwrap();
    let out = common::run(&[
        "report",
        plain.to_str().unwrap(),
        "--gene-models",
        tp53.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains("not a transcript pack of this version"));
}

/// RefSeq GFF3 (`test-data/refseq/braf_tp53.gff3`, our own fixture in NCBI's layout on this
/// genome's coordinates: `NC_000007.14`/`NC_000017.11` seqids, `rna-NM_…` transcripts, `tag=MANE
/// Select`) gives the same consequences and HGVS as the Ensembl-style GFF3, with NCBI's transcript
/// ids, for a VCF naming its contigs `7`/`17` or `chr7`/`chr17`.
#[test]
fn refseq_gff3_gives_the_ensembl_consequences() {
    let dir = tempfile::tempdir().unwrap();
    let g = genome(dir.path());
    let plain = dir.path().join("plain.vcf");
    std::fs::write(&plain, vcf(&g, false)).unwrap();
    let chr = dir.path().join("chr.vcf");
    let prefixed: String = vcf(&g, false)
        .lines()
        .map(|l| {
            if l.starts_with('#') {
                l.replace("##contig=<ID=", "##contig=<ID=chr")
            } else {
                format!("chr{l}")
            }
        })
        .map(|l| l + "\n")
        .collect();
    std::fs::write(&chr, prefixed).unwrap();
    let ensembl = dir.path().join("models.gff3").display().to_string();
    let refseq = common::root()
        .join("test-data/refseq/braf_tp53.gff3")
        .display()
        .to_string();
    let fasta = dir.path().join("ref.fa").display().to_string();
    let args = ["--all-variants", "--target-mb", "1"];
    let run = |vcf: &Path, models: &str| {
        common::report(
            vcf,
            &[&args[..], &["--gene-models", models, "--reference", &fasta]].concat(),
        )
    };
    // What is compared: everything the engine derives, except the transcript id.
    let calls = |r: &Value| -> Vec<(String, String, String, String, String)> {
        r["alterations"]
            .as_array()
            .expect("alterations")
            .iter()
            .map(|a| {
                let s = |k: &str| a[k].to_string();
                (s("gene"), s("consequence"), s("hgvsc"), s("protein_change"), s("exon"))
            })
            .collect()
    };
    let ens = run(&plain, &ensembl);
    let ncbi = run(&plain, &refseq);
    assert_eq!(ncbi["input"]["annotation"], "gene_models");
    assert_eq!(calls(&ens).len(), 3, "{:#}", ens["alterations"]);
    assert_eq!(calls(&ncbi), calls(&ens));
    assert_eq!(calls(&run(&chr, &refseq)), calls(&ens));
    assert_eq!(ncbi["biomarkers"]["tmb"], ens["biomarkers"]["tmb"]);
    assert_eq!(ncbi["input"]["genome_build"], "GRCh38");
    let transcripts: BTreeSet<(String, String)> = ncbi["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["gene"].as_str().unwrap_or("").to_string(),
                a["transcript"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // MANE Select is picked over BRAF's MANE Plus Clinical transcript.
    let want: BTreeSet<(String, String)> = [("BRAF", "NM_004333.6"), ("TP53", "NM_000546.6")]
        .iter()
        .map(|(g, t)| (g.to_string(), t.to_string()))
        .collect();
    assert_eq!(transcripts, want);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// A MAF read with `--gene-models`/`--reference` takes its TMB denominator from the gene
/// models' merged CDS, as the same variants in a VCF do (issue 26): before, MAF input had no
/// denominator at all.
#[test]
fn maf_with_gene_models_counts_tmb_over_their_cds_like_the_vcf() {
    let dir = tempfile::tempdir().unwrap();
    let g = genome(dir.path());
    let models = dir.path().join("models.gff3").display().to_string();
    let fasta = dir.path().join("ref.fa").display().to_string();
    let vcf_path = dir.path().join("plain.vcf");
    std::fs::write(&vcf_path, vcf(&g, false)).unwrap();
    // The same two coding variants as MAF rows (no HGVSp): BRAF V600E and the TP53 deletion.
    let del = base(&g.chr17, 1328);
    let maf = format!(
        "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tt_depth\tt_alt_count\n\
BRAF\tGRCh38\t7\t2399\t2399\tMissense_Mutation\tSNP\tT\tT\tA\tS1\t100\t40\n\
TP53\tGRCh38\t17\t1328\t1328\tFrame_Shift_Del\tDEL\t{del}\t{del}\t-\tS1\t100\t40\n"
    );
    let maf_path = dir.path().join("rows.maf");
    std::fs::write(&maf_path, maf).unwrap();
    let args = ["--gene-models", models.as_str(), "--reference", fasta.as_str()];
    let from_vcf = common::report(&vcf_path, &args);
    let from_maf = common::report(&maf_path, &args);
    for r in [&from_vcf, &from_maf] {
        let tmb = &r["biomarkers"]["tmb"];
        assert_eq!(tmb["denominator_source"], "gene_models_cds", "{tmb}");
        // 900 + 906 + 600 + 582 CDS bases.
        assert_eq!(tmb["denominator_mb"], 0.002988, "{tmb}");
        assert_eq!(tmb["count"], 2, "{tmb}");
    }
    assert_eq!(
        from_maf["biomarkers"]["tmb"]["value"],
        from_vcf["biomarkers"]["tmb"]["value"]
    );
    // Without the gene models the MAF still has no denominator to count over.
    let bare = common::report(&maf_path, &[]);
    assert_ne!(bare["biomarkers"]["tmb"]["denominator_source"], "gene_models_cds");
}
