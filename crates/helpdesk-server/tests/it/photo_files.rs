//! The SQLite store keeps photos as files beside its database: one per distinct photo, named
//! by its SHA-256, on disk before the row that names it; what no row names is removed when
//! the store opens; a photo whose file cannot be written is not attached; photos an older
//! version kept in the database are still served.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use helpdesk_server::store::{Attached, Created, NewPhoto, SqliteStore, Store};

use crate::conformance::{new_ticket, noon, policy, seed};

fn photo(fill: u8) -> NewPhoto {
    NewPhoto { content_type: "image/jpeg".into(), bytes: vec![fill; 1000], width: 10, height: 20, deliver_as: None }
}

/// The store at `<dir>/helpdesk.db` with service 101 and a ticket of it.
async fn store_with_ticket(dir: &Path) -> (Store, u64) {
    let store = Store::new(SqliteStore::open(&dir.join("helpdesk.db")).expect("store"));
    seed(&store, 1, 1).await;
    let Created::Ticket(t) = store.create_ticket(new_ticket(101, "foto"), policy(10, 0), None).await.expect("create")
    else {
        panic!("not created")
    };
    (store, t.id)
}

/// Every file under `dir`, sorted.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.map(|e| e.expect("entry").path()) {
        if entry.is_dir() {
            found.extend(files_in(&entry));
        } else {
            found.push(entry);
        }
    }
    found.sort();
    found
}

fn photo_dir(dir: &Path) -> PathBuf {
    dir.join("helpdesk.db-photos")
}

#[tokio::test]
async fn photos_are_files_named_by_their_digest_and_their_rows_keep_no_bytes() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, ticket) = store_with_ticket(dir.path()).await;
    let Attached::Stored(stored) =
        store.attach_photos(ticket, vec![photo(1), photo(1), photo(2)], 12, noon()).await.expect("attach")
    else {
        panic!("refused")
    };
    let digest = helpdesk_server::secret::sha256_hex(&[1; 1000]);
    let files = files_in(&photo_dir(dir.path()));
    assert_eq!(files.len(), 2, "the same photo twice is one file: {files:?}");
    let first = photo_dir(dir.path()).join(&digest[..2]).join(&digest);
    assert_eq!(fs::read(&first).expect("the first photo's file"), vec![1; 1000]);
    let rows = rusqlite::Connection::open(dir.path().join("helpdesk.db")).expect("db");
    let (in_row, named, size): (i64, String, i64) = rows
        .query_row("SELECT length(bytes), file, size FROM photos WHERE id = ?1", [stored[0].id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("row");
    assert_eq!((in_row, named.as_str(), size), (0, digest.as_str(), 1000));
    for (p, fill) in stored.iter().zip([1, 1, 2]) {
        let (described, bytes) = store.photo(ticket, p.id).await.expect("photo").expect("there");
        assert_eq!((described.size, bytes), (1000, vec![fill; 1000]), "photo {}", p.id);
    }
    assert_eq!(
        store.attach_photos(ticket, vec![photo(3); 10], 12, noon()).await.expect("attach"),
        Attached::TooMany { max: 12 }
    );
    assert_eq!(files_in(&photo_dir(dir.path())).len(), 2, "a refused photo leaves no file");
}

#[tokio::test]
async fn what_no_photo_names_is_removed_on_opening_and_nothing_else() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, ticket) = store_with_ticket(dir.path()).await;
    let Attached::Stored(stored) = store.attach_photos(ticket, vec![photo(4)], 12, noon()).await.expect("attach")
    else {
        panic!("refused")
    };
    drop(store);
    // What a crash leaves: a file renamed into place whose row never committed, and a
    // temporary file never renamed; beside them a fresh temporary file (another process's
    // write in progress) and a file the store did not make.
    let photos = photo_dir(dir.path());
    let orphan = photos.join("ff").join("f".repeat(64));
    fs::create_dir_all(orphan.parent().expect("folder")).expect("folder");
    fs::write(&orphan, b"left by a crash").expect("orphan");
    let abandoned = photos.join(".tmp-abandoned");
    fs::write(&abandoned, b"half").expect("temporary");
    let two_hours_ago = SystemTime::now() - Duration::from_secs(7200);
    fs::File::options().write(true).open(&abandoned).expect("open").set_modified(two_hours_ago).expect("age");
    let in_progress = photos.join(".tmp-in-progress");
    fs::write(&in_progress, b"being written").expect("temporary");
    let foreign = photos.join("NOTES.txt");
    fs::write(&foreign, b"the operator's").expect("foreign");
    let before = files_in(&photos).len();

    let store = Store::new(SqliteStore::open(&dir.path().join("helpdesk.db")).expect("reopened"));
    assert!(!orphan.exists(), "the file no photo names is gone");
    assert!(!abandoned.exists(), "the abandoned temporary file is gone");
    assert!(in_progress.exists() && foreign.exists(), "a write in progress and a foreign file stay");
    assert_eq!(files_in(&photos).len(), before - 2);
    let (_, bytes) = store.photo(ticket, stored[0].id).await.expect("photo").expect("there");
    assert_eq!(bytes, vec![4; 1000], "the named photo stays");
}

#[tokio::test]
async fn a_photo_whose_file_cannot_be_written_is_not_attached() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, ticket) = store_with_ticket(dir.path()).await;
    // The photo folder's place is taken by a file: no photo file can be written.
    fs::write(photo_dir(dir.path()), b"in the way").expect("block");
    assert!(store.attach_photos(ticket, vec![photo(5), photo(6)], 12, noon()).await.is_err());
    assert!(store.photos(ticket).await.expect("list").is_empty(), "no row without its file");
    fs::remove_file(photo_dir(dir.path())).expect("unblock");
    let Attached::Stored(stored) =
        store.attach_photos(ticket, vec![photo(5), photo(6)], 12, noon()).await.expect("attach")
    else {
        panic!("refused")
    };
    assert_eq!(stored.len(), 2, "the same photos, once the folder can be written");
}

#[tokio::test]
async fn photos_an_older_version_kept_in_the_database_are_still_served() {
    let dir = tempfile::tempdir().expect("dir");
    let (store, ticket) = store_with_ticket(dir.path()).await;
    drop(store);
    {
        // As version 11 left a database: photos' bytes in their rows.
        let c = rusqlite::Connection::open(dir.path().join("helpdesk.db")).expect("db");
        c.execute_batch(
            "DROP INDEX photos_by_file;
             ALTER TABLE photos DROP COLUMN file;
             ALTER TABLE photos DROP COLUMN size;
             PRAGMA user_version = 11;",
        )
        .expect("version 11");
        c.execute(
            "INSERT INTO photos (ticket_id, content_type, bytes, width, height, added_at)
             VALUES (?1, 'image/png', ?2, 3, 4, '2026-02-26 12:00:00')",
            rusqlite::params![i64::try_from(ticket).expect("id"), vec![9_u8; 321]],
        )
        .expect("an old photo");
    }
    let store = Store::new(SqliteStore::open(&dir.path().join("helpdesk.db")).expect("upgraded"));
    let listed = store.photos(ticket).await.expect("list");
    assert_eq!((listed.len(), listed[0].size), (1, 321), "its size is known after the upgrade");
    let (_, bytes) = store.photo(ticket, listed[0].id).await.expect("photo").expect("there");
    assert_eq!(bytes, vec![9; 321]);
    assert!(files_in(&photo_dir(dir.path())).is_empty(), "it stays in the database");
}
