//! Presentational components shared by pages; they take plain data.

pub mod bar_chart;
pub mod time_chart;
pub mod download;
pub mod error_view;
