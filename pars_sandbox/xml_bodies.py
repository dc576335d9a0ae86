"""XML request bodies (PARS takes XML as well as JSON): checked against the MedBiquitous XSDs,
then read into the same JSON tree a JSON body gives, so the same schema and rules judge both.

The sandbox's own reading of the XML layout (schemas/README.md, readings 7, 8, 16), written
apart from the client's. Parsing is hardened: no DTDs, no entities, no network.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from pars_sandbox.answers import BadBody, Problem
from pars_sandbox.xml_schemas import PARSER as _PARSER
from pars_sandbox.xml_schemas import schema as _schema

MEMS = "http://ns.medbiq.org/metrics/v2/"
LOM = "http://ltsc.ieee.org/xsd/LOM"
HX = "http://ns.medbiq.org/lom/extend/v1/"
ADDRESS = "http://ns.medbiq.org/address/v1/"
AR = "http://ns.medbiq.org/activityreport/v2/"
MEMBER = "http://ns.medbiq.org/member/v2/"
NAME = "http://ns.medbiq.org/name/v2/"
ACCME = "http://www.accme.org/xsd/pars/extensions/v1"  # provisional, as the client's
NS = {"m": MEMS, "lom": LOM, "hx": HX, "a": ADDRESS, "r": AR, "mb": MEMBER, "n": NAME, "acc": ACCME}
DOMAIN_PREFIX = "idd:accme.org:"
WHOLE = "/"


def read(data: bytes, kind: str) -> Any:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise BadBody([Problem("malformed", WHOLE, "The body declares a DTD or entities.")])
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise BadBody(
            [Problem("malformed", WHOLE, f"The body is not well-formed XML: {e.msg}")]
        ) from None
    if kind == "activities":
        return _activities(root)
    if kind == "learners":
        return _learners(root)
    return _match(root)


def _invalid(schema: etree.XMLSchema, where: str) -> BadBody:
    problems = [
        Problem("xsd", f"{where}/line {e.line}", e.message[:200])
        for e in list(schema.error_log)[:20]  # type: ignore[call-overload]
    ]
    return BadBody(problems or [Problem("xsd", where, "The body breaks the XML schema.")])


def _t(el: etree._Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _num(text: str) -> Any:
    """A number where the text is one; else the text, for the JSON schema to refuse."""
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text else value


def _bool(text: str) -> Any:
    return {"true": True, "false": False, "yes": True, "no": False}.get(text, text)


# --- activities (MEMS v2 in ACCMEActivities) ------------------------------------------------


def _activities(root: etree._Element) -> Any:
    if root.tag != f"{{{ACCME}}}ACCMEActivities":
        raise BadBody(
            [Problem("schema", "/ACCMEActivities", "Expected an ACCMEActivities document.")]
        )
    schema = _schema("metrics/v2/medicaleducationmetrics.xsd")
    items = []
    for i, mem in enumerate(root.iterfind("m:MedicalEducationMetrics", NS)):
        if not schema.validate(etree.ElementTree(mem)):
            raise _invalid(schema, f"/ACCMEActivities/MedicalEducationMetrics/{i}")
        items.append(_activity(mem))
    return {"ACCMEActivities": {"MedicalEducationMetrics": items}}


def _activity(mem: etree._Element) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ReportDescription": {
            tag: _t(mem.find(f"m:ReportDescription/m:{tag}", NS))
            for tag in ("ReportingStartDate", "ReportingEndDate")
        }
    }
    amounts = [
        {
            "currency": el.get("currency", ""),
            "supportSource": el.get("supportSource", ""),
            "value": _num(_t(el)),
        }
        for el in mem.iterfind("m:ActivityDescription/m:CommercialSupportAmount", NS)
    ]
    item["ActivityDescription"] = {"commercialSupportAmount": amounts} if amounts else {}
    g = mem.find("m:ActivityDescription/lom:lom/lom:general", NS)
    general: dict[str, Any] = {"identifier": [], "title": "", "description": ""}
    if g is not None:
        general["identifier"] = [
            {"catalog": _t(i.find("lom:catalog", NS)), "entry": _t(i.find("lom:entry", NS))}
            for i in g.iterfind("lom:identifier", NS)
        ]
        general["title"] = _t(g.find("lom:title/lom:string", NS))
        general["description"] = _t(g.find("lom:description/lom:string", NS))
        keywords = [_t(k) for k in g.iterfind("lom:keyword/lom:string", NS)]
        if keywords:
            general["keyword"] = [
                {"id": "Free Text", "source": "01_ABAMCO", "string": k} for k in keywords
            ]
    item["Lom"] = {"general": general}
    e = mem.find("m:ActivityDescription/lom:lom/hx:healthcareMetadata/hx:healthcareEducation", NS)
    item["healthcareMetadata"] = {"healthcareEducation": _education(e)}
    counts = [
        {
            "category": _t(by.find("m:CategoryName", NS)),
            "numberOfParticipants": _num(_t(by.find("m:Number", NS))),
        }
        for by in mem.iterfind("m:ParticipationMetrics/m:ParticipantsByCategory", NS)
    ]
    if counts:
        item["ParticipationMetrics"] = {"participantsByCategory": counts}
    x = mem.find("m:XtensibleInfo", NS)
    item["XtensibleInfo"] = _extensions(x) if x is not None else {}
    return item


def _education(e: etree._Element | None) -> dict[str, Any]:
    if e is None:
        return {}
    credits: dict[str, Any] = {
        "activityCertification": _t(e.find("hx:credits/hx:activityCertification", NS))
    }
    providers = [_t(p) for p in e.iterfind("hx:credits/hx:nonAccreditedProvider", NS)]
    if providers:
        credits["nonAccreditedProvider"] = providers
    if e.find("hx:credits/hx:numberOfCredits", NS) is not None:
        credits["numberOfCredits"] = _num(_t(e.find("hx:credits/hx:numberOfCredits", NS)))
    edu: dict[str, Any] = {"credits": credits}
    ta = e.find("hx:targetAudience", NS)
    if ta is not None:
        edu["targetAudience"] = {
            tag: [_t(s) for s in ta.iterfind(f"hx:{tag}/lom:string", NS)]
            for tag in ("profession", "specialty")
        }
    loc = e.find("hx:activityLocation", NS)
    if loc is not None:
        edu["activityLocation"] = {
            "city": _t(loc.find("a:City", NS)),
            "stateOrProvince": _t(loc.find("a:StateOrProvince", NS)),
            "country": _t(loc.find("a:Country/a:CountryCode", NS)),
        }
    for tag in ("startDateTime", "endDateTime", "activitySponsorship"):
        if e.find(f"hx:{tag}", NS) is not None:
            edu[tag] = _t(e.find(f"hx:{tag}", NS))
    if e.find("hx:activityFormat/lom:string", NS) is not None:
        edu["activityFormat"] = _t(e.find("hx:activityFormat/lom:string", NS))
    if e.find("hx:commercialSupport", NS) is not None:
        edu["commercialSupport"] = _bool(_t(e.find("hx:commercialSupport", NS)))
    return edu


# ACCME's extension elements that the JSON schema has as lists, and those that are numbers.
_LISTS = frozenset(
    {
        "CommendationTag",
        "InKindSupport",
        "DeliveryMethod",
        "MeasuredOutcomes",
        "MeasurementType",
        "MOCRegistration",
        "MOCCreditType",
    }
)
_NUMBERS = frozenset({"mocPoints"})
_BOOLEANS = frozenset(
    {
        "ForPublicList",
        "IsMeritBasedIncentivePaymentSystem",
        "closeActivityRecord",
        "HasStateContentTags",
    }
)


def _extensions(parent: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        value: Any = _extensions(child) if len(child) else _t(child)
        if name in _NUMBERS:
            value = _num(value)
        elif name in _BOOLEANS:
            value = _bool(value)
        if name in _LISTS:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out


# --- learner reports (Activity Report v2) ----------------------------------------------------


def _learners(root: etree._Element) -> Any:
    if root.tag != f"{{{AR}}}ActivityReports":
        raise BadBody(
            [Problem("schema", "/ACCMELearnerReports", "Expected an ActivityReports document.")]
        )
    schema = _schema("activityreport/v2/activityreport.xsd")
    if not schema.validate(etree.ElementTree(root)):
        raise _invalid(schema, "/ACCMELearnerReports/ActivityReports")
    return {
        "ACCMELearnerReports": {
            "ActivityReports": {
                "DateTimeCreated": _t(root.find("r:DateTimeCreated", NS)),
                "ActivityReport": [_report(r) for r in root.iterfind("r:ActivityReport", NS)],
            }
        }
    }


def _report(rep: etree._Element) -> dict[str, Any]:
    member = rep.find("r:Member", NS)
    ids = [
        {"value": _t(u), "domain": u.get("domain", "").removeprefix(DOMAIN_PREFIX)}
        for u in (member.iterfind("mb:UniqueID", NS) if member is not None else [])
    ]
    # A state licence is the Member's LicenseInfo in XML, a state-coded UniqueID in JSON.
    ids += [
        {"value": _t(lic.find("mb:LicenseNumber", NS)), "domain": entity.get("code", "")}
        for lic in (member.iterfind("mb:LicenseInfo/mb:License", NS) if member is not None else [])
        for entity in lic.iterfind("mb:LicensureEntity", NS)
    ]
    out: dict[str, Any] = {
        "ReportingOrganization": _t(rep.find("r:ReportingOrganization", NS)),
        "Member": {
            "Name": {
                "GivenName": _t(rep.find("r:Member/mb:Name/n:GivenName", NS)),
                "FamilyName": _t(rep.find("r:Member/mb:Name/n:FamilyName", NS)),
            }
        },
    }
    birth = _t(rep.find("r:Member/mb:PersonalInfo/mb:BirthDate", NS))
    if birth:
        out["Member"]["PersonalInfo"] = {"BirthDate": birth}
    module = rep.find("r:Activity/r:Module", NS)
    name = module.find("r:ModuleName", NS) if module is not None else None
    certificates = []
    for cert in module.iterfind("r:CreditCertificate", NS) if module is not None else []:
        received = {
            "activityCertification": _t(cert.find("r:CreditReceived/hx:activityCertification", NS)),
            "creditUnit": _t(cert.find("r:CreditReceived/hx:creditUnit", NS)),
            "numberOfCredits": _num(_t(cert.find("r:CreditReceived/hx:numberOfCredits", NS))),
        }
        # One UniqueID per certificate: the board's ID for its MOC, else the NPI, else a state.
        board = received["activityCertification"]
        pick = (
            next((u for u in ids if u["domain"] == board), None)
            or next((u for u in ids if u["domain"] == "NPI"), None)
            or next((u for u in ids if len(u["domain"]) == 2), None)
            or (ids[0] if ids else {"value": "", "domain": ""})
        )
        certificates.append(
            {
                "UniqueID": pick,
                "CreditReceived": received,
                "CreditID": _t(cert.find("r:CreditID", NS)),
            }
        )
    out["Activity"] = {
        "ProviderOrganization": _t(rep.find("r:Activity/r:ProviderOrganization", NS)),
        "Module": {
            "ModuleName": {
                "value": _t(name),
                "moduleID": name.get("moduleID", "") if name is not None else "",
            },
            "Status": _t(module.find("r:Status", NS)) if module is not None else "",
            "CompletedDateTime": _t(module.find("r:CompletedDateTime", NS))
            if module is not None
            else "",
            "CreditCertificate": certificates,
        },
    }
    out["XtensibleInfo"] = {
        etree.QName(c).localname: _t(c)
        for c in rep.iterfind("r:XtensibleInfo/*", NS)
        if isinstance(c.tag, str)
    }
    return out


# --- the learner-match request (our invention: its JSON tree element for element) ------------


def _match(root: etree._Element) -> Any:
    if root.tag != f"{{{ACCME}}}LearnerMatch":
        raise BadBody(
            [Problem("schema", "/LearnerMatchRequest", "Expected a LearnerMatch document.")]
        )
    return _plain(root, frozenset({"Member", "UniqueID"}))


def _plain(el: etree._Element, lists: frozenset[str]) -> Any:
    if not len(el):
        return _t(el)
    out: dict[str, Any] = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in lists:
            out.setdefault(name, []).append(_plain(child, lists))
        else:
            out[name] = _plain(child, lists)
    return out
