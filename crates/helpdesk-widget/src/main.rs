//! The standalone widget page: mount the helpdesk into `<body>`.

fn main() {
    helpdesk_widget::start();
}
