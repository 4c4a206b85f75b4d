//! Compacting a closed store on every core.
//!
//! Oxigraph's `Store::optimize` compacts the store's column families one
//! after another, each on one thread: 34–38 s on one of two cores for the
//! 4.3 GB store of 10 000 documents. RocksDB can split a compaction between
//! threads (`max_subcompactions`) and run compactions of several column
//! families at once (`max_background_jobs`), but Oxigraph's API sets
//! neither.
//!
//! So the store, closed by the caller, is reopened here through the RocksDB
//! that Oxigraph links (`oxrocksdb-sys`, pinned to Oxigraph's version), with
//! the options RocksDB recorded in the store's OPTIONS file when Oxigraph
//! last opened it (comparators, prefix extractors, table formats: the
//! store's own), plus those two, and its column families are compacted, the
//! largest first, one per core at a time: 19–23 s for the same store. It is
//! RocksDB's offline compaction, as its `ldb compact` tool does it: the
//! files are rewritten, what the store holds is not.

use std::ffi::{c_char, CStr, CString};
use std::path::Path;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{anyhow, Result};
use oxrocksdb_sys::*;

/// Compacts the RocksDB database at `path`, which no handle may hold open,
/// on `threads` threads.
pub fn compact(path: &Path, threads: usize) -> Result<()> {
    let threads = threads.max(1);
    let path = path_to_c(path)?;
    let env = Env::default_env()?;
    let cache = Cache::lru(32 << 20)?;
    let options = LoadedOptions::load(&path, &env, &cache)?;
    let db = options.open(&path, threads)?;
    let order = db.largest_first();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(order.len()) {
            scope.spawn(|| {
                let compaction = CompactionOptions::new();
                while let Some(&family) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    db.compact_family(family, &compaction);
                }
            });
        }
    });
    Ok(())
}

#[cfg(unix)]
fn path_to_c(path: &Path) -> Result<CString> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| anyhow!("the store path {} holds a NUL byte", path.display()))
}

#[cfg(not(unix))]
fn path_to_c(path: &Path) -> Result<CString> {
    let text = path
        .to_str()
        .ok_or_else(|| anyhow!("the store path {} is not UTF-8", path.display()))?;
    CString::new(text).map_err(|_| anyhow!("the store path {} holds a NUL byte", path.display()))
}

/// Turns RocksDB's error out-parameter into a `Result`, freeing the message.
fn check(error: *mut c_char) -> Result<()> {
    if error.is_null() {
        return Ok(());
    }
    // SAFETY: RocksDB sets `error` to a NUL-terminated string it allocated
    // (strdup), which we own and free once copied.
    let message = unsafe { CStr::from_ptr(error) }
        .to_string_lossy()
        .into_owned();
    unsafe { rocksdb_free(error.cast()) };
    Err(anyhow!(message))
}

fn non_null<T>(pointer: *mut T, what: &str) -> Result<*mut T> {
    if pointer.is_null() {
        Err(anyhow!("RocksDB could not create {what}"))
    } else {
        Ok(pointer)
    }
}

/// RocksDB's default environment (files, background threads).
struct Env(*mut rocksdb_env_t);

impl Env {
    fn default_env() -> Result<Env> {
        // SAFETY: no arguments; the result is checked.
        non_null(unsafe { rocksdb_create_default_env() }, "an environment").map(Env)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        // SAFETY: created above, destroyed once, after the database that
        // used it is closed (dropped first: declared later).
        unsafe { rocksdb_env_destroy(self.0) }
    }
}

/// The block cache the reopened store reads through.
struct Cache(*mut rocksdb_cache_t);

impl Cache {
    fn lru(bytes: usize) -> Result<Cache> {
        // SAFETY: plain value argument; the result is checked.
        non_null(unsafe { rocksdb_cache_create_lru(bytes) }, "a block cache").map(Cache)
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        // SAFETY: created above, destroyed once; RocksDB's tables hold the
        // cache by a shared pointer of their own.
        unsafe { rocksdb_cache_destroy(self.0) }
    }
}

/// The database and column family options of the store's OPTIONS file.
struct LoadedOptions {
    database: *mut rocksdb_options_t,
    names: *mut *mut c_char,
    families: *mut *mut rocksdb_options_t,
    count: usize,
}

impl LoadedOptions {
    fn load(path: &CStr, env: &Env, cache: &Cache) -> Result<LoadedOptions> {
        let mut loaded = LoadedOptions {
            database: ptr::null_mut(),
            names: ptr::null_mut(),
            families: ptr::null_mut(),
            count: 0,
        };
        let mut error = ptr::null_mut();
        // SAFETY: valid path, environment and cache; the out-parameters are
        // set on success, left null on failure (and destroyed by Drop).
        unsafe {
            rocksdb_load_latest_options(
                path.as_ptr(),
                env.0,
                false,
                cache.0,
                &mut loaded.database,
                &mut loaded.count,
                &mut loaded.names,
                &mut loaded.families,
                &mut error,
            )
        };
        check(error).map_err(|e| anyhow!("cannot read the store's RocksDB options: {e}"))?;
        non_null(loaded.database, "the store's options")?;
        Ok(loaded)
    }

    /// Opens the database with these options, compactions split on
    /// `threads` threads.
    fn open(&self, path: &CStr, threads: usize) -> Result<Database> {
        let threads_c = i32::try_from(threads).unwrap_or(i32::MAX);
        let count = i32::try_from(self.count).map_err(|_| anyhow!("too many column families"))?;
        let mut handles = vec![ptr::null_mut(); self.count];
        let mut error = ptr::null_mut();
        // SAFETY: the options, names and column family options come from
        // `rocksdb_load_latest_options` (`count` of each); `handles` has room
        // for `count` handles.
        let db = unsafe {
            rocksdb_options_increase_parallelism(self.database, threads_c);
            // Room for a compaction per thread: RocksDB keeps a quarter of
            // its background jobs (at least one) for flushes.
            rocksdb_options_set_max_background_jobs(self.database, threads_c.saturating_mul(2));
            rocksdb_options_set_max_subcompactions(
                self.database,
                u32::try_from(threads).unwrap_or(u32::MAX),
            );
            rocksdb_options_set_create_if_missing(self.database, 0);
            rocksdb_open_column_families(
                self.database,
                path.as_ptr(),
                count,
                self.names.cast_const().cast(),
                self.families.cast_const().cast(),
                handles.as_mut_ptr(),
                &mut error,
            )
        };
        check(error)?;
        let db = non_null(db, "the database")?;
        Ok(Database { db, handles })
    }
}

impl Drop for LoadedOptions {
    fn drop(&mut self) {
        // SAFETY: what `rocksdb_load_latest_options` allocated (or nulls,
        // which the function accepts), destroyed once, after the database
        // that used them is closed.
        unsafe {
            rocksdb_load_latest_options_destroy(
                self.database,
                self.names,
                self.families,
                self.count,
            )
        }
    }
}

/// An open database and its column families.
struct Database {
    db: *mut rocksdb_t,
    handles: Vec<*mut rocksdb_column_family_handle_t>,
}

// SAFETY: a RocksDB database and its column family handles may be used from
// several threads at once ("concurrent access from multiple threads is safe
// without any external synchronization", rocksdb/db.h); `Database` only
// closes them in Drop, which takes it by exclusive reference.
unsafe impl Send for Database {}
unsafe impl Sync for Database {}

impl Database {
    /// Column family indexes, the largest on disk first: it takes longest,
    /// so it starts first and the threads end together.
    fn largest_first(&self) -> Vec<usize> {
        let property = c"rocksdb.total-sst-files-size";
        let mut sized: Vec<(u64, usize)> = (0..self.handles.len())
            .map(|i| {
                let mut size = 0u64;
                // SAFETY: open database, one of its handles, a NUL-terminated
                // property name, a valid out-parameter.
                let found = unsafe {
                    rocksdb_property_int_cf(self.db, self.handles[i], property.as_ptr(), &mut size)
                };
                (if found == 0 { size } else { 0 }, i)
            })
            .collect();
        sized.sort_by(|a, b| b.cmp(a));
        sized.into_iter().map(|(_, i)| i).collect()
    }

    /// Compacts the whole key range of one column family and waits for it.
    fn compact_family(&self, family: usize, options: &CompactionOptions) {
        let Some(&handle) = self.handles.get(family) else {
            return;
        };
        // SAFETY: open database, one of its handles, options made for this
        // thread; null bounds mean the whole key range. RocksDB's C API
        // reports no error here (Oxigraph's `optimize` does the same call).
        unsafe {
            rocksdb_compact_range_cf_opt(self.db, handle, options.0, ptr::null(), 0, ptr::null(), 0)
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        // SAFETY: the handles and the database were opened together and are
        // released once, handles first, after every compaction returned
        // (the scoped threads are joined before `compact` returns).
        unsafe {
            for &handle in &self.handles {
                if !handle.is_null() {
                    rocksdb_column_family_handle_destroy(handle);
                }
            }
            rocksdb_close(self.db);
        }
    }
}

/// Options of one manual compaction: not exclusive, so that the column
/// families are compacted side by side.
struct CompactionOptions(*mut rocksdb_compactoptions_t);

impl CompactionOptions {
    fn new() -> CompactionOptions {
        // SAFETY: no arguments; RocksDB's C API allocates with `new`, which
        // aborts rather than return null.
        let options = unsafe { rocksdb_compactoptions_create() };
        unsafe { rocksdb_compactoptions_set_exclusive_manual_compaction(options, 0) };
        CompactionOptions(options)
    }
}

impl Drop for CompactionOptions {
    fn drop(&mut self) {
        // SAFETY: created above, destroyed once.
        unsafe { rocksdb_compactoptions_destroy(self.0) }
    }
}
