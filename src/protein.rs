//! Protein change strings: HGVSp three-letter → one-letter short form, and a
//! fallback built from VEP `Protein_position` + `Amino_acids` when HGVSp is empty.

use std::borrow::Cow;

/// Decode `%XX` escapes (VEP writes `%3B` for `;`, `%3D` for `=`, `%2C` for `,`), with the
/// `percent-encoding` crate. Invalid escapes are kept as written; text whose escapes do not decode
/// to UTF-8 is kept whole. Borrowed when there is nothing to decode.
pub(crate) fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(s))
}

fn three_to_one(code: &str) -> Option<char> {
    Some(match code {
        "Ala" => 'A',
        "Arg" => 'R',
        "Asn" => 'N',
        "Asp" => 'D',
        "Cys" => 'C',
        "Gln" => 'Q',
        "Glu" => 'E',
        "Gly" => 'G',
        "His" => 'H',
        "Ile" => 'I',
        "Leu" => 'L',
        "Lys" => 'K',
        "Met" => 'M',
        "Phe" => 'F',
        "Pro" => 'P',
        "Ser" => 'S',
        "Thr" => 'T',
        "Trp" => 'W',
        "Tyr" => 'Y',
        "Val" => 'V',
        "Sec" => 'U',
        "Pyl" => 'O',
        "Asx" => 'B',
        "Glx" => 'Z',
        "Xle" => 'J',
        "Xaa" => 'X',
        "Ter" => '*',
        _ => return None,
    })
}

/// Short one-letter protein change from an HGVSp string.
///
/// `ENSP00000288602.6:p.Val600Glu` → `p.V600E`; `p.Lys132AsnfsTer5` → `p.K132Nfs*5`;
/// `p.Glu746_Ala750del` → `p.E746_A750del`; `p.Gln61=` / `p.Gln61%3D` → `p.Q61=`;
/// `p.(Arg175His)` → `p.R175H`; one-letter input is returned as is.
/// None when the string holds no `p.` description.
pub(crate) fn short_protein_change(hgvsp: &str) -> Option<String> {
    let decoded = percent_decode(hgvsp.trim());
    let s: &str = &decoded;
    let body = match s.find(":p.") {
        Some(i) => &s[i + 3..],
        None => s.strip_prefix("p.")?,
    };
    let body = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')).unwrap_or(body);
    if body.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(body.len() + 2);
    out.push_str("p.");
    let mut rest = body;
    while !rest.is_empty() {
        if rest.len() >= 3 && rest.is_char_boundary(3) {
            let b = rest.as_bytes();
            if b[0].is_ascii_uppercase() && b[1].is_ascii_lowercase() && b[2].is_ascii_lowercase() {
                if let Some(c) = three_to_one(&rest[..3]) {
                    out.push(c);
                    rest = &rest[3..];
                    continue;
                }
            }
        }
        let Some(ch) = rest.chars().next() else { break };
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    Some(out)
}

/// First unsigned integer in a position string (`600`, `746-750`, `?-750`, `600/766`).
pub(crate) fn first_number(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    let start = b.iter().position(|c| c.is_ascii_digit())?;
    let end = b[start..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .map_or(b.len(), |e| start + e);
    s[start..end].parse().ok()
}

/// The numbers of a position range: `746-750` → (746, 750); `600` → (600, 600).
fn position_range(s: &str) -> Option<(u32, u32)> {
    let s = s.split('/').next().unwrap_or(s);
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (s.trim(), s.trim()),
    };
    match (a.parse::<u32>().ok(), b.parse::<u32>().ok()) {
        (Some(x), Some(y)) => Some((x, y.max(x))),
        (Some(x), None) => Some((x, x)),
        (None, Some(y)) => Some((y, y)),
        (None, None) => None,
    }
}

/// Build a short protein change from VEP `Protein_position` and `Amino_acids`
/// when HGVSp is missing. `consequences` decide frameshift / stop-gain / start-loss forms.
///
/// `600` + `V/E` → `p.V600E`; `600` + `V` → `p.V600=`; `123` + `E/*` → `p.E123*`;
/// `746-750` + `ELREA/-` → `p.E746_A750del`; `132` + `K/X` (frameshift) → `p.K132fs`;
/// `1` + `M/I` (start_lost) → `p.M1?`; `770-771` + `-/NPG` → `p.770_771insNPG`.
pub(crate) fn from_position_and_aa(position: &str, amino_acids: &str, consequences: &[String]) -> Option<String> {
    let (start, end) = position_range(position)?;
    let amino_acids = amino_acids.trim();
    if amino_acids.is_empty() {
        return None;
    }
    let (r, a) = match amino_acids.split_once('/') {
        Some((r, a)) => (r, a),
        None => (amino_acids, amino_acids), // synonymous: one amino acid given
    };
    let r = if r == "-" { "" } else { r };
    let a = if a == "-" { "" } else { a };
    if !r.bytes().chain(a.bytes()).all(|c| c.is_ascii_alphabetic() || c == b'*') {
        return None;
    }
    let has = |t: &str| consequences.iter().any(|c| c == t);
    let first = |x: &str| x.chars().next();

    if has("frameshift_variant") || (a.contains('X') && !r.contains('X')) {
        let aa = first(r).map(String::from).unwrap_or_default();
        return Some(format!("p.{aa}{start}fs"));
    }
    if r == a {
        let aa = first(r)?;
        return Some(format!("p.{aa}{start}="));
    }
    if has("start_lost") && start == 1 && r.starts_with('M') {
        return Some("p.M1?".to_string());
    }
    // Trim the common prefix and suffix.
    let (rb, ab) = (r.as_bytes(), a.as_bytes());
    let mut p = 0;
    while p < rb.len() && p < ab.len() && rb[p] == ab[p] {
        p += 1;
    }
    let mut q = 0;
    while q < rb.len() - p && q < ab.len() - p && rb[rb.len() - 1 - q] == ab[ab.len() - 1 - q] {
        q += 1;
    }
    let (rt, at) = (&r[p..r.len() - q], &a[p..a.len() - q]);
    // u64 arithmetic: positions come from the file and may be absurdly large.
    let (start, _end) = (u64::from(start), u64::from(end));
    let s = start + p as u64;
    let e = if rt.is_empty() { s } else { s + rt.len() as u64 - 1 };
    let rfirst = first(rt);
    let rlast = rt.chars().last();
    if rt.is_empty() {
        // Insertion between the residue before and after.
        if at.is_empty() {
            return None;
        }
        let left = if p > 0 { r[p - 1..p].to_string() } else { String::new() };
        let right = if q > 0 {
            r[r.len() - q..r.len() - q + 1].to_string()
        } else {
            String::new()
        };
        let (lpos, rpos) = if p > 0 { (s - 1, s) } else { (start, start + 1) };
        return Some(format!("p.{left}{lpos}_{right}{rpos}ins{at}"));
    }
    let (rf, rl) = (rfirst?, rlast?);
    let span = if s == e {
        format!("{rf}{s}")
    } else {
        format!("{rf}{s}_{rl}{e}")
    };
    if at.is_empty() {
        return Some(format!("p.{span}del"));
    }
    if at.starts_with('*') && (has("stop_gained") || rt.len() == 1) {
        return Some(format!("p.{rf}{s}*"));
    }
    if rt == "*" {
        let new = first(at)?;
        return Some(format!("p.*{s}{new}ext*?"));
    }
    if rt.len() == 1 && at.len() == 1 {
        return Some(format!("p.{rf}{s}{at}"));
    }
    Some(format!("p.{span}delins{at}"))
}

/// The HGVS one-letter form of a short protein change, when it differs from `change`: a legacy `X`
/// for a stop becomes `*` (`p.Q1276X` → `p.Q1276*`, `p.K132NfsX5` → `p.K132Nfs*5`, `extX17` →
/// `ext*17`), a substitution by the same residue becomes `=`
/// (`p.V600V` → `p.V600=`), parentheses (predicted change) are dropped and a missing `p.` is added.
/// None when `change` already is in that form. A leading `X` is an unknown residue, not a stop, and
/// is left (vcf2maf's splice notation `p.X168_splice`).
pub fn normalise_hgvs(change: &str) -> Option<String> {
    let t = change.trim();
    let body = t.strip_prefix("p.").unwrap_or(t);
    let body = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')).unwrap_or(body);
    let mut out = String::with_capacity(body.len() + 2);
    out.push_str("p.");
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let after_digit = i > 0 && b[i - 1].is_ascii_digit();
        let stop_x =
            c == b'X' && ((after_digit && i + 1 == b.len()) || body[..i].ends_with("fs") || body[..i].ends_with("ext"));
        out.push(if stop_x { '*' } else { char::from(c) });
        i += 1;
    }
    // A substitution by the same residue is synonymous: `=`.
    if let Some((r, pos, a)) = simple_substitution(&out[2..]) {
        if r == a && r != '*' {
            out = format!("p.{r}{pos}=");
        }
    }
    (out != t).then_some(out)
}

/// `V600E` → ('V', 600, 'E'), for one-letter single-residue substitutions only.
fn simple_substitution(s: &str) -> Option<(char, u32, char)> {
    let mut chars = s.chars();
    let r = chars.next().filter(|c| c.is_ascii_uppercase() || *c == '*')?;
    let rest = chars.as_str();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let pos = rest.get(..digits)?.parse().ok()?;
    let tail = rest.get(digits..)?;
    let mut t = tail.chars();
    let a = t.next().filter(|c| c.is_ascii_uppercase() || *c == '*')?;
    t.next().is_none().then_some((r, pos, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn three_to_one_letter() {
        let cases = [
            ("ENSP00000288602.6:p.Val600Glu", "p.V600E"),
            ("p.Arg175His", "p.R175H"),
            ("ENSP00000275493.2:p.Glu746_Ala750del", "p.E746_A750del"),
            ("p.Lys132AsnfsTer5", "p.K132Nfs*5"),
            ("ENSP00000352268.6:p.Cys13Ter", "p.C13*"),
            ("p.Gln61=", "p.Q61="),
            ("ENSP00000343864.2:p.Ala376%3D", "p.A376="),
            ("p.Ala767_Val769dup", "p.A767_V769dup"),
            ("p.His773_Val774insAsnProHis", "p.H773_V774insNPH"),
            ("p.Glu746_Thr751delinsAla", "p.E746_T751delinsA"),
            ("p.Ter110GlnextTer17", "p.*110Qext*17"),
            ("p.Met1ext-5", "p.M1ext-5"),
            ("p.Met1?", "p.M1?"),
            ("p.(Arg175His)", "p.R175H"),
            ("p.V600E", "p.V600E"),
            ("p.K132Nfs*5", "p.K132Nfs*5"),
            ("p.=", "p.="),
        ];
        for (i, o) in cases {
            assert_eq!(short_protein_change(i).as_deref(), Some(o), "{i}");
        }
        assert_eq!(short_protein_change(""), None);
        assert_eq!(short_protein_change("ENST0001:c.1799T>A"), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%3Bb%3Dc%2Cd"), "a;b=c,d");
        assert_eq!(percent_decode("p.Leu12%3D"), "p.Leu12=");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert!(matches!(percent_decode("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn fallback_from_position_and_amino_acids() {
        let f = |p: &str, aa: &str, cs: &[&str]| from_position_and_aa(p, aa, &c(cs));
        assert_eq!(f("600", "V/E", &["missense_variant"]).as_deref(), Some("p.V600E"));
        assert_eq!(f("600", "V", &["synonymous_variant"]).as_deref(), Some("p.V600="));
        assert_eq!(f("123", "E/*", &["stop_gained"]).as_deref(), Some("p.E123*"));
        assert_eq!(
            f("746-750", "ELREA/-", &["inframe_deletion"]).as_deref(),
            Some("p.E746_A750del")
        );
        assert_eq!(
            f("351-359", "METSGWKSM/-", &["inframe_deletion"]).as_deref(),
            Some("p.M351_M359del")
        );
        assert_eq!(f("132", "K/X", &["frameshift_variant"]).as_deref(), Some("p.K132fs"));
        assert_eq!(f("28", "S/FX", &["frameshift_variant"]).as_deref(), Some("p.S28fs"));
        assert_eq!(f("5-6", "KE/K", &["inframe_deletion"]).as_deref(), Some("p.E6del"));
        assert_eq!(
            f("770", "D/DNPG", &["inframe_insertion"]).as_deref(),
            Some("p.D770_771insNPG")
        );
        assert_eq!(
            f("770-771", "-/NPG", &["inframe_insertion"]).as_deref(),
            Some("p.770_771insNPG")
        );
        assert_eq!(
            f("746-750", "ELREA/K", &["inframe_deletion"]).as_deref(),
            Some("p.E746_A750delinsK")
        );
        assert_eq!(f("1", "M/I", &["start_lost"]).as_deref(), Some("p.M1?"));
        assert_eq!(f("110", "*/Q", &["stop_lost"]).as_deref(), Some("p.*110Qext*?"));
        assert_eq!(f("37", "N/S", &["missense_variant"]).as_deref(), Some("p.N37S"));
        assert_eq!(f("", "V/E", &["missense_variant"]), None);
        assert_eq!(f("600", "", &["missense_variant"]), None);
        assert_eq!(first_number("746-750"), Some(746));
        assert_eq!(first_number("?-750"), Some(750));
        assert_eq!(first_number("600/766"), Some(600));
        assert_eq!(first_number(""), None);
    }

    #[test]
    fn hgvs_normalisation() {
        let cases = [
            ("p.Q1276X", Some("p.Q1276*")),
            ("Q1276X", Some("p.Q1276*")),
            ("p.K132NfsX5", Some("p.K132Nfs*5")),
            ("p.X168_splice", None),
            ("p.*110QextX17", Some("p.*110Qext*17")),
            ("p.V600V", Some("p.V600=")),
            ("p.(R175H)", Some("p.R175H")),
            ("p.V600E", None),
            ("p.Q1276*", None),
            ("p.K132Nfs*5", None),
            ("p.E746_A750del", None),
            ("p.H773_V774insNPH", None),
            ("p.Q61=", None),
            ("p.M1?", None),
        ];
        for (input, want) in cases {
            assert_eq!(normalise_hgvs(input).as_deref(), want, "{input}");
        }
    }
}
