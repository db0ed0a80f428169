//! One file per component.

pub mod load_error;
pub mod new_ticket_form;
pub mod reply_form;
pub mod status_badge;
pub mod status_filter;
pub mod ticket_detail;
pub mod ticket_list;

pub use load_error::LoadErrorView;
pub use new_ticket_form::NewTicketForm;
pub use reply_form::ReplyForm;
pub use status_badge::StatusBadge;
pub use status_filter::StatusFilter;
pub use ticket_detail::TicketDetail;
pub use ticket_list::TicketList;
