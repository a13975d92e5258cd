//! The fusion stage of one patient (`--sv`): read every fusion table, decide the oncogenic
//! orientation, and turn each fusion into an [`Alteration`] (`SV1`, …) so that the fusion rules
//! (`biomarker_type` `fusion`) and interpretation see it. A fusion in its oncogenic orientation
//! carries class `fusion` on its driver gene; a reciprocal product or an intragenic event carries
//! none (it is reported, not matched). The section is built by [`crate::report::fusions`].

use crate::error::Result;
use crate::kb::KnowledgeBase;
use crate::model::{Alteration, AlterationClass, Evidence, Oncogenicity};
use crate::sv::{self, FusionEvent, Fusions, Orientation};

use super::gene_event::GeneEvent;
use super::Options;

/// The source of the orientation rule ([`crate::sv::orientation`]).
const ORIENTATION_SOURCE: &str =
    "Mitelman Database of Chromosome Aberrations and Gene Fusions in Cancer (5'::3' notation)";

/// Read every `--sv` file, one sample each (`-s`, else the VCF's or MAF's tumour sample, where a
/// file holds several); SV VCFs are mapped
/// to genes over the spans of `build`.
pub fn read_all(
    opts: &Options,
    tumor_sample: Option<&str>,
    build: Option<crate::genome::GenomeBuild>,
) -> Result<Vec<sv::SvFile>> {
    let o = sv::ReadOptions {
        sample: opts.sample.clone().or_else(|| tumor_sample.map(str::to_string)),
        build,
        include_filtered: opts.filter.include_filtered,
    };
    let models = Models::load(opts)?;
    let mut out = Vec::with_capacity(opts.sv.len());
    for p in &opts.sv {
        out.push(sv::read_with(p, &o, models.as_ref().map(Models::get))?);
    }
    if let Some(models) = &models {
        derive_frames(models.get(), build, &mut out);
    }
    Ok(out)
}

/// The transcript models of `--gene-models` (GFF3/GTF or a pack), for the frame of DNA fusions
/// (and the copy-number gene spans of a build without embedded ones):
/// the consequence engine's shared copy where it is loaded (a pack, or GFF with `--reference`).
pub(super) enum Models {
    Shared(std::sync::Arc<crate::consequence::Engine>),
    Own(crate::consequence::gff::GeneModels),
}

impl Models {
    pub(super) fn load(opts: &Options) -> Result<Option<Models>> {
        let Some(path) = opts.biomarkers.gene_models.as_deref() else {
            return Ok(None);
        };
        if !crate::consequence::is_gene_model_file(path) {
            return Ok(None);
        }
        let err = |e: &dyn std::fmt::Display| crate::error::Error::input(path, e);
        if crate::consequence::pack::is_pack(path) {
            return crate::consequence::Engine::shared_pack(path)
                .map(|e| Some(Models::Shared(e)))
                .map_err(|e| err(&e));
        }
        match opts.biomarkers.reference.as_deref() {
            Some(fasta) => crate::consequence::Engine::shared(path, fasta)
                .map(|e| Some(Models::Shared(e)))
                .map_err(|e| err(&e)),
            None => crate::consequence::gff::GeneModels::from_path(path)
                .map(|m| Some(Models::Own(m)))
                .map_err(|e| err(&e)),
        }
    }

    pub(super) fn get(&self) -> &crate::consequence::gff::GeneModels {
        match self {
            Models::Shared(e) => e.models(),
            Models::Own(m) => m,
        }
    }
}

/// The frame of every fusion with both breakpoints, from the models (not when the models declare
/// another build than the breakpoints').
fn derive_frames(
    models: &crate::consequence::gff::GeneModels,
    build: Option<crate::genome::GenomeBuild>,
    files: &mut [sv::SvFile],
) {
    let declared = models.declared_build().and_then(crate::genome::GenomeBuild::parse);
    if let (Some(d), Some(b)) = (declared, build) {
        if d != b {
            for f in files.iter_mut() {
                f.warnings.push(format!(
                    "{}: the gene models are {}, the breakpoints {}: no frame derived",
                    f.path.display(),
                    d.as_str(),
                    b.as_str()
                ));
            }
            return;
        }
    }
    for f in files.iter_mut() {
        for fu in &mut f.fusions {
            if let [Some(a), Some(b)] = &fu.breakpoints {
                fu.derived_frame = sv::frame::derive(
                    models,
                    &fu.five_prime,
                    (&a.contig, a.pos),
                    &fu.three_prime,
                    (&b.contig, b.pos),
                );
            }
        }
    }
}

/// The fusion events of every file: fusions with a knowledge-base gene (all with `--all-variants`).
pub fn call(kb: &KnowledgeBase, opts: &Options, files: Vec<sv::SvFile>, warnings: &mut Vec<String>) -> Fusions {
    let mut events = Vec::new();
    for (i, f) in files.iter().enumerate() {
        warnings.extend(f.warnings.iter().cloned());
        for fusion in &f.fusions {
            let known = kb.gene(&fusion.five_prime).is_some() || kb.gene(&fusion.three_prime).is_some();
            if !(known || opts.all_variants) {
                continue;
            }
            events.push(event(kb, fusion.clone(), i));
        }
    }
    for (n, e) in events.iter_mut().enumerate() {
        e.alteration.id = format!("SV{}", n + 1);
    }
    Fusions { files, events }
}

fn event(kb: &KnowledgeBase, fusion: sv::Fusion, file: usize) -> FusionEvent {
    let (orientation, driver) = sv::orientation::classify(&fusion.five_prime, &fusion.three_prime);
    let gene = driver.clone().unwrap_or_else(|| fusion.three_prime.clone());
    let kb_gene = kb.gene(&gene);
    let (classes, oncogenicity, evidence) = match orientation {
        Orientation::Oncogenic => (
            vec![AlterationClass::Fusion],
            Oncogenicity::LikelyOncogenic,
            vec![Evidence {
                reason: format!("{} keeps {gene} in its oncogenic position", fusion.name()).into(),
                source: ORIENTATION_SOURCE.into(),
            }],
        ),
        Orientation::Reciprocal => (
            vec![AlterationClass::FusionReciprocal],
            Oncogenicity::Vus,
            vec![Evidence {
                reason: format!(
                    "{} puts {gene} in the other position: the reciprocal product, not the oncogenic {gene} fusion",
                    fusion.name()
                )
                .into(),
                source: ORIENTATION_SOURCE.into(),
            }],
        ),
        Orientation::Intragenic => intragenic(&gene, fusion.intragenic.as_ref()),
        Orientation::Unknown => (vec![], Oncogenicity::Vus, vec![]),
    };
    let domains = sv::domains::assess(&fusion);
    let (classes, oncogenicity, evidence) = match driver_domain(&fusion, &domains, driver.as_deref()) {
        Some(d) if orientation == Orientation::Oncogenic => {
            domain_verdict(&fusion, d, (classes, oncogenicity, evidence))
        }
        _ => (classes, oncogenicity, evidence),
    };
    let (chrom, pos) = fusion.breakpoints[1]
        .as_ref()
        .or(fusion.breakpoints[0].as_ref())
        .map(|b| (b.contig.clone(), b.pos))
        .unwrap_or_default();
    let alteration = GeneEvent {
        chrom,
        pos,
        alt: "<FUSION>".into(),
        line: fusion.line,
        gene,
        kb_gene,
        oncogenicity,
        evidence,
        classes,
    }
    .into_alteration();
    FusionEvent {
        fusion,
        orientation,
        driver_gene: driver,
        alteration,
        domains,
        file,
    }
}

type Verdict = (Vec<AlterationClass>, Oncogenicity, Vec<Evidence>);

/// The driver's assessed domain call (retained, partly or lost), where the table holds one.
fn driver_domain<'d>(
    fusion: &sv::Fusion,
    domains: &'d [sv::domains::DomainCall],
    driver: Option<&str>,
) -> Option<&'d sv::domains::DomainCall> {
    let driver = driver?;
    (fusion.five_prime != fusion.three_prime).then_some(())?;
    domains
        .iter()
        .find(|d| d.gene == driver && d.status != sv::domains::Status::NotAssessed)
}

/// An oncogenic-order fusion whose driver keeps its domain gains an evidence line; one whose
/// driver lost it (the breakpoint lies past the domain's last exon) keeps no `fusion` class, so
/// no kinase-inhibitor rule matches, and says why; a domain kept in part is noted and matched.
fn domain_verdict(fusion: &sv::Fusion, d: &sv::domains::DomainCall, (classes, onc, mut ev): Verdict) -> Verdict {
    use sv::domains::Status;
    let dom = d.domain;
    let kept = d
        .kept
        .map(|(a, b)| format!("exons {a}-{b}"))
        .unwrap_or_else(|| "no whole exon".into());
    let range = format!("exons {}-{} of {}", dom.first_exon, dom.last_exon, dom.transcript);
    let what = format!("{} {} ({range})", d.gene, dom.name);
    let reason = match d.status {
        Status::Retained => format!("{}: {what} retained ({} keeps {kept})", fusion.name(), d.gene),
        Status::Partly => format!(
            "{}: {what} only partly retained ({} keeps {kept}); matched as a fusion, its kinase activity is uncertain",
            fusion.name(),
            d.gene
        ),
        Status::Lost | Status::NotAssessed => format!(
            "{}: {what} lost ({} keeps {kept}): the fusion keeps no {} {}, so no kinase-inhibitor rule is matched",
            fusion.name(),
            d.gene,
            d.gene,
            dom.name
        ),
    };
    ev.push(Evidence {
        reason: reason.into(),
        source: dom.source.clone().into(),
    });
    match d.status {
        Status::Lost => (vec![], Oncogenicity::Vus, ev),
        _ => (classes, onc, ev),
    }
}

/// An intragenic event's classes, oncogenicity and evidence: a named one (EGFRvIII, MET exon 14
/// skipping, [`crate::sv::exons`]) carries its class, so that the rules naming it match.
fn intragenic(gene: &str, e: Option<&sv::exons::Intragenic>) -> (Vec<AlterationClass>, Oncogenicity, Vec<Evidence>) {
    let mut classes = vec![AlterationClass::Intragenic];
    let Some(e) = e else {
        return (classes, Oncogenicity::Vus, vec![]);
    };
    let (Some(class), Some(source)) = (e.class, e.source) else {
        return (classes, Oncogenicity::Vus, vec![]);
    };
    classes.push(class);
    // MET exon 14 skipping is oncogenic as the knowledge base's splice-site rows are; EGFRvIII
    // is described as a recurrent in-frame rearrangement of amplified EGFR.
    let oncogenicity = if class == AlterationClass::Exon14Skipping {
        Oncogenicity::Oncogenic
    } else {
        Oncogenicity::LikelyOncogenic
    };
    let evidence = vec![Evidence {
        reason: format!("{gene} {}", e.label).into(),
        source: source.into(),
    }];
    (classes, oncogenicity, evidence)
}

/// The alterations of the fusion events (for interpretation and therapies).
pub fn alterations(f: &Fusions) -> impl Iterator<Item = &Alteration> {
    f.events.iter().map(|e| &e.alteration)
}
