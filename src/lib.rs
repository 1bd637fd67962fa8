//! etuus
