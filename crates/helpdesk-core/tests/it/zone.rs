//! The zone limit's decision at every count around the limit.

use helpdesk_core::zone::{ZoneDecision, ZoneLimit};

#[test]
fn defaults_are_three_tickets_in_state_one() {
    let z = ZoneLimit::default();
    assert_eq!((z.max_tickets, z.active_states.as_slice()), (3, &[1_u8][..]));
    assert!(z.is_active(1) && !z.is_active(2));
}

#[test]
fn decision_at_every_count_around_the_limit() {
    let z = ZoneLimit { max_tickets: 2, active_states: vec![1, 2] };
    assert_eq!(z.decide(0), ZoneDecision::Allowed { remaining: 2 });
    assert_eq!(z.decide(1), ZoneDecision::Allowed { remaining: 1 });
    assert_eq!(z.decide(2), ZoneDecision::Blocked { max_tickets: 2 });
    assert_eq!(z.decide(u64::MAX), ZoneDecision::Blocked { max_tickets: 2 });
    assert!(ZoneLimit { max_tickets: 0, active_states: vec![1] }.decide(0).is_blocked());
}
