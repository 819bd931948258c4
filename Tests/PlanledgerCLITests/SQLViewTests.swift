import Foundation
import GRDB
import LedgerCore
import Testing
import TestSupport

/// The SQL views (migration `v5-sql-views`) answer what the CLI answers: each view's rows equal the CLI's JSON
/// rows for the same as-of date and knowledge point, column by column (JSON `approvedBy` is the view's
/// `approved_by`, a nested `archived.date` its `archived_date`).
@Suite(.serialized) struct SQLViewTests {
    let dir: TemporaryDirectory
    let ledger: String

    /// A small history: the seed rutin (versions without approver, one corrected), the governance plans with
    /// assignments and follow-ups, diary entries (one classified and archived), a plan whose later version
    /// renames it and changes its period, a repeal, a retraction.
    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try run("init").status == 0)
        let extra = #"""
            {"type":"diary.registered","plan":"rs-plan-2023","effective":"2023-05-11","data":{"dnr":"RS/412/2023","title":"Klagomål","direction":"in","counterpart":"Anna Svensson","handler":"Patientnämnden","case":"RS/400/2023","secrecy":{"ground":"OSL 25:1"}}}
            {"type":"diary.archived","effective":"2023-06-20","data":{"dnr":"RS/412/2023","retention":"cull","cullAfter":"2033-12-31"}}
            {"type":"diary.registered","effective":"2023-05-12","data":{"dnr":"RS/413/2023","title":"Skrivelse","direction":"internal"}}
            {"type":"diary.registered","effective":"2023-08-12","data":{"dnr":"RS/414/2023","title":"Senare","direction":"out","counterpart":"Kommunen"}}
            {"type":"followup.recorded","plan":"division-service-2022","effective":"2022-05-20","data":{"metric":"sjukfranvaro","period":"2022-DÅ04","outcome":6.3,"unit":"%","fulfilment":"not-met","comment":"Hög"}}
            {"type":"followup.recorded","plan":"division-service-2022","effective":"2022-05-20","data":{"metric":"budget","period":"2022-DÅ04","outcome":"Ej tillgängligt","fulfilment":"not-available"}}
            {"type":"assignment.reported","effective":"2023-03-15","data":{"assignment":"rs-2023-vns","status":"partial","note":"Delrapport"}}
            {"type":"assignment.reported","effective":"2023-04-15","data":{"assignment":"rs-2023-vns","status":"done","note":"Klart"}}
            {"type":"event.corrected","effective":"2016-01-02","data":{"target":4,"reason":"Fel beslutsfattare","replacement":{"data":{"version":3,"change":"Tillägg","approvedBy":"Landstingsdirektör","decision":{"body":"Landstingsstyrelsen","paragraph":"§ 12"}}}}}
            {"type":"plan.registered","plan":"utkast-2024","effective":"2023-01-10","data":{"title":"Utkast","kind":"riktlinje","owner":"Kansliet"}}
            {"type":"plan.registered","plan":"omdopt","effective":"2019-01-10","data":{"title":"Gammalt namn","kind":"riktlinje","owner":"Kansliet","period":{"from":2019,"to":2020}}}
            {"type":"plan.revised","plan":"omdopt","effective":"2019-02-01","data":{"version":1,"change":"Antagen","approvedBy":"RD"}}
            {"type":"plan.revised","plan":"omdopt","effective":"2020-02-01","data":{"version":2,"change":"Nytt namn, förlängd","approvedBy":"RD","content":{"title":"Nytt namn","period":{"from":"2019-01-01","to":2026}}}}
            {"type":"plan.registered","plan":"upphävd","effective":"2019-01-10","data":{"title":"Upphävd plan","kind":"riktlinje","owner":"Kansliet"}}
            {"type":"plan.revised","plan":"upphävd","effective":"2019-02-01","data":{"version":1,"change":"Antagen"}}
            {"type":"plan.repealed","plan":"upphävd","effective":"2021-02-01","data":{"reason":"Ersatt","approvedBy":"RS"}}
            {"type":"diary.registered","effective":"2023-05-13","data":{"dnr":"RS/415/2023","title":"Misstag","direction":"in"}}
            {"type":"event.retracted","effective":"2023-05-14","data":{"target":31,"reason":"Registrerad av misstag"}}
            """#
        let appended = try run("append", stdin: SeedHistory.rutin + "\n" + SeedHistory.governance + "\n" + extra,
                               env: ["PLANLEDGER_NOW": "2023-07-01T08:00:00Z"])
        #expect(appended.status == 0, "\(appended.stderr)")
    }

    func run(_ args: String..., stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": "2023-07-15T10:00:00Z"].merging(env) { $1 })
    }

    /// A JSON row as the view names its columns: nested objects flattened with `_`, camelCase as snake_case.
    static func flatten(_ object: [String: Any], _ prefix: String = "") -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in object {
            let snake = key.reduce(into: "") { s, c in if c.isUppercase { s += "_" + c.lowercased() } else { s.append(c) } }
            let name = prefix.isEmpty ? snake : prefix + "_" + snake
            if let nested = value as? [String: Any] { result.merge(flatten(nested, name)) { $1 } } else { result[name] = value }
        }
        return result
    }

    /// A value as one string, so that JSON's and SQLite's are compared as what they say: null, true/false
    /// (SQLite's 1/0 for a flag), numbers in their shortest form, text as is.
    static func text(_ value: Any?, flag: Bool = false) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case let n as NSNumber where String(cString: n.objCType) == "c": return n.boolValue ? "true" : "false"
        case let n as NSNumber: return flag ? (n.intValue != 0 ? "true" : "false") : CanonicalJSON.formatNumber(n.doubleValue)
        case let n as Int64: return flag ? (n != 0 ? "true" : "false") : String(n)
        case let d as Double: return CanonicalJSON.formatNumber(d)
        case let s as String: return s
        default: return "\(value!)"
        }
    }

    /// Compares the view's rows (in its order) with the CLI's JSON rows, over the JSON's keys (renamed in `renamed`).
    /// Returns how many rows there were.
    @discardableResult
    func expectSame(view: String, cli args: [String], renamed: [String: String] = [:], flags: Set<String> = [], dropping: Set<String> = [],
                    keep: (([String: Any]) -> Bool)? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let r = try CommandRunner.run(args + ["--ledger", ledger, "--format", "json"], environment: ["PLANLEDGER_NOW": "2023-07-15T10:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        var json = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
        if let keep { json = json.filter(keep) }
        let expected = json.map { row in
            Self.flatten(row).filter { !dropping.contains($0.key) }.reduce(into: [String: String]()) { out, member in
                let column = renamed[member.key] ?? member.key
                out[column] = Self.text(member.value, flag: flags.contains(column))
            }
        }
        let queue = try DatabaseQueue(path: ledger)
        defer { try? queue.close() }
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(view)") }
        let actual = zip(rows, expected).map { row, expectedRow in
            expectedRow.keys.reduce(into: [String: String]()) { out, column in
                // A null object in JSON (`archived`) is its members' columns, all NULL, in the view.
                let value = row.hasColumn(column) ? row[column] as DatabaseValue
                    : row.columnNames.contains { $0.hasPrefix(column + "_") && !(row[$0] as DatabaseValue).isNull } ? "(set)".databaseValue : .null
                let any: Any? = switch value.storage {
                case .null: nil
                case .int64(let i): i
                case .double(let d): d
                case .string(let s): s
                case .blob(let b): b
                }
                out[column] = Self.text(any, flag: flags.contains(column))
            }
        }
        #expect(actual.count == expected.count, "\(view): \(actual.count) rows, the CLI \(expected.count)", sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) where a != e {
            let differing = e.keys.filter { a[$0] != e[$0] }.sorted().map { "\($0): view \(a[$0] ?? "-") CLI \(e[$0] ?? "-")" }
            Issue.record("\(view), row \(e["plan"] ?? e["dnr"] ?? e["assignment"] ?? ""): \(differing)", sourceLocation: sourceLocation)
        }
        return expected.count
    }

    func setPoint(asOf: String?, knownSeq: Int?) throws {
        let queue = try DatabaseQueue(path: ledger)
        defer { try? queue.close() }
        try queue.write { db in try db.execute(sql: "UPDATE view_point SET as_of = ?, known_seq = ?", arguments: [asOf, knownSeq]) }
    }

    @Test(arguments: [("2023-07-01", nil), ("2022-06-01", nil), ("2021-06-01", 20), ("2015-01-01", 4), ("2023-08-31", nil)] as [(String, Int?)])
    func viewsEqualTheCLI(asOf: String, knownSeq: Int?) throws {
        try setPoint(asOf: asOf, knownSeq: knownSeq)
        let point = ["--as-of", asOf] + (knownSeq.map { ["--known-at", String($0)] } ?? [])
        let counts = [
            try expectSame(view: "plans_now", cli: ["plans"] + point),
            try expectSame(view: "diary_now", cli: ["diary"] + point, renamed: ["case": "case_ref"]),
            try expectSame(view: "assignments_now", cli: ["assignments"] + point, flags: ["overdue"]),
            try expectSame(view: "followups_now", cli: ["followups"] + point, keep: { !($0["outcome"] is NSNull) }),
        ]
        // Where the history has something of each, every view is compared on rows, not on an empty answer.
        if asOf == "2023-07-01" { #expect(counts == [7, 2, 2, 2]) }
        // changes lists every version known, as `changes PLAN` does without --as-of.
        for plan in ["rutin-overgripande-handlingsplan", "omdopt", "upphävd"] where knownSeq == nil {
            try expectSameChanges(plan: plan, knowledge: [])
        }
        if knownSeq == 4 { try expectSameChanges(plan: "rutin-overgripande-handlingsplan", knowledge: ["--known-at", "4"]) }
    }

    func expectSameChanges(plan: String, knowledge: [String]) throws {
        let queue = try DatabaseQueue(path: ledger)
        let count = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM changes_now WHERE plan = ?", arguments: [plan]) ?? 0 }
        try queue.close()
        let r = try run(["changes", plan, "--format", "json"] + knowledge)
        let rows = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
        #expect(count == rows.count)
        try expectSameView(sql: "SELECT * FROM changes_now WHERE plan = '\(plan)'", json: rows, flags: ["corrected"])
    }

    func run(_ args: [String]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], environment: ["PLANLEDGER_NOW": "2023-07-15T10:00:00Z"])
    }

    func expectSameView(sql: String, json: [[String: Any]], flags: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let queue = try DatabaseQueue(path: ledger)
        defer { try? queue.close() }
        let rows = try queue.read { db in try Row.fetchAll(db, sql: sql) }
        #expect(rows.count == json.count, sourceLocation: sourceLocation)
        for (row, object) in zip(rows, json) {
            for (column, value) in Self.flatten(object) {
                guard row.hasColumn(column) else {
                    // A null object (`decision`): its members' columns are all NULL.
                    let members = row.columnNames.filter { $0.hasPrefix(column + "_") }
                    #expect(value is NSNull && !members.isEmpty && members.allSatisfy { (row[$0] as DatabaseValue).isNull },
                            "\(column)", sourceLocation: sourceLocation)
                    continue
                }
                let stored: Any? = switch (row[column] as DatabaseValue).storage {
                case .null: nil
                case .int64(let i): i
                case .double(let d): d
                case .string(let s): s
                case .blob(let b): b
                }
                #expect(Self.text(stored, flag: flags.contains(column)) == Self.text(value, flag: flags.contains(column)),
                        "\(column)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The log with its hashes as hex equals `export`, line for line.
    @Test func eventLogEqualsExport() throws {
        let export = try run("export")
        let lines = export.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        try expectSameView(sql: "SELECT * FROM event_log ORDER BY seq", json: lines.map { line in
            var l = line ?? [:]
            // `data` is one column of canonical JSON.
            if let data = l["data"] { l["data"] = String(decoding: try! JSONSerialization.data(withJSONObject: data, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) }
            return l
        }, flags: [])
    }

    /// With no point set, the views answer for today in the reading program's zone and the head.
    @Test func theDefaultPointIsTodayAndTheHead() throws {
        let queue = try DatabaseQueue(path: ledger)
        defer { try? queue.close() }
        let point = try queue.read { db in try Row.fetchOne(db, sql: "SELECT as_of, known_seq FROM current_point") }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = .current
        let today = formatter.string(from: Date())
        #expect(point?["as_of"] as String? == today)
        #expect(point?["known_seq"] as Int? == 32)
        // The point is checked: a date that is no date, a negative seq, a second row are refused.
        #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: "UPDATE view_point SET as_of = '2023-02-30'") } }
        #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: "UPDATE view_point SET known_seq = -1") } }
        #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: "INSERT INTO view_point (id) VALUES (2)") } }
    }

    /// A corrected version's content is the correction's (`data.replacement.data.content`), in the views as in the CLI.
    @Test func theViewsReadACorrectedVersionsContent() throws {
        let correction = #"{"type":"event.corrected","effective":"2023-06-01","data":{"target":27,"reason":"Rättat namn","replacement":{"data":{"version":2,"change":"Nytt namn, förlängd","approvedBy":"RD","content":{"title":"Rättat namn","period":{"from":2019,"to":2027}}}}}}"#
        let r = try CommandRunner.run(["append", "-", "--ledger", ledger], stdin: Data(correction.utf8), environment: ["PLANLEDGER_NOW": "2023-07-15T10:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        try setPoint(asOf: "2023-07-01", knownSeq: nil)
        #expect(try expectSame(view: "plans_now", cli: ["plans", "--as-of", "2023-07-01"]) > 0)
        let queue = try DatabaseQueue(path: ledger)
        defer { try? queue.close() }
        let row = try #require(try queue.read { try Row.fetchOne($0, sql: "SELECT title, period_to FROM plans_now WHERE plan = 'omdopt'") })
        #expect(row["title"] as String? == "Rättat namn")
        #expect(row["period_to"] as String? == "2027-12-31")
    }

    /// A ledger made before the views gets them when it is next opened, and they answer at once.
    @Test func anExistingLedgerGetsTheViews() throws {
        let queue = try DatabaseQueue(path: ledger)
        try queue.write { db in
            for view in ["current_point", "event_log", "plans_now", "changes_now", "diary_now", "assignments_now", "followups_now"] {
                try db.execute(sql: "DROP VIEW \(view)")
            }
            try db.execute(sql: "DROP TABLE view_point")
            // Such a ledger has neither the views nor their later version.
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN ('v5-sql-views', 'v7-views-read-content-from-the-log')")
        }
        try queue.close()
        #expect(try run("verify").status == 0)
        try setPoint(asOf: "2023-07-01", knownSeq: nil)
        try expectSame(view: "plans_now", cli: ["plans", "--as-of", "2023-07-01"])
    }
}
