//! Reference-free indicators (filled in step 5).
