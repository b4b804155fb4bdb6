//! The pack's outline: every section and part of one a bookmark, in the order of the contents
//! page, parts under their section. printpdf orders its bookmarks by page and title, which
//! loses the parts that share a page with their section, so the outline is written into the
//! saved file here, with lopdf (the library printpdf writes through).

use lopdf::{dictionary, text_string, Document, Object, ObjectId};

use super::page::SectionMark;
use crate::{ExportError, Result};

/// `pdf` with its outline made of `sections` (in order, each with the page it starts on).
pub(super) fn with_outline(pdf: &[u8], sections: &[SectionMark]) -> Result<Vec<u8>> {
    let fail = |e: lopdf::Error| ExportError::Pdf(format!("cannot write the outline: {e}"));
    let mut doc = Document::load_mem(pdf).map_err(fail)?;
    let pages = doc.get_pages();
    // Sections, each with its parts.
    let mut tree: Vec<(&SectionMark, Vec<&SectionMark>)> = Vec::new();
    for s in sections {
        match tree.last_mut() {
            Some((_, parts)) if s.level > 0 => parts.push(s),
            _ => tree.push((s, Vec::new())),
        }
    }
    let root = doc.new_object_id();
    let mut total = 0i64;
    let mut items: Vec<ObjectId> = Vec::new();
    for (section, parts) in &tree {
        let id = doc.new_object_id();
        let children: Vec<ObjectId> = parts.iter().map(|_| doc.new_object_id()).collect();
        for (i, (part, child)) in parts.iter().zip(&children).enumerate() {
            let mut item = entry(part, id, &pages);
            link(&mut item, &children, i);
            doc.objects.insert(*child, Object::Dictionary(item));
        }
        let mut item = entry(section, root, &pages);
        if let (Some(first), Some(last)) = (children.first(), children.last()) {
            item.set("First", *first);
            item.set("Last", *last);
            item.set("Count", children.len() as i64);
        }
        doc.objects.insert(id, Object::Dictionary(item));
        total += 1 + children.len() as i64;
        items.push(id);
    }
    // Siblings of the top level, linked once all exist.
    for (i, id) in items.iter().enumerate() {
        if let Ok(Object::Dictionary(item)) = doc.get_object_mut(*id) {
            link(item, &items, i);
        }
    }
    let mut outlines = dictionary! { "Type" => "Outlines", "Count" => total };
    if let (Some(first), Some(last)) = (items.first(), items.last()) {
        outlines.set("First", *first);
        outlines.set("Last", *last);
    }
    doc.objects.insert(root, Object::Dictionary(outlines));
    let catalog = doc.catalog_mut().map_err(fail)?;
    catalog.set("Outlines", root);
    catalog.set("PageMode", "UseOutlines");
    let mut out = Vec::with_capacity(pdf.len() + 4096);
    doc.save_to(&mut out)
        .map_err(|e| ExportError::Pdf(format!("cannot write the outline: {e}")))?;
    Ok(out)
}

/// An outline item opening the page `mark` starts on, under `parent`.
fn entry(
    mark: &SectionMark,
    parent: ObjectId,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
) -> lopdf::Dictionary {
    let mut item = dictionary! {
        "Title" => text_string(&mark.title),
        "Parent" => parent,
    };
    if let Some(page) = pages.get(&(mark.page as u32 + 1)) {
        item.set("Dest", vec![Object::Reference(*page), "Fit".into()]);
    }
    item
}

/// Links the item at `i` of `siblings` to the ones before and after it.
fn link(item: &mut lopdf::Dictionary, siblings: &[ObjectId], i: usize) {
    if let Some(prev) = i.checked_sub(1).and_then(|p| siblings.get(p)) {
        item.set("Prev", *prev);
    }
    if let Some(next) = siblings.get(i + 1) {
        item.set("Next", *next);
    }
}
