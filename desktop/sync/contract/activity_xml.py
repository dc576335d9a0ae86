"""The activity tree as MEMS v2 XML (what PARS's batch upload and XML web services take).

Same names as the JSON where the MedBiquitous schemas have the element (``Lom`` is LOM's
``lom:lom`` inside ``ActivityDescription``; participant counts are MEMS's ``CategoryName`` and
``Number``); ACCME's extension elements go into ``XtensibleInfo`` under ``wire.ACCME``, with the
JSON's names and nesting.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from desktop.sync.contract.safe_xml import parse_untrusted
from desktop.sync.contract.tree import as_list, as_obj
from desktop.sync.contract.wire import (
    ACCME,
    ADDRESS,
    HX,
    LOM,
    MEMS,
    NSMAP,
    ContractError,
    q,
    serialize,
    sub,
)

NS = {"m": MEMS, "lom": LOM, "hx": HX, "a": ADDRESS, "acc": ACCME}
Tree = dict[str, Any]


def to_xml(doc: Tree) -> bytes:
    root = etree.Element(q(ACCME, "ACCMEActivities"), nsmap=NSMAP)
    items = as_list(as_obj(doc.get("ACCMEActivities"), "").get("MedicalEducationMetrics"), "")
    for item in items:
        root.append(_activity(as_obj(item, "")))
    return serialize(root)


def _yes_no(value: object) -> str:
    return "yes" if value is True else "no"


def _xml_bool(value: object) -> str:
    return "true" if value is True else "false"


def _activity(item: Tree) -> etree._Element:
    mem = etree.Element(q(MEMS, "MedicalEducationMetrics"), nsmap=NSMAP)
    report = sub(mem, MEMS, "ReportDescription")
    for key in ("ReportingStartDate", "ReportingEndDate"):
        value = as_obj(item.get("ReportDescription"), "").get(key)
        if value:
            sub(report, MEMS, key, str(value))
    description = sub(mem, MEMS, "ActivityDescription")
    lom = sub(description, LOM, "lom")
    _general(sub(lom, LOM, "general"), as_obj(as_obj(item.get("Lom"), "").get("general"), ""))
    edu = as_obj(as_obj(item.get("healthcareMetadata"), "").get("healthcareEducation"), "")
    _education(sub(sub(lom, HX, "healthcareMetadata"), HX, "healthcareEducation"), edu)
    for s in as_list(
        as_obj(item.get("ActivityDescription"), "").get("commercialSupportAmount"), ""
    ):
        amount = sub(description, MEMS, "CommercialSupportAmount", str(s.get("value", "")))
        amount.set("currency", str(s.get("currency", "USD")))
        amount.set("supportSource", str(s.get("supportSource", "")))
    metrics = sub(mem, MEMS, "ParticipationMetrics")
    for c in as_list(
        as_obj(item.get("ParticipationMetrics"), "").get("participantsByCategory"), ""
    ):
        by = sub(metrics, MEMS, "ParticipantsByCategory")
        sub(by, MEMS, "CategoryName", str(c.get("category", "")))
        sub(by, MEMS, "Number", str(c.get("numberOfParticipants", "")))
    _extensions(sub(mem, MEMS, "XtensibleInfo"), as_obj(item.get("XtensibleInfo"), ""))
    return mem


def _lang(parent: etree._Element, tag: str, text: str, ns: str = LOM) -> None:
    sub(sub(parent, ns, tag), LOM, "string", text).set("language", "en")


def _general(general: etree._Element, g: Tree) -> None:
    for i in as_list(g.get("identifier"), ""):
        identifier = sub(general, LOM, "identifier")
        sub(identifier, LOM, "catalog", str(i.get("catalog", "")))
        sub(identifier, LOM, "entry", str(i.get("entry", "")))
    for tag in ("title", "description"):
        if g.get(tag):
            _lang(general, tag, str(g[tag]))
    for k in as_list(g.get("keyword"), ""):
        # LOM's keyword is a language string; ACCME's id/source have no place but the
        # string's language tag would be a lie, so XML keywords are ABA's outline (reading 11).
        _lang(general, "keyword", str(k.get("string", "")))


def _education(el: etree._Element, edu: Tree) -> None:
    credits = as_obj(edu.get("credits"), "")
    c = sub(el, HX, "credits")
    sub(c, HX, "activityCertification", str(credits.get("activityCertification", "")))
    for name in as_list(credits.get("nonAccreditedProvider"), ""):
        sub(c, HX, "nonAccreditedProvider", str(name))
    if credits.get("numberOfCredits") is not None:
        sub(c, HX, "numberOfCredits", str(credits["numberOfCredits"]))
    audience = as_obj(edu.get("targetAudience"), "")
    if audience:
        ta = sub(el, HX, "targetAudience")
        for tag in ("profession", "specialty"):
            for value in as_list(audience.get(tag), ""):
                _lang(ta, tag, str(value), HX)
    where = as_obj(edu.get("activityLocation"), "")
    if where:
        loc = sub(el, HX, "activityLocation")
        for key, tag in (("city", "City"), ("stateOrProvince", "StateOrProvince")):
            if where.get(key):
                sub(loc, ADDRESS, tag, str(where[key]))
        country = sub(loc, ADDRESS, "Country")
        if where.get("country"):
            sub(country, ADDRESS, "CountryCode", str(where["country"]))
    for tag in ("startDateTime", "endDateTime", "activitySponsorship"):
        if edu.get(tag):
            sub(el, HX, tag, str(edu[tag]))
    if edu.get("activityFormat"):
        _lang(el, "activityFormat", str(edu["activityFormat"]), HX)
    if edu.get("commercialSupport") is not None:
        sub(el, HX, "commercialSupport", _yes_no(edu["commercialSupport"]))


def _extensions(parent: etree._Element, value: Tree) -> None:
    """ACCME's extension elements: the JSON object written element for element."""
    for key, v in value.items():
        for one in v if isinstance(v, list) else [v]:
            if isinstance(one, dict):
                _extensions(sub(parent, ACCME, key), one)
            elif isinstance(one, bool):
                sub(parent, ACCME, key, _xml_bool(one))
            elif one is not None:
                sub(parent, ACCME, key, str(one))


# --- reading ---------------------------------------------------------------------------------

# Extension elements that are lists in the JSON even when XML has only one of them.
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


def from_xml(data: bytes) -> Tree:
    root = parse_untrusted(data, "activity document")
    if root.tag != q(ACCME, "ACCMEActivities"):
        raise ContractError(f"expected ACCMEActivities, found {etree.QName(root).localname}")
    items = [_read(mem) for mem in root.iterfind("m:MedicalEducationMetrics", NS)]
    return {"ACCMEActivities": {"MedicalEducationMetrics": items}}


def _t(el: etree._Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _read(mem: etree._Element) -> Tree:
    item: Tree = {}
    report = {
        tag: _t(mem.find(f"m:ReportDescription/m:{tag}", NS))
        for tag in ("ReportingStartDate", "ReportingEndDate")
    }
    item["ReportDescription"] = {k: v for k, v in report.items() if v}
    support = [
        {
            "currency": el.get("currency", ""),
            "supportSource": el.get("supportSource", ""),
            "value": _t(el),
        }
        for el in mem.iterfind("m:ActivityDescription/m:CommercialSupportAmount", NS)
    ]
    item["ActivityDescription"] = {"commercialSupportAmount": support} if support else {}
    g = mem.find("m:ActivityDescription/lom:lom/lom:general", NS)
    general: Tree = {}
    if g is not None:
        general["identifier"] = [
            {"catalog": _t(i.find("lom:catalog", NS)), "entry": _t(i.find("lom:entry", NS))}
            for i in g.iterfind("lom:identifier", NS)
        ]
        for tag in ("title", "description"):
            general[tag] = _t(g.find(f"lom:{tag}/lom:string", NS))
        keywords = [_t(k) for k in g.iterfind("lom:keyword/lom:string", NS)]
        if keywords:
            general["keyword"] = [
                {"id": "Free Text", "source": "01_ABAMCO", "string": k} for k in keywords
            ]
    item["Lom"] = {"general": general}
    e = mem.find("m:ActivityDescription/lom:lom/hx:healthcareMetadata/hx:healthcareEducation", NS)
    item["healthcareMetadata"] = {"healthcareEducation": _read_education(e)}
    counts = [
        {
            "category": _t(by.find("m:CategoryName", NS)),
            "numberOfParticipants": _t(by.find("m:Number", NS)),
        }
        for by in mem.iterfind("m:ParticipationMetrics/m:ParticipantsByCategory", NS)
    ]
    if counts:
        item["ParticipationMetrics"] = {"participantsByCategory": counts}
    x = mem.find("m:XtensibleInfo", NS)
    item["XtensibleInfo"] = _read_extensions(x) if x is not None else {}
    if x is not None:
        _older_names(x, item["XtensibleInfo"])
    return item


def _read_education(e: etree._Element | None) -> Tree:
    if e is None:
        return {}
    edu: Tree = {}
    credits: Tree = {"activityCertification": _t(e.find("hx:credits/hx:activityCertification", NS))}
    providers = [_t(p) for p in e.iterfind("hx:credits/hx:nonAccreditedProvider", NS)]
    if providers:
        credits["nonAccreditedProvider"] = providers
    if _t(e.find("hx:credits/hx:numberOfCredits", NS)):
        credits["numberOfCredits"] = _t(e.find("hx:credits/hx:numberOfCredits", NS))
    edu["credits"] = credits
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
        if _t(e.find(f"hx:{tag}", NS)):
            edu[tag] = _t(e.find(f"hx:{tag}", NS))
    if _t(e.find("hx:activityFormat/lom:string", NS)):
        edu["activityFormat"] = _t(e.find("hx:activityFormat/lom:string", NS))
    support = _t(e.find("hx:commercialSupport", NS))
    if support:
        edu["commercialSupport"] = support == "yes"
    return edu


def _read_extensions(parent: etree._Element) -> Tree:
    out: Tree = {}
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        value: object = _read_extensions(child) if len(child) else _t(child)
        if name in _LISTS:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out


def _older_names(x: etree._Element, out: Tree) -> None:
    """Documents this app stored before it spoke ACCME's names (a conflict kept in a store from
    an earlier version) read as they meant: ``RecordAction``, ``CloseActivity`` and
    ``MeasuredOutcome@measure`` were our names for what the drafts call otherwise."""
    if "RecordAction" in out and "activityRecordAction" not in out:
        out["activityRecordAction"] = out.pop("RecordAction")
    if "CloseActivity" in out and "closeActivityRecord" not in out:
        out["closeActivityRecord"] = out.pop("CloseActivity")
    measured = x.findall("acc:MeasuredOutcomes/acc:MeasuredOutcome[@measure]", NS)
    if measured:
        out["MeasuredOutcomes"] = [
            {
                "MeasuredOutcome": m.get("measure", ""),
                "MeasurementType": [_t(t) for t in m.iterfind("acc:MeasurementType", NS)],
            }
            for m in measured
        ]
