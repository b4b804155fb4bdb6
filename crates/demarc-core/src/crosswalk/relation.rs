//! How a source control relates to a target control, as the mapping's owner states it: one of
//! NIST OLIR's set relationships, a grade of coverage kept verbatim with what it means, or
//! nothing stated (a concept crosswalk, an informative reference). And how strongly that lets
//! an owner travel.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::fold;

/// A pair's relationship, read as "source RELATIONSHIP target".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Relation {
    /// The two controls ask for the same thing.
    Equal,
    /// Everything the source asks for is part of the target.
    SubsetOf,
    /// The source asks for everything the target does, and more.
    SupersetOf,
    /// The two overlap; each asks for something the other does not.
    IntersectsWith,
    /// The mapping's owner states the two are unrelated.
    NotRelated,
    /// The source grades how far it covers the target (CSA's Gap Level).
    Graded {
        /// The grade exactly as the source writes it (`No Gap`, with any look-alike letters).
        grade: String,
        meaning: GradeMeaning,
    },
    /// The source names the pair without a relationship type.
    Unstated,
}

/// What a source's own grade of coverage means, read from its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GradeMeaning {
    /// The source control covers the target (`No Gap`).
    Covers,
    /// The source control covers part of the target (`Partial Gap`).
    CoversPart,
    /// The source control does not cover the target (`Full Gap`).
    DoesNotCover,
    /// A grade Demarc does not know; kept and offered only as a suggestion.
    Unrecognised,
}

/// How far a relationship lets an owner travel from the source control to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Strength {
    /// Never: the two are stated unrelated, or the source does not cover the target.
    Excludes,
    /// Offered to the user as a suggestion, never applied by itself.
    Suggests,
    /// The owner travels on its own.
    Propagates,
}

impl GradeMeaning {
    /// The meaning of a grade as CSA writes it, look-alike letters and spacing ignored.
    pub fn of(grade: &str) -> GradeMeaning {
        match fold(grade).as_str() {
            "no gap" => GradeMeaning::Covers,
            "partial gap" => GradeMeaning::CoversPart,
            "full gap" => GradeMeaning::DoesNotCover,
            _ => GradeMeaning::Unrecognised,
        }
    }
}

impl Relation {
    /// A relationship as OLIR files and OSCAL mapping collections write it (`subset of`,
    /// `Superset Of`, `intersects-with`, `equivalent-to`, `no-relationship`); `None` when the text
    /// is none of them.
    pub fn parse(text: &str) -> Option<Relation> {
        let folded: String = fold(text)
            .chars()
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect();
        let relation = match folded
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "equal" | "equal to" | "equals" | "equivalent" | "equivalent to" => Relation::Equal,
            "subset of" | "subset" => Relation::SubsetOf,
            "superset of" | "superset" => Relation::SupersetOf,
            "intersects with" | "intersects" | "intersect" => Relation::IntersectsWith,
            "not related to" | "not related" | "no relationship" | "unrelated" => {
                Relation::NotRelated
            }
            _ => return None,
        };
        Some(relation)
    }

    /// A grade as the source writes it, with its meaning.
    pub fn graded(grade: &str) -> Relation {
        Relation::Graded {
            grade: grade.trim().to_string(),
            meaning: GradeMeaning::of(grade),
        }
    }

    /// How strongly the owner of the source travels to the target: equal, the source a subset
    /// of the target and the source's "covers" grade (No Gap) on their own; a superset, an
    /// overlap, a partial or unknown grade and an unstated relationship as suggestions; an
    /// unrelated pair and a "does not cover" grade (Full Gap) never.
    pub fn strength(&self) -> Strength {
        match self {
            Relation::Equal
            | Relation::SubsetOf
            | Relation::Graded {
                meaning: GradeMeaning::Covers,
                ..
            } => Strength::Propagates,
            Relation::NotRelated
            | Relation::Graded {
                meaning: GradeMeaning::DoesNotCover,
                ..
            } => Strength::Excludes,
            _ => Strength::Suggests,
        }
    }

    /// The strength when the pair is read from its target to its source (a provider row in
    /// the target's IDs reaching the source's controls): subset and superset swap; a grade
    /// describes the source's coverage of the target only, so read backwards it suggests at
    /// most.
    pub fn strength_reversed(&self) -> Strength {
        match self {
            Relation::SupersetOf => Strength::Propagates,
            Relation::SubsetOf => Strength::Suggests,
            Relation::Graded { meaning, .. } => match meaning {
                GradeMeaning::DoesNotCover => Strength::Excludes,
                _ => Strength::Suggests,
            },
            other => other.strength(),
        }
    }

    /// The relationship in words, read from source to target (`subset of`, `No Gap`).
    pub fn words(&self) -> String {
        match self {
            Relation::Equal => "equal".into(),
            Relation::SubsetOf => "subset of".into(),
            Relation::SupersetOf => "superset of".into(),
            Relation::IntersectsWith => "intersects with".into(),
            Relation::NotRelated => "not related".into(),
            Relation::Graded { grade, .. } => grade.clone(),
            Relation::Unstated => "related (no type stated)".into(),
        }
    }

    /// The relationship in words read from target to source.
    pub fn words_reversed(&self) -> String {
        match self {
            Relation::SubsetOf => "superset of".into(),
            Relation::SupersetOf => "subset of".into(),
            Relation::Graded { grade, .. } => format!("{grade}, read backwards"),
            other => other.words(),
        }
    }

    /// The stored identifier of the kind (`subset_of`, `graded`).
    pub fn kind_id(&self) -> &'static str {
        match self {
            Relation::Equal => "equal",
            Relation::SubsetOf => "subset_of",
            Relation::SupersetOf => "superset_of",
            Relation::IntersectsWith => "intersects_with",
            Relation::NotRelated => "not_related",
            Relation::Graded { .. } => "graded",
            Relation::Unstated => "unstated",
        }
    }

    /// A relationship from its stored kind and grade; `None` for a kind this version does not
    /// know, or `graded` without a grade.
    pub fn from_kind(kind: &str, grade: Option<&str>) -> Option<Relation> {
        Some(match kind {
            "equal" => Relation::Equal,
            "subset_of" => Relation::SubsetOf,
            "superset_of" => Relation::SupersetOf,
            "intersects_with" => Relation::IntersectsWith,
            "not_related" => Relation::NotRelated,
            "graded" => Relation::graded(grade?),
            "unstated" => Relation::Unstated,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn olir_and_oscal_spellings_parse() {
        assert_eq!(Relation::parse("subset of"), Some(Relation::SubsetOf));
        assert_eq!(Relation::parse("Superset Of"), Some(Relation::SupersetOf));
        assert_eq!(
            Relation::parse("intersects-with"),
            Some(Relation::IntersectsWith)
        );
        assert_eq!(Relation::parse("equivalent-to"), Some(Relation::Equal));
        assert_eq!(Relation::parse("equal-to"), Some(Relation::Equal));
        assert_eq!(
            Relation::parse("not related to"),
            Some(Relation::NotRelated)
        );
        assert_eq!(
            Relation::parse("no-relationship"),
            Some(Relation::NotRelated)
        );
        assert_eq!(Relation::parse("maybe"), None);
    }

    #[test]
    fn only_equal_subset_and_no_gap_propagate() {
        assert_eq!(Relation::Equal.strength(), Strength::Propagates);
        assert_eq!(Relation::SubsetOf.strength(), Strength::Propagates);
        assert_eq!(Relation::graded("No Gap").strength(), Strength::Propagates);
        assert_eq!(Relation::SupersetOf.strength(), Strength::Suggests);
        assert_eq!(Relation::IntersectsWith.strength(), Strength::Suggests);
        assert_eq!(Relation::Unstated.strength(), Strength::Suggests);
        assert_eq!(
            Relation::graded("Partial Gap").strength(),
            Strength::Suggests
        );
        assert_eq!(Relation::graded("Some Gap").strength(), Strength::Suggests);
        assert_eq!(Relation::NotRelated.strength(), Strength::Excludes);
        assert_eq!(Relation::graded("Full Gap").strength(), Strength::Excludes);
    }

    #[test]
    fn read_backwards_subset_and_superset_swap_and_grades_only_suggest() {
        assert_eq!(
            Relation::SupersetOf.strength_reversed(),
            Strength::Propagates
        );
        assert_eq!(Relation::SubsetOf.strength_reversed(), Strength::Suggests);
        assert_eq!(Relation::Equal.strength_reversed(), Strength::Propagates);
        assert_eq!(
            Relation::graded("No Gap").strength_reversed(),
            Strength::Suggests
        );
        assert_eq!(
            Relation::graded("Full Gap").strength_reversed(),
            Strength::Excludes
        );
        assert_eq!(Relation::SubsetOf.words_reversed(), "superset of");
    }

    #[test]
    fn grades_keep_their_words_and_read_look_alikes() {
        // Greek capital Nu and small omicron, as real CCM files contain.
        let r = Relation::graded("\u{039D}\u{03BF} Gap ");
        assert_eq!(
            r,
            Relation::Graded {
                grade: "\u{039D}\u{03BF} Gap".into(),
                meaning: GradeMeaning::Covers
            }
        );
        assert_eq!(r.strength(), Strength::Propagates);
    }

    #[test]
    fn stored_kinds_round_trip() {
        for r in [
            Relation::Equal,
            Relation::SubsetOf,
            Relation::SupersetOf,
            Relation::IntersectsWith,
            Relation::NotRelated,
            Relation::graded("Partial Gap"),
            Relation::Unstated,
        ] {
            let grade = match &r {
                Relation::Graded { grade, .. } => Some(grade.as_str()),
                _ => None,
            };
            assert_eq!(Relation::from_kind(r.kind_id(), grade), Some(r.clone()));
        }
        assert_eq!(Relation::from_kind("graded", None), None);
        assert_eq!(Relation::from_kind("close", None), None);
    }
}
