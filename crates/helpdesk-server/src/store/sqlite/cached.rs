//! Statements prepared once per connection: `execute` and `query_row` through rusqlite's
//! statement cache, so a busy store parses and plans each statement once, not once per call.

use rusqlite::{Connection, Params, Row};

/// How many prepared statements a connection keeps (every statement the store runs, with
/// room to spare, so none is evicted and parsed again).
pub(super) const CAPACITY: usize = 256;

/// `execute` and `query_row` on cached statements.
pub(super) trait Cached {
    /// [`Connection::execute`], prepared once.
    fn execute_cached<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;

    /// [`Connection::query_row`], prepared once.
    fn query_row_cached<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn execute_cached<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn query_row_cached<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_statements_answer_like_uncached_ones() {
        let c = Connection::open_in_memory().expect("connection");
        c.execute_batch("CREATE TABLE t (n INTEGER)").expect("table");
        for n in 0..3 {
            assert_eq!(c.execute_cached("INSERT INTO t (n) VALUES (?1)", [n]).expect("insert"), 1);
        }
        let sum: i64 = c.query_row_cached("SELECT SUM(n) FROM t", [], |r| r.get(0)).expect("sum");
        assert_eq!(sum, 3);
        assert_eq!(sum, c.query_row("SELECT SUM(n) FROM t", [], |r| r.get::<_, i64>(0)).expect("uncached"));
    }
}
