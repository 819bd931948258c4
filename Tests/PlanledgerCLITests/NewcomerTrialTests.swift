import Foundation
import GRDB
import Testing
import TestSupport

/// What a newcomer's trial of issues 12 and 13 found, each as the kind it stands for: a new ledger is read without
/// the write lock and from a read-only copy; a backup only reads its source; an outcome is a figure or a text, never
/// a figure changed on the way in; a table cannot be reordered by bidirectional controls; the organisation's zone
/// is checked like every environment value.
@Suite(.serialized) struct NewcomerTrialTests {
    let dir: TemporaryDirectory
    let fixedTime = ["PLANLEDGER_NOW": "2024-01-01T09:00:00Z"]
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]

    init() throws {
        dir = try TemporaryDirectory()
    }

    func planledger(_ args: [String], stdin: String = "", env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args, stdin: Data(stdin.utf8), environment: fixedTime.merging(env) { $1 })
    }

    /// A folder only root may write, holding a 0444 copy of `ledger`: what an auditor's archive looks like.
    func readOnlyCopy(of ledger: String) throws -> String {
        let archive = dir.path("archive")
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: false)
        let copy = archive + "/region.sqlite"
        try FileManager.default.copyItem(atPath: ledger, toPath: copy)
        chmod(copy, 0o444)
        chmod(archive, 0o555)
        chmod(dir.url.path, 0o755)
        return copy
    }

    @Test func aNewLedgerIsReadWhileAnotherConnectionHoldsTheWriteLock() throws {
        let ledger = dir.path("new.sqlite")
        #expect(try planledger(["init", "--ledger", ledger]).status == 0)
        let db = try DatabaseQueue(path: ledger)
        try db.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            for args in [["plans"], ["diary"], ["verify"]] {
                let r = try planledger(args + ["--ledger", ledger, "--format", "json"], env: ["PLANLEDGER_BUSY_TIMEOUT": "0.3"])
                #expect(r.status == 0, "\(args[0]) on a new ledger under a held write lock: \(r.stderr)")
            }
        }
        let plans = try planledger(["plans", "--ledger", ledger, "--format", "json"])
        #expect(plans.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func aReadOnlyCopyOfANewLedgerIsQueriedAndBackedUp() throws {
        let ledger = dir.path("new.sqlite")
        #expect(try planledger(["init", "--ledger", ledger]).status == 0)
        let copy = try readOnlyCopy(of: ledger)
        defer { chmod(dir.path("archive"), 0o755) }
        for args in [["plans"], ["verify"]] {
            let r = try CommandRunner.runExecutable("/usr/bin/setpriv", nobody + [CommandRunner.executable.path] + args + ["--ledger", copy, "--format", "json"])
            #expect(r.status == 0, "\(args[0]) on a read-only copy of a new ledger: \(r.stderr)")
        }
        // A backup only reads its source: into a folder this user may write.
        let target = dir.path("out")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        chmod(target, 0o777)
        let backup = try CommandRunner.runExecutable("/usr/bin/setpriv", nobody + [CommandRunner.executable.path, "backup", "--ledger", copy,
                                                                                    "--to", target + "/copy.sqlite", "--format", "json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("\"verified\" : true") || backup.stdout.contains("\"verified\": true"), "\(backup.stdout)")
    }

    @Test func backupToAFolderSaysItIsAFolder() throws {
        let ledger = dir.path("region.sqlite")
        #expect(try planledger(["init", "--ledger", ledger]).status == 0)
        let r = try planledger(["backup", "--ledger", ledger, "--to", dir.url.path])
        #expect(r.status == 73)
        #expect(r.stderr.contains("is a folder; give the backup a file name"), "\(r.stderr)")
    }

    /// An outcome is a number only when written as one (JSON's grammar, or a decimal comma); what would change on
    /// the way in (hexadecimal, NaN, Infinity, a number beyond a double) is refused; the rest is text as given.
    @Test func anOutcomeIsAFigureOrAText() throws {
        let ledger = dir.path("demo.sqlite")
        #expect(try planledger(["demo", "--ledger", ledger]).status == 0)
        func followUp(_ outcome: String, period: String) throws -> CommandResult {
            try planledger(["follow-up", "divisionsplan-service-2022", "--metric", "sjukfranvaro", "--period", period, "--outcome", outcome,
                            "--fulfilment", "met", "--effective", "2023-01-20", "--ledger", ledger, "--format", "json"])
        }
        for refused in ["0x10", "NaN", "Infinity", "-inf", "1e400"] {
            let r = try followUp(refused, period: "2022-DÅ08")
            #expect(r.status == 64, "--outcome \(refused): \(r.stderr)")
            #expect(r.stderr.contains("--outcome"), "\(r.stderr)")
        }
        #expect(try followUp(" 6,3 ", period: "2022-DÅ08").status == 0)
        #expect(try followUp("Ej mätt", period: "2022-ÅR").status == 0)
        let rows = try planledger(["followups", "divisionsplan-service-2022", "--ledger", ledger, "--format", "json", "--as-of", "2023-02-01"]).stdout
        #expect(rows.contains("\"outcome\" : 6.3") || rows.contains("\"outcome\": 6.3"), "\(rows)")
        #expect(rows.contains("Ej mätt"))
    }

    /// U+202E before `gnp.exe` would show a counterpart as `exe.png`: a table shows bidirectional controls as U+FFFD,
    /// while JSON keeps the text as it was given.
    @Test func bidirectionalControlsCannotReorderATable() throws {
        let ledger = dir.path("region.sqlite")
        #expect(try planledger(["init", "--ledger", ledger]).status == 0)
        let disguised = "\u{202E}gnp.exe"
        #expect(try planledger(["diarise", "--dnr", "RS/1/2024", "--title", "Bilaga", "--direction", "in", "--counterpart", disguised,
                                "--effective", "2024-01-01", "--ledger", ledger]).status == 0)
        let table = try planledger(["diary", "--ledger", ledger, "--format", "table"]).stdout
        #expect(!table.contains("\u{202E}"))
        #expect(table.contains("\u{FFFD}gnp.exe"))
        let json = try planledger(["diary", "--ledger", ledger, "--format", "json"]).stdout
        #expect(json.contains(disguised))
    }

    @Test func theOrganisationsZoneIsCheckedLikeEveryEnvironmentValue() throws {
        let ledger = dir.path("region.sqlite")
        #expect(try planledger(["init", "--ledger", ledger]).status == 0)
        let ambiguous = try planledger(["plans", "--ledger", ledger], env: ["PLANLEDGER_TIMEZONE": "GMT+5"])
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.contains("PLANLEDGER_TIMEZONE"), "\(ambiguous.stderr)")
        #expect(try planledger(["plans", "--ledger", ledger], env: ["PLANLEDGER_TIMEZONE": "Etc/GMT-5"]).status == 0)
        let latin1 = try CommandRunner.runShell("PLANLEDGER_TIMEZONE=\"$(printf 'Europe/Sto\\366')\" \"$PLANLEDGER\" plans --ledger '\(ledger)'")
        #expect(latin1.status == 65, "\(latin1.stderr)")
        #expect(latin1.stderr.contains("PLANLEDGER_TIMEZONE"), "\(latin1.stderr)")
    }

    /// An event of the same input has no seq yet (a refused input writes nothing): a problem names its line.
    @Test func aKeyRepeatedInOneInputNamesTheLine() throws {
        let ledger = dir.path("demo.sqlite")
        #expect(try planledger(["demo", "--ledger", ledger]).status == 0)
        let head = try planledger(["verify", "--ledger", ledger, "--format", "json"]).stdout
        let input = [
            #"{"type":"diary.registered","effective":"2024-01-02","data":{"dnr":"Z/4","title":"Brev","direction":"in"}}"#,
            #"{"type":"diary.registered","effective":"2024-01-02","data":{"dnr":"Z/4","title":"Brev igen","direction":"in"}}"#,
            #"{"type":"diary.registered","effective":"2024-01-02","data":{"dnr":"RS/55/2023","title":"Redan i liggaren","direction":"in"}}"#,
        ].joined(separator: "\n")
        let r = try planledger(["append", "-", "--ledger", ledger], stdin: input)
        #expect(r.status == 65)
        #expect(r.stderr.contains("line 2: data.dnr: Z/4 is already registered (line 1 of this input)"), "\(r.stderr)")
        // One already in the ledger keeps its seq.
        #expect(r.stderr.contains("line 3: data.dnr: RS/55/2023 is already registered (seq "), "\(r.stderr)")
        #expect(try planledger(["verify", "--ledger", ledger, "--format", "json"]).stdout == head)
    }
}
