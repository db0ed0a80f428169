//! One file per component.

pub mod load_error;
pub mod status_badge;
pub mod ticket_detail;
pub mod ticket_list;

pub use load_error::LoadErrorView;
pub use status_badge::StatusBadge;
pub use ticket_detail::TicketDetail;
pub use ticket_list::TicketList;
