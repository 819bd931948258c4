import Accounts
import Foundation
import Hummingbird
import LedgerCore
import Synchronization

/// `GET /api/v1/accounts/log[?asOf=D]`: the account log, or who held which role on D (SPEC: auditors read the account
/// log; admin manages accounts and reads it too). The body is `planledger accounts log [--as-of D] --format json`.
final class AccountsController: Sendable {
    let ledgerPath: String
    let timeZone: TimeZone
    private let opened = Mutex<AccountStore?>(nil)

    init(ledgerPath: String, timeZone: TimeZone) {
        self.ledgerPath = ledgerPath
        self.timeZone = timeZone
    }

    /// Who reads the account log: registrars and auditors (who see everything) and admins.
    static let readers: Set<Role> = Access.auditors.union(Access.admins)

    func addRoutes(to api: RouterGroup<ServiceContext>) {
        api.group().add(middleware: AccessPolicy(roles: Self.readers, what: "the account log"))
            .get("accounts/log", use: log)
    }

    func store() throws -> AccountStore {
        try opened.withLock { store in
            if let store { return store }
            let fresh = try AccountStore(path: ledgerPath, readOnly: true)
            store = fresh
            return fresh
        }
    }

    @Sendable func log(_ request: Request, _ context: ServiceContext) async throws -> Response {
        let parameters = try RequestParameters(request, allowed: ["asOf"])
        let entries: [AccountLog.Entry]
        do { entries = try store().log() } catch { throw Problem.unavailable(error) }
        guard let date = try parameters.date("asOf") else { return jsonResponse(AccountLog.logJSON(entries)) }
        return jsonResponse(AccountLog.holdingsJSON(AccountLog.holdings(entries, on: date, in: timeZone), on: date))
    }
}
