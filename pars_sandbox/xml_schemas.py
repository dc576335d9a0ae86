"""The MedBiquitous XSDs, compiled offline from the sandbox's own copy (``xsd/``), and the
hardened parser XML bodies are read with (no DTDs, no entities, no network)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

XSD = Path(__file__).resolve().parent / "xsd" / "medbiq"

PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)
_XML_STUB = b"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space" type="xs:NCName"/>
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
  </xs:complexType></xs:element>
</xs:schema>"""


class _Offline(etree.Resolver):
    """``http://ns.medbiq.org/X`` → the copy here; the W3C pieces that are not shipped → stubs."""

    # lxml-stubs describe Resolver only in part: resolve_filename and this signature are real.
    def resolve(self, system_url: str, public_id: str, context: Any) -> Any:  # type: ignore[override]
        url = system_url.strip()
        if url.startswith("http://ns.medbiq.org/"):
            return self.resolve_filename(  # type: ignore[attr-defined]
                str(XSD / url.removeprefix("http://ns.medbiq.org/")), context
            )
        if "dublincore.org" in url and url.endswith(("dcterms.xsd", "/dc.xsd")):
            name = "dcterms.xsd" if url.endswith("dcterms.xsd") else "dc.xsd"
            return self.resolve_filename(  # type: ignore[attr-defined]
                str(XSD / "competencyframework/v1" / name), context
            )
        if url in {"http://www.w3.org/2001/xml.xsd", "http://www.w3.org/2001/03/xml.xsd"}:
            return self.resolve_string(_XML_STUB, context)  # type: ignore[call-arg]
        if url == "http://www.w3.org/2004/08/xop/include":
            return self.resolve_string(_XOP_STUB, context)  # type: ignore[call-arg]
        if url.startswith(("http://", "https://")):
            raise OSError(f"no offline copy of {url}")
        return None


@cache
def schema(relative: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Offline())
    return etree.XMLSchema(etree.parse(str(XSD / relative), parser))
