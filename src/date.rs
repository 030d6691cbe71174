//! Les dates du calendrier, sans crate de dates : le type [`Date`] (lu une
//! fois à la frontière — ligne de commande, YAML — puis passé tel quel), la
//! date du jour et l'écriture en toutes lettres.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

/// Une date réelle du calendrier ; s'écrit et se lit `AAAA-MM-JJ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    annee: u16,
    mois: u8,
    jour: u8,
}

/// Une date mal écrite ou qui n'existe pas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateInvalide(pub String);

impl fmt::Display for DateInvalide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "date `{}` invalide : écrivez-la sous la forme AAAA-MM-JJ, par exemple 2026-09-01",
            crate::neutralisation::une_ligne(&self.0)
        )
    }
}

impl std::error::Error for DateInvalide {}

impl Date {
    /// La date `annee-mois-jour`, si elle existe au calendrier ; utilisable
    /// dans une constante.
    pub const fn du_calendrier(annee: u16, mois: u8, jour: u8) -> Option<Date> {
        let bissextile =
            (annee.is_multiple_of(4) && !annee.is_multiple_of(100)) || annee.is_multiple_of(400);
        let jours = match mois {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if bissextile => 29,
            2 => 28,
            _ => return None,
        };
        if jour >= 1 && jour <= jours {
            Some(Date { annee, mois, jour })
        } else {
            None
        }
    }

    /// Lit `AAAA-MM-JJ` ; `None` si ce n'est pas une date réelle.
    pub fn depuis(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let nombre = |r: std::ops::Range<usize>| {
            s.get(r)
                .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|t| t.parse::<u16>().ok())
        };
        let (a, m, j) = (nombre(0..4)?, nombre(5..7)?, nombre(8..10)?);
        Date::du_calendrier(a, u8::try_from(m).ok()?, u8::try_from(j).ok()?)
    }

    /// La date du jour (UTC).
    pub fn aujourdhui() -> Date {
        let secondes = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let (a, m, j) = civil_depuis_jours((secondes / 86_400) as i64);
        Date {
            annee: u16::try_from(a).unwrap_or(u16::MAX),
            mois: m as u8,
            jour: j as u8,
        }
    }

    /// Le nombre `AAAAMMJJ`, que comparent les conditions des règles.
    pub fn aaaammjj(self) -> u32 {
        u32::from(self.annee) * 10_000 + u32::from(self.mois) * 100 + u32::from(self.jour)
    }

    /// Jours depuis le 1er janvier 1970 (H. Hinnant, `days_from_civil`).
    pub fn jours(self) -> i64 {
        let (m, j) = (i64::from(self.mois), i64::from(self.jour));
        let a = i64::from(self.annee) - i64::from(m <= 2);
        let ere = a.div_euclid(400);
        let yoe = a - ere * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + j - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        ere * 146_097 + doe - 719_468
    }

    /// Jours de `self` à `autre` (négatif quand `autre` est avant).
    pub fn jusqu_a(self, autre: Date) -> i64 {
        autre.jours() - self.jours()
    }

    /// En toutes lettres : « 1er décembre 2026 ».
    pub fn en_lettres(self) -> String {
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
        let jour = if self.jour == 1 {
            "1er".to_string()
        } else {
            self.jour.to_string()
        };
        let mois = MOIS
            .get(usize::from(self.mois).saturating_sub(1))
            .copied()
            .unwrap_or_default();
        format!("{jour} {mois} {}", self.annee)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.annee, self.mois, self.jour)
    }
}

impl FromStr for Date {
    type Err = DateInvalide;
    fn from_str(s: &str) -> Result<Date, DateInvalide> {
        Date::depuis(s).ok_or_else(|| DateInvalide(s.to_string()))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::depuis(&s).ok_or_else(|| serde::de::Error::custom(DateInvalide(s)))
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn aujourdhui() -> String {
    Date::aujourdhui().to_string()
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
    Date::depuis(s).is_some()
}

/// The date `YYYY-MM-DD` written out in French: « 1er décembre 2026 »;
/// `None` when `s` is not a valid date.
pub fn en_lettres(s: &str) -> Option<String> {
    Date::depuis(s).map(Date::en_lettres)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_de_jours() {
        assert_eq!(civil_depuis_jours(0), (1970, 1, 1));
        assert_eq!(civil_depuis_jours(20_785), (2026, 11, 28));
        assert_eq!(civil_depuis_jours(19_782), (2024, 2, 29));
        for (texte, jours) in [
            ("1970-01-01", 0),
            ("2026-11-28", 20_785),
            ("2024-02-29", 19_782),
        ] {
            assert_eq!(Date::depuis(texte).map(Date::jours), Some(jours));
        }
        let d = |s: &str| Date::depuis(s).unwrap();
        assert_eq!(d("2026-12-01").jusqu_a(d("2027-01-01")), 31);
        assert_eq!(d("2027-01-01").jusqu_a(d("2026-12-01")), -31);
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
        assert!(!valide("+026-01-01"));
        assert!(!valide("2026-0a-01"));
        assert!(valide(&aujourdhui()));
    }

    #[test]
    fn lue_ecrite_comparee_et_serialisee() {
        let d: Date = "2026-12-01".parse().unwrap();
        assert_eq!(d.to_string(), "2026-12-01");
        assert_eq!(d.aaaammjj(), 20_261_201);
        assert!(d < "2027-01-01".parse().unwrap());
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-12-01\"");
        let relue: Date = serde_json::from_str("\"2026-12-01\"").unwrap();
        assert_eq!(relue, d);
        let e = serde_json::from_str::<Date>("\"2026-02-30\"").unwrap_err();
        assert!(e.to_string().contains("AAAA-MM-JJ"), "{e}");
        assert!("1er décembre".parse::<Date>().is_err());
    }
}
