"""The learner report tree as Activity Report v2 XML (PARS's batch upload and XML services).

Same names as the JSON where the standard has them. Where it has no place (readings 7, 8 in
``schemas/README.md``): the certificates' ``UniqueID``s are the Member's ``UniqueID``s, with the
domain written ``idd:accme.org:<domain>`` as the XSD's pattern wants; a MOC credit type is a
``CreditFocus`` with code ``MOCCreditType``. The standard needs an ``ActivityName`` and a
reporting period, which the JSON has not: the module's name, and the completions' first and last
dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lxml import etree

from desktop.sync.contract.safe_xml import parse_untrusted
from desktop.sync.contract.tree import as_list, as_obj
from desktop.sync.contract.wire import (
    ACCME,
    AR,
    HX,
    MEMBER,
    NAME,
    ContractError,
    q,
    serialize,
    sub,
)

Tree = dict[str, Any]
NS = {"r": AR, "m": MEMBER, "n": NAME, "hx": HX, "acc": ACCME}
ADDRESS2 = "http://ns.medbiq.org/address/v2/"
NSMAP = {"m": MEMBER, "n": NAME, "hx": HX, "a2": ADDRESS2, "acc": ACCME}
DOMAIN_PREFIX = "idd:accme.org:"
MOC_FOCUS = "MOCCreditType"


def to_xml(doc: Tree) -> bytes:
    reports = as_obj(as_obj(doc.get("ACCMELearnerReports"), "").get("ActivityReports"), "")
    items = [as_obj(r, "") for r in as_list(reports.get("ActivityReport"), "")]
    root = etree.Element(q(AR, "ActivityReports"), nsmap={None: AR, **NSMAP})  # type: ignore[dict-item]
    sub(root, AR, "DateTimeCreated", str(reports.get("DateTimeCreated", "")))
    days = [
        str(as_obj(as_obj(r.get("Activity"), "").get("Module"), "").get("CompletedDateTime", ""))[
            :10
        ]
        for r in items
    ]
    days = [d for d in days if d] or [date.today().isoformat()]
    sub(root, AR, "ReportingStartDate", min(days))
    sub(root, AR, "ReportingEndDate", max(days))
    for r in items:
        _report(sub(root, AR, "ActivityReport"), r)
    return serialize(root)


def _report(el: etree._Element, r: Tree) -> None:
    sub(el, AR, "ReportingOrganization", str(r.get("ReportingOrganization", "")))
    member = as_obj(r.get("Member"), "")
    activity = as_obj(r.get("Activity"), "")
    module = as_obj(activity.get("Module"), "")
    certificates = [as_obj(c, "") for c in as_list(module.get("CreditCertificate"), "")]
    m = sub(el, AR, "Member")
    seen: set[tuple[str, str]] = set()
    licences: dict[str, str] = {}
    for c in certificates:
        for u in as_list(c.get("UniqueID"), ""):
            key = (str(u.get("domain", "")), str(u.get("value", "")))
            if _is_state(key[0]):
                licences[key[0]] = key[1]  # a state licence is the Member's LicenseInfo
            elif key not in seen and key[1]:
                seen.add(key)
                sub(m, MEMBER, "UniqueID", key[1]).set("domain", DOMAIN_PREFIX + key[0])
    name = as_obj(member.get("Name"), "")
    n = sub(m, MEMBER, "Name")
    for tag in ("GivenName", "FamilyName"):
        if name.get(tag):
            sub(n, NAME, tag, str(name[tag]))
    for state, number in licences.items():
        _licence(sub(m, MEMBER, "LicenseInfo"), state, number)
    birth = as_obj(member.get("PersonalInfo"), "").get("BirthDate")
    if birth:
        sub(sub(m, MEMBER, "PersonalInfo"), MEMBER, "BirthDate", str(birth)).set(
            "accuracy", "DayMonth"
        )
    a = sub(el, AR, "Activity")
    sub(a, AR, "ProviderOrganization", str(activity.get("ProviderOrganization", "")))
    module_name = as_obj(module.get("ModuleName"), "")
    sub(a, AR, "ActivityName", str(module_name.get("value", "")))
    mod = sub(a, AR, "Module")
    sub(mod, AR, "ModuleName", str(module_name.get("value", ""))).set(
        "moduleID", str(module_name.get("moduleID", ""))
    )
    sub(mod, AR, "Status", str(module.get("Status", "Completed")))
    if module.get("CompletedDateTime"):
        sub(mod, AR, "CompletedDateTime", str(module["CompletedDateTime"]))
    for c in certificates:
        cert = sub(mod, AR, "CreditCertificate")
        received = as_obj(c.get("CreditReceived"), "")
        cr = sub(cert, AR, "CreditReceived")
        sub(cr, HX, "activityCertification", str(received.get("activityCertification", "")))
        sub(cr, HX, "creditUnit", str(received.get("creditUnit", "")))
        sub(cr, HX, "numberOfCredits", str(received.get("numberOfCredits", "")))
        if received.get(MOC_FOCUS):
            focus = sub(cr, AR, "CreditFocus")
            sub(focus, AR, "Description", str(received[MOC_FOCUS]))
            sub(focus, AR, "Code", MOC_FOCUS)
            sub(focus, AR, "NumberOfCredits", str(received.get("numberOfCredits", "")))
        sub(cert, AR, "CreditID", str(c.get("CreditID", "")))
    x = sub(el, AR, "XtensibleInfo")
    for tag, value in as_obj(r.get("XtensibleInfo"), "").items():
        sub(x, ACCME, tag, str(value))


def _is_state(domain: str) -> bool:
    return len(domain) == 2 and domain.isalpha() and domain.isupper()


def _licence(info: etree._Element, state: str, number: str) -> None:
    """MedBiquitous's place for a state licence: the state, and its number when known."""
    lic = sub(info, MEMBER, "License")
    entity = sub(lic, MEMBER, "LicensureEntity")
    entity.set("code", state)
    sub(entity, MEMBER, "LicensureEntityName", f"{state} medical board")
    sub(lic, MEMBER, "LicenseNumberAvailability", "Available" if number else "Unknown")
    if number:
        sub(lic, MEMBER, "LicenseNumber", number)
    where = sub(lic, MEMBER, "Jurisdiction")
    sub(sub(where, MEMBER, "Country"), ADDRESS2, "CountryCode", "USA")
    sub(where, MEMBER, "StateOrProvince", state)


# --- reading ---------------------------------------------------------------------------------


def from_xml(data: bytes) -> Tree:
    root = parse_untrusted(data, "learner document")
    if root.tag != q(AR, "ActivityReports"):
        raise ContractError(f"expected ActivityReports, found {etree.QName(root).localname}")
    return {
        "ACCMELearnerReports": {
            "ActivityReports": {
                "DateTimeCreated": _t(root.find("r:DateTimeCreated", NS)),
                "ActivityReport": [_read(r) for r in root.iterfind("r:ActivityReport", NS)],
            }
        }
    }


def _t(el: etree._Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _read(rep: etree._Element) -> Tree:
    out: Tree = {"ReportingOrganization": _t(rep.find("r:ReportingOrganization", NS))}
    m = rep.find("r:Member", NS)
    if m is not None:
        member: Tree = {
            "Name": {
                "GivenName": _t(m.find("m:Name/n:GivenName", NS)),
                "FamilyName": _t(m.find("m:Name/n:FamilyName", NS)),
            }
        }
        birth = _t(m.find("m:PersonalInfo/m:BirthDate", NS))
        if birth:
            member["PersonalInfo"] = {"BirthDate": birth}
        out["Member"] = member
        ids = [
            {"value": _t(u), "domain": u.get("domain", "").removeprefix(DOMAIN_PREFIX)}
            for u in m.iterfind("m:UniqueID", NS)
        ] + [
            {"value": _t(lic.find("m:LicenseNumber", NS)), "domain": entity.get("code", "")}
            for lic in m.iterfind("m:LicenseInfo/m:License", NS)
            for entity in lic.iterfind("m:LicensureEntity", NS)
        ]
    else:
        ids = []
    mod = rep.find("r:Activity/r:Module", NS)
    module: Tree = {}
    if mod is not None:
        name = mod.find("r:ModuleName", NS)
        module["ModuleName"] = {
            "value": _t(name),
            "moduleID": "" if name is None else name.get("moduleID", ""),
        }
        module["Status"] = _t(mod.find("r:Status", NS))
        if _t(mod.find("r:CompletedDateTime", NS)):
            module["CompletedDateTime"] = _t(mod.find("r:CompletedDateTime", NS))
        certificates = []
        for cert in mod.iterfind("r:CreditCertificate", NS):
            received: Tree = {
                tag: _t(cert.find(f"r:CreditReceived/hx:{tag}", NS))
                for tag in ("activityCertification", "creditUnit", "numberOfCredits")
            }
            focus = cert.find("r:CreditReceived/r:CreditFocus[r:Code='MOCCreditType']", NS)
            if focus is not None:
                received[MOC_FOCUS] = _t(focus.find("r:Description", NS))
            certificates.append(
                {
                    "UniqueID": ids,
                    "CreditReceived": received,
                    "CreditID": _t(cert.find("r:CreditID", NS)),
                }
            )
        module["CreditCertificate"] = certificates
    out["Activity"] = {
        "ProviderOrganization": _t(rep.find("r:Activity/r:ProviderOrganization", NS)),
        "Module": module,
    }
    out["XtensibleInfo"] = {
        etree.QName(c).localname: _t(c)
        for c in rep.iterfind("r:XtensibleInfo/*", NS)
        if isinstance(c.tag, str)
    }
    return out
