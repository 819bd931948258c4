import Foundation
import Testing
@testable import LedgerCore

struct EventHashTests {
    @Test(arguments: [
        (nil, nil, [String: JSONValue]()),
        ("rutin-handlingsplan", "registrator:sh", ["version": 3, "change": "Tillägg", "approvedBy": "Tillförordnad landstingsdirektör"]),
        ("p-åäö", "\u{1F600} \"citat\" \n", ["outcome": -11.1, "nested": ["z": [1, 2.5, "x"], "a": nil], "€": true]),
    ] as [(String?, String?, [String: JSONValue])])
    func assembledBytesEqualTheCanonicalObject(plan: String?, actor: String?, data: [String: JSONValue]) {
        let effective = LedgerDate(iso: "2014-08-07")!, recorded = Timestamp(rfc3339: "2016-01-01T09:30:00.123Z")!
        let object = EventHash.hashedObject(seq: 42, id: "8a0f-x", type: .planRevised, plan: plan, effective: effective,
                                            recorded: recorded, actor: actor, data: data)
        let assembled = EventHash.canonicalBytes(seq: 42, id: "8a0f-x", type: .planRevised, plan: plan, effective: effective,
                                                 recorded: recorded, actor: actor, canonicalData: CanonicalJSON.encode(.object(data)))
        #expect(assembled == CanonicalJSON.encode(object))
    }

    @Test func hexRoundTrip() {
        let bytes: [UInt8] = [0, 1, 0xAB, 0xFF, 0x10]
        #expect(Hex.encode(bytes) == "0001abff10")
        #expect(Hex.decode("0001ABff10") == bytes)
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decode("abc") == nil)
    }
}

struct TimeTests {
    @Test func realDatesOnly() {
        #expect(LedgerDate(iso: "2024-02-29") != nil)
        #expect(LedgerDate(iso: "2023-02-29") == nil)
        #expect(LedgerDate(iso: "2023-02-30") == nil)
        #expect(LedgerDate(iso: "1900-02-29") == nil)
        #expect(LedgerDate(iso: "2000-02-29") != nil)
        #expect(LedgerDate(iso: "2023-04-31") == nil)
        #expect(LedgerDate(iso: "2023-00-10") == nil)
        #expect(LedgerDate(iso: "2023-1-10") == nil)
        #expect(LedgerDate(iso: "２０２３-01-10") == nil)
        #expect(LedgerDate(iso: "2023-01-10T00:00") == nil)
    }

    @Test func dayArithmetic() {
        let d = LedgerDate(iso: "2016-02-28")!
        #expect(d.adding(days: 1).description == "2016-02-29")
        #expect(d.adding(days: 2).description == "2016-03-01")
        #expect(LedgerDate(iso: "1970-01-01")!.daysSinceEpoch == 0)
        #expect(LedgerDate(iso: "1969-12-31")!.daysSinceEpoch == -1)
        for n in stride(from: -719_162, through: 2_932_896, by: 997) {  // 0001-01-01 … 9999-12-31
            #expect(LedgerDate.fromDaysSinceEpoch(n).daysSinceEpoch == n)
        }
    }

    @Test func timestamps() {
        #expect(Timestamp(rfc3339: "2016-01-01T00:00:00Z")?.description == "2016-01-01T00:00:00.000Z")
        #expect(Timestamp(rfc3339: "2016-01-01T01:30:00.5+01:30")?.description == "2016-01-01T00:00:00.500Z")
        #expect(Timestamp(rfc3339: "2015-12-31T23:59:59.999-00:00")?.description == "2015-12-31T23:59:59.999Z")
        #expect(Timestamp(rfc3339: "2016-01-01T24:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "2016-01-01T00:00:00") == nil)
        #expect(Timestamp(rfc3339: "2016-02-30T00:00:00Z") == nil)
        let utc = TimeZone(identifier: "UTC")!
        #expect(LedgerDate(Timestamp(rfc3339: "2016-01-01T00:00:00Z")!, in: utc).description == "2016-01-01")
        #expect(LedgerDate(Timestamp(millisecondsSinceEpoch: -1), in: utc).description == "1969-12-31")
    }
}
