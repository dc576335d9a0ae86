"""Compile the MedBiquitous XSDs in ``shared/reference/medbiq`` offline.

A resolver maps ``http://ns.medbiq.org/X`` to the folder, Dublin Core terms to the copy there,
and answers the two W3C pieces that are not shipped (``xml.xsd`` for ``xml:lang`` and XOP's
``Include``) with minimal stubs. Nothing is fetched from the network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

# A copy kept with the tests (see tests/reference/README.md): validation works from any clone.
MEDBIQ = Path(__file__).resolve().parents[1] / "reference" / "medbiq"

_XML_STUB = b"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.w3.org/XML/1998/namespace" xml:lang="en">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName">
    <xs:enumeration value="default"/><xs:enumeration value="preserve"/>
  </xs:restriction></xs:simpleType></xs:attribute>
  <xs:attribute name="base" type="xs:anyURI"/>
  <xs:attribute name="id" type="xs:ID"/>
  <xs:attributeGroup name="specialAttrs">
    <xs:attribute ref="xml:base"/><xs:attribute ref="xml:lang"/>
    <xs:attribute ref="xml:space"/><xs:attribute ref="xml:id"/>
  </xs:attributeGroup>
</xs:schema>"""

_XOP_STUB = b"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.w3.org/2004/08/xop/include" elementFormDefault="qualified">
  <xs:element name="Include"><xs:complexType>
    <xs:sequence><xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
    <xs:attribute name="href" type="xs:anyURI" use="required"/>
    <xs:anyAttribute namespace="##other"/>
  </xs:complexType></xs:element>
</xs:schema>"""


# lxml-stubs' Resolver lacks lxml's `context` argument and `resolve_filename`: hence the ignores.
class _OfflineResolver(etree.Resolver):
    def resolve(self, system_url: str, public_id: str, context: object) -> object:  # type: ignore[override]
        url = system_url.strip()
        if url.startswith("http://ns.medbiq.org/"):
            return self.resolve_filename(  # type: ignore[attr-defined]
                str(MEDBIQ / url.removeprefix("http://ns.medbiq.org/")), context
            )
        if "dublincore.org" in url and url.endswith("dcterms.xsd"):
            return self.resolve_filename(  # type: ignore[attr-defined]
                str(MEDBIQ / "competencyframework/v1/dcterms.xsd"), context
            )
        if url.endswith("/dc.xsd") and "dublincore.org" in url:
            return self.resolve_filename(  # type: ignore[attr-defined]
                str(MEDBIQ / "competencyframework/v1/dc.xsd"), context
            )
        if url in {"http://www.w3.org/2001/xml.xsd", "http://www.w3.org/2001/03/xml.xsd"}:
            return self.resolve_string(_XML_STUB, context)  # type: ignore[call-arg]
        if url == "http://www.w3.org/2004/08/xop/include":
            return self.resolve_string(_XOP_STUB, context)  # type: ignore[call-arg]
        if url.startswith(("http://", "https://")):
            raise OSError(f"offline schema loader has no copy of {url}")
        return None


@cache
def schema(relative: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_OfflineResolver())
    doc = etree.parse(str(MEDBIQ / relative), parser)
    return etree.XMLSchema(doc)


def activity_report_schema() -> etree.XMLSchema:
    return schema("activityreport/v2/activityreport.xsd")


def mems_schema() -> etree.XMLSchema:
    return schema("metrics/v2/medicaleducationmetrics.xsd")
