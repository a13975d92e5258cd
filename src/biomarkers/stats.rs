//! Exact (Garwood) Poisson confidence interval, from the regularised
//! incomplete gamma function inverted by bisection.
//!
//! For an observed count k, the two-sided 1−α interval of the Poisson mean is
//! `[G⁻¹(α/2; k), G⁻¹(1−α/2; k+1)]` where `G(·; a)` is the gamma CDF with shape
//! `a` and scale 1 (equivalently `χ²(α/2; 2k)/2`, `χ²(1−α/2; 2k+2)/2`); the lower
//! bound is 0 for k = 0 (Garwood 1936, Biometrika 28:437).

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error < 1e-14).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), a > 0, x ≥ 0.
pub fn gamma_p(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let ln_pre = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        // Series: γ(a,x) = e^{-x} x^a Σ x^n / (a(a+1)…(a+n)).
        let mut sum = 1.0 / a;
        let mut term = sum;
        let mut ap = a;
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        (sum.ln() + ln_pre).exp().clamp(0.0, 1.0)
    } else {
        // Continued fraction for Q(a, x) (modified Lentz).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        let q = (ln_pre.exp() * h).clamp(0.0, 1.0);
        1.0 - q
    }
}

/// The x with P(a, x) = p (gamma quantile, scale 1), by bisection.
pub fn gamma_quantile(a: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    let mut lo = 0.0;
    let mut hi = a.max(1.0);
    while gamma_p(a, hi) < p {
        lo = hi;
        hi *= 2.0;
        if hi > 1e12 {
            return f64::INFINITY;
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if gamma_p(a, mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi.max(1e-300) {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Exact two-sided 95 % Poisson interval for the mean of an observed count.
pub fn poisson_ci95(count: u64) -> [f64; 2] {
    let k = count as f64;
    let lower = if count == 0 { 0.0 } else { gamma_quantile(k, 0.025) };
    let upper = gamma_quantile(k + 1.0, 0.975);
    [lower, upper]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn ln_gamma_known_values() {
        assert!(close(ln_gamma(1.0), 0.0, 1e-13));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-12));
        assert!(close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-12));
        assert!(close(ln_gamma(101.0), 363.739_375_555_563_5, 1e-9));
    }

    #[test]
    fn gamma_p_known_values() {
        // P(1, x) = 1 − e^{−x}
        assert!(close(gamma_p(1.0, 2.0), 1.0 - (-2f64).exp(), 1e-14));
        // P(k, x) = 1 − Σ_{i<k} e^{−x} x^i / i!  (Poisson tail)
        let x: f64 = 7.5;
        let mut s = 0.0;
        let mut t = (-x).exp();
        for i in 0..10 {
            s += t;
            t *= x / (i as f64 + 1.0);
        }
        assert!(close(gamma_p(10.0, x), 1.0 - s, 1e-13));
        assert_eq!(gamma_p(3.0, 0.0), 0.0);
    }

    #[test]
    fn poisson_ci_matches_published_tables() {
        // Garwood intervals (e.g. R: poisson.test(k)$conf.int).
        let c = poisson_ci95(10);
        assert!(close(c[0], 4.795_389, 1e-5), "{c:?}");
        assert!(close(c[1], 18.390_356, 1e-5), "{c:?}");
        let c = poisson_ci95(0);
        assert_eq!(c[0], 0.0);
        assert!(close(c[1], 3.688_879, 1e-5), "{c:?}");
        let c = poisson_ci95(1);
        assert!(close(c[0], 0.025_317_8, 1e-6), "{c:?}");
        assert!(close(c[1], 5.571_643, 1e-5), "{c:?}");
        let c = poisson_ci95(5);
        assert!(close(c[0], 1.623_486, 1e-5), "{c:?}");
        assert!(close(c[1], 11.668_332, 1e-5), "{c:?}");
        let c = poisson_ci95(100);
        assert!(close(c[0], 81.363_2, 1e-3), "{c:?}");
        assert!(close(c[1], 121.627_7, 1e-3), "{c:?}");
    }
}
