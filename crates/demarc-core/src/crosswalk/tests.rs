//! The propagation rules, one test each.

use super::*;
use crate::{Ownership, ProviderSource};

fn origin(name: &str) -> Origin {
    Origin {
        file: format!("{name}.xlsx"),
        sha256: "0".repeat(64),
        publisher: "tests".into(),
        version: None,
        licence: "test data".into(),
        also: Vec::new(),
    }
}

/// A crosswalk from `source` to `target` of (source id, target id, relation) pairs.
fn cw(name: &str, source: IdSpace, target: IdSpace, pairs: &[(&str, &str, Relation)]) -> Crosswalk {
    Crosswalk {
        name: name.into(),
        source,
        target,
        kind: CrosswalkKind::Mapping,
        origin: origin(name),
        pairs: pairs
            .iter()
            .enumerate()
            .map(|(i, (s, t, r))| Pair {
                source: s.to_string(),
                target: t.to_string(),
                relation: r.clone(),
                at: PairSource {
                    sheet: "Map".into(),
                    row: i as u32 + 2,
                    column: None,
                },
                note: None,
            })
            .collect(),
        unmapped: Vec::new(),
    }
}

fn row(space: IdSpace, id: &str, label: &str, owner: Ownership, at: u32) -> SourceRow {
    SourceRow {
        space,
        label: label.into(),
        source: ProviderSource {
            provider: "WhitePact".into(),
            version: 1,
            file: "caiq.xlsx".into(),
            sheet: "CAIQv4.0.3".into(),
            row: at,
            control_id: id.into(),
            columns: vec!["D".into()],
            owner,
            third_party: None,
        },
    }
}

fn csp(id: &str, at: u32) -> SourceRow {
    row(IdSpace::CsaCcm4, id, "CSP-owned", Ownership::Provider, at)
}

fn csc(id: &str, at: u32) -> SourceRow {
    row(IdSpace::CsaCcm4, id, "CSC-owned", Ownership::Customer, at)
}

fn reach(crosswalks: &[Crosswalk], rows: &[SourceRow], target: IdSpace) -> Reached {
    CrosswalkIndex::new(crosswalks).reach(rows, &target)
}

fn ccm_to_soc2(pairs: &[(&str, &str, Relation)]) -> Crosswalk {
    cw(
        "CCM v4 to SOC 2",
        IdSpace::CsaCcm4,
        IdSpace::Soc2Tsc2017,
        pairs,
    )
}

#[test]
fn equal_subset_and_no_gap_decide_the_owner() {
    for relation in [
        Relation::Equal,
        Relation::SubsetOf,
        Relation::graded("No Gap"),
    ] {
        let x = [ccm_to_soc2(&[("IAM-09", "CC6.1", relation.clone())])];
        let got = reach(&x, &[csp("IAM-09", 12)], IdSpace::Soc2Tsc2017);
        let cc61 = &got.controls["CC6.1"];
        let decided = cc61.decided.as_ref().expect("decided");
        assert_eq!(decided.owner, Ownership::Provider, "{relation:?}");
        assert_eq!(cc61.trails.len(), 1);
        assert!(cc61.suggestions.is_empty());
        assert_eq!(cc61.trails[0].strength, Strength::Propagates);
    }
}

#[test]
fn weak_relationships_only_suggest() {
    for relation in [
        Relation::SupersetOf,
        Relation::IntersectsWith,
        Relation::Unstated,
        Relation::graded("Partial Gap"),
        Relation::graded("Gap unknown"),
    ] {
        let x = [ccm_to_soc2(&[("IAM-09", "CC6.1", relation.clone())])];
        let got = reach(&x, &[csp("IAM-09", 12)], IdSpace::Soc2Tsc2017);
        let cc61 = &got.controls["CC6.1"];
        assert_eq!(cc61.decided, None, "{relation:?} must not decide");
        assert_eq!(
            cc61.suggested.as_ref().map(|c| c.owner),
            Some(Ownership::Provider)
        );
        assert_eq!(cc61.suggestions.len(), 1);
        assert!(cc61.suggestions[0].text().ends_with("[suggestion]"));
    }
}

#[test]
fn not_related_and_full_gap_are_never_followed() {
    for relation in [Relation::NotRelated, Relation::graded("Full Gap")] {
        let x = [ccm_to_soc2(&[("IAM-09", "CC6.1", relation)])];
        let got = reach(&x, &[csp("IAM-09", 12)], IdSpace::Soc2Tsc2017);
        assert!(got.controls.is_empty());
    }
}

#[test]
fn read_backwards_superset_propagates_and_subset_suggests() {
    // SOC 2 to CCM, used from a CCM row: "CC6.1 superset of IAM-09" reads "IAM-09 subset of
    // CC6.1" and propagates; "CC6.2 subset of IAM-09" reads as a superset and only suggests.
    let x = [cw(
        "SOC 2 to CCM",
        IdSpace::Soc2Tsc2017,
        IdSpace::CsaCcm4,
        &[
            ("CC6.1", "IAM-09", Relation::SupersetOf),
            ("CC6.2", "IAM-09", Relation::SubsetOf),
            ("CC6.3", "IAM-09", Relation::graded("No Gap")),
        ],
    )];
    let got = reach(&x, &[csp("IAM-09", 12)], IdSpace::Soc2Tsc2017);
    assert!(got.controls["CC6.1"].decided.is_some());
    assert!(got.controls["CC6.2"].decided.is_none());
    assert!(
        got.controls["CC6.3"].decided.is_none(),
        "a grade read backwards only suggests"
    );
    let step = &got.controls["CC6.2"].suggestions[0].steps[0];
    assert!(matches!(step, Step::Crosswalk { reversed: true, .. }));
    assert!(got.controls["CC6.2"].suggestions[0]
        .text()
        .contains("superset of"));
}

#[test]
fn rows_that_all_agree_give_their_owner() {
    let x = [ccm_to_soc2(&[
        ("IAM-09", "CC6.1", Relation::Equal),
        ("IAM-10", "CC6.1", Relation::graded("No Gap")),
    ])];
    let got = reach(
        &x,
        &[csp("IAM-09", 12), csp("IAM-10", 13)],
        IdSpace::Soc2Tsc2017,
    );
    let decided = got.controls["CC6.1"].decided.clone().unwrap();
    assert_eq!(decided.owner, Ownership::Provider);
    assert!(decided.reason.contains("all 2 rows"), "{}", decided.reason);
}

#[test]
fn provider_and_customer_rows_combine_to_shared() {
    let x = [ccm_to_soc2(&[
        ("IAM-09", "CC6.1", Relation::Equal),
        ("IAM-10", "CC6.1", Relation::Equal),
    ])];
    let got = reach(
        &x,
        &[csp("IAM-09", 12), csc("IAM-10", 13)],
        IdSpace::Soc2Tsc2017,
    );
    let decided = got.controls["CC6.1"].decided.clone().unwrap();
    assert_eq!(decided.owner, Ownership::Shared);
    assert!(decided.reason.contains("1 customer"), "{}", decided.reason);
    assert_eq!(got.controls["CC6.1"].trails.len(), 2);
}

#[test]
fn a_shared_row_with_a_provider_row_is_shared() {
    let shared = row(
        IdSpace::CsaCcm4,
        "IAM-10",
        "Shared CSP and CSC",
        Ownership::Shared,
        13,
    );
    let x = [ccm_to_soc2(&[
        ("IAM-09", "CC6.1", Relation::Equal),
        ("IAM-10", "CC6.1", Relation::Equal),
    ])];
    let got = reach(&x, &[csp("IAM-09", 12), shared], IdSpace::Soc2Tsc2017);
    assert_eq!(
        got.controls["CC6.1"].decided.as_ref().unwrap().owner,
        Ownership::Shared
    );
}

#[test]
fn any_undetermined_row_makes_it_undetermined_with_the_reason() {
    let open = row(
        IdSpace::CsaCcm4,
        "IAM-10",
        "Maybe",
        Ownership::Undetermined,
        13,
    );
    let x = [ccm_to_soc2(&[
        ("IAM-09", "CC6.1", Relation::Equal),
        ("IAM-10", "CC6.1", Relation::Equal),
    ])];
    let got = reach(&x, &[csp("IAM-09", 12), open], IdSpace::Soc2Tsc2017);
    let decided = got.controls["CC6.1"].decided.clone().unwrap();
    assert_eq!(decided.owner, Ownership::Undetermined);
    assert!(decided.reason.contains("\"Maybe\""), "{}", decided.reason);
    assert!(decided.reason.contains("row 13"), "{}", decided.reason);
}

#[test]
fn not_applicable_counts_only_when_every_row_says_it() {
    let na = |id: &str, at| row(IdSpace::CsaCcm4, id, "NA", Ownership::NotApplicable, at);
    let x = [ccm_to_soc2(&[
        ("IAM-09", "CC6.1", Relation::Equal),
        ("IAM-10", "CC6.1", Relation::Equal),
        ("IAM-11", "CC6.2", Relation::Equal),
    ])];
    let got = reach(
        &x,
        &[csp("IAM-09", 12), na("IAM-10", 13), na("IAM-11", 14)],
        IdSpace::Soc2Tsc2017,
    );
    let cc61 = got.controls["CC6.1"].decided.clone().unwrap();
    assert_eq!(cc61.owner, Ownership::Provider);
    assert!(cc61.reason.contains("set aside"), "{}", cc61.reason);
    assert_eq!(
        got.controls["CC6.2"].decided.as_ref().unwrap().owner,
        Ownership::NotApplicable
    );
}

#[test]
fn a_caiq_question_reaches_through_its_ccm_control() {
    let x = [ccm_to_soc2(&[(
        "IAM-09",
        "CC6.1",
        Relation::graded("No Gap"),
    )])];
    let got = reach(&x, &[csp("IAM-09.1", 12)], IdSpace::Soc2Tsc2017);
    let trail = &got.controls["CC6.1"].trails[0];
    assert!(matches!(&trail.steps[0], Step::Parent { to, .. } if to == "IAM-09"));
    assert_eq!(
        trail.text(),
        "WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 12) → CCM IAM-09 → SOC 2 CC6.1 \
         (CCM v4 to SOC 2, Map row 2, No Gap)"
    );
    assert_eq!(trail.depth, 1);
}

#[test]
fn rows_already_in_the_target_framework_are_left_out() {
    let x = [ccm_to_soc2(&[("IAM-09", "CC6.1", Relation::Equal)])];
    let direct = row(
        IdSpace::Soc2Tsc2017,
        "CC6.1",
        "Provider",
        Ownership::Provider,
        3,
    );
    let got = reach(&x, &[direct], IdSpace::Soc2Tsc2017);
    assert!(got.controls.is_empty());
}

fn csf_to_r5() -> Crosswalk {
    cw(
        "CSF 2.0 to SP 800-53",
        IdSpace::NistCsf2,
        IdSpace::Nist80053R5,
        &[("PR.AA-01", "AC-2", Relation::SubsetOf)],
    )
}

fn ccm_to_csf() -> Crosswalk {
    cw(
        "CCM v4 to CSF 2.0",
        IdSpace::CsaCcm4,
        IdSpace::NistCsf2,
        &[("IAM-09", "PR.AA-01", Relation::graded("No Gap"))],
    )
}

#[test]
fn a_chain_through_one_pivot_reaches_and_says_so() {
    let x = [ccm_to_csf(), csf_to_r5()];
    let got = reach(&x, &[csp("IAM-09", 12)], IdSpace::Nist80053R5);
    let ac2 = &got.controls["AC-2"];
    assert_eq!(ac2.decided.as_ref().unwrap().owner, Ownership::Provider);
    let trail = &ac2.trails[0];
    assert_eq!(trail.depth, 2);
    assert_eq!(trail.crosswalk_steps().count(), 2);
    assert!(
        trail.text().ends_with("through one pivot"),
        "{}",
        trail.text()
    );
    assert!(trail.text().contains("→ CSF PR.AA-01"), "{}", trail.text());
}

#[test]
fn chains_stop_at_two_crosswalks() {
    let r5_to_hipaa = cw(
        "SP 800-53 to HIPAA",
        IdSpace::Nist80053R5,
        IdSpace::HipaaSecurityRule,
        &[("AC-2", "164.308(a)(4)", Relation::Equal)],
    );
    let x = [ccm_to_csf(), csf_to_r5(), r5_to_hipaa];
    let got = reach(&x, &[csp("IAM-09", 12)], IdSpace::HipaaSecurityRule);
    assert!(got.controls.is_empty(), "three crosswalks are one too many");
}

#[test]
fn a_chain_is_as_strong_as_its_weakest_pair() {
    let weak_csf = cw(
        "CSF 2.0 to SP 800-53",
        IdSpace::NistCsf2,
        IdSpace::Nist80053R5,
        &[("PR.AA-01", "AC-2", Relation::Unstated)],
    );
    let got = reach(
        &[ccm_to_csf(), weak_csf],
        &[csp("IAM-09", 12)],
        IdSpace::Nist80053R5,
    );
    let ac2 = &got.controls["AC-2"];
    assert!(ac2.decided.is_none());
    assert_eq!(ac2.suggestions[0].strength, Strength::Suggests);
}

fn r4_to_r5() -> Crosswalk {
    let mut x = cw(
        "SP 800-53 Rev 4 to Rev 5",
        IdSpace::Nist80053R4,
        IdSpace::Nist80053R5,
        &[
            ("AC-2(10)", "AC-2k", Relation::SubsetOf),
            ("AC-4", "AC-4", Relation::Equal),
        ],
    );
    x.kind = CrosswalkKind::Revision;
    x
}

#[test]
fn a_withdrawn_control_reaches_the_control_of_its_successor_part() {
    let rev4 = row(
        IdSpace::Nist80053R4,
        "AC-02 (10)",
        "Yes",
        Ownership::Provider,
        40,
    );
    let got = reach(&[r4_to_r5()], &[rev4], IdSpace::Nist80053R5);
    let ac2 = &got.controls["AC-2"];
    assert_eq!(ac2.decided.as_ref().unwrap().owner, Ownership::Provider);
    assert_eq!(ac2.trails[0].depth, 0, "a revision step is no pivot");
    assert!(ac2.trails[0].text().contains("800-53 AC-2k"));
}

#[test]
fn a_revision_step_does_not_count_as_a_pivot() {
    // ASB v3 → SP 800-53 Rev 4 → Rev 5 → CSF 2.0: two mapping crosswalks and one revision.
    let asb = cw(
        "ASB v3 to SP 800-53 Rev 4",
        IdSpace::AzureSecurityBenchmark3,
        IdSpace::Nist80053R4,
        &[(
            "NS-1",
            "AC-4: INFORMATION FLOW ENFORCEMENT",
            Relation::Equal,
        )],
    );
    let csf = cw(
        "CSF 2.0 to SP 800-53",
        IdSpace::NistCsf2,
        IdSpace::Nist80053R5,
        &[("PR.IR-01", "AC-4", Relation::SupersetOf)],
    );
    let baseline = row(
        IdSpace::AzureSecurityBenchmark3,
        "NS-1",
        "Microsoft",
        Ownership::Provider,
        2,
    );
    let got = reach(&[asb, r4_to_r5(), csf], &[baseline], IdSpace::NistCsf2);
    let trail = &got.controls["PR.IR-01"].trails[0];
    assert_eq!(trail.depth, 2);
    assert_eq!(trail.crosswalk_steps().count(), 3);
}

#[test]
fn a_cycle_is_reported_and_never_looped() {
    let there = ccm_to_soc2(&[("IAM-09", "CC6.1", Relation::Equal)]);
    let back = cw(
        "SOC 2 to CCM",
        IdSpace::Soc2Tsc2017,
        IdSpace::CsaCcm4,
        &[("CC6.1", "IAM-10", Relation::Equal)],
    );
    let onward = ccm_to_csf();
    let index_input = [there, back, onward];
    let index = CrosswalkIndex::new(&index_input);
    assert!(
        index
            .problems()
            .iter()
            .any(|p| matches!(p, Problem::Cycle { crosswalks, .. } if crosswalks.len() == 2)),
        "{:?}",
        index.problems()
    );
    let got = index.reach(&[csp("IAM-09", 12)], &IdSpace::NistCsf2);
    // IAM-09 reaches PR.AA-01 directly; the way round through SOC 2 back into CCM is not taken.
    assert_eq!(got.controls.len(), 1);
    assert!(got.controls["PR.AA-01"]
        .trails
        .iter()
        .all(|t| t.crosswalk_steps().count() == 1));
    assert!(got.problems[0].text().starts_with("cycle:"));
}

#[test]
fn a_contradiction_is_reported_and_only_suggests() {
    let says_covers = ccm_to_soc2(&[("IAM-09", "CC6.1", Relation::graded("No Gap"))]);
    let says_unrelated = cw(
        "SOC 2 to CCM (other source)",
        IdSpace::Soc2Tsc2017,
        IdSpace::CsaCcm4,
        &[("CC6.1", "IAM-09", Relation::NotRelated)],
    );
    let index_input = [says_covers, says_unrelated];
    let index = CrosswalkIndex::new(&index_input);
    let contradiction = index
        .problems()
        .iter()
        .find(|p| matches!(p, Problem::Contradiction { .. }))
        .expect("contradiction reported");
    assert!(contradiction.text().contains("No Gap"));
    assert!(contradiction.text().contains("not related"));
    let got = index.reach(&[csp("IAM-09", 12)], &IdSpace::Soc2Tsc2017);
    assert!(got.controls["CC6.1"].decided.is_none());
    assert!(got.controls["CC6.1"].suggested.is_some());
}

#[test]
fn strong_rows_decide_and_weak_rows_only_suggest() {
    let x = [ccm_to_soc2(&[
        ("IAM-09", "CC6.1", Relation::Equal),
        ("IAM-10", "CC6.1", Relation::IntersectsWith),
    ])];
    let got = reach(
        &x,
        &[csp("IAM-09", 12), csc("IAM-10", 13)],
        IdSpace::Soc2Tsc2017,
    );
    let cc61 = &got.controls["CC6.1"];
    assert_eq!(cc61.decided.as_ref().unwrap().owner, Ownership::Provider);
    assert_eq!(cc61.suggested.as_ref().unwrap().owner, Ownership::Customer);
    assert_eq!(cc61.trails.len(), 1);
    assert_eq!(cc61.suggestions.len(), 1);
}

#[test]
fn a_row_with_a_strong_and_a_weak_way_counts_once_as_strong() {
    let x = [
        ccm_to_soc2(&[("IAM-09", "CC6.1", Relation::Equal)]),
        cw(
            "CCM v4 to SOC 2 (second source)",
            IdSpace::CsaCcm4,
            IdSpace::Soc2Tsc2017,
            &[("IAM-09", "CC6.1", Relation::IntersectsWith)],
        ),
    ];
    let got = reach(&x, &[csp("IAM-09", 12)], IdSpace::Soc2Tsc2017);
    let cc61 = &got.controls["CC6.1"];
    assert!(cc61.decided.is_some());
    assert!(cc61.suggestions.is_empty() && cc61.suggested.is_none());
}

#[test]
fn ids_with_look_alike_letters_still_meet() {
    let x = [ccm_to_soc2(&[("IAM-09", "\u{0421}C6.1", Relation::Equal)])];
    let got = reach(&x, &[csp("\u{0399}AM-09", 12)], IdSpace::Soc2Tsc2017);
    assert!(got.controls.contains_key("CC6.1"));
}

#[test]
fn suggestion_trails_are_capped_and_the_rest_counted() {
    let pairs: Vec<(String, String, Relation)> = (1..=10)
        .map(|n| {
            (
                format!("IAM-{n:02}"),
                "CC6.1".to_string(),
                Relation::Unstated,
            )
        })
        .collect();
    let pairs: Vec<(&str, &str, Relation)> = pairs
        .iter()
        .map(|(s, t, r)| (s.as_str(), t.as_str(), r.clone()))
        .collect();
    let x = [ccm_to_soc2(&pairs)];
    let rows: Vec<SourceRow> = (1..=10)
        .map(|n| csp(&format!("IAM-{n:02}"), n + 2))
        .collect();
    let got = reach(&x, &rows, IdSpace::Soc2Tsc2017);
    let cc61 = &got.controls["CC6.1"];
    assert_eq!(cc61.suggestions.len(), 8);
    assert_eq!(cc61.more_suggestions, 2);
    assert!(cc61
        .suggested
        .as_ref()
        .unwrap()
        .reason
        .contains("all 10 rows"));
}

#[test]
fn an_accepted_suggestion_cites_a_row_that_counted() {
    let x = [ccm_to_soc2(&[
        ("AIS-01", "CC6.1", Relation::IntersectsWith),
        ("IAM-09", "CC6.1", Relation::IntersectsWith),
        ("IAM-10", "CC6.1", Relation::IntersectsWith),
    ])];
    let na = row(
        IdSpace::CsaCcm4,
        "AIS-01",
        "NA",
        Ownership::NotApplicable,
        5,
    );
    let got = reach(&x, &[na.clone(), csc("IAM-09", 12)], IdSpace::Soc2Tsc2017);
    let cc61 = &got.controls["CC6.1"];
    assert_eq!(
        cc61.suggestions[0].row.source.row, 5,
        "the set-aside row first"
    );
    let cited = cc61.cited_suggestion().expect("a trail");
    assert_eq!(
        cited.row.source.row, 12,
        "the row saying the suggested owner"
    );

    // Customer and provider rows make shared, which no row says: the first row that counted.
    let rows = [na, csc("IAM-09", 12), csp("IAM-10", 14)];
    let got = reach(&x, &rows, IdSpace::Soc2Tsc2017);
    let cc61 = &got.controls["CC6.1"];
    assert_eq!(
        cc61.suggested.as_ref().map(|c| c.owner),
        Some(Ownership::Shared)
    );
    assert_eq!(cc61.cited_suggestion().map(|t| t.row.source.row), Some(12));
}
