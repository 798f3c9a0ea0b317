//! Presentational components shared by pages; they take plain data.

pub mod error_view;
