import Accounts
import ArgumentParser
import Foundation
import GRDB
import LedgerCore
import LedgerStore
import Projections

extension Role: ExpressibleByArgument {
    public static var allValueStrings: [String] { Role.grantable.map(\.rawValue) }
}

extension Planledger {
    /// `planledger accounts add|token|grant|revoke|disable|list|log` (SPEC, "Accounts and roles").
    struct AccountsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accounts",
            abstract: "Manage the service's accounts and roles on this ledger (outside the event log).",
            discussion: """
                Accounts, bcrypt password hashes and API tokens (stored as SHA-256, shown once) live in tables of the \
                ledger file beside the event log, never in it. Every change is appended to the account log, \
                append-only and hash-chained like the events, with the CLI's actor ($PLANLEDGER_ACTOR, else the login \
                name); `accounts log --as-of D` says who held which role on D. Roles: staff, registrar, auditor, admin; \
                an account holds a set of them. `planledger verify` checks the account log too.
                """,
            subcommands: [Add.self, Token.self, Grant.self, Revoke.self, Disable.self, List.self, Log.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Add an account holding one role.",
                discussion: "With --password-stdin the password (for signing in to the web service) is read from standard input, never from the command line; one final newline is dropped. JSON: the account as `accounts list` shows it.")

            @Argument(help: "The account's name; it becomes the actor of the events it appends.") var name: String
            @Option(name: .long, help: "The role: staff, registrar, auditor or admin.") var role: Role
            @Flag(name: .long, help: "Read the password from standard input.") var passwordStdin = false
            @OptionGroup var ledger: LedgerOptions
            @OptionGroup var output: FormatOptions

            func run() throws {
                let password = passwordStdin ? try readPassword() : nil
                try changing(ledger) { store, actor, now in
                    try store.add(name, role: role, password: password, actor: actor, at: now)
                    try printAccount(name, store, output.resolved, done: "added \(name) as \(role.rawValue)")
                }
            }
        }

        struct Token: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "token",
                abstract: "Print a new API token for an account (it replaces the account's earlier token).",
                discussion: "The token is printed once, on one line of standard output, and stored only as its SHA-256; the API takes it as `Authorization: Bearer TOKEN`. JSON: {\"account\", \"token\"}.")

            @Argument(help: "The account.") var name: String
            @OptionGroup var ledger: LedgerOptions
            @OptionGroup var output: ArtefactFormatOptions

            func run() throws {
                try changing(ledger) { store, actor, now in
                    let token = try store.issueToken(name, actor: actor, at: now)
                    switch output.resolved {
                    case .table: print(token)
                    case .json: print(PrettyJSON.string(["account": .string(name), "token": .string(token)]))
                    case .csv:
                        var csv = CSV(header: ["account", "token"])
                        csv.add([.text(name), .text(token)])
                        print(csv.text, terminator: "")
                    }
                }
            }
        }

        struct Grant: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "grant", abstract: "Grant an account a role.", discussion: "JSON: the account as `accounts list` shows it.")

            @Argument(help: "The account.") var name: String
            @Option(name: .long, help: "The role: staff, registrar, auditor or admin.") var role: Role
            @OptionGroup var ledger: LedgerOptions
            @OptionGroup var output: FormatOptions

            func run() throws {
                try changing(ledger) { store, actor, now in
                    try store.grant(name, role: role, actor: actor, at: now)
                    try printAccount(name, store, output.resolved, done: "granted \(role.rawValue) to \(name)")
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a role from an account.", discussion: "JSON: the account as `accounts list` shows it.")

            @Argument(help: "The account.") var name: String
            @Option(name: .long, help: "The role: staff, registrar, auditor or admin.") var role: Role
            @OptionGroup var ledger: LedgerOptions
            @OptionGroup var output: FormatOptions

            func run() throws {
                try changing(ledger) { store, actor, now in
                    try store.revoke(name, role: role, actor: actor, at: now)
                    try printAccount(name, store, output.resolved, done: "revoked \(role.rawValue) from \(name)")
                }
            }
        }

        struct Disable: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "disable",
                abstract: "Disable an account for good: its roles, password and tokens are removed.",
                discussion: "The account log keeps who held what. JSON: the account as `accounts list` shows it.")

            @Argument(help: "The account.") var name: String
            @OptionGroup var ledger: LedgerOptions
            @OptionGroup var output: FormatOptions

            func run() throws {
                try changing(ledger) { store, actor, now in
                    try store.disable(name, actor: actor, at: now)
                    try printAccount(name, store, output.resolved, done: "disabled \(name)")
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "List the accounts (never a hash).",
                discussion: "JSON: [{\"name\", \"roles\": [...], \"disabled\", \"password\", \"tokens\", \"created\"}], by name.")

            @OptionGroup var ledger: LedgerOptions
            @OptionGroup var output: FormatOptions

            func run() throws {
                try reading(ledger) { store in
                    let accounts = try store.list()
                    switch output.resolved {
                    case .json: print(PrettyJSON.string(.array(accounts.map(\.json))))
                    case .csv: print(CSV(columns: ["name", "roles", "disabled", "password", "tokens", "created"], rows: accounts.map(\.json)).text, terminator: "")
                    case .table:
                        guard !accounts.isEmpty else { return print("no accounts") }
                        print(Table(columns: ["name", "roles", "state", "password", "tokens", "created"], rows: accounts.map { account in
                            [account.name, Role.ordered(account.roles).map(\.rawValue).joined(separator: " "), account.disabled ? "disabled" : "enabled",
                             account.hasPassword ? "yes" : "no", String(account.tokens), account.created]
                        }).render())
                    }
                }
            }
        }

        struct Log: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "log",
                abstract: "The account log, or with --as-of who held which role on that date.",
                discussion: """
                    JSON: [{"seq", "recorded", "actor", "action", "account", "role", "prev", "hash"}] (actions: added, granted, \
                    revoked, disabled, token-issued); with --as-of D: {"asOf", "holdings": [{"account", "role", "since"}]}, \
                    the log's entries recorded up to the end of D in $PLANLEDGER_TIMEZONE. Same body as GET /api/v1/accounts/log.
                    """)

            @Option(name: .long, help: ArgumentHelp("Who held which role on this date (YYYY-MM-DD).", valueName: "date"))
            var asOf: String?
            @OptionGroup var ledger: LedgerOptions
            @OptionGroup var output: FormatOptions

            func validate() throws {
                _ = try organisationZone()
                if let asOf, LedgerDate(iso: asOf) == nil { throw ValidationError("--as-of: expected a real date YYYY-MM-DD, got \"\(asOf)\"") }
            }

            func run() throws {
                try reading(ledger) { store in
                    let entries = try store.log()
                    if let date = asOf.flatMap(LedgerDate.init(iso:)) {
                        let holdings = AccountLog.holdings(entries, on: date, in: try organisationZone())
                        switch output.resolved {
                        case .json: print(PrettyJSON.string(AccountLog.holdingsJSON(holdings, on: date)))
                        case .csv: print(CSV(columns: ["account", "role", "since"], rows: holdings.map(\.json)).text, terminator: "")
                        case .table:
                            guard !holdings.isEmpty else { return print("nobody held a role on \(date)") }
                            print(Table(columns: ["account", "role", "since"], rows: holdings.map { [$0.account, $0.role.rawValue, $0.since] }).render())
                        }
                        return
                    }
                    switch output.resolved {
                    case .json: print(PrettyJSON.string(AccountLog.logJSON(entries)))
                    case .csv:
                        print(CSV(columns: ["seq", "recorded", "actor", "action", "account", "role", "prev", "hash"], rows: entries.map(\.json)).text,
                              terminator: "")
                    case .table:
                        guard !entries.isEmpty else { return print("the account log is empty") }
                        print(Table(columns: ["seq", "recorded", "actor", "action", "account", "role"], rows: entries.map {
                            [String($0.seq), $0.recorded, $0.actor, $0.action, $0.account, $0.role ?? ""]
                        }, rightAligned: [0]).render())
                    }
                }
            }
        }
    }
}

/// Reads the password from standard input: UTF-8, one final newline (LF or CRLF) dropped. Never echoed in a message.
private func readPassword() throws -> String {
    var bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    if bytes.last == 0x0A { bytes.removeLast() }
    if bytes.last == 0x0D { bytes.removeLast() }
    guard let password = String(validating: bytes, as: UTF8.self) else {
        printError("password: is not UTF-8")
        printError("planledger: accounts: nothing was changed")
        throw Exit.rejected
    }
    return password
}

/// Runs a change to accounts on the ledger: checks the ledger as every command does (missing 66, not a ledger 65),
/// then opens its accounts for writing. A refused change prints its problems and exits 65 (66 for an unknown
/// account) with nothing written.
private func changing(_ ledger: LedgerOptions, _ body: (AccountStore, String, Timestamp) throws -> Void) throws {
    let actor = try CommandLineText.refusing { () throws(Rejection) -> String in try defaultActor() }
    try accountFailures {
        _ = try ledger.openForReading()
        let store = try AccountStore(path: ledger.path, readOnly: false, busyTimeout: ledger.busyTimeout)
        try body(store, actor, LedgerEnvironment.fromProcess.now())
    }
}

/// Runs a read of accounts on the ledger (read-only, in a snapshot).
private func reading(_ ledger: LedgerOptions, _ body: (AccountStore) throws -> Void) throws {
    try accountFailures {
        _ = try ledger.openForReading()
        try body(try AccountStore(path: ledger.path, readOnly: true, busyTimeout: ledger.busyTimeout))
    }
}

/// The CLI's messages and exit codes for what accounts commands meet.
private func accountFailures(_ body: () throws -> Void) throws {
    try reportingFailures {
        do {
            try body()
        } catch let rejection as Rejection {
            for problem in rejection.problems { printError(problem.description) }
            printError("planledger: accounts: nothing was changed")
            throw exitCode(for: rejection)
        } catch let error as DatabaseError {
            printError("planledger: accounts: \(error.message ?? "\(error.resultCode)")")
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw Exit.busy
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: throw Exit.cannotCreate
            default: throw Exit.internalError
            }
        }
    }
}

/// Prints the account after a change: the `accounts list` object (JSON, CSV) or what was done (table).
private func printAccount(_ name: String, _ store: AccountStore, _ format: OutputFormat, done: String) throws {
    guard let account = try store.list().first(where: { $0.name == name }) else { return }
    switch format {
    case .json: print(PrettyJSON.string(account.json))
    case .csv: print(CSV(columns: ["name", "roles", "disabled", "password", "tokens", "created"], rows: [account.json]).text, terminator: "")
    case .table: print(done)
    }
}

/// `planledger verify`'s check of the account log (`AccountLog.verify`): nil when it holds (or the ledger has no
/// accounts), else what is wrong, naming the entry. A file whose accounts cannot be opened (an archived copy on
/// read-only media without its accounts' tables readable) is not failed for it: a note goes to standard error.
func accountLogProblem(_ ledger: LedgerOptions) -> String? {
    do {
        // Read where the ledger is read: an archived copy in a read-only folder only through its immutable URI.
        let location = try Ledger.readingLocation(of: ledger.path, busyTimeout: ledger.busyTimeout)
        let report = try AccountStore(path: location, readOnly: true, busyTimeout: ledger.busyTimeout).verify()
        return report.problem
    } catch {
        printError("planledger: verify: the account log was not checked: \(error)")
        return nil
    }
}
