import Accounts
import Crypto
import Foundation
import GRDB
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// A fresh ledger with an account store over it (bcrypt cost 4: the lowest, for speed).
struct Fixture {
    let directory: TemporaryDirectory
    let path: String
    let store: AccountStore

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("ledger.sqlite")
        _ = try Ledger.create(at: path)
        store = try AccountStore(path: path, readOnly: false, bcryptCost: 4)
    }

    /// Every byte of the ledger file and its write-ahead log.
    func fileBytes() throws -> Data {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { data.append(wal) }
        return data
    }
}

func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

let stockholm = TimeZone(identifier: "Europe/Stockholm")!

@Suite struct AccountStoreTests {
    @Test func theLogRefusesUpdateAndDeleteInTheDatabase() throws {
        let f = try Fixture()
        try f.store.add("anna", role: .registrar, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        let queue = try DatabaseQueue(path: f.path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE account_log SET role = 'admin'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM account_log") } }
        // Nor can a row be slipped in out of order.
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "INSERT INTO account_log VALUES (5, 'x', 'x', 'granted', 'anna', 'admin', zeroblob(32), zeroblob(32))") }
        }
        let entries = try f.store.log()
        #expect(entries.map(\.role) == ["registrar"])
        #expect(try f.store.verify().ok)
    }

    @Test func verifyNamesTheEditedEntry() throws {
        let f = try Fixture()
        try f.store.add("anna", role: .staff, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        try f.store.add("bo", role: .auditor, password: nil, actor: "admin", at: at("2024-03-05T10:01:00Z"))
        try f.store.grant("anna", role: .registrar, actor: "admin", at: at("2024-03-05T10:02:00Z"))
        let sound = try f.store.verify()
        #expect(sound.ok && sound.entries == 3)
        // Someone with the file drops the trigger and rewrites entry 2: bo was an admin, says the log now.
        let queue = try DatabaseQueue(path: f.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER account_log_refuses_update")
            try db.execute(sql: "UPDATE account_log SET role = 'admin' WHERE seq = 2")
        }
        let report = try f.store.verify()
        #expect(report.firstBad?.seq == 2)
        #expect(report.firstBad?.reason == "entry 2: hash does not match its contents (edited?)")
    }

    @Test func verifyFindsARoleGrantedAroundTheLog() throws {
        let f = try Fixture()
        try f.store.add("anna", role: .staff, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        let queue = try DatabaseQueue(path: f.path)
        try queue.write { try $0.execute(sql: "UPDATE account SET roles = 'staff admin' WHERE name = 'anna'") }
        let report = try f.store.verify()
        #expect(report.firstBad?.seq == 0)
        #expect(report.firstBad?.reason == "account \"anna\" holds [staff admin] but the account log says [staff]")
    }

    /// The account log dropped while the account table stays, or an account table made by hand in a ledger that never
    /// had accounts: each account is one no entry gives (verify said ok, and a token could be issued for it).
    @Test(arguments: [true, false])
    func verifyFindsAnAccountTableWithoutItsLog(hadAccounts: Bool) throws {
        let f = try Fixture()
        let queue = try DatabaseQueue(path: f.path)
        if hadAccounts {
            try f.store.add("anna", role: .staff, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
            try queue.write { try $0.execute(sql: "DROP TABLE account_log") }
        } else {
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE account (name TEXT PRIMARY KEY NOT NULL, roles TEXT NOT NULL, disabled INTEGER NOT NULL, password_hash TEXT)")
                try db.execute(sql: "INSERT INTO account VALUES ('anna', 'admin', 0, NULL)")
            }
        }
        let report = try f.store.verify()
        #expect(report.firstBad?.seq == 0)
        #expect(report.firstBad?.reason == "account \"anna\" is not in the account log")
    }

    @Test func verifyFindsTheAccountTableMissing() throws {
        let f = try Fixture()
        try f.store.add("anna", role: .staff, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        try DatabaseQueue(path: f.path).write { try $0.execute(sql: "DROP TABLE account") }
        #expect(try f.store.verify().firstBad?.reason == "the account table is missing, though the account log holds 1 entry")
    }

    /// Stockholm is UTC+1 in March: local midnight between the 5th and the 6th is 23:00Z on the 5th.
    @Test func whoHeldWhichRoleOnEitherSideOfMidnight() throws {
        let f = try Fixture()
        try f.store.add("anna", role: .staff, password: nil, actor: "admin", at: at("2024-03-04T09:00:00Z"))
        try f.store.add("bo", role: .staff, password: nil, actor: "admin", at: at("2024-03-04T09:00:00Z"))
        try f.store.add("cilla", role: .auditor, password: nil, actor: "admin", at: at("2024-03-04T09:00:00Z"))
        // 23:59:59.999 local on the 5th: held on the 5th.
        try f.store.grant("anna", role: .registrar, actor: "admin", at: at("2024-03-05T22:59:59.999Z"))
        // 00:00:00.000 local on the 6th: not yet on the 5th.
        try f.store.grant("bo", role: .registrar, actor: "admin", at: at("2024-03-05T23:00:00.000Z"))
        // Revoked at 00:30 local on the 6th: still held on the 5th.
        try f.store.revoke("anna", role: .staff, actor: "admin", at: at("2024-03-05T23:30:00Z"))
        // Disabled late on the 5th, local time (22:15Z = 23:15): holds nothing on the 5th.
        try f.store.disable("cilla", actor: "admin", at: at("2024-03-05T22:15:00Z"))
        let entries = try f.store.log()
        func held(_ day: String) -> [String] {
            AccountLog.holdings(entries, on: LedgerDate(iso: day)!, in: stockholm).map { "\($0.account) \($0.role.rawValue) \($0.since)" }
        }
        #expect(held("2024-03-04") == [
            "anna staff 2024-03-04T09:00:00.000Z", "bo staff 2024-03-04T09:00:00.000Z", "cilla auditor 2024-03-04T09:00:00.000Z",
        ])
        #expect(held("2024-03-05") == [
            "anna staff 2024-03-04T09:00:00.000Z", "anna registrar 2024-03-05T22:59:59.999Z", "bo staff 2024-03-04T09:00:00.000Z",
        ])
        #expect(held("2024-03-06") == [
            "anna registrar 2024-03-05T22:59:59.999Z", "bo staff 2024-03-04T09:00:00.000Z", "bo registrar 2024-03-05T23:00:00.000Z",
        ])
        #expect(held("2024-03-03") == [])
        // In UTC the 5th ends an hour later: bo's grant falls on the 5th.
        #expect(AccountLog.holdings(entries, on: LedgerDate(iso: "2024-03-05")!, in: TimeZone(identifier: "UTC")!)
            .contains { $0.account == "bo" && $0.role == .registrar })
    }

    @Test func aTokenIsShownOnceAndStoredHashed() throws {
        let f = try Fixture()
        try f.store.add("robot", role: .registrar, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        let first = try f.store.issueToken("robot", actor: "admin", at: at("2024-03-05T10:01:00Z"))
        #expect(first.hasPrefix("plt_") && first.count == 4 + 43)
        #expect(first.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(try f.store.holder(token: first) == AccountHolder(name: "robot", roles: [.registrar]))
        let second = try f.store.issueToken("robot", actor: "admin", at: at("2024-03-05T10:02:00Z"))
        #expect(second != first)
        // The new token replaces the old one.
        #expect(try f.store.holder(token: first) == nil)
        #expect(try f.store.holder(token: second)?.name == "robot")
        #expect(try f.store.holder(token: second + "x") == nil)
        #expect(try f.store.list().map(\.tokens) == [1])
        try f.store.close()
        let bytes = try f.fileBytes()
        for token in [first, second] {
            #expect(bytes.range(of: Data(token.utf8)) == nil, "the token's text is in the file")
            #expect(bytes.range(of: Data(token.dropFirst(4).utf8)) == nil)
            #expect(bytes.range(of: Data(AccountStore.tokenHash(token))) != nil, "its SHA-256 is")
        }
        // The log says a token was issued, never which.
        let reopened = try AccountStore(path: f.path, readOnly: true)
        #expect(try reopened.log().map(\.action) == ["added", "token-issued", "token-issued"])
    }

    @Test func passwordsAreBcryptAndNeverStoredAsText() throws {
        let f = try Fixture()
        let password = "korrekt häst batteri häftklammer"
        try f.store.add("anna", role: .registrar, password: password, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        #expect(try f.store.holder(name: "anna", password: password) == AccountHolder(name: "anna", roles: [.registrar]))
        #expect(try f.store.holder(name: "anna", password: password + " ") == nil)
        #expect(try f.store.holder(name: "anna", password: "") == nil)
        #expect(try f.store.holder(name: "nobody", password: password) == nil)
        try f.store.close()
        let bytes = try f.fileBytes()
        #expect(bytes.range(of: Data(password.utf8)) == nil)
        #expect(bytes.range(of: Data("$2b$04$".utf8)) != nil)
    }

    @Test func aDisabledAccountSignsInWithNothing() throws {
        let f = try Fixture()
        try f.store.add("anna", role: .registrar, password: "secret-one", actor: "admin", at: at("2024-03-05T10:00:00Z"))
        let token = try f.store.issueToken("anna", actor: "admin", at: at("2024-03-05T10:00:01Z"))
        try f.store.disable("anna", actor: "admin", at: at("2024-03-05T11:00:00Z"))
        #expect(try f.store.holder(token: token) == nil)
        #expect(try f.store.holder(name: "anna", password: "secret-one") == nil)
        #expect(try f.store.holder(name: "anna") == nil)
        #expect(try f.store.list().map(\.json) == [[
            "name": "anna", "roles": [], "disabled": true, "password": false, "tokens": 0, "created": "2024-03-05T10:00:00.000Z",
        ]])
        #expect(try f.store.verify().ok)
    }

    /// Each bad change: the field named, the reason, the kind (missing → exit 66), and nothing written.
    @Test func badInputIsRefusedAndNothingIsWritten() throws {
        let f = try Fixture()
        try f.store.add("anna", role: .registrar, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        try f.store.disable("anna", actor: "admin", at: at("2024-03-05T10:00:00Z"))
        try f.store.add("bo", role: .staff, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        let now = at("2024-03-05T12:00:00Z")
        let cases: [(String, () throws -> Void, String, String, Problem.Kind)] = [
            ("duplicate", { try f.store.add("bo", role: .staff, password: nil, actor: "a", at: now) }, "name", "an account named \"bo\" exists already", .invalid),
            ("reused name", { try f.store.add("anna", role: .staff, password: nil, actor: "a", at: now) }, "name", "an account named \"anna\" exists already", .invalid),
            ("empty name", { try f.store.add("", role: .staff, password: nil, actor: "a", at: now) }, "name", "is empty; give the account a name", .invalid),
            ("spaces", { try f.store.add(" bo", role: .staff, password: nil, actor: "a", at: now) }, "name", "\" bo\" begins or ends with a space", .invalid),
            ("empty password", { try f.store.add("cilla", role: .staff, password: "", actor: "a", at: now) }, "password", "is empty", .invalid),
            ("long password", { try f.store.add("cilla", role: .staff, password: String(repeating: "å", count: 37), actor: "a", at: now) },
             "password", "is 74 bytes; bcrypt takes at most 72", .invalid),
            ("public", { try f.store.add("cilla", role: .public, password: nil, actor: "a", at: now) }, "role",
             "public is the role of every caller without an account; grant staff, registrar, auditor or admin", .invalid),
            ("unknown grant", { try f.store.grant("nobody", role: .staff, actor: "a", at: now) }, "name", "no account named \"nobody\"", .missing),
            ("unknown token", { _ = try f.store.issueToken("nobody", actor: "a", at: now) }, "name", "no account named \"nobody\"", .missing),
            ("held already", { try f.store.grant("bo", role: .staff, actor: "a", at: now) }, "role", "\"bo\" holds staff already", .invalid),
            ("not held", { try f.store.revoke("bo", role: .admin, actor: "a", at: now) }, "role", "\"bo\" does not hold admin", .invalid),
            ("grant disabled", { try f.store.grant("anna", role: .staff, actor: "a", at: now) }, "name", "the account \"anna\" is disabled", .invalid),
            ("disable twice", { try f.store.disable("anna", actor: "a", at: now) }, "name", "the account \"anna\" is disabled", .invalid),
        ]
        for (label, change, field, reason, kind) in cases {
            do {
                try change()
                Issue.record("\(label): accepted")
            } catch let rejection as Rejection {
                #expect(rejection.problems.map(\.field) == [field], "\(label)")
                #expect(rejection.problems.map(\.reason) == [reason], "\(label)")
                #expect(rejection.problems.map(\.kind) == [kind], "\(label)")
            }
        }
        let control = AccountStore.nameProblems("bo\u{7}")
        #expect(control.map(\.field) == ["name"] && control.count == 1)
        #expect(AccountStore.passwordProblems("a\u{0}b").map(\.reason) == ["holds a control character"])
        #expect(try f.store.log().count == 3)
        #expect(try f.store.list().map(\.name) == ["anna", "bo"])
    }

    /// A ledger where no account was ever added has no accounts' tables; reading it read-only answers "none".
    @Test func aLedgerWithoutAccountsReadsAsNone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("plain.sqlite")
        _ = try Ledger.create(at: path)
        let store = try AccountStore(path: path, readOnly: true)
        #expect(try store.list().isEmpty && store.log().isEmpty && store.holder(token: "plt_x") == nil)
        #expect(try store.verify() == AccountLog.Report(entries: 0, firstBad: nil))
        #expect(try store.holder(name: "anna", password: "x") == nil)
        // And the ledger still opens and verifies with accounts added to it.
        let writer = try AccountStore(path: path, readOnly: false, bcryptCost: 4)
        try writer.add("anna", role: .staff, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z"))
        let ledger = try Ledger.openForReading(at: path)
        #expect(try ledger.verify().ok)
    }
}

@Suite struct AccountLogHashTests {
    /// The chain by hand: entry 1's hash is SHA-256 of 32 zero bytes and this exact RFC 8785 text (members sorted,
    /// no spaces); entry 2's prev is entry 1's hash.
    @Test func theHashIsSHA256OfPrevAndTheCanonicalEntry() throws {
        let f = try Fixture()
        try f.store.add("anna", role: .registrar, password: "pw", actor: "admin:test", at: at("2024-03-05T10:00:00Z"))
        try f.store.disable("anna", actor: "admin:test", at: at("2024-03-05T11:00:00Z"))
        let entries = try f.store.log()
        let first = #"{"account":"anna","action":"added","actor":"admin:test","recorded":"2024-03-05T10:00:00.000Z","role":"registrar","seq":1}"#
        let second = #"{"account":"anna","action":"disabled","actor":"admin:test","recorded":"2024-03-05T11:00:00.000Z","role":null,"seq":2}"#
        let hash1 = Array(SHA256.hash(data: [UInt8](repeating: 0, count: 32) + Array(first.utf8)))
        let hash2 = Array(SHA256.hash(data: hash1 + Array(second.utf8)))
        #expect(entries.map(\.hash) == [hash1, hash2])
        #expect(entries.map(\.prev) == [[UInt8](repeating: 0, count: 32), hash1])
        // The exported form: hex.
        #expect(entries[1].json.objectValue?["prev"] == .string(hash1.map { String(format: "%02x", $0) }.joined()))
    }
}

@Suite struct AccountConcurrencyTests {
    /// Eight connections (as eight `planledger accounts` processes would be) changing accounts at once: every
    /// change is in the log exactly once, seq gapless, the chain sound.
    @Test func concurrentChangesKeepTheChain() async throws {
        let f = try Fixture()
        let names = (1...8).map { "user\($0)" }
        for name in names { try f.store.add(name, role: .staff, password: nil, actor: "admin", at: at("2024-03-05T10:00:00Z")) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                group.addTask {
                    let store = try AccountStore(path: f.path, readOnly: false, bcryptCost: 4)
                    try store.grant(name, role: .auditor, actor: "admin", at: at("2024-03-05T11:00:00Z"))
                    _ = try store.issueToken(name, actor: "admin", at: at("2024-03-05T11:00:00Z"))
                }
            }
            try await group.waitForAll()
        }
        let entries = try f.store.log()
        #expect(entries.map(\.seq) == Array(1...24))
        #expect(Set(entries.filter { $0.action == "granted" }.map(\.account)) == Set(names))
        #expect(entries.filter { $0.action == "token-issued" }.count == 8)
        #expect(try f.store.verify().ok)
        #expect(try f.store.list().allSatisfy { $0.roles == [.staff, .auditor] && $0.tokens == 1 })
    }
}
