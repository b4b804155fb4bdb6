//! Whether an attestation's dates make sense against each other, the engagement's bridge-letter
//! window and today: what `AttestationDetails::validate` cannot know by itself.

use chrono::NaiveDate;

use super::{bridge_letter_limit, AttestationDetails, ExceptionAssessment, BRIDGE_LETTER_MONTHS};
use crate::Invalid;

/// What an attestation is checked against when it is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plausibility {
    pub today: NaiveDate,
    /// How many months past a SOC 2 period end a bridge letter may cover (the engagement's
    /// setting; `BRIDGE_LETTER_MONTHS` by default).
    pub bridge_letter_months: u32,
}

impl Plausibility {
    pub fn on(today: NaiveDate) -> Plausibility {
        Plausibility {
            today,
            bridge_letter_months: BRIDGE_LETTER_MONTHS,
        }
    }
}

/// The most months an engagement may allow a bridge letter to cover.
pub const MAX_BRIDGE_LETTER_MONTHS: u32 = 12;

impl AttestationDetails {
    /// `validate`, then what is checked only when an attestation is recorded (an older file
    /// may hold otherwise, and is read as the rules say): no document dated after today; a
    /// bridge letter covering no further than its own date nor than the window after the
    /// period end; each assessed exception with its impact statement.
    pub fn check(&self, p: Plausibility) -> Result<(), Invalid> {
        self.validate()?;
        let not_after_today = |field: &'static str, what: &str, date: NaiveDate| {
            if date > p.today {
                Err(Invalid::new(
                    field,
                    format!("{what} is dated {date}, after today ({})", p.today),
                ))
            } else {
                Ok(())
            }
        };
        match self {
            AttestationDetails::Soc2(r) => {
                if let Some(issued) = r.issued {
                    not_after_today("issued", "the report", issued)?;
                }
                for (i, x) in r.exceptions.iter().enumerate() {
                    let assessment = ExceptionAssessment {
                        impact: x.impact.clone(),
                        response: x.response.clone(),
                    };
                    assessment.validate().map_err(|e| {
                        Invalid::new("exceptions", format!("exception {}: {}", i + 1, e.message))
                    })?;
                }
                if let Some(b) = &r.bridge_letter {
                    if b.overstated() {
                        return Err(Invalid::new(
                            "bridge_letter",
                            format!(
                                "it is dated {} but says it covers to {}: a bridge letter speaks \
                                 from the period end up to the day it is signed, never past it",
                                b.date, b.covers_to
                            ),
                        ));
                    }
                    not_after_today("bridge_letter", "the bridge letter", b.date)?;
                    let limit = bridge_letter_limit(r.period_end, p.bridge_letter_months);
                    if b.covers_to > limit {
                        return Err(Invalid::new(
                            "bridge_letter",
                            format!(
                                "it covers to {}, more than {} months after the period ends \
                                 ({}); a bridge letter covers at most to {limit}",
                                b.covers_to, p.bridge_letter_months, r.period_end
                            ),
                        ));
                    }
                }
                Ok(())
            }
            AttestationDetails::Aoc(a) => not_after_today("date", "the AOC", a.date),
            AttestationDetails::Fedramp(f) => not_after_today("date", "the authorization", f.date),
            AttestationDetails::Baa(_) | AttestationDetails::Iso27001(_) => Ok(()),
        }
    }
}
