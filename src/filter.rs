//! filter (in progress)
