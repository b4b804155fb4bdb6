#![allow(clippy::unwrap_used)]
//! How the workbook and the spreadsheet layouts print, read from the sheets' page setup: the
//! text at 8 pt or more, every page across holding its columns, titles repeated.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use chrono::NaiveDate;
use demarc_export::{write_layout, write_workbook, ExportData, Layout};
use demarc_store::EngagementFile;

/// The printable width of a Letter page (the narrower of Letter and A4) with half-inch side
/// margins at most, in points at 100 %.
const LANDSCAPE: f64 = (11.0 - 0.8) * 72.0;
const PORTRAIT: f64 = (8.5 - 0.8) * 72.0;

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(tag[start..].split('"').next()?.to_string())
}

/// Every `<name .../>` or `<name ...>` opening tag of `xml`.
fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    xml.match_indices(&open)
        .map(|(i, _)| {
            let rest = &xml[i..];
            &rest[..rest.find('>').unwrap() + 1]
        })
        .collect()
}

struct Sheet {
    name: String,
    xml: String,
    /// The `Print_Titles` defined name: `'Matrix'!$A:$C,'Matrix'!$1:$2`.
    titles: Option<String>,
}

fn sheets(bytes: &[u8]) -> Vec<Sheet> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |path: &str| {
        let mut s = String::new();
        zip.by_name(path).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let book = read("xl/workbook.xml");
    let mut titles: BTreeMap<usize, String> = BTreeMap::new();
    for (i, _) in book.match_indices("<definedName name=\"_xlnm.Print_Titles\"") {
        let rest = &book[i..];
        let tag_end = rest.find('>').unwrap();
        let sheet: usize = attr(&rest[..tag_end], "localSheetId")
            .unwrap()
            .parse()
            .unwrap();
        let value = &rest[tag_end + 1..rest.find("</definedName>").unwrap()];
        titles.insert(sheet, value.replace("&apos;", "'"));
    }
    tags(&book, "sheet")
        .into_iter()
        .enumerate()
        .map(|(i, tag)| Sheet {
            name: attr(tag, "name").unwrap(),
            xml: read(&format!("xl/worksheets/sheet{}.xml", i + 1)),
            titles: titles.get(&i).cloned(),
        })
        .collect()
}

/// Column widths in points at 100 %, from the first column to the last one given a width.
fn widths(xml: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for tag in tags(xml, "col") {
        let min: usize = attr(tag, "min").unwrap().parse().unwrap();
        let max: usize = attr(tag, "max").unwrap().parse().unwrap();
        let width: f64 = attr(tag, "width").unwrap().parse().unwrap();
        if out.len() < max {
            out.resize(max, 48.0);
        }
        for col in min..=max {
            out[col - 1] = width * 7.0 * 0.75;
        }
    }
    out
}

/// The number of columns `A:C` names (`$A:$C` gives 3), from a print titles value.
fn repeated_columns(titles: &str) -> usize {
    // The columns part ends in letters (`$A:$C`); the rows part in digits (`$9:$9`).
    let Some(part) = titles.split(',').find(|p| {
        p.contains(":$")
            && p.rsplit('$')
                .next()
                .is_some_and(|l| l.bytes().all(|b| b.is_ascii_uppercase()))
    }) else {
        return 0;
    };
    let last = part.rsplit('$').next().unwrap();
    last.bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1))
}

/// Checks one sheet; says what is wrong.
fn check(sheet: &Sheet) -> Result<(), String> {
    let name = &sheet.name;
    let setup = tags(&sheet.xml, "pageSetup")
        .first()
        .copied()
        .ok_or(format!("{name}: no page setup"))?;
    let landscape = attr(setup, "orientation").as_deref() == Some("landscape");
    let printable = if landscape { LANDSCAPE } else { PORTRAIT };
    let cols = widths(&sheet.xml);
    let total: f64 = cols.iter().sum();
    let fit = sheet.xml.contains("fitToPage=\"1\"");
    let scale = if fit {
        let wide: f64 = attr(setup, "fitToWidth").map_or(1.0, |w| w.parse().unwrap());
        (printable * wide / total * 100.0).min(100.0)
    } else {
        attr(setup, "scale").map_or(100.0, |s| s.parse().unwrap())
    };
    let points = 11.0 * scale / 100.0;
    if points < 8.0 {
        return Err(format!("{name}: prints at {points:.1} pt ({scale:.0} %)"));
    }
    if name != "Cover" {
        if !landscape {
            return Err(format!("{name}: not landscape"));
        }
        let titles = sheet.titles.as_deref().unwrap_or("");
        let rows_repeated = titles.split(',').any(|p| {
            p.rsplit('!')
                .next()
                .is_some_and(|r| r[1..].starts_with(|c: char| c.is_ascii_digit()))
        });
        if !rows_repeated {
            return Err(format!("{name}: no title rows repeated ({titles:?})"));
        }
        let repeat = repeated_columns(titles);
        let budget = printable * 100.0 / scale;
        let mut breaks: Vec<usize> = tags(&sheet.xml, "brk")
            .into_iter()
            .filter(|_| sheet.xml.contains("<colBreaks"))
            .map(|t| attr(t, "id").unwrap().parse().unwrap())
            .collect();
        breaks.push(cols.len());
        let mut start = 0;
        for end in breaks {
            let again: f64 = if start == 0 {
                0.0
            } else {
                cols[..repeat].iter().sum()
            };
            let page: f64 = again + cols[start..end].iter().sum::<f64>();
            if page > budget + 0.5 {
                return Err(format!(
                    "{name}: columns {start}..{end} need {page:.0} pt of {budget:.0}"
                ));
            }
            start = end;
        }
    }
    Ok(())
}

fn demo(dir: &std::path::Path) -> ExportData {
    let path = dir.join("demo.demarc");
    drop(demarc_store::write_demo(&path).unwrap());
    let file = EngagementFile::open_for_reading(&path).unwrap();
    let at = NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    ExportData::load(&file, at).unwrap()
}

#[test]
fn every_sheet_prints_at_eight_points_or_more_with_its_titles() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let mut books = vec![("workbook".to_string(), write_workbook(&data).unwrap())];
    for layout in Layout::ALL.into_iter().filter(|l| l.extension() == "xlsx") {
        if let Ok(bytes) = write_layout(&data, layout) {
            books.push((layout.id().to_string(), bytes));
        }
    }
    let mut problems = Vec::new();
    for (book, bytes) in &books {
        for sheet in sheets(bytes) {
            if let Err(why) = check(&sheet) {
                problems.push(format!("{book}: {why}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_fedramp_crm_sheets_print_at_eight_points_or_more() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo(dir.path()));
    let mut file = EngagementFile::open(&dir.path().join("demo.demarc")).unwrap();
    file.add_engagement_framework(demarc_core::Framework::Fedramp, "Test")
        .unwrap();
    let at = NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let data = ExportData::load(&file, at).unwrap();
    let bytes = write_layout(&data, Layout::FedrampCrm).unwrap();
    let sheets = sheets(&bytes);
    assert_eq!(sheets.len(), 2);
    for sheet in &sheets {
        assert_eq!(check(sheet), Ok(()));
    }
}

#[test]
fn the_matrix_prints_on_two_pages_across_with_its_keys_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let sheets = sheets(&write_workbook(&data).unwrap());
    let matrix = sheets.iter().find(|s| s.name == "Matrix").unwrap();
    let breaks = tags(&matrix.xml, "brk");
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    let titles = matrix.titles.as_deref().unwrap();
    assert_eq!(repeated_columns(titles), 3, "{titles}");
}

#[test]
fn the_soc2_cuec_sheets_print_one_page_across_even_in_a_wider_font() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let bytes = write_layout(&data, Layout::Soc2Cuec).unwrap();
    for sheet in sheets(&bytes) {
        let name = &sheet.name;
        assert!(
            !sheet.xml.contains("<colBreaks"),
            "{name}: split across pages"
        );
        // Fitted to one page across, so that LibreOffice without Calibri (laying the sheet out
        // in the wider DejaVu Sans) shrinks it rather than spilling columns onto more pages;
        // in Calibri the text stays at 8 pt or more (`check`).
        let setup = tags(&sheet.xml, "pageSetup")[0];
        assert!(sheet.xml.contains("fitToPage=\"1\""), "{name}: not fitted");
        assert_eq!(
            attr(setup, "fitToWidth").as_deref().unwrap_or("1"),
            "1",
            "{name}"
        );
        assert_eq!(attr(setup, "fitToHeight").as_deref(), Some("0"), "{name}");
        check(&sheet).unwrap();
    }
}

/// The width of `word` in DejaVu Sans Bold at 11 pt, in points: the font LibreOffice falls
/// back to without Calibri, wider than Calibri's bold.
fn bold_width(word: &str) -> f64 {
    static FONT: std::sync::OnceLock<printpdf::ParsedFont> = std::sync::OnceLock::new();
    let font = FONT.get_or_init(|| {
        let bytes = include_bytes!("../assets/DejaVuSans-Bold.ttf");
        printpdf::ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).unwrap()
    });
    let em = f64::from(font.pdf_font_metrics.units_per_em);
    word.chars()
        .map(|c| {
            let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
            f64::from(font.get_horizontal_advance(gid)) / em * 11.0
        })
        .sum()
}

/// The shared strings of a workbook, in order.
fn shared_strings(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let Ok(mut file) = zip.by_name("xl/sharedStrings.xml") else {
        return Vec::new();
    };
    let mut xml = String::new();
    file.read_to_string(&mut xml).unwrap();
    xml.split("<si>")
        .skip(1)
        .map(|si| {
            let si = si.split("</si>").next().unwrap();
            si.split("<t")
                .skip(1)
                .map(|t| {
                    let t = &t[t.find('>').unwrap() + 1..];
                    t.split("</t>").next().unwrap()
                })
                .collect::<String>()
                .replace("&apos;", "'")
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .collect()
}

/// The column of a cell reference (`C2` gives 2, from 0).
fn column_of(reference: &str) -> usize {
    reference
        .bytes()
        .take_while(u8::is_ascii_uppercase)
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1))
        - 1
}

#[test]
fn no_header_label_wraps_inside_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.demarc");
    let mut file = demarc_store::write_demo(&path).unwrap();
    // FedRAMP in scope too, so that its CRM is written.
    file.add_engagement_framework(demarc_core::Framework::Fedramp, "Test")
        .unwrap();
    drop(file);
    let file = EngagementFile::open_for_reading(&path).unwrap();
    let at = NaiveDate::from_ymd_opt(2027, 1, 15)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let data = ExportData::load(&file, at).unwrap();
    let mut books = vec![("workbook".to_string(), write_workbook(&data).unwrap())];
    for layout in Layout::ALL.into_iter().filter(|l| l.extension() == "xlsx") {
        books.push((
            layout.id().to_string(),
            write_layout(&data, layout).unwrap(),
        ));
    }
    let mut problems = Vec::new();
    for (book, bytes) in &books {
        let strings = shared_strings(bytes);
        for sheet in sheets(bytes) {
            // The header is the last frozen row.
            let Some(header) = tags(&sheet.xml, "pane")
                .first()
                .and_then(|p| attr(p, "ySplit"))
            else {
                continue;
            };
            let mut cols: Vec<f64> = Vec::new();
            for tag in tags(&sheet.xml, "col") {
                let min: usize = attr(tag, "min").unwrap().parse().unwrap();
                let max: usize = attr(tag, "max").unwrap().parse().unwrap();
                let width: f64 = attr(tag, "width").unwrap().parse().unwrap();
                if cols.len() < max {
                    cols.resize(max, 8.43);
                }
                cols[min - 1..max].fill(width);
            }
            let row = format!("<row r=\"{header}\"");
            let Some(start) = sheet.xml.find(&row) else {
                continue;
            };
            let row_xml = &sheet.xml[start..];
            let row_xml = &row_xml[..row_xml.find("</row>").unwrap()];
            for cell in row_xml.split("<c ").skip(1) {
                let tag = &cell[..cell.find('>').unwrap()];
                if attr(&format!(" {tag}"), "t").as_deref() != Some("s") {
                    continue;
                }
                let index: usize = cell
                    .split("<v>")
                    .nth(1)
                    .unwrap()
                    .split("</v>")
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                let reference = attr(&format!(" {tag}"), "r").unwrap();
                let col = column_of(&reference);
                // A column `width` characters wide, less a character of padding, in digits of
                // the fallback font (7 pt at 11 pt).
                let room = (cols.get(col).copied().unwrap_or(8.43) - 1.0) * 7.0;
                for word in strings[index].split_whitespace() {
                    let need = bold_width(word);
                    if need > room {
                        problems.push(format!(
                            "{book} / {} / {reference}: {word:?} needs {need:.0} pt of {room:.0}",
                            sheet.name
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every table sheet names the engagement's paper, so a spreadsheet prints it on the paper its
/// page breaks were made for, as the PDF pack does, rather than on the program's own default.
#[test]
fn every_table_sheet_names_the_engagements_paper() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = demo(dir.path());
    for (locale, code) in [
        (data.view.engagement.locale.clone(), "9"),
        ("en-US".into(), "1"),
    ] {
        data.view.engagement.locale = locale.clone();
        let mut books = vec![write_workbook(&data).unwrap()];
        books.extend(
            Layout::ALL
                .into_iter()
                .filter(|l| l.extension() == "xlsx")
                .filter_map(|l| write_layout(&data, l).ok()),
        );
        for bytes in &books {
            for sheet in sheets(bytes).iter().filter(|s| s.name != "Cover") {
                let setup = tags(&sheet.xml, "pageSetup");
                let paper = setup.first().and_then(|t| attr(t, "paperSize"));
                assert_eq!(paper.as_deref(), Some(code), "{locale}: {}", sheet.name);
            }
        }
    }
}
