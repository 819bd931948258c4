import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import Projections
import Logging

/// `--ledger PATH`, else `$PLANLEDGER_LEDGER`, else `./planledger.sqlite`.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file.", discussion: "Defaults to $PLANLEDGER_LEDGER, else ./planledger.sqlite.", valueName: "path"))
    var ledger: String?

    var path: String {
        ledger ?? ProcessInfo.processInfo.environment["PLANLEDGER_LEDGER"] ?? "planledger.sqlite"
    }

    /// Seconds to wait for another process's write lock: `$PLANLEDGER_BUSY_TIMEOUT`, else 30.
    var busyTimeout: Double {
        ProcessInfo.processInfo.environment["PLANLEDGER_BUSY_TIMEOUT"].flatMap(Double.init) ?? 30
    }

    /// The ledger for a command that writes (appends, rebuild, checkpoint): migrated, and caught up unless
    /// `catchingUp` is false (`rebuild`, which folds every projection again).
    func open(catchingUp: Bool = true) throws -> Ledger {
        try Ledger.open(at: path, busyTimeout: busyTimeout, environment: .fromProcess, logger: cliLogger, projections: StandardProjections.all,
                        catchingUp: catchingUp)
    }

    /// The ledger for a query: read-only, in snapshots, never waiting for a writer (SPEC, "Fidelity").
    func openForReading() throws -> Ledger {
        try Ledger.openForReading(at: path, busyTimeout: busyTimeout, logger: cliLogger, projections: StandardProjections.all)
    }

    /// The ledger for `verify`: read-only, a file cut short opened to be named, and no projection brought up to date
    /// (what verify checks is what is stored).
    func openForVerifying() throws -> Ledger {
        try Ledger.openForReading(at: path, busyTimeout: busyTimeout, logger: cliLogger, projections: StandardProjections.all,
                                  tolerateDamage: true, catchingUp: false)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `--format table|json|csv`: a table on a terminal, JSON when piped.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json or csv (default: table on a terminal, else json).")
    var format: OutputFormat?

    var resolved: OutputFormat {
        format ?? (isatty(STDOUT_FILENO) != 0 ? .table : .json)
    }
}

/// `--format table|json|csv` for a command whose output is a thing to keep (a verifier key, a signed checkpoint):
/// that thing as it is (`table`) unless `--format` asks for JSON or CSV, on a terminal or piped alike, so that
/// `planledger checkpoint --key K > today.checkpoint` saves the note itself.
struct ArtefactFormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table (the default, terminal or not: the key or note itself, as a file keeps it), json or csv.")
    var format: OutputFormat?

    var resolved: OutputFormat { format ?? .table }
}

extension LedgerEnvironment {
    /// The live clock and ids; tests may pin the clock with `$PLANLEDGER_NOW` (RFC 3339).
    static var fromProcess: LedgerEnvironment {
        var env = LedgerEnvironment.live
        if let text = ProcessInfo.processInfo.environment["PLANLEDGER_NOW"], let fixed = Timestamp(rfc3339: text) {
            env.now = { fixed }
        }
        return env
    }
}

/// The store's log: warnings and errors only, unless `$PLANLEDGER_LOG_LEVEL` asks for more (e.g. `debug`).
let cliLogger: Logger = {
    var logger = Logger(label: "planledger")
    logger.logLevel = ProcessInfo.processInfo.environment["PLANLEDGER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}()

/// Who records events: `$PLANLEDGER_ACTOR`, else the OS user.
///
/// The variable is checked as file input is, from its raw bytes (SPEC "Fidelity"): an actor is hashed into
/// the log and can never be corrected, so one that is not UTF-8 or holds a control character is refused
/// (a `Rejection` naming `PLANLEDGER_ACTOR`, exit 65) rather than repaired.
func defaultActor() throws(Rejection) -> String {
    if let actor = try CommandLineText.environmentText("PLANLEDGER_ACTOR"), !actor.isEmpty { return actor }
    if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name {
        return try CommandLineText.text(Array(UnsafeRawBufferPointer(start: name, count: strlen(name))), name: "actor (the login name; set PLANLEDGER_ACTOR)")
    }
    return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
}

/// `--as-of D` (valid time) and `--known-at K` (transaction time: a seq, an RFC 3339 instant meaning the
/// last seq recorded at or before it, or a date meaning the end of that day in the organisation's time zone).
/// Both default to now.
struct TimeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The world as decided on this date (YYYY-MM-DD); default today.", valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Only what the ledger had recorded then: a seq (42), a time (2016-01-01T00:00:00Z) or a date (2016-01-01: the end of that day in $PLANLEDGER_TIMEZONE); default now.", valueName: "seq|time|date"))
    var knownAt: String?

    func validate() throws {
        _ = try organisationZone()
        if let asOf, LedgerDate(iso: asOf) == nil {
            throw ValidationError("--as-of: expected a real date YYYY-MM-DD, got \"\(asOf)\"")
        }
        if let knownAt, KnownAt(parsing: knownAt, in: .organisationDefault) == nil {
            throw ValidationError("--known-at: expected a seq (0, 1, 2 …), an RFC 3339 time like 2016-01-01T00:00:00Z or a date like 2016-01-01, got \"\(knownAt)\"")
        }
    }

    var date: LedgerDate { asOf.flatMap(LedgerDate.init(iso:)) ?? today }

    var known: KnownAt {
        knownAt.flatMap { KnownAt(parsing: $0, in: (try? organisationZone()) ?? .organisationDefault) } ?? .head
    }
}

/// The organisation's time zone: `$PLANLEDGER_TIMEZONE` (an IANA name), else `Europe/Stockholm`.
///
/// Every calendar day the CLI derives from an instant (today, the default `--effective`, the registration day
/// of `audit`'s late-registration finding) is the day in this zone (SPEC, "Fidelity"). Throws a usage error
/// naming the variable when it names no zone the system knows.
func organisationZone() throws -> TimeZone {
    // Checked from its raw bytes like every environment value (exit 65 naming the variable).
    let name = try CommandLineText.refusing { () throws(Rejection) -> String? in try CommandLineText.environmentText("PLANLEDGER_TIMEZONE") }
    // `GMT+5` is read by the system as UTC+5, while the tz database's `Etc/GMT+5` is UTC−5: refuse the ambiguous form.
    if let name, name.wholeMatch(of: /(GMT|UTC)[+-].*/) != nil {
        throw ValidationError("PLANLEDGER_TIMEZONE: \"\(name)\" is ambiguous (POSIX and the tz database read its sign oppositely); give an IANA name such as Europe/Stockholm")
    }
    guard let zone = TimeZone.organisation(named: name) else {
        throw ValidationError("PLANLEDGER_TIMEZONE: \"\(name ?? "")\" is not a time zone this system knows; give an IANA name such as Europe/Stockholm")
    }
    return zone
}

/// Today's date in the organisation's time zone, from the same clock as appends. Commands check the zone in
/// `validate()` (`TimeOptions`, `RecordOptions`), so the fallback to the default is never taken by them.
var today: LedgerDate {
    LedgerDate(LedgerEnvironment.fromProcess.now(), in: (try? organisationZone()) ?? .organisationDefault)
}
