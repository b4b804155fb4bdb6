//! Reads provider responsibility matrices: layout detection, vocabulary crosswalk, provenance.
