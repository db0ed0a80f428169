//! A subscriber's list costs the same with ten tickets or a million: every statement it runs
//! on SQLite searches an index for the service's tickets, and none scans the tickets table.

use std::sync::Mutex;

use helpdesk_server::store::{Page, SqliteStore};
use rusqlite::trace::{TraceEvent, TraceEventCodes};

use helpdesk_server::demo::DEMO_SERVICE_ID;

use crate::support::demo_state;

/// The statements SQLite ran since the trace was installed, parameters in place.
static RAN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(event: TraceEvent<'_>) {
    if let TraceEvent::Stmt(stmt, sql) = event {
        RAN.lock().expect("trace").push(stmt.expanded_sql().unwrap_or_else(|| sql.to_owned()));
    }
}

/// Record every statement SQLite runs on `db` into [`RAN`], or stop.
async fn trace(db: &SqliteStore, on: bool) {
    let record = on.then_some(record as fn(TraceEvent<'_>));
    db.call(move |c| {
        c.trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, record);
        Ok(())
    })
    .await
    .expect("trace");
}

#[tokio::test]
async fn one_services_list_searches_its_index_and_scans_no_ticket() {
    let demo = demo_state().await;
    trace(&demo.db, true).await;
    let list =
        demo.store.list_tickets(Some(DEMO_SERVICE_ID), None, false, Page { number: 1, size: 20 }, demo.policy.clone());
    list.await.expect("list");
    trace(&demo.db, false).await;
    let ran: Vec<String> = std::mem::take(&mut *RAN.lock().expect("trace"));
    let on_tickets: Vec<&String> = ran.iter().filter(|sql| sql.contains("FROM tickets t")).collect();
    assert_eq!(on_tickets.len(), 2, "the count and the page: {ran:?}");
    for sql in on_tickets {
        let plan = demo
            .db
            .call({
                let sql = sql.clone();
                move |c| {
                    let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                    let steps = stmt.query_map([], |r| r.get::<_, String>(3))?.collect::<Result<Vec<_>, _>>()?;
                    Ok(steps.join("; "))
                }
            })
            .await
            .expect("plan");
        assert!(plan.contains("SEARCH t USING"), "{sql}\n  {plan}");
        assert!(!plan.contains("SCAN t"), "{sql}\n  {plan}");
    }
}
