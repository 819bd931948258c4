import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Service
import Testing
import TestSupport

/// A small ledger written with the CLI in two appends, so that known-at 3 and the head differ:
/// seq 1–3 register three entries (RS/1 marked `personalData: true`), seq 4–6 correct them: RS/2 gains the mark,
/// RS/3 is classified (OSL 26:1), RS/1 loses the mark.
struct PersonalDataLedger {
    let directory: TemporaryDirectory
    let path: String

    static let registrations = """
        {"type":"diary.registered","effective":"2023-02-01","data":{"dnr":"RS/1/2023","title":"Ansökan om färdtjänst","direction":"in","counterpart":"Kalle Karlsson","personalData":true}}
        {"type":"diary.registered","effective":"2023-03-01","data":{"dnr":"RS/2/2023","title":"Fråga om parkering","direction":"in","counterpart":"Per Persson"}}
        {"type":"diary.registered","effective":"2023-04-01","data":{"dnr":"RS/3/2023","title":"Anmälan om missförhållande","direction":"in","counterpart":"Lisa Berg","handler":"HR"}}
        """
    static let corrections = """
        {"type":"event.corrected","effective":"2023-05-01","data":{"target":2,"reason":"Privatperson","replacement":{"data":{"dnr":"RS/2/2023","title":"Fråga om parkering","direction":"in","counterpart":"Per Persson","personalData":true}}}}
        {"type":"event.corrected","effective":"2023-05-01","data":{"target":3,"reason":"Sekretess","replacement":{"data":{"dnr":"RS/3/2023","title":"Anmälan om missförhållande","direction":"in","counterpart":"Lisa Berg","handler":"HR","secrecy":{"ground":"OSL 26:1"}}}}}
        {"type":"event.corrected","effective":"2023-05-01","data":{"target":1,"reason":"Ombud, inte enskild","replacement":{"data":{"dnr":"RS/1/2023","title":"Ansökan om färdtjänst","direction":"in","counterpart":"Kalle Karlsson","personalData":false}}}}
        """
    /// Names and titles the public may never read, at any time point.
    static let hidden = ["Kalle Karlsson", "Per Persson", "Lisa Berg", "Anmälan om missförhållande"]

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("pd.sqlite")
        let made = try CommandRunner.run(["init", "--ledger", path])
        precondition(made.status == 0, made.stderr)
        for (text, now) in [(Self.registrations, "2023-04-02T10:00:00Z"), (Self.corrections, "2023-05-02T10:00:00Z")] {
            let r = try CommandRunner.run(["append", "-", "--ledger", path, "--format", "json"], stdin: Data(text.utf8),
                                          environment: ["PLANLEDGER_NOW": now, "PLANLEDGER_ACTOR": "registrator:kim"])
            precondition(r.status == 0, r.stderr)
        }
    }

    /// `planledger args… --ledger path` (status 0 expected) and its standard output.
    func cli(_ args: [String]) throws -> String {
        let r = try CommandRunner.run(args + ["--ledger", path], environment: ["PLANLEDGER_NOW": "2024-06-30T10:00:00Z"])
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r.stdout
    }

    /// The diary entries of a JSON answer, by dnr.
    static func entries(_ json: String) throws -> [String: [String: JSONValue]] {
        guard case .array(let rows) = try JSONParser.parse(json) else { return [:] }
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row -> (String, [String: JSONValue])? in
            guard case .object(let o) = row, case .string(let dnr)? = o["dnr"] else { return nil }
            return (dnr, o)
        })
    }

    func application() -> some ApplicationProtocol {
        buildApplication(ServiceConfiguration(ledgerPath: path, port: 0, now: { Timestamp(rfc3339: "2024-06-30T10:00:00Z")! },
                                              accounts: testAccounts))
    }
}

@Suite struct PersonalDataTests {
    /// The registrar's diary follows the corrected state at each known-at; the public's masks every entry marked or
    /// classified in any version, on both sides of the corrections.
    @Test func correctionsAddAndRemoveMarksOnBothSides() throws {
        let l = try PersonalDataLedger()
        // Before the corrections (known at 3): RS/1 marked, RS/2 not, RS/3 open.
        let before = try PersonalDataLedger.entries(l.cli(["diary", "--as-of", "2024-01-01", "--known-at", "3", "--format", "json"]))
        #expect(before["RS/1/2023"]?["counterpart"] == "Kalle Karlsson")
        #expect(before["RS/1/2023"]?["personalData"] == .bool(true))
        #expect(before["RS/2/2023"]?["personalData"] == nil)
        #expect(before["RS/3/2023"]?["title"] == "Anmälan om missförhållande")
        // After (the head): RS/1's mark removed, RS/2's added, RS/3 classified.
        let after = try PersonalDataLedger.entries(l.cli(["diary", "--as-of", "2024-01-01", "--format", "json"]))
        #expect(after["RS/1/2023"]?["personalData"] == nil)
        #expect(after["RS/2/2023"]?["personalData"] == .bool(true))
        #expect(after["RS/2/2023"]?["counterpart"] == "Per Persson")
        #expect(after["RS/3/2023"]?["secrecy"] == ["ground": "OSL 26:1"])

        // The public: the same masking at known-at 2, 3 and the head, and as of a date before the corrections' effective
        // date (2023-04-15) as after.
        for extra in [["--known-at", "2"], ["--known-at", "3"], [], ["--as-of", "2023-04-15"]] {
            let asOf = extra.contains("--as-of") ? [] : ["--as-of", "2024-01-01"]
            let json = try l.cli(["diary", "--public", "--format", "json"] + asOf + extra)
            for secret in PersonalDataLedger.hidden { #expect(!json.contains(secret), "\(extra): \(secret)") }
            let shown = try PersonalDataLedger.entries(json)
            #expect(shown["RS/1/2023"]?["counterpart"] == "Enskild", "\(extra)")
            #expect(shown["RS/1/2023"]?["personalData"] == .bool(true), "\(extra)")
            if extra != ["--known-at", "2"] {
                #expect(shown["RS/3/2023"]?["title"] == "Sekretess enligt OSL 26:1", "\(extra)")
                #expect(shown["RS/3/2023"]?["counterpart"] == .null, "\(extra)")
                #expect(shown["RS/3/2023"]?["handler"] == "HR", "\(extra): the handler is not masked")
            }
            #expect(shown["RS/2/2023"]?["counterpart"] == "Enskild", "\(extra)")
        }
        // The title of a personal-data entry stays public: only the counterpart is a private individual's.
        #expect(try l.cli(["diary", "--public", "--as-of", "2024-01-01", "--format", "json"]).contains("Ansökan om färdtjänst"))
    }

    /// One public row in full, as the JSON contract spells it.
    @Test func aPublicRowInFull() throws {
        let l = try PersonalDataLedger()
        let json = try l.cli(["diary", "--public", "--as-of", "2023-02-01", "--format", "json"])
        #expect(json == """
            [
              {
                "archived": null,
                "case": null,
                "counterpart": "Enskild",
                "date": "2023-02-01",
                "direction": "in",
                "dnr": "RS/1/2023",
                "handler": null,
                "personalData": true,
                "plan": null,
                "recorded": "2023-04-02T10:00:00.000Z",
                "secrecy": null,
                "seq": 1,
                "title": "Ansökan om färdtjänst"
              }
            ]

            """, "\(json)")
    }

    /// CSV, table and replay of `--public` say "Enskild" and never the names; without `--public` the names are there.
    @Test func everyPublicFormat() throws {
        let l = try PersonalDataLedger()
        let outputs = [
            try l.cli(["diary", "--public", "--as-of", "2024-01-01", "--format", "csv"]),
            try l.cli(["diary", "--public", "--as-of", "2024-01-01", "--format", "table"]),
            try l.cli(["replay", "--public", "--as-of", "2024-01-01", "--format", "json"]),
            try l.cli(["replay", "--public", "--as-of", "2024-01-01", "--known-at", "3", "--format", "json"]),
        ]
        for output in outputs {
            #expect(output.contains("Enskild"), "\(output)")
            for secret in PersonalDataLedger.hidden { #expect(!output.contains(secret), "\(secret) in \(output)") }
        }
        #expect(outputs[0].contains("RS/2/2023,2023-03-01,Fråga om parkering,in,Enskild,"), "\(outputs[0])")
        let unmasked = try l.cli(["diary", "--as-of", "2024-01-01", "--format", "csv"])
        for name in ["Kalle Karlsson", "Per Persson", "Lisa Berg"] { #expect(unmasked.contains(name)) }
    }

    /// The service masks for public, staff and admin and shows everything to registrars and auditors; an auditor's
    /// known-at before the corrections shows the state then, the mark on RS/1 included.
    @Test func theServiceMasksPerRole() async throws {
        let l = try PersonalDataLedger()
        try await l.application().test(.router) { client in
            for role in Role.allCases {
                for uri in ["/api/v1/diary?asOf=2024-01-01", "/api/v1/replay?asOf=2024-01-01"] {
                    let response = try await client.execute(uri: uri, method: .get, headers: authorization(role))
                    #expect(response.status == .ok)
                    let body = text(response)
                    let masked = [Role.public, .staff, .admin].contains(role)
                    for secret in PersonalDataLedger.hidden { #expect(body.contains(secret) == !masked, "\(role) \(uri) \(secret)") }
                    #expect(body.contains("Enskild") == masked, "\(role) \(uri)")
                }
            }
            let response = try await client.execute(uri: "/api/v1/diary?asOf=2024-01-01&knownAt=3", method: .get, headers: authorization(.auditor))
            let entries = try PersonalDataLedger.entries(text(response))
            #expect(entries["RS/1/2023"]?["personalData"] == .bool(true))
            #expect(entries["RS/1/2023"]?["counterpart"] == "Kalle Karlsson")
        }
        // The service's bodies are the CLI's.
        let cliPublic = try l.cli(["diary", "--public", "--as-of", "2024-01-01", "--format", "json"])
        let cliWhole = try l.cli(["diary", "--as-of", "2024-01-01", "--format", "json"])
        try await l.application().test(.router) { client in
            let staff = try await client.execute(uri: "/api/v1/diary?asOf=2024-01-01", method: .get, headers: authorization(.staff))
            let registrar = try await client.execute(uri: "/api/v1/diary?asOf=2024-01-01", method: .get, headers: authorization(.registrar))
            #expect(text(staff) == cliPublic)
            #expect(text(registrar) == cliWhole)
        }
    }

    /// `planledger diarise --personal-data` writes `personalData: true`; without the flag nothing is written for it.
    @Test func diariseTakesTheFlag() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("d.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", path]).status == 0)
        for (dnr, flag) in [("RS/8/2024", ["--personal-data"]), ("RS/9/2024", [])] {
            let r = try CommandRunner.run(["diarise", "--dnr", dnr, "--title", "Brev", "--direction", "in", "--counterpart", "Eva \(dnr.prefix(4).suffix(1))",
                                           "--effective", "2024-01-02", "--ledger", path] + flag,
                                          environment: ["PLANLEDGER_ACTOR": "registrator:kim"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let export = try CommandRunner.run(["export", "--ledger", path]).stdout.split(separator: "\n")
        #expect(export.count == 2)
        #expect(export[0].contains(#""personalData":true"#))
        #expect(!export[1].contains("personalData"))
        let shown = try PersonalDataLedger.entries(try CommandRunner.run(["diary", "--public", "--as-of", "2024-06-30", "--format", "json", "--ledger", path]).stdout)
        #expect(shown["RS/8/2024"]?["counterpart"] == "Enskild")
        #expect(shown["RS/9/2024"]?["counterpart"] == "Eva 9")
    }
}
