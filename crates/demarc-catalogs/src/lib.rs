//! Bundled control catalogs and the layer-to-control mapping, as data.
