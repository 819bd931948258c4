import Foundation
import LedgerCore
import Testing
import TestSupport

/// SPEC, "Fidelity": today, the default `--effective` and the registration day of `audit`'s late-registration
/// finding are days in the organisation's time zone (`PLANLEDGER_TIMEZONE`, default Europe/Stockholm).
@Suite(.serialized) struct SwedishDayTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
    }

    func run(_ args: String..., now: String, env: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(args + ["--ledger", ledger], environment: ["PLANLEDGER_NOW": now, "COLUMNS": "200"].merging(env) { $1 })
    }

    func lastEffective() throws -> String? {
        let last = try #require(try CommandRunner.run(["export", "--ledger", ledger]).stdout.split(separator: "\n").last)
        guard case .object(let e) = try JSONParser.parse(String(last)) else { return nil }
        return e["effective"]?.stringValue
    }

    @Test func theDefaultEffectiveIsTheSwedishDay() throws {
        // 00:30 on 8 December in Stockholm.
        #expect(try run("diarise", "--dnr", "RS/1/2023", "--title", "Brev", "--direction", "in", now: "2023-12-07T23:30:00Z").status == 0)
        #expect(try lastEffective() == "2023-12-08")
        // 23:59:59 on 7 December in Stockholm.
        #expect(try run("diarise", "--dnr", "RS/2/2023", "--title", "Brev", "--direction", "in", now: "2023-12-07T22:59:59Z").status == 0)
        #expect(try lastEffective() == "2023-12-07")
        // Another organisation's zone, named by the variable: in UTC 23:30 is still the 7th.
        #expect(try run("diarise", "--dnr", "RS/3/2023", "--title", "Brev", "--direction", "in", now: "2023-12-07T23:30:00Z",
                        env: ["PLANLEDGER_TIMEZONE": "UTC"]).status == 0)
        #expect(try lastEffective() == "2023-12-07")
        // Summer time: 22:30 UTC on 30 June is 00:30 on 1 July (UTC+2).
        #expect(try run("diarise", "--dnr", "RS/4/2023", "--title", "Brev", "--direction", "in", now: "2023-06-30T22:30:00Z").status == 0)
        #expect(try lastEffective() == "2023-07-01")
        #expect(try run("diarise", "--dnr", "RS/5/2023", "--title", "Brev", "--direction", "in", now: "2023-06-30T21:59:59Z").status == 0)
        #expect(try lastEffective() == "2023-06-30")
    }

    @Test func todayIsTheSwedishDay() throws {
        #expect(try run("register", "p", "--title", "Plan", "--kind", "rutin", "--owner", "SK", "--effective", "2023-01-01", now: "2023-01-01T09:00:00Z").status == 0)
        #expect(try run("revise", "p", "--version", "1", "--change", "Ny", "--effective", "2023-12-08", now: "2023-01-01T09:00:00Z").status == 0)
        // Version 1 takes effect on 8 December: at 00:30 Swedish time it is in force, at 23:59:59 on the 7th it is not yet.
        let after = try run("plans", "--format", "json", now: "2023-12-07T23:30:00Z")
        #expect(after.stdout.contains(#""version": 1"#), "\(after.stdout)")
        let before = try run("plans", "--format", "json", now: "2023-12-07T22:59:59Z")
        #expect(before.stdout.contains(#""version": 0"#), "\(before.stdout)")
        let show = try run("show", "p", "--format", "table", now: "2023-12-07T23:30:00Z")
        #expect(show.stdout.contains("status      in-force as of 2023-12-08"), "\(show.stdout)")
    }

    /// The issue's example: a letter dated 30 November, diarised at 00:30 Swedish time on 8 December (23:30 UTC on
    /// the 7th). Registered on the 8th, it is 8 days late: a finding with --late-after 7, none with --late-after 8.
    @Test func lateRegistrationCountsSwedishDays() throws {
        #expect(try run("diarise", "--dnr", "RS/412/2023", "--title", "Brev från förening", "--direction", "in",
                        "--effective", "2023-11-30", now: "2023-12-07T23:30:00Z").status == 0)
        let late = try run("audit", "--as-of", "2023-12-10", "--late-after", "7", "--format", "json", now: "2023-12-10T12:00:00Z")
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stdout.contains(#""finding": "late-registration""#), "\(late.stdout)")
        #expect(late.stdout.contains("RS/412/2023 dated 2023-11-30 was registered on 2023-12-08, 8 days later (more than 7"), "\(late.stdout)")
        let onTime = try run("audit", "--as-of", "2023-12-10", "--late-after", "8", "--format", "json", now: "2023-12-10T12:00:00Z")
        #expect(!onTime.stdout.contains("late-registration"), "\(onTime.stdout)")
        // In UTC the registration day is the 7th: 7 days, not more than 7.
        let utc = try run("audit", "--as-of", "2023-12-10", "--late-after", "7", "--format", "json", now: "2023-12-10T12:00:00Z",
                          env: ["PLANLEDGER_TIMEZONE": "UTC"])
        #expect(!utc.stdout.contains("late-registration"), "\(utc.stdout)")
    }

    /// One second before Swedish midnight the same letter is registered on the 7th: 7 days, on time with
    /// --late-after 7, late with --late-after 6.
    @Test func lateRegistrationTheSecondBeforeMidnight() throws {
        #expect(try run("diarise", "--dnr", "RS/413/2023", "--title", "Brev", "--direction", "in",
                        "--effective", "2023-11-30", now: "2023-12-07T22:59:59Z").status == 0)
        let seven = try run("audit", "--as-of", "2023-12-10", "--late-after", "7", "--format", "json", now: "2023-12-10T12:00:00Z")
        #expect(!seven.stdout.contains("late-registration"), "\(seven.stdout)")
        let six = try run("audit", "--as-of", "2023-12-10", "--late-after", "6", "--format", "json", now: "2023-12-10T12:00:00Z")
        #expect(six.stdout.contains("was registered on 2023-12-07, 7 days later (more than 6"), "\(six.stdout)")
    }

    @Test func anUnknownZoneIsAUsageError() throws {
        for args in [["plans"], ["diarise", "--dnr", "RS/9/2023", "--title", "t", "--direction", "in"], ["audit"]] {
            let r = try CommandRunner.run(args + ["--ledger", ledger], environment: ["PLANLEDGER_TIMEZONE": "Europe/Stokholm"])
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(#"PLANLEDGER_TIMEZONE: "Europe/Stokholm" is not a time zone"#), "\(args): \(r.stderr)")
        }
        // Nothing was written.
        #expect(try CommandRunner.run(["export", "--ledger", ledger]).stdout.isEmpty)
    }
}

/// `--known-at DATE` means the end of that day in the organisation's time zone (SPEC, "Time: two axes").
@Suite(.serialized) struct KnownAtDateTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("region.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
        // Recorded at 23:30 UTC on 7 December, that is 00:30 on the 8th in Stockholm.
        for (dnr, now) in [("RS/1/2023", "2023-12-07T12:00:00Z"), ("RS/2/2023", "2023-12-07T23:30:00Z")] {
            let r = try CommandRunner.run(["diarise", "--dnr", dnr, "--title", "Brev", "--direction", "in", "--effective", "2023-12-07", "--ledger", ledger],
                                          environment: ["PLANLEDGER_NOW": now])
            #expect(r.status == 0, "\(r.stderr)")
        }
    }

    func dnrs(knownAt: String, env: [String: String] = [:]) throws -> [String] {
        let r = try CommandRunner.run(["diary", "--known-at", knownAt, "--format", "json", "--ledger", ledger], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows) = try JSONParser.parse(r.stdout) else { return ["not an array: \(r.stdout)"] }
        return rows.compactMap { $0.objectValue?["dnr"]?.stringValue }
    }

    @Test func aDateIsTheEndOfThatSwedishDay() throws {
        #expect(try dnrs(knownAt: "2023-12-07") == ["RS/1/2023"])
        #expect(try dnrs(knownAt: "2023-12-08") == ["RS/1/2023", "RS/2/2023"])
        #expect(try dnrs(knownAt: "2023-12-06") == [])
        // In UTC the second entry was recorded on the 7th.
        #expect(try dnrs(knownAt: "2023-12-07", env: ["PLANLEDGER_TIMEZONE": "UTC"]) == ["RS/1/2023", "RS/2/2023"])
        // The instants either side of Swedish midnight.
        #expect(try dnrs(knownAt: "2023-12-07T22:59:59.999Z") == ["RS/1/2023"])
        let bad = try CommandRunner.run(["diary", "--known-at", "2023-02-30", "--ledger", ledger])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--known-at: expected a seq (0, 1, 2 …), an RFC 3339 time like 2016-01-01T00:00:00Z or a date like 2016-01-01"))
    }
}
