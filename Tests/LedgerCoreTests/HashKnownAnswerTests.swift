import Testing
@testable import LedgerCore

/// The event hash against an answer worked out without planledger: the canonical text written by hand from
/// the SPEC ("Integrity": the JCS of {seq, id, type, plan, effective, recorded, actor, data}, members sorted),
/// and its SHA-256 after 32 zero bytes computed with `sha256sum` (and Python's hashlib).
struct HashKnownAnswerTests {
    static let canonical = #"{"actor":"registrator:test","data":{"kind":"rutin","owner":"Samordningskansliet","title":"Rutin för upprättande av övergripande handlingsplan"},"effective":"2013-03-12","id":"rutin-reg","plan":"rutin-overgripande-handlingsplan","recorded":"2016-01-01T09:00:00.000Z","seq":1,"type":"plan.registered"}"#
    static let hash = "160908bef8c1df3da6588a63ab59bfe84879c1f7ef7bdc87f7e29a95eb4f4bf4"

    @Test func firstEventOfTheSeedRutin() {
        let data: [String: JSONValue] = [
            "title": "Rutin för upprättande av övergripande handlingsplan", "kind": "rutin", "owner": "Samordningskansliet",
        ]
        let bytes = EventHash.canonicalBytes(
            seq: 1, id: "rutin-reg", type: .planRegistered, plan: "rutin-overgripande-handlingsplan",
            effective: LedgerDate(iso: "2013-03-12")!, recorded: Timestamp(rfc3339: "2016-01-01T09:00:00Z")!,
            actor: "registrator:test", canonicalData: CanonicalJSON.encode(.object(data)))
        #expect(String(decoding: bytes, as: UTF8.self) == Self.canonical)
        #expect(Hex.encode(EventHash.hash(prev: EventHash.genesis, canonical: bytes)) == Self.hash)
        // A member with no value is present as null (SPEC): an event without plan or actor.
        let bare = EventHash.canonicalBytes(
            seq: 2, id: "x", type: .decisionRecorded, plan: nil, effective: LedgerDate(iso: "2020-01-01")!,
            recorded: Timestamp(rfc3339: "2020-01-01T00:00:00Z")!, actor: nil, canonicalData: CanonicalJSON.encode(.object([:])))
        #expect(String(decoding: bare, as: UTF8.self)
                == #"{"actor":null,"data":{},"effective":"2020-01-01","id":"x","plan":null,"recorded":"2020-01-01T00:00:00.000Z","seq":2,"type":"decision.recorded"}"#)
    }
}
