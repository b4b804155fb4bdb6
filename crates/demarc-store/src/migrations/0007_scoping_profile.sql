-- The engagement's scoping profile per framework: what the client is under PCI DSS, HIPAA,
-- SOC 2 and FedRAMP (demarc-core's `ScopingProfile`, as JSON, checked before every write). A
-- framework with no row has no profile yet: every requirement applies and a gap asks for it.
CREATE TABLE scoping_profile (
    framework TEXT PRIMARY KEY CHECK (framework IN ('pci_dss', 'hipaa', 'soc2', 'fedramp')),
    profile   TEXT NOT NULL CHECK (json_valid(profile))
);
