import Foundation
import GRDB
import LedgerCore
import Testing
import TestSupport

/// `export --format erms`: the archive delivery (E-ARK CITS ERMS v2.1.2) is valid against ERMS.xsd and the
/// Schematron rules, holds every dnr, plan version and assignment exactly once, never shows in public mode
/// what the public diary hides, and carries any text a registrar typed.
struct ERMSExportTests {
    /// "Today" for every command of a test, so that the export and the queries it is compared with agree.
    static let environment = ["PLANLEDGER_NOW": "2026-11-25T12:00:00Z", "TZ": "Europe/Stockholm"]

    /// Runs `planledger export --format erms` with `args` into a file; returns the command's result and the
    /// document's bytes (empty when it failed).
    static func export(_ ledger: String, _ args: [String] = [], in dir: TemporaryDirectory, name: String = "export.xml") throws -> (CommandResult, Data, String) {
        let out = dir.path(name)
        let r = try CommandRunner.run(["export", "--format", "erms", "--ledger", ledger, "--out", out] + args, environment: environment)
        return (r, FileManager.default.contents(atPath: out) ?? Data(), out)
    }

    static func json(_ args: [String]) throws -> Any {
        let r = try CommandRunner.run(args + ["--format", "json"], environment: environment)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    }

    /// A new ledger at `dir/name` holding `history` (JSON Lines).
    static func ledger(_ history: String, in dir: TemporaryDirectory, name: String = "ledger.sqlite") throws -> String {
        let path = dir.path(name)
        #expect(try CommandRunner.run(["init", "--ledger", path]).status == 0)
        let r = try CommandRunner.run(["append", "-", "--ledger", path], stdin: Data(history.utf8), environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    /// Validates the document at `file` with xmllint and the Schematron rules, parses it, and checks that it
    /// holds what the ledger holds, each exactly once. Returns the parsed document.
    @discardableResult
    static func checkDelivery(_ data: Data, file: String, ledger: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ERMSChecks.Element? {
        try ERMSChecks.validate(file, sourceLocation: sourceLocation)
        guard let document = ERMSChecks.parse(data, sourceLocation: sourceLocation) else { return nil }
        #expect(try ERMSChecks.schematronViolations(document) == [], sourceLocation: sourceLocation)
        try checkRoundTrip(document, ledger: ledger, sourceLocation: sourceLocation)
        return document
    }

    /// Every dnr, plan version and assignment of the ledger (as `replay` and `assignments` show it) appears in
    /// the export exactly once, counted from the XML, with the values the change list has.
    static func checkRoundTrip(_ document: ERMSChecks.Element, ledger: String, sourceLocation: SourceLocation) throws {
        let replay = try #require(try json(["replay", "--ledger", ledger]) as? [String: Any])
        let diary = try #require(replay["diary"] as? [[String: Any]])
        let plans = try #require(replay["plans"] as? [[String: Any]])
        let assignments = try #require(try json(["assignments", "--ledger", ledger]) as? [[String: Any]])
        let activities = try #require(try json(["activities", "--ledger", ledger]) as? [[String: Any]])
        let aggregations = try #require(document.first("aggregations")).all("aggregation")

        // Dnrs: one record per diary entry, in the case files.
        let caseFiles = aggregations.filter { $0.attributes["aggregationType"] == "caseFile" }
        var dnrCounts: [String: Int] = [:]
        for record in caseFiles.flatMap({ $0.all("record") }) { dnrCounts[record.value("objectId") ?? "", default: 0] += 1 }
        let dnrs = diary.compactMap { $0["dnr"] as? String }
        #expect(Set(dnrCounts.keys) == Set(dnrs), "the export's dnrs differ from the diary's", sourceLocation: sourceLocation)
        #expect(dnrCounts.values.allSatisfy { $0 == 1 }, "dnrs exported more than once: \(dnrCounts.filter { $0.value > 1 })", sourceLocation: sourceLocation)
        for file in caseFiles {
            #expect(file.all("record").map { $0.value("runningNumber") } == (1...max(1, file.all("record").count)).map { String($0) },
                    "running numbers of case \(file.value("objectId") ?? "?")", sourceLocation: sourceLocation)
        }

        // Plan versions: the change list, row by row.
        struct Version: Hashable { var id, change, date: String; var approvedBy, dnr: String? }
        var exported: [Version: Int] = [:]
        for plan in aggregations where plan.attributes["systemIdentifier"]?.hasPrefix("plan:") == true {
            for record in plan.all("record") {
                let approvedBy = record.first("agents")?.all("agent").first { $0.attributes["agentType"] == "authorising_person" }?.value("name")
                let decided = record.first("dates")?.all("date").first { $0.attributes["dateType"] == "decision" }?.text
                let v = Version(id: record.value("objectId") ?? "", change: record.value("title") ?? "", date: String((decided ?? "").prefix(10)),
                                approvedBy: approvedBy, dnr: record.first("extraId").map(\.text))
                exported[v, default: 0] += 1
                #expect(record.value("runningNumber").map { v.id.hasSuffix("/v\($0)") } == true, sourceLocation: sourceLocation)
            }
        }
        let versions = plans.flatMap { plan in
            (plan["changes"] as? [[String: Any]] ?? []).map { c in
                Version(id: "\(plan["plan"]!)/v\(c["version"]!)", change: c["change"] as! String, date: c["date"] as! String,
                        approvedBy: c["approvedBy"] as? String, dnr: c["dnr"] as? String)
            }
        }
        #expect(Set(exported.keys) == Set(versions), "the export's change lists differ: \(Set(exported.keys).symmetricDifference(versions).prefix(5))", sourceLocation: sourceLocation)
        #expect(exported.values.allSatisfy { $0 == 1 } && versions.count == Set(versions).count, sourceLocation: sourceLocation)

        // Assignments: one action each, wherever it is placed, with its deadline and status.
        // Activities: one action each, in their plan's aggregation (`activity ID: STATUS`), with due date and status.
        var actions: [String: [(due: String?, status: String)]] = [:]
        var activityActions: [String: [(due: String?, status: String)]] = [:]
        for aggregation in aggregations {
            for action in aggregation.all("action") {
                let type = action.value("actionType") ?? ""
                if type.hasPrefix("activity ") {
                    let parts = type.dropFirst("activity ".count).split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    #expect(parts.count == 2 && aggregation.attributes["systemIdentifier"]?.hasPrefix("plan:") == true, "actionType \"\(type)\"",
                            sourceLocation: sourceLocation)
                    if parts.count == 2 { activityActions["\(aggregation.value("objectId") ?? "")/\(parts[0])", default: []].append((action.value("actionDue"), parts[1])) }
                    continue
                }
                let parts = type.dropFirst("assignment ".count).split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(type.hasPrefix("assignment ") && parts.count == 2, "actionType \"\(type)\"", sourceLocation: sourceLocation)
                if parts.count == 2 { actions[parts[0], default: []].append((action.value("actionDue"), parts[1])) }
            }
        }
        #expect(Set(actions.keys) == Set(assignments.compactMap { $0["assignment"] as? String }), sourceLocation: sourceLocation)
        for assignment in assignments {
            let key = assignment["assignment"] as! String
            let found = actions[key] ?? []
            #expect(found.count == 1, "assignment \(key) exported \(found.count) times", sourceLocation: sourceLocation)
            #expect(found.first?.due == assignment["deadline"] as? String, sourceLocation: sourceLocation)
            #expect(found.first?.status == assignment["status"] as? String, sourceLocation: sourceLocation)
        }
        #expect(Set(activityActions.keys) == Set(activities.map { "\($0["plan"]!)/\($0["activity"]!)" }), sourceLocation: sourceLocation)
        for activity in activities {
            let found = activityActions["\(activity["plan"]!)/\(activity["activity"]!)"] ?? []
            #expect(found.count == 1 && found.first?.due == activity["due"] as? String && found.first?.status == activity["status"] as? String,
                    "activity \(activity["activity"]!) of \(activity["plan"]!)", sourceLocation: sourceLocation)
        }
    }

    @Test func demoLedgerExportIsValidAndComplete() throws {
        let dir = try TemporaryDirectory()
        let demo = try CommandRunner.run(["demo", "--ledger", "demo.sqlite"], environment: Self.environment, directory: dir.url)
        #expect(demo.status == 0, "\(demo.stderr)")
        let ledger = dir.path("demo.sqlite")
        for args in [[], ["--public"], ["--organisation", "Region Västerbotten"]] {
            let (r, data, file) = try Self.export(ledger, args, in: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stderr == "")
            try Self.checkDelivery(data, file: file, ledger: ledger)
        }
        // The maintenance history is the log: one event per logged event, who recorded it and when.
        let (_, data, _) = try Self.export(ledger, ["--organisation", "Region Västerbotten"], in: dir)
        let document = try #require(ERMSChecks.parse(data))
        let control = try #require(document.first("control"))
        let history = try #require(control.first("maintenanceInformation")?.first("maintenanceHistory")).all("maintenanceEvent")
        let log = try CommandRunner.run(["export", "--ledger", ledger]).stdout.split(separator: "\n")
        #expect(history.count == log.count)
        let corrections = log.filter { $0.contains(#""type":"event.corrected""#) }.count
        #expect(corrections > 0 && history.filter { $0.first("eventType")?.attributes["value"] == "revised" }.count == corrections)
        #expect(history.allSatisfy { $0.first("agent")?.value("name")?.hasPrefix("registrator:") == true })
        #expect(control.first("maintenanceInformation")?.first("maintenanceAgency")?.value("agencyName") == "Region Västerbotten")
        #expect(control.all("identification").first { $0.attributes["identificationType"] == "knownAtSeq" }?.text == String(log.count))
        // The board's decision case holds the assignments its decision issued.
        let board = try #require(document.first("aggregations")?.all("aggregation").first { $0.value("objectId") == "1043-2022" })
        #expect(board.attributes["aggregationType"] == "caseFile")
        #expect(Set(board.all("action").compactMap { $0.value("actionType") }).isSuperset(of: ["assignment rs-2023-vns: open"]))
    }

    @Test func generatedTenThousandEventLedgerExportIsValidAndComplete() throws {
        let dir = try TemporaryDirectory()
        let plgen = CommandRunner.executable.deletingLastPathComponent().appendingPathComponent("plgen").path
        try #require(FileManager.default.isExecutableFile(atPath: plgen), "plgen is built with the tests (swift build --build-tests): \(plgen)")
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: plgen)
        generate.arguments = ["--events", "10000", "--seed", "1", "--out", dir.path("w.jsonl")]
        try generate.run()
        generate.waitUntilExit()
        #expect(generate.terminationStatus == 0)
        let ledger = dir.path("big.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
        let append = try CommandRunner.run(["append", dir.path("w.jsonl"), "--ledger", ledger], environment: Self.environment)
        try #require(append.status == 0, "\(append.stderr)")

        let start = Date()
        let (r, data, file) = try Self.export(ledger, in: dir)
        let exportSeconds = Date().timeIntervalSince(start)
        #expect(r.status == 0, "\(r.stderr)")
        let lintSeconds = try ERMSChecks.validate(file)
        print("ERMS export of 10,000 events: \(data.count) bytes in \(String(format: "%.2f", exportSeconds)) s; xmllint \(String(format: "%.2f", lintSeconds)) s")
        let document = try #require(try Self.checkDelivery(data, file: file, ledger: ledger))
        let history = document.first("control")?.first("maintenanceInformation")?.first("maintenanceHistory")?.all("maintenanceEvent")
        #expect(history?.count == 10_000)
        #expect(history?.contains { $0.first("eventType")?.attributes["value"] == "cancelled" } == true, "the generated log has retractions")

        // A past point: what the register showed at seq 4000, as of 2020.
        let (past, pastData, pastFile) = try Self.export(ledger, ["--as-of", "2020-06-30", "--known-at", "4000", "--public"], in: dir, name: "past.xml")
        #expect(past.status == 0, "\(past.stderr)")
        try ERMSChecks.validate(pastFile)
        let pastDocument = try #require(ERMSChecks.parse(pastData))
        #expect(try ERMSChecks.schematronViolations(pastDocument) == [])
        #expect(pastDocument.first("control")?.first("maintenanceInformation")?.first("maintenanceHistory")?.all("maintenanceEvent").count == 4000)
    }

    /// Hidden in public mode: an entry classified from the start, and one classified only by a later
    /// correction, even when exported with knowledge from before that correction.
    @Test func publicExportNeverShowsAClassifiedTitleOrCounterpart() throws {
        let dir = try TemporaryDirectory()
        let ledger = try Self.ledger("""
            {"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/412/2023","title":"Klagomål om väntetider på ortopeden","direction":"in","counterpart":"Anna Svensson","handler":"Patientnämnden","case":"RS/412/2023","secrecy":{"ground":"OSL 25:1"}}}
            {"type":"diary.registered","effective":"2023-05-12","data":{"dnr":"RS/413/2023","title":"Svar till Anna Svensson","direction":"out","counterpart":"Anna Svensson","handler":"Patientnämnden","case":"RS/412/2023","secrecy":{"ground":"OSL 25:1"}}}
            {"type":"diary.registered","effective":"2023-05-13","data":{"dnr":"RS/420/2023","title":"Anmälan om hot mot Bertil Öberg","direction":"in","counterpart":"Bertil Öberg","handler":"Säkerhetsenheten"}}
            {"type":"diary.registered","effective":"2023-05-14","data":{"dnr":"RS/421/2023","title":"Öppen skrivelse om parkering","direction":"in","counterpart":"Cecilia Ek","handler":"Fastighet"}}
            {"type":"event.corrected","effective":"2023-05-20","data":{"target":3,"reason":"Sekretessprövad","replacement":{"data":{"dnr":"RS/420/2023","title":"Anmälan om hot mot Bertil Öberg","direction":"in","counterpart":"Bertil Öberg","handler":"Säkerhetsenheten","secrecy":{"ground":"OSL 21:3"}}}}}
            """, in: dir)
        let secrets = ["Klagomål om väntetider", "Anna Svensson", "Svar till", "Bertil Öberg", "Anmälan om hot"]
        for knownAt in ["5", "4"] {
            let (open, openData, _) = try Self.export(ledger, ["--known-at", knownAt], in: dir, name: "open-\(knownAt).xml")
            #expect(open.status == 0, "\(open.stderr)")
            let openText = String(decoding: openData, as: UTF8.self)
            #expect(secrets.allSatisfy(openText.contains), "the closed export carries the full record (known at \(knownAt))")

            let (r, data, file) = try Self.export(ledger, ["--public", "--known-at", knownAt], in: dir, name: "public-\(knownAt).xml")
            #expect(r.status == 0, "\(r.stderr)")
            let text = String(decoding: data, as: UTF8.self)
            for secret in secrets { #expect(!text.contains(secret), "\"\(secret)\" in the public export known at \(knownAt)") }
            #expect(text.contains("Öppen skrivelse om parkering") && text.contains("Cecilia Ek"), "what is public stays")
            try ERMSChecks.validate(file)
            let document = try #require(ERMSChecks.parse(data))
            let records = document.first("aggregations")!.all("aggregation").flatMap { $0.all("record") }
            let hidden = records.first { $0.value("objectId") == "RS/420/2023" }
            #expect(hidden?.value("title") == "Sekretess enligt OSL 21:3")
            #expect(hidden?.first("restriction")?.value("regulation") == "OSL 21:3")
            #expect(hidden?.first("agents")?.all("agent").contains { $0.attributes["agentType"] == "counterpart" } == false)
            // The public export masks exactly what `diary --public` masks.
            let diary = try #require(try Self.json(["diary", "--public", "--known-at", knownAt, "--ledger", ledger]) as? [[String: Any]])
            for entry in diary {
                let record = records.first { $0.value("objectId") == entry["dnr"] as? String }
                #expect(record?.value("title") == entry["title"] as? String)
            }
        }
    }

    /// Rewrites the data and actor of events in the log as a planledger from before control characters were
    /// refused (SPEC "Fidelity") would have accepted them, then rebuilds the projections from the log.
    static func writeAsAnOlderVersionWould(_ ledger: String, _ edits: [Int: (actor: String?, data: [String: String])]) throws {
        let queue = try DatabaseQueue(path: ledger)
        try queue.write { db in
            let trigger = try #require(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'event_refuses_update'"))
            try db.execute(sql: "DROP TRIGGER event_refuses_update")
            for (seq, edit) in edits {
                let text = try #require(try String.fetchOne(db, sql: "SELECT data FROM event WHERE seq = ?", arguments: [seq]))
                guard case .object(var data) = try JSONParser.parse(text) else { throw CancellationError() }
                for (key, value) in edit.data { data[key] = .string(value) }
                try db.execute(sql: "UPDATE event SET data = ? WHERE seq = ?", arguments: [CanonicalJSON.string(.object(data)), seq])
                if let actor = edit.actor { try db.execute(sql: "UPDATE event SET actor = ? WHERE seq = ?", arguments: [actor, seq]) }
            }
            try db.execute(sql: trigger)
        }
        try queue.close()
        let r = try CommandRunner.run(["rebuild", "--ledger", ledger])
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// Markup characters and quotes are escaped and read back exactly; Swedish text is intact; characters
    /// XML 1.0 forbids (U+FFFE, which the log accepts, and the controls a log written before they were refused
    /// can hold) are written as U+FFFD with a warning naming the event and field, since the log cannot be
    /// edited and a dnr or an actor cannot even be corrected.
    @Test func hostileTextIsEscapedAndForbiddenCharactersReplaced() throws {
        let dir = try TemporaryDirectory()
        let title = #"Avtal <Bolaget & Söner> "AB" 'Ö' ]]> åäö ÅÄÖ é ñ – § ½"#
        let titleJSON = #"Avtal <Bolaget & Söner> \"AB\" 'Ö' ]]> åäö ÅÄÖ é ñ – § ½"#
        let ledger = try Self.ledger("""
            {"type":"diary.registered","effective":"2023-01-10","data":{"dnr":"RS/1/2023","title":"\(titleJSON)","direction":"in","counterpart":"Åsa & Örjan <ö@example.se>","handler":"Kansliet"}}
            {"type":"diary.registered","effective":"2023-01-11","actor":"registrator","data":{"dnr":"RS/2/2023","title":"Klocka och\\ufffe tecken","direction":"internal","handler":"Kansliet"}}
            {"type":"plan.registered","plan":"p-åäö","effective":"2023-01-01","data":{"title":"Plan för \\"trygghet\\" & <säkerhet>","kind":"riktlinje","owner":"Regionstyrelsen"}}
            {"type":"plan.revised","plan":"p-åäö","effective":"2023-01-02","data":{"version":1,"change":"Första versionen med två rader","approvedBy":"Regiondirektör"}}
            """, in: dir)
        try Self.writeAsAnOlderVersionWould(ledger, [
            2: (actor: "reg\u{1}istrator", data: ["title": "Klocka\u{7} och\u{FFFE} tecken", "handler": "Kansliet\u{1B}"]),
            4: (actor: nil, data: ["change": "Första versionen\r\nmed två rader"]),
        ])
        let (r, data, file) = try Self.export(ledger, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("seq 2: title: U+0007, U+FFFE cannot be written in XML 1.0; written as U+FFFD"), "\(r.stderr)")
        #expect(r.stderr.contains("seq 2: actor: U+0001"), "\(r.stderr)")
        #expect(r.stderr.contains("seq 2: responsible_person: U+001B"), "\(r.stderr)")
        try ERMSChecks.validate(file)
        let document = try #require(ERMSChecks.parse(data))
        #expect(try ERMSChecks.schematronViolations(document) == [])
        let records = document.first("aggregations")!.all("aggregation").flatMap { $0.all("record") }
        let first = records.first { $0.value("objectId") == "RS/1/2023" }
        #expect(first?.value("title") == title)
        #expect(first?.first("agents")?.all("agent").first?.value("name") == "Åsa & Örjan <ö@example.se>")
        #expect(records.first { $0.value("objectId") == "RS/2/2023" }?.value("title") == "Klocka\u{FFFD} och\u{FFFD} tecken")
        let plan = document.first("aggregations")!.all("aggregation").first { $0.value("objectId") == "p-åäö" }
        #expect(plan?.value("title") == #"Plan för "trygghet" & <säkerhet>"#)
        #expect(plan?.attributes["otherAggregationType"] == "riktlinje")
        #expect(plan?.first("record")?.value("title") == "Första versionen\r\nmed två rader")
        let names = document.first("control")!.first("maintenanceInformation")!.first("maintenanceHistory")!.all("maintenanceEvent")
            .compactMap { $0.first("agent")?.value("name") }
        #expect(names.contains("reg\u{FFFD}istrator"))
        // The bytes are UTF-8 as written, not character references.
        #expect(String(decoding: data, as: UTF8.self).contains("Söner&gt; &quot;AB&quot; &apos;Ö&apos; ]]&gt; åäö ÅÄÖ"))
    }

    /// `--package DIR`: the archive checks every record's event (and the corrections behind it) against the
    /// signed checkpoint with the ledger gone; a public package carries no proof of a classified entry.
    @Test func packageLetsTheArchiveVerifyEveryRecordWithoutTheLedger() throws {
        let dir = try TemporaryDirectory()
        let ledger = try Self.ledger(SeedHistory.rutin + "\n" + """
            {"type":"diary.registered","effective":"2015-08-14","data":{"dnr":"RS/1321/2015","title":"Rutin, version 4","direction":"internal","handler":"Samordningskansliet"}}
            {"type":"diary.registered","effective":"2015-09-01","data":{"dnr":"RS/1400/2015","title":"Anmälan från Dagny Holm","direction":"in","counterpart":"Dagny Holm","secrecy":{"ground":"OSL 26:1"}}}
            {"type":"event.corrected","effective":"2015-09-02","data":{"target":3,"reason":"Beslutsfattaren saknades","replacement":{"data":{"version":2,"change":"Reviderad utifrån att rutinen anpassats efter den nya styrmodellen","approvedBy":"Landstingsdirektör"}}}}
            """, in: dir)
        #expect(try CommandRunner.run(["export", "--format", "erms", "--package", dir.path("none"), "--ledger", ledger]).status == 66, "no checkpoint yet")
        #expect(try CommandRunner.run(["export", "--format", "erms", "--package", dir.path("x"), "--out", dir.path("y"), "--ledger", ledger]).status == 64)
        let keygen = try CommandRunner.run(["keygen", "--name", "region.example/planledger", "--out", dir.path("region.key")])
        let vkey = keygen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CommandRunner.run(["checkpoint", "--key", dir.path("region.key"), "--ledger", ledger]).status == 0)

        let package = dir.path("delivery")
        let r = try CommandRunner.run(["export", "--format", "erms", "--package", package, "--ledger", ledger], environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let data = try #require(FileManager.default.contents(atPath: package + "/erms.xml"))
        try Self.checkDelivery(data, file: package + "/erms.xml", ledger: ledger)
        #expect(try String(contentsOfFile: package + "/checkpoint", encoding: .utf8).hasPrefix("region.example/planledger\n8\n"))
        let document = try #require(ERMSChecks.parse(data))
        let recordSeqs = document.first("aggregations")!.all("aggregation").flatMap { $0.all("record") }
            .compactMap { $0.attributes["systemIdentifier"].flatMap { Int($0.dropFirst("seq:".count)) } }
        let proofs = try FileManager.default.contentsOfDirectory(atPath: package + "/proofs").compactMap { Int($0.dropLast(".json".count)) }
        #expect(Set(proofs) == Set(recordSeqs).union([8]), "every record's event, and the correction (seq 8) of version 2")
        #expect(recordSeqs.count == 6)
        #expect(try CommandRunner.run(["export", "--format", "erms", "--package", package, "--ledger", ledger]).status == 73)

        // Without the ledger: each proof checks against the signed checkpoint.
        try FileManager.default.removeItem(atPath: ledger)
        for seq in proofs {
            let check = try CommandRunner.run(["verify-proof", package + "/proofs/\(seq).json", "--vkey", vkey])
            #expect(check.status == 0, "seq \(seq): \(check.stdout) \(check.stderr)")
        }
    }

    @Test func publicPackageCarriesNoProofOfAClassifiedEntry() throws {
        let dir = try TemporaryDirectory()
        let ledger = try Self.ledger("""
            {"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/412/2023","title":"Klagomål från Anna Svensson","direction":"in","counterpart":"Anna Svensson","secrecy":{"ground":"OSL 25:1"}}}
            {"type":"diary.registered","effective":"2023-05-12","data":{"dnr":"RS/413/2023","title":"Skrivelse om parkering","direction":"in","counterpart":"Cecilia Ek"}}
            {"type":"diary.registered","effective":"2023-05-13","data":{"dnr":"RS/414/2023","title":"Hot mot Bertil Öberg","direction":"in","counterpart":"Bertil Öberg"}}
            {"type":"event.corrected","effective":"2023-05-20","data":{"target":3,"reason":"Sekretessprövad","replacement":{"data":{"dnr":"RS/414/2023","title":"Hot mot Bertil Öberg","direction":"in","counterpart":"Bertil Öberg","secrecy":{"ground":"OSL 21:3"}}}}}
            """, in: dir)
        #expect(try CommandRunner.run(["keygen", "--name", "region.example/planledger", "--out", dir.path("k")]).status == 0)
        #expect(try CommandRunner.run(["checkpoint", "--key", dir.path("k"), "--ledger", ledger]).status == 0)
        // A checkpoint that does not cover the records is refused.
        #expect(try CommandRunner.run(["append", "-", "--ledger", ledger], stdin: Data("""
            {"type":"diary.registered","effective":"2023-06-01","data":{"dnr":"RS/500/2023","title":"Ny handling","direction":"in"}}
            """.utf8)).status == 0)
        let stale = try CommandRunner.run(["export", "--format", "erms", "--package", dir.path("stale"), "--ledger", ledger])
        #expect(stale.status == 66 && stale.stderr.contains("covers events 1–4"), "\(stale.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("stale")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".partial") } == [])

        let r = try CommandRunner.run(["export", "--format", "erms", "--public", "--known-at", "4", "--package", dir.path("public"), "--ledger", ledger],
                                      environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let proofs = try FileManager.default.contentsOfDirectory(atPath: dir.path("public") + "/proofs")
        #expect(proofs == ["2.json"])
        for file in try FileManager.default.subpathsOfDirectory(atPath: dir.path("public")) {
            let text = String(decoding: FileManager.default.contents(atPath: dir.path("public") + "/" + file) ?? Data(), as: UTF8.self)
            for secret in ["Anna Svensson", "Bertil Öberg", "Klagomål"] { #expect(!text.contains(secret), "\(secret) in \(file)") }
        }
    }

    @Test func usageAndEmptyLedgers() throws {
        let dir = try TemporaryDirectory()
        let ledger = dir.path("empty.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
        #expect(try CommandRunner.run(["export", "--format", "xml", "--ledger", ledger]).status == 64)
        let jsonlPublic = try CommandRunner.run(["export", "--public", "--ledger", ledger])
        #expect(jsonlPublic.status == 64)
        #expect(jsonlPublic.stderr.contains("--public applies to --format erms"))
        #expect(try CommandRunner.run(["export", "--format", "erms", "--as-of", "2023-02-30", "--ledger", ledger]).status == 64)
        // Nothing to deliver: ERMS needs at least one aggregation; no file is left behind.
        let (empty, _, out) = try Self.export(ledger, in: dir)
        #expect(empty.status == 66)
        #expect(empty.stderr.contains("nothing to deliver"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".partial") } == [])
        // --known-at beyond the head is a usage error, as for every query.
        let full = try Self.ledger(SeedHistory.rutin, in: dir, name: "rutin.sqlite")
        #expect(try Self.export(full, ["--known-at", "99"], in: dir).0.status == 64)
        // JSON Lines stays the default, to standard output or --out.
        let log = try CommandRunner.run(["export", "--ledger", full])
        #expect(log.stdout.split(separator: "\n").count == 5)
        #expect(try CommandRunner.run(["export", "--format", "jsonl", "--out", dir.path("log.jsonl"), "--ledger", full]).status == 0)
        #expect(try String(contentsOfFile: dir.path("log.jsonl"), encoding: .utf8) == log.stdout)
    }
}
