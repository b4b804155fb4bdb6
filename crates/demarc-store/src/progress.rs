//! Progress of the work plan, from the decision log (see `burndown`).
