"""Writes the OSCAL test files with compliance-trestle's models, which check them as they are
built: a provider's system security plan (a leveraged system whose components export what they
provide and what the customer must do, in provided and responsibility pairs) and a component
definition. Run by crates/demarc-import/tests/oscal.rs with target/trestle-venv's Python.

    make_oscal.py OUT_DIR
"""

import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import trestle.oscal.common as common
import trestle.oscal.component as cd
import trestle.oscal.ssp as ssp
from trestle.oscal import OSCAL_VERSION

NOW = datetime(2025, 3, 1, tzinfo=timezone.utc)
FEDRAMP = "https://fedramp.gov/ns/oscal"


def uid(name):
    """A stable UUID per name, so that every run writes the same files."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "demarc-test:" + name))


def metadata(title):
    return common.Metadata(
        title=title, last_modified=NOW, version="2.1", oscal_version=OSCAL_VERSION
    )


def prop(name, value):
    return common.Property(name=name, value=value, ns=FEDRAMP)


def status(state):
    return common.ImplementationStatus(state=state)


STORAGE = uid("component:object-storage")
THIS = uid("component:this-system")


def by_component(key, component, description, state=None, provided=(), responsible=()):
    """One component's part in a statement; `provided` and `responsible` are (key, text), a
    responsibility naming the provided item it goes with when their keys match."""
    export = None
    if provided or responsible:
        provided_uuids = {k: uid(f"provided:{key}:{k}") for k, _ in provided}
        export = ssp.Export(
            provided=[ssp.Provided(uuid=provided_uuids[k], description=t) for k, t in provided]
            or None,
            responsibilities=[
                ssp.Responsibility(
                    uuid=uid(f"responsibility:{key}:{k}"),
                    provided_uuid=provided_uuids.get(k),
                    description=t,
                )
                for k, t in responsible
            ]
            or None,
        )
    return ssp.ByComponent(
        component_uuid=component,
        uuid=uid(f"by-component:{key}"),
        description=description,
        implementation_status=status(state) if state else None,
        export=export,
    )


def requirement(control, props=(), statements=(), by_components=()):
    return ssp.ImplementedRequirement(
        uuid=uid(f"requirement:{control}"),
        control_id=control,
        props=[prop(n, v) for n, v in props] or None,
        statements=[
            ssp.Statement(statement_id=sid, uuid=uid(f"statement:{sid}"), by_components=list(bcs))
            for sid, bcs in statements
        ]
        or None,
        by_components=list(by_components) or None,
    )


def system_security_plan():
    requirements = [
        # The provider's own: its origination says so.
        requirement(
            "ac-1",
            props=[("control-origination", "sp-corporate")],
            by_components=[by_component("ac-1", THIS, "Acme writes and reviews its policy.", "implemented")],
        ),
        # Statement by statement, in provided and responsibility pairs.
        requirement(
            "ac-2",
            statements=[
                (
                    "ac-2_smt.a",
                    [
                        by_component(
                            "ac-2a",
                            STORAGE,
                            "Account types of the storage service.",
                            "implemented",
                            provided=[("p", "Acme defines the service's account types.")],
                            responsible=[("p", "The customer defines the account types of its buckets.")],
                        )
                    ],
                ),
                (
                    "ac-2_smt.b",
                    [
                        by_component(
                            "ac-2b",
                            STORAGE,
                            "Account managers.",
                            "implemented",
                            provided=[("p", "Acme assigns its account managers.")],
                        )
                    ],
                ),
                (
                    "ac-2_smt.c",
                    [
                        by_component(
                            "ac-2c",
                            STORAGE,
                            "Conditions for group membership.",
                            "partial",
                            responsible=[("r", "The customer sets the conditions for its groups.")],
                        )
                    ],
                ),
            ],
        ),
        requirement(
            "ac-2.1",
            by_components=[
                by_component(
                    "ac-2.1",
                    STORAGE,
                    "Automated account management.",
                    "planned",
                    responsible=[("r", "The customer automates its own account management.")],
                )
            ],
        ),
        requirement(
            "sc-7",
            by_components=[by_component("sc-7", THIS, "No boundary of this service.", "not-applicable")],
        ),
        requirement(
            "sc-28",
            props=[("control-origination", "customer-configured")],
            by_components=[by_component("sc-28", STORAGE, "Encryption at rest, switched on per bucket.", "implemented")],
        ),
        requirement(
            "au-2",
            props=[("control-origination", "sp-system"), ("control-origination", "customer-configured")],
            by_components=[by_component("au-2", THIS, "Both log events.", "implemented")],
        ),
    ]
    party = uid("party:acme-iaas")
    plan = ssp.SystemSecurityPlan(
        uuid=uid("ssp"),
        metadata=metadata("Acme Cloud PaaS System Security Plan"),
        import_profile=ssp.ImportProfile(href="https://example.com/FedRAMP_rev5_MODERATE-baseline_profile.json"),
        system_characteristics=ssp.SystemCharacteristics(
            system_ids=[common.SystemId(id="acme-paas")],
            system_name="Acme Cloud PaaS",
            description="A platform service.",
            security_sensitivity_level="moderate",
            system_information=ssp.SystemInformation(
                information_types=[
                    ssp.InformationType(
                        title="Customer data",
                        description="What customers store.",
                        confidentiality_impact=ssp.Impact(base="fips-199-moderate"),
                        integrity_impact=ssp.Impact(base="fips-199-moderate"),
                        availability_impact=ssp.Impact(base="fips-199-moderate"),
                    )
                ]
            ),
            security_impact_level=ssp.SecurityImpactLevel(
                security_objective_confidentiality="fips-199-moderate",
                security_objective_integrity="fips-199-moderate",
                security_objective_availability="fips-199-moderate",
            ),
            status=ssp.Status1(state="operational"),
            authorization_boundary=ssp.AuthorizationBoundary(description="The platform."),
        ),
        system_implementation=ssp.SystemImplementation(
            leveraged_authorizations=[
                ssp.LeveragedAuthorization(
                    uuid=uid("leveraged:acme-iaas"),
                    title="Acme IaaS",
                    party_uuid=party,
                    date_authorized="2024-06-01",
                )
            ],
            users=[common.SystemUser(uuid=uid("user:admin"), title="Administrator")],
            components=[
                common.SystemComponent(
                    uuid=THIS,
                    type="this-system",
                    title="Acme Cloud PaaS",
                    description="The whole system.",
                    status=common.Status(state="operational"),
                ),
                common.SystemComponent(
                    uuid=STORAGE,
                    type="service",
                    title="Acme Object Storage",
                    description="Buckets of objects.",
                    status=common.Status(state="operational"),
                ),
            ],
        ),
        control_implementation=ssp.ControlImplementation(
            description="How Acme Cloud PaaS meets the moderate baseline.",
            implemented_requirements=requirements,
        ),
    )
    return plan


def component_definition():
    def implemented(control, description, props=(), statements=()):
        return cd.ImplementedRequirement(
            uuid=uid(f"cd-requirement:{control}"),
            control_id=control,
            description=description,
            props=[prop(n, v) for n, v in props] or None,
            statements=[
                cd.Statement(statement_id=sid, uuid=uid(f"cd-statement:{sid}"), description=text)
                for sid, text in statements
            ]
            or None,
        )

    return cd.ComponentDefinition(
        uuid=uid("component-definition"),
        metadata=metadata("Acme Object Storage Component Definition"),
        components=[
            cd.DefinedComponent(
                uuid=uid("cd-component:object-storage"),
                type="service",
                title="Acme Object Storage",
                description="Buckets of objects.",
                control_implementations=[
                    cd.ControlImplementation(
                        uuid=uid("cd-implementation"),
                        source="https://example.com/NIST_SP-800-53_rev5_catalog.json",
                        description="NIST SP 800-53 rev5.",
                        implemented_requirements=[
                            implemented(
                                "sc-28",
                                "Objects are encrypted at rest.",
                                statements=[("sc-28_smt", "Every object is encrypted with AES-256.")],
                            ),
                            implemented(
                                "ac-3",
                                "Bucket policies decide access.",
                                props=[("control-origination", "customer-configured")],
                            ),
                            implemented("au-9", "Logs are kept out of customers' reach."),
                        ],
                    )
                ],
            )
        ],
    )


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    system_security_plan().oscal_write(out / "provider-ssp.json")
    component_definition().oscal_write(out / "component-definition.json")


if __name__ == "__main__":
    main()
