//! What the `kakor` binary does, as a library so its integration tests can
//! reuse pieces of it (the Open Cookie Database's category mapping).

pub mod declaration;
pub mod scan;
