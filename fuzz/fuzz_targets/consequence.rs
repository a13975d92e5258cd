//! The consequence engine: `Engine::annotate` (and `predict`) over a small random gene model and
//! reference built from the input bytes: one 400-base contig, one to three transcripts on either
//! strand with random exons and CDS inside them, then a variant whose REF is taken from the
//! reference (or, one time in eight, is random: a REF mismatch) and whose ALT is any DNA.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncoprofile::consequence::fasta::Reference;
use oncoprofile::consequence::gff::GeneModels;
use oncoprofile::consequence::Engine;
use std::path::Path;

const LEN: u64 = 400;

struct Bytes<'a>(&'a [u8], usize);

impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        let b = self.0.get(self.1).copied().unwrap_or(0);
        self.1 += 1;
        b
    }
    /// A position 1..=LEN.
    fn pos(&mut self) -> u64 {
        (u64::from(self.next()) << 8 | u64::from(self.next())) % LEN + 1
    }
    fn base(&mut self) -> u8 {
        b"ACGT"[usize::from(self.next() % 4)]
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data, 0);
    let seq: Vec<u8> = (0..LEN).map(|_| b.base()).collect();
    let mut gff = String::from("##gff-version 3\nc1\tf\tgene\t1\t400\t.\t+\t.\tID=gene:G1;Name=GENE1;biotype=protein_coding\n");
    for t in 0..1 + b.next() % 3 {
        let strand = if b.next() % 2 == 0 { '+' } else { '-' };
        let (mut s, mut e) = (b.pos(), b.pos());
        if s > e {
            std::mem::swap(&mut s, &mut e);
        }
        gff.push_str(&format!(
            "c1\tf\tmRNA\t{s}\t{e}\t.\t{strand}\t.\tID=transcript:T{t};Parent=gene:G1;biotype=protein_coding;tag=Ensembl_canonical\n"
        ));
        let mut at = s;
        for _ in 0..1 + b.next() % 4 {
            let len = 1 + u64::from(b.next() % 60);
            let end = (at + len).min(e);
            gff.push_str(&format!("c1\tf\texon\t{at}\t{end}\t.\t{strand}\t.\tParent=transcript:T{t}\n"));
            if b.next() % 2 == 0 {
                let phase = b.next() % 3;
                gff.push_str(&format!("c1\tf\tCDS\t{at}\t{end}\t.\t{strand}\t{phase}\tParent=transcript:T{t}\n"));
            }
            at = end + 1 + u64::from(b.next() % 40);
            if at >= e {
                break;
            }
        }
    }
    let Ok(models) = GeneModels::from_reader(gff.as_bytes(), Path::new("fuzz.gff3")) else {
        return;
    };
    let reference = Reference::from_segments(Path::new("fuzz.fa"), vec![("c1".into(), LEN)], vec![("c1".into(), 1, seq.clone())]);
    let engine = Engine::new(models, reference);
    for _ in 0..4 {
        let pos = b.pos();
        let rlen = 1 + u64::from(b.next() % 12);
        let end = (pos + rlen - 1).min(LEN);
        let mut r: Vec<u8> = seq[(pos - 1) as usize..end as usize].to_vec();
        if b.next() % 8 == 0 {
            r = (0..r.len()).map(|_| b.base()).collect();
        }
        let alt: Vec<u8> = (0..1 + b.next() % 12).map(|_| b.base()).collect();
        let (r, alt) = (String::from_utf8_lossy(&r).into_owned(), String::from_utf8_lossy(&alt).into_owned());
        let _ = engine.annotate("c1", pos, &r, &alt);
        let _ = engine.predict("chr1", pos, &r, &alt);
    }
});
