//! The owner heat map: a row per service (the entity-level controls first), a column per
//! framework, each cell a bar of the owners of its rows that apply, in proportion, lettered,
//! with every count (N/A too) written beneath so that it reads in greyscale.

use std::collections::HashMap;

use demarc_core::{Framework, Ownership};

use super::page::{Writer, MARGIN};
use super::style::{BODY, GREY, SMALL, SMALL_BOLD};
use crate::legend::{ink, letter};
use crate::ExportData;

const LABEL_WIDTH: f32 = 170.0;
const ROW: f32 = 22.0;
const BAR: f32 = 9.0;

type Counts = [usize; 6];

fn index(o: Ownership) -> usize {
    Ownership::ALL.iter().position(|&x| x == o).unwrap_or(0)
}

pub(super) fn heat_map(w: &mut Writer, data: &ExportData) {
    w.new_page(true);
    w.mark("Owner heat map", 1);
    w.heading("Owner heat map");
    w.paragraph(
        MARGIN,
        w.body_width(),
        BODY,
        "Who owns the rows of each service under each framework: the bar splits the rows that \
         apply by owner in proportion, each part lettered; the counts beneath include the rows \
         that do not apply (N/A), drawn only where nothing else is left.",
    );
    w.y -= 8.0;
    let frameworks = &data.view.engagement.frameworks;
    let mut counts: HashMap<(Option<i64>, Framework), Counts> = HashMap::new();
    for r in &data.rows {
        counts.entry((r.service_id, r.framework)).or_default()[index(r.owner)] += 1;
    }
    let mut lines: Vec<(String, String, Option<i64>)> = Vec::new();
    if data.rows.iter().any(|r| r.service_id.is_none()) {
        lines.push((
            "Entity-level controls".into(),
            "once for the engagement".into(),
            None,
        ));
    }
    for s in &data.view.services {
        lines.push((s.name.clone(), s.provider.clone(), Some(s.id)));
    }
    let body = w.body_width();
    let column = (body - LABEL_WIDTH) / frameworks.len().max(1) as f32;
    let header = |w: &mut Writer| {
        for (i, f) in frameworks.iter().enumerate() {
            let x = MARGIN + LABEL_WIDTH + i as f32 * column + 4.0;
            w.text(x, w.y - SMALL_BOLD.size, SMALL_BOLD, f.label());
        }
        w.y -= SMALL_BOLD.line_height() + 4.0;
    };
    header(w);
    for (name, provider, id) in &lines {
        if w.room() < ROW + 30.0 {
            w.new_page(true);
            header(w);
        }
        let top = w.y;
        w.text(MARGIN, top - 10.0, SMALL_BOLD, name);
        w.text(MARGIN, top - 19.5, SMALL.with_colour(GREY), provider);
        for (i, f) in frameworks.iter().enumerate() {
            let x = MARGIN + LABEL_WIDTH + i as f32 * column + 4.0;
            let Some(c) = counts.get(&(*id, *f)) else {
                w.text(x, top - 10.0, SMALL.with_colour(GREY), "not in scope");
                continue;
            };
            cell(w, x, top, column - 10.0, c);
        }
        w.hline(MARGIN, MARGIN + body, top - ROW + 2.0, 0xD9D9D9);
        w.y = top - ROW;
    }
}

/// The parts of a cell's bar, each owner with its share of the width: the rows that apply,
/// or all N/A when nothing else is left.
fn bar(counts: &Counts) -> Vec<(Ownership, f32)> {
    let na = index(Ownership::NotApplicable);
    let apply: usize = counts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != na)
        .map(|(_, n)| n)
        .sum();
    let drawn = if apply > 0 { apply } else { counts[na] };
    Ownership::ALL
        .iter()
        .enumerate()
        .filter(|&(i, _)| counts[i] > 0 && (apply == 0 || i != na))
        .map(|(i, o)| (*o, counts[i] as f32 / drawn as f32))
        .collect()
}

/// One cell: the bar of `counts` at the top, all the counts beneath.
fn cell(w: &mut Writer, x: f32, top: f32, width: f32, counts: &Counts) {
    let y = top - 3.0 - BAR;
    let mut bx = x;
    for (o, part) in bar(counts) {
        let share = width * part;
        w.swatch(bx, y, share, BAR, o);
        let mark = letter(o);
        let style = SMALL_BOLD.with_colour(ink(o));
        let mw = w.text_width(style, mark);
        if mw + 2.0 <= share {
            w.text(bx + (share - mw) / 2.0, y + 2.0, style, mark);
        }
        bx += share;
    }
    let words: Vec<String> = Ownership::ALL
        .iter()
        .enumerate()
        .filter(|&(i, _)| counts[i] > 0)
        .map(|(i, o)| format!("{} {}", letter(*o), counts[i]))
        .collect();
    w.text(x, y - 7.0, SMALL, &words.join(" · "));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(of: &[(Ownership, usize)]) -> Counts {
        let mut c = Counts::default();
        for (o, n) in of {
            c[index(*o)] = *n;
        }
        c
    }

    #[test]
    fn the_bar_splits_the_rows_that_apply_and_is_all_na_only_when_nothing_applies() {
        let saq = counts(&[
            (Ownership::Customer, 3),
            (Ownership::Inherited, 1),
            (Ownership::NotApplicable, 180),
        ]);
        assert_eq!(
            bar(&saq),
            [(Ownership::Customer, 0.75), (Ownership::Inherited, 0.25)]
        );
        let none = counts(&[(Ownership::NotApplicable, 12)]);
        assert_eq!(bar(&none), [(Ownership::NotApplicable, 1.0)]);
        assert!(bar(&Counts::default()).is_empty());
    }
}
