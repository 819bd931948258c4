import Foundation
import GRDB
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// Hostile input, one rule at a time: each is refused with a message naming line, field and reason, and the
/// ledger is exactly as it was before.
struct RejectionTests {
    let t: TemporaryLedger

    init() throws {
        t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)
        try t.append(SeedHistory.boardPlan)
    }

    /// Appends `input`, expects a rejection whose problems include every `expected` substring, and checks
    /// that nothing changed.
    func expectRejected(_ input: String, _ expected: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try t.exportLines()
        let problems = t.problems(input)
        #expect(!problems.isEmpty, "accepted: \(input.prefix(120))", sourceLocation: sourceLocation)
        for needle in expected {
            #expect(problems.contains { $0.contains(needle) }, "no problem mentions \(needle): \(problems)", sourceLocation: sourceLocation)
        }
        #expect(try t.exportLines() == before, "the ledger changed", sourceLocation: sourceLocation)
    }

    static let p = SeedHistory.plan

    @Test func invalidJSON() throws {
        try expectRejected(#"{"type": "plan.registered", "#, "line 1: invalid JSON")
        try expectRejected(#"{"type":"decision.recorded","effective":"2020-01-01","data":{},}"#, "line 1: invalid JSON")
    }

    @Test func notAnObject() throws {
        try expectRejected("[1,2]", "line 1: expected a JSON object (one event per line), got an array")
    }

    @Test func unknownType() throws {
        try expectRejected(#"{"type":"plan.approved","plan":"x","effective":"2020-01-01","data":{}}"#,
                           #"line 1: type: unknown event type "plan.approved""#)
    }

    @Test func missingEffective() throws {
        try expectRejected(#"{"type":"decision.recorded","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#,
                           "line 1: effective: is required")
    }

    @Test func impossibleDates() throws {
        try expectRejected(#"{"type":"decision.recorded","effective":"2023-02-30","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#,
                           #"line 1: effective: "2023-02-30" is not a real date"#)
        try expectRejected(#"{"type":"decision.recorded","effective":"2023-2-3","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#,
                           "effective: expected a date YYYY-MM-DD")
        try expectRejected(#"{"type":"assignment.issued","effective":"2023-01-01","data":{"assignment":"a","title":"t","assignee":"x","deadline":"2023-13-01","issuedBy":"RS"}}"#,
                           #"data.deadline: "2023-13-01" is not a real date"#)
        try expectRejected(#"{"type":"decision.recorded","effective":"2021-02-29","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#,
                           "not a real date")
    }

    @Test func leapDayIsFine() throws {
        #expect(t.problems(#"{"type":"decision.recorded","effective":"2024-02-29","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#) == [])
    }

    @Test func versionGapAndRepeat() throws {
        try expectRejected(#"{"type":"plan.revised","plan":"\#(Self.p)","effective":"2016-01-01","data":{"version":6,"change":"x"}}"#,
                           "line 1: data.version: expected 5 (the previous version is 4), got 6")
        try expectRejected(#"{"type":"plan.revised","plan":"\#(Self.p)","effective":"2016-01-01","data":{"version":4,"change":"x"}}"#,
                           "line 1: data.version: expected 5 (the previous version is 4), got 4")
    }

    @Test func backdatedRevision() throws {
        try expectRejected(#"{"type":"plan.revised","plan":"\#(Self.p)","effective":"2015-08-13","data":{"version":5,"change":"x"}}"#,
                           "line 1: effective: 2015-08-13 is before version 4 (2015-08-14)")
        try expectRejected(#"""
            {"type":"plan.registered","plan":"ny","effective":"2020-05-01","data":{"title":"Ny","kind":"rutin","owner":"RS"}}
            {"type":"plan.revised","plan":"ny","effective":"2020-04-30","data":{"version":1,"change":"x"}}
            """#, "line 2: effective: 2020-04-30 is before the plan's registration (2020-05-01)")
    }

    @Test func unknownPlan() throws {
        try expectRejected(#"{"type":"plan.revised","plan":"rutin-handlingplan","effective":"2016-01-01","data":{"version":1,"change":"x"}}"#,
                           #"line 1: plan: no plan "rutin-handlingplan" in the ledger"#)
        try expectRejected(#"{"type":"plan.repealed","plan":"nope","effective":"2016-01-01","data":{"reason":"r","approvedBy":"RS"}}"#,
                           #"plan: no plan "nope""#)
    }

    @Test func duplicatePlan() throws {
        try expectRejected(#"{"type":"plan.registered","plan":"\#(Self.p)","effective":"2016-01-01","data":{"title":"t","kind":"rutin","owner":"RS"}}"#,
                           #"line 1: plan: "\#(Self.p)" is already registered (seq 1)"#)
    }

    @Test func duplicateDnr() throws {
        try expectRejected(#"{"type":"diary.registered","effective":"2023-01-01","data":{"dnr":"1043-2022","title":"t","direction":"in"}}"#,
                           "line 1: data.dnr: 1043-2022 is already registered")
        // Also within one file.
        try expectRejected(#"""
            {"type":"diary.registered","effective":"2023-01-01","data":{"dnr":"RS/1/2023","title":"t","direction":"in"}}
            {"type":"diary.registered","effective":"2023-01-02","data":{"dnr":"RS/1/2023","title":"t","direction":"out"}}
            """#, "line 2: data.dnr: RS/1/2023 is already registered")
    }

    @Test func unknownField() throws {
        try expectRejected(#"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":"s","text":"t","beslutsdatum":"x"}}"#,
                           "line 1: data.beslutsdatum: unknown field")
        try expectRejected(#"{"type":"decision.recorded","effective":"2020-01-01","comment":"x","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#,
                           "line 1: comment: unknown field")
    }

    @Test func dataNotAnObject() throws {
        try expectRejected(#"{"type":"decision.recorded","effective":"2020-01-01","data":"RS/1"}"#,
                           "line 1: data: expected an object, got a string")
        try expectRejected(#"{"type":"decision.recorded","effective":"2020-01-01","data":null}"#, "line 1: data: is required")
    }

    @Test func numberAsString() throws {
        try expectRejected(#"{"type":"plan.revised","plan":"\#(Self.p)","effective":"2016-01-01","data":{"version":"5","change":"x"}}"#,
                           #"line 1: data.version: expected an integer, got a string ("5")"#)
        try expectRejected(#"{"type":"plan.revised","plan":"\#(Self.p)","effective":"2016-01-01","data":{"version":5.5,"change":"x"}}"#,
                           "data.version: expected an integer, got 5.5")
    }

    @Test func badEnumValue() throws {
        try expectRejected(#"{"type":"diary.registered","effective":"2023-01-01","data":{"dnr":"RS/9","title":"t","direction":"inbound"}}"#,
                           #"line 1: data.direction: expected one of "in", "out", "internal", got "inbound""#)
        try expectRejected(#"{"type":"assignment.reported","effective":"2023-01-01","data":{"assignment":"rs-2023-1","status":"finished","note":"n"}}"#,
                           "data.status: expected one of")
    }

    @Test func sameIdOtherContent() throws {
        try expectRejected(#"{"id":"rutin-v4","type":"plan.revised","plan":"\#(Self.p)","effective":"2015-08-14","data":{"version":4,"change":"annan text"}}"#,
                           #"line 1: id: "rutin-v4" is already in the ledger (seq 5) with different content"#)
    }

    @Test func sameIdSameContentIsSkipped() throws {
        let result = try t.append(SeedHistory.rutin)
        #expect(result.appended == 0)
        #expect(result.skipped == 5)
    }

    @Test func ledgerFieldsCannotBeSupplied() throws {
        try expectRejected(#"{"seq":99,"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#,
                           "line 1: seq: is assigned by the ledger and cannot be supplied")
        try expectRejected(#"{"hash":"00","recorded":"2020-01-01T00:00:00Z","type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#,
                           "hash: is assigned by the ledger", "recorded: is assigned by the ledger")
    }

    @Test func correctionOfMissingSeq() throws {
        try expectRejected(#"{"type":"event.corrected","effective":"2020-01-01","data":{"target":999,"reason":"r","replacement":{"data":{}}}}"#,
                           "line 1: data.target: no event with seq 999 (the ledger's head is 9)")
    }

    @Test func correctionOfACorrection() throws {
        try t.append(#"{"type":"event.corrected","effective":"2020-01-01","data":{"target":4,"reason":"fel beslutsfattare","replacement":{"data":{"version":3,"change":"Tillägg","approvedBy":"Landstingsdirektör"}}}}"#)
        try expectRejected(#"{"type":"event.corrected","effective":"2020-01-01","data":{"target":10,"reason":"r","replacement":{"data":{}}}}"#,
                           "data.target: seq 10 is an event.corrected; amend the original event instead")
    }

    @Test func correctionMustSatisfyTheTargetsRules() throws {
        // Version 3 may not move before version 2 (2014-06-24) or after version 4 (2015-08-14), nor change its number.
        try expectRejected(#"{"type":"event.corrected","effective":"2020-01-01","data":{"target":4,"reason":"r","replacement":{"effective":"2015-09-01","data":{"version":3,"change":"x"}}}}"#,
                           "data.replacement.effective: 2015-09-01 is after version 4 (2015-08-14)")
        try expectRejected(#"{"type":"event.corrected","effective":"2020-01-01","data":{"target":4,"reason":"r","replacement":{"effective":"2014-01-01","data":{"version":3,"change":"x"}}}}"#,
                           "data.replacement.effective: 2014-01-01 is before version 2 (2014-06-24)")
        try expectRejected(#"{"type":"event.corrected","effective":"2020-01-01","data":{"target":4,"reason":"r","replacement":{"data":{"version":7,"change":"x"}}}}"#,
                           "data.replacement.data.version: a correction cannot change version")
        try expectRejected(#"{"type":"event.corrected","effective":"2020-01-01","data":{"target":4,"reason":"r","replacement":{"data":{"version":3,"change":"x","extra":1}}}}"#,
                           "data.replacement.data.extra: unknown field")
    }

    /// A correction that names no effective date keeps the one the previous correction set.
    @Test func aSecondCorrectionKeepsTheFirstOnesDate() throws {
        try t.append(#"{"type":"event.corrected","effective":"2020-01-01","data":{"target":4,"reason":"Fel datum","replacement":{"effective":"2014-09-01","data":{"version":3,"change":"Tillägg"}}}}"#)
        try t.append(#"{"type":"event.corrected","effective":"2020-01-02","data":{"target":4,"reason":"Fel beslutsfattare","replacement":{"data":{"version":3,"change":"Tillägg","approvedBy":"Landstingsdirektör"}}}}"#)
        // Version 2 may now move up to 2014-09-01 (version 3's date after both corrections), not past it.
        #expect(t.problems(#"{"type":"event.corrected","effective":"2020-01-03","data":{"target":3,"reason":"r","replacement":{"effective":"2014-08-20","data":{"version":2,"change":"x"}}}}"#) == [])
        try expectRejected(#"{"type":"event.corrected","effective":"2020-01-03","data":{"target":3,"reason":"r","replacement":{"effective":"2014-09-02","data":{"version":2,"change":"x"}}}}"#,
                           "data.replacement.effective: 2014-09-02 is after version 3 (2014-09-01)")
        #expect(try t.ledger.verify().ok)
    }

    @Test func retractionRules() throws {
        try expectRejected(#"{"type":"event.retracted","effective":"2020-01-01","data":{"target":3,"reason":"r"}}"#,
                           "version 2 of \"\(Self.p)\" is not its latest")
        try expectRejected(#"{"type":"event.retracted","effective":"2020-01-01","data":{"target":0,"reason":"r"}}"#,
                           "data.target: must be between 1")
        try t.append(#"{"type":"event.retracted","effective":"2020-01-01","data":{"target":8,"reason":"registrerad av misstag"}}"#)
        try expectRejected(#"{"type":"event.retracted","effective":"2020-01-01","data":{"target":8,"reason":"igen"}}"#,
                           "data.target: seq 8 was already retracted (seq 10)")
        // A retracted dnr is free again.
        #expect(t.problems(#"{"type":"diary.registered","effective":"2022-12-15","data":{"dnr":"1043-2022","title":"Rätt titel","direction":"internal"}}"#) == [])
    }

    @Test func hugeLine() throws {
        let big = String(repeating: "å", count: 1_100_000)  // 2.2 MB of UTF-8
        try expectRejected(#"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":"s","text":"\#(big)"}}"#,
                           "longer than the 1 MiB")
    }

    @Test func latin1Bytes() throws {
        // "Nyutgåva" as a Latin-1 export writes it: å is the single byte 0xE5.
        var bytes = Array(#"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":"Nyutg"#.utf8)
        bytes.append(0xE5)
        bytes += Array(#"va","text":"t"}}"#.utf8)
        let before = try t.exportLines()
        do {
            try t.ledger.append([InputLine(line: 1, event: EventDecoder.decode(bytes))], actor: "x")
            Issue.record("accepted Latin-1 input")
        } catch {
            guard case .rejected(let r) = error else { Issue.record("unexpected \(error)"); return }
            let message = r.problems.map(\.description).joined()
            #expect(message.contains("line 1: not valid UTF-8"))
            #expect(message.contains("Latin-1 (ISO 8859-1)"))
            #expect(message.contains("Nyutgåva"))
        }
        #expect(try t.exportLines() == before)
    }

    @Test func everyBadLineIsListedAndNothingIsWritten() throws {
        let good = #"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":"s","text":"t"}}"#
        let bad = #"{"type":"decision.recorded","effective":"2020-01-01","data":{"dnr":"1","body":"RS","subject":"s"}}"#
        let input = ([good] + Array(repeating: bad, count: 150)).joined(separator: "\n")
        let problems = t.problems(input)
        #expect(problems.count == 100)
        #expect(problems.first == "line 2: data.text: is required")
        #expect(problems.last == "line 101: data.text: is required")
        #expect(try t.exportLines().count == 9)
    }

    @Test func followupRules() throws {
        let f = #"{"type":"followup.recorded","plan":"rs-plan-2023","effective":"2023-05-10","data":{"metric":"%@","period":"%@","outcome":6.3,"unit":"%","fulfilment":"not-met"}}"#
        func line(_ metric: String, _ period: String) -> String {
            f.replacingOccurrences(of: "%@", with: metric, options: [], range: f.range(of: "%@"))
                .replacingOccurrences(of: "%@", with: period)
        }
        #expect(t.problems(line("sjukfranvaro", "2023-DÅ04")) == [])
        try expectRejected(line("okand", "2023-DÅ04"), #"data.metric: "okand" is not a metric of plan "rs-plan-2023" in force on 2023-04-30 (the end of 2023-DÅ04, before the report's date 2023-05-10)"#)
        try expectRejected(line("budget", "2023-DÅ04"), #"data.period: metric "budget" is followed up in ÅR, not DÅ04"#)
        try expectRejected(line("sjukfranvaro", "2031-ÅR"), "data.period: 2031 is outside the plan's period")
        try expectRejected(line("sjukfranvaro", "2023-Q1"), "data.period: expected YEAR-DÅ04")
        try expectRejected(line("sjukfranvaro", "2023-DÅ04").replacingOccurrences(of: "2023-05-10", with: "2022-01-01"),
                           "no version of plan \"rs-plan-2023\" is in force on 2022-01-01")
    }

    @Test func unknownAssignmentAndDnr() throws {
        try expectRejected(#"{"type":"assignment.reported","effective":"2023-01-01","data":{"assignment":"nope","status":"done","note":"n"}}"#,
                           #"data.assignment: no assignment "nope" in the ledger"#)
        try expectRejected(#"{"type":"diary.archived","effective":"2023-01-01","data":{"dnr":"X/1","retention":"keep"}}"#,
                           "data.dnr: no diary entry X/1 in the ledger")
        try expectRejected(#"{"type":"assignment.issued","effective":"2023-01-01","data":{"assignment":"rs-2023-1","title":"t","assignee":"x","deadline":"2023-06-30","issuedBy":"RS"}}"#,
                           #"data.assignment: "rs-2023-1" is already issued"#)
    }

    @Test func archivingAndReportsFollowWhatTheyConcern() throws {
        try expectRejected(#"{"type":"diary.archived","effective":"2022-12-01","data":{"dnr":"1043-2022","retention":"keep"}}"#,
                           "line 1: effective: 2022-12-01 is before the entry's date (2022-12-14)")
        try expectRejected(#"{"type":"assignment.reported","effective":"2022-12-01","data":{"assignment":"rs-2023-1","status":"partial","note":"n"}}"#,
                           "line 1: effective: 2022-12-01 is before the assignment was issued (2022-12-13)")
        try t.append(#"{"type":"diary.archived","effective":"2023-03-01","data":{"dnr":"1043-2022","retention":"keep"}}"#)
        // The entry cannot be corrected to a date after its archiving (seq 8 is the diary entry).
        try expectRejected(#"{"type":"event.corrected","effective":"2023-04-01","data":{"target":8,"reason":"r","replacement":{"effective":"2023-04-01","data":{"dnr":"1043-2022","title":"t","direction":"internal"}}}}"#,
                           "data.replacement.effective: 2023-04-01 is after the entry was archived (2023-03-01)")
    }

    @Test func repealRules() throws {
        try t.append(#"{"type":"plan.repealed","plan":"\#(Self.p)","effective":"2016-01-01","data":{"reason":"Ersatt","approvedBy":"Regiondirektör"}}"#)
        try expectRejected(#"{"type":"plan.repealed","plan":"\#(Self.p)","effective":"2016-02-01","data":{"reason":"r","approvedBy":"RS"}}"#,
                           "is already repealed (seq 10)")
        try expectRejected(#"{"type":"plan.revised","plan":"\#(Self.p)","effective":"2016-02-01","data":{"version":5,"change":"x"}}"#,
                           "was repealed on 2016-01-01")
    }
}

/// What a review found: keys that look alike, numbers JSON cannot carry, trigger bypasses.
struct HostileKeyTests {
    @Test func decomposedKeysAreRefused() throws {
        let t = try TemporaryLedger()
        try t.append(#"{"type":"diary.registered","effective":"2023-01-01","data":{"dnr":"RS/Ö/1","title":"t","direction":"in"}}"#)
        // The same dnr written as O + a combining diaeresis: it looks identical, so it must not be a second entry.
        let problems = t.problems("{\"type\":\"diary.registered\",\"effective\":\"2023-01-02\",\"data\":{\"dnr\":\"RS/O\u{0308}/1\",\"title\":\"t\",\"direction\":\"in\"}}")
        #expect(problems.first?.contains("data.dnr:") == true && problems.first?.contains("not in Unicode NFC form") == true)
        let plan = t.problems("{\"type\":\"plan.registered\",\"plan\":\"\u{212A}ommunplan\",\"effective\":\"2023-01-02\",\"data\":{\"title\":\"t\",\"kind\":\"k\",\"owner\":\"o\"}}")
        #expect(plan.first?.contains("plan: a key is 1–200 characters in Unicode NFC") == true)
        #expect(try t.ledger.verify().ok)
    }

    @Test func hugeAndNonFiniteNumbersAreRefused() throws {
        let t = try TemporaryLedger()
        try t.append(SeedHistory.boardPlan)
        let problems = t.problems(#"{"type":"followup.recorded","plan":"rs-plan-2023","effective":"2023-05-10","data":{"metric":"sjukfranvaro","period":"2023-DÅ04","outcome":12345678901234567890,"fulfilment":"met"}}"#)
        #expect(problems.first?.contains("data.outcome: must be a finite number below 2^53") == true)
        #expect(throws: Rejection.self) {
            _ = try ProposedEvent(type: .followupRecorded, plan: "rs-plan-2023", effective: LedgerDate(iso: "2023-05-10")!,
                                  data: ["metric": "sjukfranvaro", "period": "2023-DÅ04", "outcome": .number(.nan), "fulfilment": "met"])
        }
        #expect(throws: Rejection.self) {
            _ = try ProposedEvent(type: .planRegistered, plan: "a b", effective: LedgerDate(iso: "2023-05-10")!,
                                  data: ["title": "t", "kind": "k", "owner": "o"])
        }
    }

    /// The ASCII fast path of the key rule agrees with the Unicode one: letters, digits and -_./: only.
    @Test func asciiKeysFollowTheSameRule() {
        for byte in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(byte)
            let expected = scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "-_./:".unicodeScalars.contains(scalar)
            #expect(Envelope.isValidKey("k\(Character(scalar))1") == expected, "byte \(byte)")
        }
        #expect(Envelope.isValidKey(String(repeating: "a", count: 200)))
        #expect(!Envelope.isValidKey(String(repeating: "a", count: 201)))
        #expect(!Envelope.isValidKey(""))
        #expect(Envelope.isValidKey("plan-ö"))
    }

    @Test func fractionalSecondsBeyondMilliseconds() {
        #expect(Timestamp(rfc3339: "2016-01-01T00:00:00.1234Z")?.description == "2016-01-01T00:00:00.123Z")
        #expect(Timestamp(rfc3339: "2016-01-01T00:00:00.9999999+00:00")?.description == "2016-01-01T00:00:00.999Z")
    }

    @Test func insertOrReplaceCannotSwapARow() throws {
        let t = try TemporaryLedger()
        try t.append(SeedHistory.rutin)
        let db = try DatabaseQueue(path: t.path)
        #expect(throws: DatabaseError.self) {
            try db.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO event (seq, id, type, effective, recorded, data, prev, hash) SELECT 6, id, type, effective, recorded, data, prev, hash FROM event WHERE seq = 3")
            }
        }
        #expect(try t.ledger.verify().ok)
    }

    @Test func anotherApplicationsDatabaseIsLeftAsItWas() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("other.sqlite")
        let db = try DatabaseQueue(path: path)
        try db.write { try $0.execute(sql: "CREATE TABLE t(x)") }
        try db.close()
        #expect(throws: StoreError.self) { _ = try Ledger.open(at: path) }
        let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "delete")
    }

    /// As the SPEC says: a follow-up is judged by the content in force on the earlier of its date and its period's
    /// end, so the annual report made after a repeal on 1 January is accepted, and a period after the repeal is not.
    @Test func outcomesAroundARepeal() throws {
        let t = try TemporaryLedger()
        try t.append(SeedHistory.boardPlan)
        try t.append(#"{"type":"plan.repealed","plan":"rs-plan-2023","effective":"2026-01-01","data":{"reason":"Ersatt","approvedBy":"Regionstyrelsen"}}"#)
        #expect(t.problems(#"{"type":"followup.recorded","plan":"rs-plan-2023","effective":"2025-12-20","data":{"metric":"sjukfranvaro","period":"2025-DÅ08","outcome":6.1,"unit":"%","fulfilment":"not-met"}}"#) == [])
        #expect(t.problems(#"{"type":"followup.recorded","plan":"rs-plan-2023","effective":"2026-02-15","data":{"metric":"budget","period":"2025-ÅR","outcome":1,"fulfilment":"met"}}"#) == [])
        #expect(t.problems(#"{"type":"followup.recorded","plan":"rs-plan-2023","effective":"2026-02-15","data":{"metric":"sjukfranvaro","period":"2026-DÅ04","outcome":1,"fulfilment":"met"}}"#)
                == [#"line 1: effective: plan "rs-plan-2023" was repealed on 2026-01-01; it has no content in force on 2026-02-15"#])
    }
}
