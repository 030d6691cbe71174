//! Calendar dates as `YYYY-MM-DD` strings, without a date crate: today's date
//! from the system clock and validation of dates given by people.

use std::time::{SystemTime, UNIX_EPOCH};

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn aujourdhui() -> String {
    let secondes = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (a, m, j) = civil_depuis_jours((secondes / 86_400) as i64);
    format!("{a:04}-{m:02}-{j:02}")
}

/// Converts days since 1970-01-01 to (year, month, day) (H. Hinnant's algorithm).
fn civil_depuis_jours(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let ere = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + ere * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// True when `s` is a real calendar date written `YYYY-MM-DD`.
pub fn valide(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let nombre = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok());
    let (Some(a), Some(m), Some(j)) = (nombre(0..4), nombre(5..7), nombre(8..10)) else {
        return false;
    };
    let bissextile = (a % 4 == 0 && a % 100 != 0) || a % 400 == 0;
    let jours = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if bissextile => 29,
        2 => 28,
        _ => return false,
    };
    (1..=jours).contains(&j)
}

/// The date `YYYY-MM-DD` written out in French: « 1er décembre 2026 »;
/// `None` when `s` is not a valid date.
pub fn en_lettres(s: &str) -> Option<String> {
    if !valide(s) {
        return None;
    }
    const MOIS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let a = s.get(0..4)?;
    let m: usize = s.get(5..7)?.parse().ok()?;
    let j: u32 = s.get(8..10)?.parse().ok()?;
    let jour = if j == 1 {
        "1er".to_string()
    } else {
        j.to_string()
    };
    Some(format!("{jour} {} {a}", MOIS.get(m.checked_sub(1)?)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_de_jours() {
        assert_eq!(civil_depuis_jours(0), (1970, 1, 1));
        assert_eq!(civil_depuis_jours(20_785), (2026, 11, 28));
        assert_eq!(civil_depuis_jours(19_782), (2024, 2, 29));
    }

    #[test]
    fn dates_en_lettres() {
        assert_eq!(
            en_lettres("2026-12-01").as_deref(),
            Some("1er décembre 2026")
        );
        assert_eq!(en_lettres("2027-08-15").as_deref(), Some("15 août 2027"));
        assert_eq!(en_lettres("2027-02-30"), None);
    }

    #[test]
    fn validation() {
        assert!(valide("2026-08-02"));
        assert!(valide("2024-02-29"));
        assert!(!valide("2025-02-29"));
        assert!(!valide("2026-8-2"));
        assert!(!valide("2026-13-01"));
        assert!(valide(&aujourdhui()));
    }
}
