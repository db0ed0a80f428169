//! The SQLite store's photos as files beside the database (`<database>-photos/`), each named
//! by the SHA-256 of its bytes (`ab/abcd…`, 256 folders), so the same photo is kept once.
//!
//! A photo's file is on disk before its row: written to a temporary file in the folder,
//! fsynced, renamed into place and its folders fsynced, all while the store holds SQLite's
//! write lock, and the row is committed after. A crash between the two leaves a file no row
//! names, which [`PhotoFiles::sweep`] removes; a row never names a file that is not there.
//! The sweep runs under the same write lock, so it never takes a file a commit is about to
//! name, whichever process on the database holds the lock.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::secret::sha256_hex;

/// Temporary files start so: never a photo's name.
const TEMPORARY: &str = ".tmp-";

/// A temporary file this old belongs to no write in progress: a crash left it.
const ABANDONED_AFTER: Duration = Duration::from_secs(3600);

/// The folder of a store's photo files.
#[derive(Debug, Clone)]
pub(super) struct PhotoFiles {
    dir: PathBuf,
}

/// Whether `name` is one a photo file is given: 64 lower-case hex digits.
fn is_photo_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// fsync folder `dir`, so the names written in it are on disk.
fn sync_folder(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

impl PhotoFiles {
    /// The photo folder of the database at `database`: `<database>-photos`, beside it.
    pub(super) fn beside(database: &Path) -> Self {
        let mut name = database.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
        name.push("-photos");
        Self { dir: database.with_file_name(name) }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name.get(..2).unwrap_or("00")).join(name)
    }

    /// Put `bytes` on disk under their name (returned), durably, replacing a file of that
    /// name (which holds the same bytes) atomically.
    ///
    /// # Errors
    /// When the folder or the file cannot be written.
    pub(super) fn keep(&self, bytes: &[u8]) -> io::Result<String> {
        let name = sha256_hex(bytes);
        let path = self.path(&name);
        let folder = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder)?;
        let mut file = tempfile::Builder::new().prefix(TEMPORARY).tempfile_in(&self.dir)?;
        file.write_all(bytes)?;
        file.as_file().sync_all()?;
        file.persist(&path).map_err(|e| e.error)?;
        sync_folder(folder)?;
        sync_folder(&self.dir)?;
        Ok(name)
    }

    /// The bytes of the file named `name`.
    ///
    /// # Errors
    /// When it cannot be read (a row names only files that were on disk).
    pub(super) fn read(&self, name: &str) -> io::Result<Vec<u8>> {
        if !is_photo_name(name) {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{name:?} is not a photo file's name")));
        }
        fs::read(self.path(name))
    }

    /// Remove the photo files whose names are not in `named`, and temporary files abandoned
    /// before `now`; anything else in the folder is left alone. Run it with the write lock
    /// held and `named` read under it. Returns how many files went.
    ///
    /// # Errors
    /// When the folder cannot be read or a file removed.
    pub(super) fn sweep(&self, named: &HashSet<String>, now: SystemTime) -> io::Result<usize> {
        let top = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for entry in top {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type()?;
            if kind.is_file() && name.starts_with(TEMPORARY) {
                let age = now.duration_since(entry.metadata()?.modified()?).unwrap_or_default();
                if age > ABANDONED_AFTER {
                    fs::remove_file(entry.path())?;
                    removed += 1;
                }
            } else if kind.is_dir() && name.len() == 2 {
                for file in fs::read_dir(entry.path())? {
                    let file = file?;
                    let photo = file.file_name().to_string_lossy().into_owned();
                    if file.file_type()?.is_file() && is_photo_name(&photo) && !named.contains(&photo) {
                        fs::remove_file(file.path())?;
                        removed += 1;
                    }
                }
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_named_after_the_database_beside_it() {
        let files = PhotoFiles::beside(Path::new("/var/lib/helpdesk/helpdesk.db"));
        assert_eq!(files.dir, Path::new("/var/lib/helpdesk/helpdesk.db-photos"));
    }

    #[test]
    fn only_names_of_64_hex_digits_are_read() {
        let files = PhotoFiles::beside(Path::new("/nonexistent/x.db"));
        for name in ["../../etc/passwd", "", &"A".repeat(64), &"0".repeat(63)] {
            assert_eq!(files.read(name).map_err(|e| e.kind()), Err(io::ErrorKind::InvalidData), "{name}");
        }
    }
}
