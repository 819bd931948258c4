import Foundation
import LedgerCore
import Testing
import TestSupport

/// SPEC, "Fidelity": `show --version N` of a version that a later one replaced says `superseded`, with the
/// replacing version and its date, never `in-force`.
@Suite(.serialized) struct SupersededVersionTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
    }

    func run(_ args: String..., stdin: String = "") throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], stdin: Data(stdin.utf8), environment: ["PLANLEDGER_NOW": "2016-01-01T09:00:00Z", "COLUMNS": "200"])
    }

    func show(_ args: String...) throws -> [String: JSONValue] {
        let r = try CommandRunner.run(["show"] + args + ["--format", "json", "--ledger", ledger], environment: ["PLANLEDGER_NOW": "2016-01-01T09:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        guard case .object(let members) = try JSONParser.parse(r.stdout) else { return [:] }
        return members
    }

    @Test func theDemosRutinVersion3IsSuperseded() throws {
        #expect(try run("append", stdin: SeedHistory.rutin).status == 0)
        // Today (2016-01-01) version 4 (2015-08-14) is in force; version 3 was replaced by it.
        let v3 = try show(SeedHistory.plan, "--version", "3")
        #expect(v3["status"] == "superseded")
        #expect(v3["supersededBy"] == ["version": 4, "date": "2015-08-14"])
        #expect(v3["version"] == 3)
        let table = try run("show", SeedHistory.plan, "--version", "3", "--format", "table")
        #expect(table.stdout.contains("  status      superseded by version 4 on 2015-08-14 as of 2016-01-01\n"), "\(table.stdout)")
        #expect(!table.stdout.contains("in-force"))
        // Version 1 was replaced by version 2, not by the latest.
        #expect(try show(SeedHistory.plan, "--version", "1")["supersededBy"] == ["version": 2, "date": "2014-06-24"])
        // The version in force is in force, asked for by number or not.
        for v4 in [try show(SeedHistory.plan, "--version", "4"), try show(SeedHistory.plan)] {
            #expect(v4["status"] == "in-force")
            #expect(v4["supersededBy"] == .null)
        }
    }

    /// Both sides of the day the replacing version takes effect.
    @Test func aVersionIsSupersededFromTheDayTheNextTakesEffect() throws {
        #expect(try run("append", stdin: SeedHistory.rutin).status == 0)
        let before = try show(SeedHistory.plan, "--version", "3", "--as-of", "2015-08-13")
        #expect(before["status"] == "in-force")
        #expect(before["supersededBy"] == .null)
        let on = try show(SeedHistory.plan, "--version", "3", "--as-of", "2015-08-14")
        #expect(on["status"] == "superseded")
        #expect(on["supersededBy"] == ["version": 4, "date": "2015-08-14"])
    }

    /// A later version dated after the as-of date (adopted, not yet in force) does not supersede yet.
    @Test func aFutureVersionDoesNotSupersedeYet() throws {
        #expect(try run("append", stdin: """
            {"type":"plan.registered","plan":"p","effective":"2015-01-01","data":{"title":"Plan","kind":"rutin","owner":"SK"}}
            {"type":"plan.revised","plan":"p","effective":"2015-02-01","data":{"version":1,"change":"Ny"}}
            {"type":"plan.revised","plan":"p","effective":"2016-06-01","data":{"version":2,"change":"Reviderad, gäller från juni"}}
            """).status == 0)
        let v1 = try show("p", "--version", "1")
        #expect(v1["status"] == "in-force")
        #expect(v1["supersededBy"] == .null)
        let later = try show("p", "--version", "1", "--as-of", "2016-06-01")
        #expect(later["status"] == "superseded")
        #expect(later["supersededBy"] == ["version": 2, "date": "2016-06-01"])
        // Version 2 is not in force yet today: asking for it is refused as before.
        #expect(try run("show", "p", "--version", "2").status == 66)
    }

    /// A repealed plan: an older version is still superseded (by the next version), the latest shows the repeal.
    @Test func aRepealedPlansVersions() throws {
        #expect(try run("append", stdin: """
            {"type":"plan.registered","plan":"p","effective":"2015-01-01","data":{"title":"Plan","kind":"rutin","owner":"SK"}}
            {"type":"plan.revised","plan":"p","effective":"2015-02-01","data":{"version":1,"change":"Ny"}}
            {"type":"plan.revised","plan":"p","effective":"2015-03-01","data":{"version":2,"change":"Reviderad"}}
            {"type":"plan.repealed","plan":"p","effective":"2015-04-01","data":{"reason":"Ersatt","approvedBy":"RS"}}
            """).status == 0)
        #expect(try show("p", "--version", "1")["status"] == "superseded")
        #expect(try show("p", "--version", "2")["status"] == "repealed")
        #expect(try show("p", "--version", "2")["supersededBy"] == .null)
    }

    /// A corrected history: retracting version 2 makes version 1 the one in force again.
    @Test func aRetractedSuccessorDoesNotSupersede() throws {
        #expect(try run("append", stdin: """
            {"type":"plan.registered","plan":"p","effective":"2015-01-01","data":{"title":"Plan","kind":"rutin","owner":"SK"}}
            {"type":"plan.revised","plan":"p","effective":"2015-02-01","data":{"version":1,"change":"Ny"}}
            {"type":"plan.revised","plan":"p","effective":"2015-03-01","data":{"version":2,"change":"Reviderad"}}
            """).status == 0)
        #expect(try show("p", "--version", "1")["status"] == "superseded")
        #expect(try run("retract", "3", "--reason", "Fel plan").status == 0)
        #expect(try show("p", "--version", "1")["status"] == "in-force")
        // Known at the time before the retraction, version 1 was superseded.
        #expect(try show("p", "--version", "1", "--known-at", "3")["status"] == "superseded")
    }
}
