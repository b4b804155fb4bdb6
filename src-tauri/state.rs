//! The open engagement and the operations on it, free of Tauri so that tests can drive them.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use demarc_core::{
    Decision, Engagement, EngagementView, Layer, NewService, Ownership, Service, ServiceModel,
};
use demarc_store::EngagementFile;
use serde::Serialize;
use ts_rs::TS;

use crate::{ErrorCode, IpcError};

type Result<T> = std::result::Result<T, IpcError>;

/// The engagement open in the window, with the path of its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Opened {
    pub path: String,
    pub view: EngagementView,
}

pub struct AppState {
    file: Mutex<EngagementFile>,
    data_dir: PathBuf,
    who: String,
}

const LAST_OPENED: &str = "last-opened";

impl AppState {
    /// Opens `requested`, else the file opened last, else the demo engagement in `data_dir`
    /// (written there on first start).
    pub fn start(data_dir: &Path, requested: Option<&Path>) -> Result<AppState> {
        std::fs::create_dir_all(data_dir).map_err(|e| io(data_dir, e))?;
        let last = std::fs::read_to_string(data_dir.join(LAST_OPENED))
            .ok()
            .map(|p| PathBuf::from(p.trim()))
            .filter(|p| p.exists());
        let demo = data_dir.join("demo.demarc");
        // A file asked for by name must open; the one remembered from last time may have
        // moved on (a newer Demarc wrote it, say), and then the demo opens instead.
        let remembered = match last {
            Some(path) if requested.is_none() => match EngagementFile::open(&path) {
                Ok(file) => Some(file),
                Err(e) => {
                    eprintln!("demarc: {e}; opening the demo engagement instead");
                    None
                }
            },
            _ => None,
        };
        let file = match (requested, remembered) {
            (Some(path), _) => EngagementFile::open(path)?,
            (None, Some(file)) => file,
            (None, None) if demo.exists() => EngagementFile::open(&demo)?,
            (None, None) => demarc_store::write_demo(&demo)?,
        };
        let who = std::env::var("DEMARC_USER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "unknown".into());
        let state = AppState {
            file: Mutex::new(file),
            data_dir: data_dir.to_path_buf(),
            who,
        };
        state.remember()?;
        Ok(state)
    }

    pub fn current(&self) -> Result<Opened> {
        let file = self.lock()?;
        Ok(Opened {
            path: file.path().display().to_string(),
            view: file.view()?,
        })
    }

    pub fn open(&self, path: &Path) -> Result<Opened> {
        self.replace(EngagementFile::open(path)?)
    }

    pub fn create(&self, path: &Path, client: &str) -> Result<Opened> {
        self.replace(EngagementFile::create(path, &Engagement::new(client))?)
    }

    pub fn save_as(&self, path: &Path) -> Result<Opened> {
        let copy = self.lock()?.save_as(path)?;
        self.replace(copy)
    }

    pub fn add_service(&self, service: &NewService) -> Result<Service> {
        Ok(self.lock()?.add_service(service, &self.who)?)
    }

    pub fn set_layer_owner(
        &self,
        service_id: i64,
        layer: Layer,
        owner: Ownership,
        reason: &str,
    ) -> Result<Service> {
        Ok(self
            .lock()?
            .set_layer_owner(service_id, layer, owner, reason, &self.who)?)
    }

    pub fn reset_layer(&self, service_id: i64, layer: Layer, reason: &str) -> Result<Service> {
        Ok(self
            .lock()?
            .reset_layer(service_id, layer, reason, &self.who)?)
    }

    pub fn set_service_model(
        &self,
        service_id: i64,
        model: ServiceModel,
        reason: &str,
    ) -> Result<Service> {
        Ok(self
            .lock()?
            .set_service_model(service_id, model, reason, &self.who)?)
    }

    pub fn decision_log(&self) -> Result<Vec<Decision>> {
        Ok(self.lock()?.decisions()?)
    }

    fn replace(&self, file: EngagementFile) -> Result<Opened> {
        *self.lock()? = file;
        self.remember()?;
        self.current()
    }

    /// Records the open file so that the next start reopens it.
    fn remember(&self) -> Result<()> {
        let path = self.lock()?.path().to_path_buf();
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        let target = self.data_dir.join(LAST_OPENED);
        std::fs::write(&target, path.display().to_string()).map_err(|e| io(&target, e))
    }

    fn lock(&self) -> Result<MutexGuard<'_, EngagementFile>> {
        self.file
            .lock()
            .map_err(|_| IpcError::new(ErrorCode::Internal, "an earlier command failed midway"))
    }
}

fn io(path: &Path, e: std::io::Error) -> IpcError {
    IpcError::new(ErrorCode::Io, format!("{}: {e}", path.display()))
}
