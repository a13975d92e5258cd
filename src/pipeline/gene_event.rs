//! A gene-level event (a copy-number call, a fusion) as an alteration, so that interpretation and
//! therapy matching read it as they read a variant: a symbolic ALT (`<AMPLIFICATION>`,
//! `<FUSION>`) at the event's locus, annotated with its gene, with the call the event's stage made.

use crate::kb::Gene;
use crate::model::{Alteration, AlterationClass, Annotation, Call, Evidence, Oncogenicity, Variant};

/// What one event's stage decided about it.
pub(super) struct GeneEvent<'a> {
    pub chrom: String,
    pub pos: u64,
    /// The symbolic ALT naming the event.
    pub alt: String,
    /// The 1-based line of the deciding record in its file.
    pub line: u64,
    pub gene: String,
    /// The gene's knowledge-base row, when it has one (role and pathways).
    pub(crate) kb_gene: Option<&'a Gene>,
    pub(crate) oncogenicity: Oncogenicity,
    pub evidence: Vec<Evidence>,
    pub classes: Vec<AlterationClass>,
}

impl GeneEvent<'_> {
    pub(crate) fn into_alteration(self) -> Alteration {
        Alteration {
            id: String::new(),
            variant: Variant {
                chrom: self.chrom,
                pos: self.pos,
                ref_allele: "N".into(),
                alt: self.alt,
                alt_index: 1,
                record_no: self.line,
                filters: vec![],
                tumor: Default::default(),
                normal: None,
                somatic_flag: None,
                repeat: Default::default(),
                annotation: Some(Annotation {
                    gene: Some(self.gene),
                    ..Default::default()
                }),
            },
            call: Call {
                oncogenicity: self.oncogenicity,
                driver: self.oncogenicity.is_driver(),
                gene_role: self.kb_gene.map(|g| g.role.as_str().into()),
                pathways: self
                    .kb_gene
                    .map(|g| g.pathways.iter().map(|p| p.as_str().into()).collect())
                    .unwrap_or_default(),
                evidence: self.evidence,
                hotspot: None,
                classes: self.classes,
                reportable: true,
            },
        }
    }
}
