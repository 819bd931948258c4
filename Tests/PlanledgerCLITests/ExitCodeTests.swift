import Foundation
import Testing
import TestSupport

/// README "Exit codes": one code per kind of failure, whichever command meets it. Every command × every failure
/// kind it can meet, on the demo ledger. Before, `follow-up nope` was 65 where `show nope` was 66, `retract 999`
/// was 65 naming a `--target` option that does not exist, and `assignments --plan nope` answered an empty list.
@Suite(.serialized) struct ExitCodeTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("demo.sqlite")
        let demo = try CommandRunner.run(["demo", "--ledger", ledger], environment: ["PLANLEDGER_NOW": "2026-11-25T12:00:00Z"])
        #expect(demo.status == 0, "\(demo.stderr)")
        try Data("{\"type\":\"diary.registered\",\"effective\":\"2023-01-01\",\"data\":{\"dnr\":\"X/1\",\"title\":\"t\",\"direction\":\"in\"}}\n".utf8)
            .write(to: dir.url.appendingPathComponent("one.jsonl"))
    }

    /// A case: the command line (without --ledger), the exit code, and text stderr must hold.
    struct Case: CustomStringConvertible {
        var args: [String]
        var status: Int32
        var says: String
        var description: String { args.joined(separator: " ") }
    }

    /// Every command with the arguments it needs to get as far as opening the ledger.
    var everyCommand: [[String]] {
        let reason = ["--reason", "r"]
        return [
            ["append", dir.path("one.jsonl")],
            ["register", "p", "--title", "T", "--kind", "rutin", "--owner", "O"],
            ["revise", "rutin-overgripande-handlingsplan", "--version", "5", "--change", "c"],
            ["repeal", "rutin-overgripande-handlingsplan", "--approved-by", "RD"] + reason,
            ["decide", "--dnr", "D/1", "--body", "RS", "--subject", "s", "--text", "t"],
            ["diarise", "--dnr", "D/2", "--title", "t", "--direction", "in"],
            ["archive", "--dnr", "RS/1321/2015", "--retention", "keep"],
            ["assign", "--assignment", "a", "--title", "t", "--assignee", "x", "--deadline", "2030-01-01", "--issued-by", "RS"],
            ["report", "--assignment", "jamstalldhet-2016", "--status", "done", "--note", "n"],
            ["follow-up", "divisionsplan-service-2022", "--metric", "sjukfranvaro", "--period", "2022-DÅ08", "--outcome", "5", "--fulfilment", "met",
             "--effective", "2022-09-20"],
            ["correct", "2", "--set", "change=x"] + reason,
            ["retract", "6"] + reason,
            ["plans"], ["show", "rutin-overgripande-handlingsplan"], ["changes", "rutin-overgripande-handlingsplan"], ["diary"],
            ["followups"], ["assignments"], ["chain", "strategisk-plan-2017"], ["audit"], ["history", "rutin-overgripande-handlingsplan"],
            ["replay"], ["export"], ["verify"], ["rebuild"], ["prove", "1"],
        ]
    }

    func run(_ c: Case, ledger path: String? = nil) throws {
        let r = try CommandRunner.run(c.args + ["--ledger", path ?? ledger], environment: ["PLANLEDGER_NOW": "2026-11-25T12:00:00Z"])
        #expect(r.status == c.status, "\(c): exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains(c.says), "\(c): stderr \(r.stderr)")
    }

    @Test func aMissingLedgerIs66ForEveryCommand() throws {
        let nowhere = dir.path("nowhere.sqlite")
        for args in everyCommand {
            try run(Case(args: args, status: 66, says: "nowhere.sqlite"), ledger: nowhere)
        }
        #expect(!FileManager.default.fileExists(atPath: nowhere))
    }

    @Test func anUnknownOptionIs64ForEveryCommand() throws {
        for args in everyCommand + [["init"], ["demo"], ["keygen", "--name", "n", "--out", dir.path("k")], ["checkpoint", "--key", "k"],
                                    ["verify-proof", "p", "--vkey", "v"]] {
            let r = try CommandRunner.run(args + ["--no-such-option"])
            #expect(r.status == 64, "\(args): exit \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("--no-such-option"), "\(args): \(r.stderr)")
        }
    }

    /// A plan that does not exist is 66 in every command that names one, as argument or option.
    @Test func aMissingPlanIs66Everywhere() throws {
        let missing = "no plan \"nope\""
        let cases: [Case] = [
            Case(args: ["show", "nope"], status: 66, says: "no such plan \"nope\""),
            Case(args: ["changes", "nope"], status: 66, says: "no such plan \"nope\""),
            Case(args: ["chain", "nope"], status: 66, says: "no such plan \"nope\""),
            Case(args: ["followups", "nope"], status: 66, says: "no such plan \"nope\""),
            Case(args: ["history", "nope"], status: 66, says: "no plan \"nope\""),
            Case(args: ["assignments", "--plan", "nope"], status: 66, says: "no such plan \"nope\""),
            Case(args: ["follow-up", "nope", "--metric", "m", "--period", "2022-DÅ04", "--outcome", "1", "--fulfilment", "met", "--effective", "2022-05-20"], status: 66,
                 says: "PLAN: \(missing)"),
            Case(args: ["revise", "nope", "--version", "1", "--change", "c"], status: 66, says: "PLAN: \(missing)"),
            Case(args: ["repeal", "nope", "--reason", "r", "--approved-by", "RS"], status: 66, says: "PLAN: \(missing)"),
            Case(args: ["assign", "--plan", "nope", "--assignment", "a", "--title", "t", "--assignee", "x", "--deadline", "2030-01-01",
                        "--issued-by", "RS"], status: 66, says: "--plan: \(missing)"),
            Case(args: ["decide", "--plan", "nope", "--dnr", "D/1", "--body", "RS", "--subject", "s", "--text", "t"], status: 66,
                 says: "--plan: \(missing)"),
            Case(args: ["diarise", "--plan", "nope", "--dnr", "D/2", "--title", "t", "--direction", "in"], status: 66, says: "--plan: \(missing)"),
            Case(args: ["register", "p2", "--title", "T", "--kind", "rutin", "--owner", "O", "--parent", "nope"], status: 66,
                 says: "--parent: \(missing)"),
        ]
        for c in cases { try run(c) }
    }

    /// An event, assignment or diary entry that does not exist is 66 too, and SEQ is named as the user typed it.
    @Test func aMissingEventAssignmentOrEntryIs66() throws {
        let cases: [Case] = [
            Case(args: ["correct", "999", "--set", "change=x", "--reason", "r"], status: 66, says: "SEQ: no event with seq 999"),
            Case(args: ["retract", "999", "--reason", "r"], status: 66, says: "SEQ: no event with seq 999"),
            Case(args: ["report", "--assignment", "nope", "--status", "done", "--note", "n"], status: 66, says: "--assignment: no assignment \"nope\""),
            Case(args: ["archive", "--dnr", "nope", "--retention", "keep"], status: 66, says: "--dnr: no diary entry nope"),
        ]
        for c in cases { try run(c) }
        let retract = try CommandRunner.run(["retract", "999", "--reason", "r", "--ledger", ledger])
        #expect(!retract.stderr.contains("--target"), "\(retract.stderr)")
    }

    /// The other kinds keep their codes: a broken rule 65 (also when one of several problems is a missing plan),
    /// a bad value 64, an existing file 73.
    @Test func otherKindsKeepTheirCodes() throws {
        try run(Case(args: ["revise", "rutin-overgripande-handlingsplan", "--version", "9", "--change", "c"], status: 65, says: "--version: expected 5"))
        try run(Case(args: ["retract", "3", "--reason", "r"], status: 65, says: "SEQ: "))
        try run(Case(args: ["show", "rutin-overgripande-handlingsplan", "--as-of", "2023-02-30"], status: 64, says: "--as-of"))
        try run(Case(args: ["init"], status: 73, says: "already exists"))
        let mixed = "{\"type\":\"plan.revised\",\"plan\":\"nope\",\"effective\":\"2023-01-01\",\"data\":{\"version\":1,\"change\":\"c\"}}\n"
            + "{\"type\":\"plan.revised\",\"plan\":\"rutin-overgripande-handlingsplan\",\"effective\":\"2023-01-01\",\"data\":{\"version\":9,\"change\":\"c\"}}\n"
        let onlyMissing = "{\"type\":\"plan.revised\",\"plan\":\"nope\",\"effective\":\"2023-01-01\",\"data\":{\"version\":1,\"change\":\"c\"}}\n"
        #expect(try CommandRunner.run(["append", "--ledger", ledger], stdin: Data(mixed.utf8)).status == 65)
        #expect(try CommandRunner.run(["append", "--ledger", ledger], stdin: Data(onlyMissing.utf8)).status == 66)
    }

    /// A plan asked about before the ledger knew it: the knowledge point is named, no internal placeholder date.
    @Test func aPlanNotYetKnownIsNamedAsKnownAt() throws {
        let r = try CommandRunner.run(["changes", "strategisk-plan-2017", "--known-at", "2000-01-01T00:00:00Z", "--ledger", ledger])
        #expect(r.status == 66)
        #expect(r.stderr == "planledger: plan \"strategisk-plan-2017\" did not exist as known at 2000-01-01T00:00:00Z\n")
        let asOf = try CommandRunner.run(["changes", "strategisk-plan-2017", "--as-of", "2016-01-01", "--ledger", ledger])
        #expect(asOf.stderr == "planledger: plan \"strategisk-plan-2017\" does not exist as of 2016-01-01\n")
    }
}
