//! Which copy-number format a table is, from its header names alone (never the file name).

/// The copy-number formats read (README, "Copy-number input").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CnaFormat {
    /// CNVkit `.cns`/`.call.cns`/`.cnr`: `chromosome start end gene log2 …` (0-based starts).
    Cnvkit,
    /// GATK `CallCopyRatioSegments` `.called.seg` (or `.cr.seg`): `CONTIG START END … MEAN_LOG2_COPY_RATIO`.
    GatkCalled,
    /// GATK `ModelSegments` `.modelFinal.seg`: `LOG2_COPY_RATIO_POSTERIOR_50`.
    GatkModelFinal,
    /// DNAcopy/IGV `.seg` (cBioPortal `data_cna_hg19.seg`): `ID chrom loc.start loc.end num.mark seg.mean`.
    Seg,
    /// ASCAT/PCGR allele-specific segments: `Chromosome Start End nMajor nMinor`.
    AlleleSpecific,
    /// ASCAT summary layout: `sample Chromosome "Start Position" … "Tumour TCN" "Tumour BCN"`.
    AscatSummary,
    /// PURPLE `.purple.cnv.somatic.tsv`: `chromosome start end copyNumber … minorAlleleCopyNumber`.
    PurpleSomatic,
    /// PURPLE `.purple.cnv.gene.tsv`: `chromosome start end gene minCopyNumber maxCopyNumber …`.
    PurpleGene,
    /// FACETS `cncf`: `chrom … start end … tcn.em lcn.em`.
    FacetsCncf,
    /// ABSOLUTE segment table: `Chromosome Start.bp End.bp … modal_cn` (or `modal.a1 modal.a2`).
    AbsoluteSegtab,
    /// cBioPortal discrete gene matrix `data_CNA.txt` (GISTIC −2…2): `Hugo_Symbol [Entrez_Gene_Id] SAMPLE…`.
    CbioDiscrete,
    /// Long format: `Tumor_Sample_Barcode Hugo_Symbol Copy_Number_Alteration`.
    CbioLong,
}

impl CnaFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            CnaFormat::Cnvkit => "cnvkit",
            CnaFormat::GatkCalled => "gatk_called_seg",
            CnaFormat::GatkModelFinal => "gatk_model_final_seg",
            CnaFormat::Seg => "seg",
            CnaFormat::AlleleSpecific => "allele_specific",
            CnaFormat::AscatSummary => "ascat_summary",
            CnaFormat::PurpleSomatic => "purple_somatic",
            CnaFormat::PurpleGene => "purple_gene",
            CnaFormat::FacetsCncf => "facets_cncf",
            CnaFormat::AbsoluteSegtab => "absolute_segtab",
            CnaFormat::CbioDiscrete => "cbioportal_discrete",
            CnaFormat::CbioLong => "cbioportal_long",
        }
    }

    /// Gene-level formats carry no segments.
    pub(crate) fn gene_level(self) -> bool {
        matches!(
            self,
            CnaFormat::CbioDiscrete | CnaFormat::CbioLong | CnaFormat::PurpleGene
        )
    }
}

/// The format of a header line, or None.
pub fn classify(header: &[String]) -> Option<CnaFormat> {
    let has = |n: &str| header.iter().any(|h| h.eq_ignore_ascii_case(n));
    let any = |ns: &[&str]| ns.iter().any(|n| has(n));
    let first = header.first().map(|s| s.to_ascii_lowercase()).unwrap_or_default();
    Some(if has("CONTIG") && has("LOG2_COPY_RATIO_POSTERIOR_50") {
        CnaFormat::GatkModelFinal
    } else if has("CONTIG") && has("MEAN_LOG2_COPY_RATIO") {
        CnaFormat::GatkCalled
    } else if has("Tumour TCN") || has("Tumor TCN") {
        CnaFormat::AscatSummary
    } else if has("gene") && has("minCopyNumber") && has("maxCopyNumber") {
        CnaFormat::PurpleGene
    } else if has("copyNumber") && has("chromosome") {
        CnaFormat::PurpleSomatic
    } else if has("tcn.em") {
        CnaFormat::FacetsCncf
    } else if has("Start.bp") && (has("modal_cn") || has("modal.a1")) {
        CnaFormat::AbsoluteSegtab
    } else if has("nMajor") && has("nMinor") {
        CnaFormat::AlleleSpecific
    } else if has("Tumor_Sample_Barcode") && has("Hugo_Symbol") && has("Copy_Number_Alteration") {
        CnaFormat::CbioLong
    } else if first == "hugo_symbol" || first == "entrez_gene_id" && header.get(1).is_some_and(|h| h == "Hugo_Symbol") {
        CnaFormat::CbioDiscrete
    } else if first == "chromosome" && has("start") && has("end") && has("log2") {
        CnaFormat::Cnvkit
    } else if header.len() >= 5
        && any(&["chrom", "chromosome", "chr"])
        && any(&["loc.start", "start"])
        && any(&["loc.end", "end"])
        && any(&["seg.mean", "mean", "segment_mean", "log2"])
    {
        CnaFormat::Seg
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<String> {
        super::super::table::split(s)
    }

    #[test]
    fn each_header_has_its_format() {
        assert_eq!(
            classify(&h("chromosome\tstart\tend\tgene\tlog2\tcn")),
            Some(CnaFormat::Cnvkit)
        );
        assert_eq!(
            classify(&h("ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean")),
            Some(CnaFormat::Seg)
        );
        assert_eq!(
            classify(&h(
                "\"sampleName\"\t\"chromosome\"\t\"start\"\t\"end\"\t\"nbrOfLoci\"\t\"mean\""
            )),
            Some(CnaFormat::Seg)
        );
        assert_eq!(
            classify(&h("Chromosome\tStart\tEnd\tnMajor\tnMinor")),
            Some(CnaFormat::AlleleSpecific)
        );
        assert_eq!(
            classify(&h("chr\tstartpos\tendpos\tnMajor\tnMinor")),
            Some(CnaFormat::AlleleSpecific)
        );
        assert_eq!(
            classify(&h("Hugo_Symbol\tEntrez_Gene_Id\tS1\tS2")),
            Some(CnaFormat::CbioDiscrete)
        );
        assert_eq!(
            classify(&h("Tumor_Sample_Barcode\tHugo_Symbol\tCopy_Number_Alteration")),
            Some(CnaFormat::CbioLong)
        );
        assert_eq!(classify(&h("WARNING: ignoring environment value of R_HOME")), None);
    }
}
