//! What an export writes and how: the files with their names, each made from the same data,
//! written under a temporary name and renamed into place, with progress and a cancel flag
//! checked before each file. The app and the command line run the same plan.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::cover::workbook_manifest;
use crate::xlsx::workbook;

use crate::{
    hex, write_layout, write_oscal, write_oscal_catalog, write_oscal_linked, write_oscal_profile,
    write_pack, write_readiness, ExportData, ExportError, Layout, ManifestEntry, OscalFiles,
    PackOptions, Paper, READINESS_SUFFIX,
};

/// What makes the bytes of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Workbook,
    /// The PDF pack; `readiness` includes the readiness section.
    Pdf {
        paper: Paper,
        readiness: bool,
    },
    Layout(Layout),
    /// The readiness report: the work plan of the open gaps, apart from the pack.
    Readiness {
        paper: Paper,
    },
    /// The profile file the OSCAL plan of the same export imports.
    OscalProfile,
    /// The catalog file that profile imports from.
    OscalCatalog,
}

impl Part {
    /// The pack on `paper`, without the readiness section.
    pub fn pdf(paper: Paper) -> Part {
        Part::Pdf {
            paper,
            readiness: false,
        }
    }

    /// Whether its bytes list other files of the plan (`manifest`): a pack and the workbook.
    fn lists_others(self) -> bool {
        matches!(self, Part::Pdf { .. } | Part::Workbook)
    }

    /// The bytes; a PDF pack lists `manifest`, the other files of its plan, on its cover, and
    /// the workbook those made before it; the OSCAL files name each other as `plan` names them.
    fn bytes(
        self,
        data: &ExportData,
        manifest: &[ManifestEntry],
        plan: &ExportPlan,
    ) -> crate::Result<Vec<u8>> {
        match self {
            Part::Layout(Layout::Oscal) => Ok(match plan.oscal_files() {
                Some(files) => write_oscal_linked(data, &files),
                None => write_oscal(data),
            }),
            Part::OscalProfile => Ok(match plan.oscal_files() {
                Some(files) => write_oscal_profile(data, &files),
                None => Vec::new(),
            }),
            Part::OscalCatalog => Ok(write_oscal_catalog(data)),
            // The packs of the plan list this workbook's hash: it lists theirs by name only.
            Part::Workbook => {
                let packs: Vec<String> = plan
                    .files
                    .iter()
                    .filter(|f| matches!(f.part, Part::Pdf { .. }))
                    .map(|f| file_name(&f.path))
                    .collect();
                workbook(data, &workbook_manifest(manifest, &packs))
            }
            Part::Pdf { paper, readiness } => write_pack(
                data,
                &PackOptions {
                    paper,
                    readiness,
                    manifest: manifest.to_vec(),
                },
            ),
            Part::Layout(layout) => write_layout(data, layout),
            Part::Readiness { paper } => {
                let none = demarc_core::plan::Progress {
                    days: Vec::new(),
                    evidence_due: None,
                    audit_start: data.view.engagement.audit_start,
                };
                write_readiness(data, data.progress.as_ref().unwrap_or(&none), paper)
            }
        }
    }
}

/// One file of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: PathBuf,
    pub part: Part,
}

/// What to do when files of a plan already exist: a pack already sent or signed is never
/// replaced unless asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Existing {
    /// Write nothing and name the files that exist.
    #[default]
    Refuse,
    Replace,
    /// Write every file under a versioned name, `NAME (2).pdf`, one number for the whole plan.
    KeepBoth,
}

/// What a running plan reports.
#[derive(Debug)]
pub enum Step<'a> {
    /// `file` is being made; `done` files of `total` are written.
    Starting {
        done: usize,
        total: usize,
        file: &'a PlannedFile,
    },
    /// `file` is whole under its name.
    Written {
        file: &'a PlannedFile,
        bytes: usize,
        took: Duration,
    },
}

/// What a run wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The files written, in order, each whole.
    pub written: Vec<PathBuf>,
    /// The cancel flag stopped the run before its next file.
    pub cancelled: bool,
}

/// The files of one export, in the order they are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportPlan {
    files: Vec<PlannedFile>,
}

impl ExportPlan {
    /// The files named after `base` (`DIR/NAME.anything`): `NAME.xlsx`, `NAME.pdf` and
    /// `NAME-LAYOUT.EXT` in `DIR`.
    pub fn named_after(
        base: &Path,
        workbook: bool,
        pdf: Option<Paper>,
        layouts: &[Layout],
    ) -> ExportPlan {
        let mut plan = ExportPlan::default();
        if workbook {
            plan.add(base.with_extension("xlsx"), Part::Workbook);
        }
        if let Some(paper) = pdf {
            plan.add(base.with_extension("pdf"), Part::pdf(paper));
        }
        plan.add_layouts(base, layouts);
        plan
    }

    pub fn add(&mut self, path: PathBuf, part: Part) {
        self.files.push(PlannedFile { path, part });
    }

    /// Adds each of `layouts` once, named after `base` as `DIR/NAME-LAYOUT.EXT`.
    pub fn add_layouts(&mut self, base: &Path, layouts: &[Layout]) {
        let stem = base
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for &layout in layouts {
            if self.files.iter().any(|f| f.part == Part::Layout(layout)) {
                continue;
            }
            let name = format!("{stem}-{}.{}", layout.id(), layout.extension());
            self.add(base.with_file_name(name), Part::Layout(layout));
            // The plan's profile and the catalog it imports, as files a tool can fetch.
            if layout == Layout::Oscal {
                let profile = format!("{stem}-oscal-profile.json");
                let catalog = format!("{stem}-oscal-catalog.json");
                self.add(base.with_file_name(profile), Part::OscalProfile);
                self.add(base.with_file_name(catalog), Part::OscalCatalog);
            }
        }
    }

    /// Adds the readiness report named after `base`, `DIR/NAME-readiness.pdf`, once.
    pub fn add_readiness(&mut self, base: &Path, paper: Paper) {
        if self
            .files
            .iter()
            .any(|f| matches!(f.part, Part::Readiness { .. }))
        {
            return;
        }
        let stem = base
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = base.with_file_name(format!("{stem}{READINESS_SUFFIX}"));
        self.add(path, Part::Readiness { paper });
    }

    /// The names of the OSCAL profile and catalog files of the plan, when it writes them.
    fn oscal_files(&self) -> Option<OscalFiles> {
        let name = |part: Part| {
            self.files
                .iter()
                .find(|f| f.part == part)
                .and_then(|f| f.path.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        };
        Some(OscalFiles {
            profile: name(Part::OscalProfile)?,
            catalog: name(Part::OscalCatalog)?,
        })
    }

    /// Whether a file of the plan needs the burn-down (`ExportData::load_progress`).
    pub fn needs_progress(&self) -> bool {
        self.files.iter().any(|f| {
            matches!(
                f.part,
                Part::Readiness { .. }
                    | Part::Pdf {
                        readiness: true,
                        ..
                    }
            )
        })
    }

    /// The files of the plan that already exist, in plan order.
    pub fn existing(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|f| f.path.symlink_metadata().is_ok())
            .map(|f| f.path.clone())
            .collect()
    }

    /// The plan to run when some of its files may exist: unchanged when none does, refused,
    /// replacing them, or with every name versioned by the first number free for all of them.
    pub fn settle(self, existing: Existing) -> crate::Result<ExportPlan> {
        let found = self.existing();
        if found.is_empty() {
            return Ok(self);
        }
        match existing {
            Existing::Refuse => Err(ExportError::Exists(found)),
            Existing::Replace => Ok(self),
            Existing::KeepBoth => Ok((2..)
                .map(|n| self.versioned(n))
                .find(|plan| plan.existing().is_empty())
                .unwrap_or_default()),
        }
    }

    /// Every file named `STEM (n).EXT` instead of `STEM.EXT`.
    fn versioned(&self, n: u32) -> ExportPlan {
        let files = self
            .files
            .iter()
            .map(|f| {
                let stem = f.path.file_stem().unwrap_or_default().to_string_lossy();
                let name = match f.path.extension() {
                    Some(ext) => format!("{stem} ({n}).{}", ext.to_string_lossy()),
                    None => format!("{stem} ({n})"),
                };
                PlannedFile {
                    path: f.path.with_file_name(name),
                    part: f.part,
                }
            })
            .collect();
        ExportPlan { files }
    }

    pub fn files(&self) -> &[PlannedFile] {
        &self.files
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Writes every file from `data`, in plan order, telling `progress` as each starts and as
    /// each is written. A PDF pack lists every other file of the plan with its SHA-256 on its
    /// cover: the files after it are made (not written) before it. When `cancel` is set the run
    /// stops before its next file; the files already written stay. On an error the files
    /// written before it stay too, each whole.
    pub fn run(
        &self,
        data: &ExportData,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(Step<'_>),
    ) -> crate::Result<Outcome> {
        let total = self.files.len();
        let mut written = Vec::with_capacity(total);
        // Bytes made ahead of their turn for a pack's manifest, with the time they took.
        let mut made: Vec<Option<(Vec<u8>, Duration)>> = vec![None; total];
        let mut manifest: Vec<ManifestEntry> = Vec::new();
        for (done, file) in self.files.iter().enumerate() {
            if cancel.load(Ordering::SeqCst) {
                return Ok(Outcome {
                    written,
                    cancelled: true,
                });
            }
            progress(Step::Starting { done, total, file });
            let started = Instant::now();
            let bytes = match (made[done].take(), file.part) {
                (Some((bytes, took)), _) => {
                    write_whole(&file.path, &bytes)?;
                    written.push(file.path.clone());
                    progress(Step::Written {
                        file,
                        bytes: bytes.len(),
                        took: took + started.elapsed(),
                    });
                    continue;
                }
                // A pack lists every other file, the workbook each file but the packs: the
                // files after it that list nothing are made first, then a workbook after a pack.
                (None, part) if part.lists_others() => {
                    let ahead = |other: Part| match part {
                        Part::Workbook => !other.lists_others(),
                        _ => !matches!(other, Part::Pdf { .. }),
                    };
                    let mut order: Vec<usize> = (done + 1..total)
                        .filter(|&later| made[later].is_none() && ahead(self.files[later].part))
                        .collect();
                    order.sort_by_key(|&later| self.files[later].part.lists_others());
                    for later in order {
                        let other = &self.files[later];
                        let started = Instant::now();
                        let bytes = other.part.bytes(data, &manifest, self)?;
                        manifest.push(entry(&other.path, &bytes));
                        made[later] = Some((bytes, started.elapsed()));
                    }
                    let bytes = file.part.bytes(data, &manifest, self)?;
                    if part == Part::Workbook {
                        manifest.push(entry(&file.path, &bytes));
                    }
                    bytes
                }
                (None, part) => {
                    let bytes = part.bytes(data, &[], self)?;
                    manifest.push(entry(&file.path, &bytes));
                    bytes
                }
            };
            write_whole(&file.path, &bytes)?;
            written.push(file.path.clone());
            progress(Step::Written {
                file,
                bytes: bytes.len(),
                took: started.elapsed(),
            });
        }
        Ok(Outcome {
            written,
            cancelled: false,
        })
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file of the export as a manifest names it.
fn entry(path: &Path, bytes: &[u8]) -> ManifestEntry {
    ManifestEntry {
        name: file_name(path),
        sha256: hex(&Sha256::digest(bytes)),
        bytes: bytes.len(),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place
/// once complete and on disk: `path` holds either its earlier content or all of the new.
fn write_whole(path: &Path, bytes: &[u8]) -> crate::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    written.map_err(|source| {
        let _ = std::fs::remove_file(&temp);
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_after_the_base_and_each_layout_comes_once() {
        let plan = ExportPlan::named_after(
            Path::new("/out/acme.v2.demarc"),
            true,
            Some(Paper::Letter),
            &[Layout::Csv, Layout::Oscal, Layout::Csv],
        );
        let names: Vec<(&Path, Part)> = plan
            .files()
            .iter()
            .map(|f| (f.path.as_path(), f.part))
            .collect();
        assert_eq!(
            names,
            [
                (Path::new("/out/acme.v2.xlsx"), Part::Workbook),
                (Path::new("/out/acme.v2.pdf"), Part::pdf(Paper::Letter)),
                (Path::new("/out/acme.v2-csv.csv"), Part::Layout(Layout::Csv)),
                (
                    Path::new("/out/acme.v2-oscal.json"),
                    Part::Layout(Layout::Oscal)
                ),
                (
                    Path::new("/out/acme.v2-oscal-profile.json"),
                    Part::OscalProfile
                ),
                (
                    Path::new("/out/acme.v2-oscal-catalog.json"),
                    Part::OscalCatalog
                ),
            ]
        );
        assert!(ExportPlan::named_after(Path::new("x"), false, None, &[]).is_empty());
    }

    #[test]
    fn existing_files_are_refused_replaced_or_kept_beside_versioned_names() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        let plan = || {
            ExportPlan::named_after(
                &dir.join("acme.demarc"),
                true,
                Some(Paper::A4),
                &[Layout::Csv],
            )
        };
        assert!(plan().existing().is_empty());
        assert_eq!(plan().settle(Existing::Refuse).unwrap(), plan());

        std::fs::write(dir.join("acme.pdf"), "signed").unwrap();
        std::fs::write(dir.join("acme (2).xlsx"), "an earlier copy").unwrap();
        assert_eq!(plan().existing(), [dir.join("acme.pdf")]);
        let err = plan().settle(Existing::Refuse).unwrap_err();
        assert!(matches!(&err, ExportError::Exists(found) if found == &[dir.join("acme.pdf")]));
        assert!(err.to_string().contains("acme.pdf"), "{err}");
        assert_eq!(plan().settle(Existing::Replace).unwrap(), plan());

        // One number for every file, the first none of them has.
        let kept = plan().settle(Existing::KeepBoth).unwrap();
        let names: Vec<PathBuf> = kept.files().iter().map(|f| f.path.clone()).collect();
        assert_eq!(
            names,
            ["acme (3).xlsx", "acme (3).pdf", "acme-csv (3).csv"].map(|n| dir.join(n))
        );
        assert!(kept.existing().is_empty());
        assert_eq!(std::fs::read(dir.join("acme.pdf")).unwrap(), b"signed");
    }

    #[test]
    fn a_failed_write_leaves_neither_the_file_nor_its_temporary() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        std::fs::create_dir(dir.join("taken")).unwrap();
        std::fs::write(dir.join("taken").join("keep"), "x").unwrap();
        let err = write_whole(&dir.join("taken"), b"new").unwrap_err();
        assert!(err.to_string().contains("taken"), "{err}");
        write_whole(&dir.join("fresh"), b"new").unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["fresh", "taken"]);
        assert_eq!(std::fs::read(dir.join("fresh")).unwrap(), b"new");
    }
}
