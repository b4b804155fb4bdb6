//! The user's library of column-mapping profiles: one JSON file per profile in `profiles/` of
//! the app's data folder, the same JSON `demarc import --mapping` reads, shared by every
//! engagement the user opens. The engagement keeps its own copies (the store's).

use std::path::{Path, PathBuf};

use demarc_core::imported::MappingProfile;
use serde::Serialize;
use ts_rs::TS;

use crate::{ErrorCode, IpcError};

/// Where a saved profile offered for a file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProfileSource {
    Engagement,
    Library,
}

/// A saved profile that fits the file being imported, as it applies to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OfferedProfile {
    pub profile: MappingProfile,
    pub source: ProfileSource,
}

pub struct Library {
    dir: PathBuf,
}

impl Library {
    pub fn new(data_dir: &Path) -> Library {
        Library {
            dir: data_dir.join("profiles"),
        }
    }

    /// Every profile of the library, by name; a file that is not a profile is left out and
    /// reported on standard error.
    pub fn profiles(&self) -> Vec<MappingProfile> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut profiles: Vec<MappingProfile> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter_map(|p| match demarc_import::load_profile(&p) {
                Ok(mut profile) => {
                    if profile.name.is_none() {
                        profile.name = p.file_stem().map(|s| s.to_string_lossy().into_owned());
                    }
                    Some(profile)
                }
                Err(e) => {
                    eprintln!("demarc: profile library: {e}");
                    None
                }
            })
            .collect();
        profiles.sort_by_key(|p| p.name.clone().unwrap_or_default().to_lowercase());
        profiles
    }

    /// Writes a named profile into the library, replacing the one of the same name.
    pub fn save(&self, profile: &MappingProfile) -> Result<PathBuf, IpcError> {
        let name = profile
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| IpcError::invalid("name", "a saved mapping profile needs a name"))?;
        profile.check()?;
        let io = |e: std::io::Error| {
            IpcError::new(
                ErrorCode::Io,
                format!("the profile library {}: {e}", self.dir.display()),
            )
        };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let path = self.dir.join(format!("{}.json", file_name(name)));
        write_json(&path, profile).map_err(io)?;
        Ok(path)
    }
}

/// A profile as the JSON `demarc import --mapping` reads, written under a temporary name and
/// renamed into place.
pub fn write_json(path: &Path, profile: &MappingProfile) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(profile).map_err(std::io::Error::other)?;
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, text + "\n")?;
    std::fs::rename(&partial, path)
}

/// A file name for a profile's name: letters, digits, spaces, dots, dashes and underscores
/// kept, anything else (a slash included) an underscore; the same name in any case is one file.
fn file_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let kept = kept.trim_matches(['.', ' ']).to_lowercase();
    if kept.is_empty() {
        "profile".to_string()
    } else {
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn names_make_safe_file_names() {
        assert_eq!(file_name("Vendor X / 2025"), "vendor x _ 2025");
        assert_eq!(file_name("../etc"), "_etc");
        assert_eq!(file_name("..."), "profile");
    }
}
