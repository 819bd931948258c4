import Hummingbird

/// `/healthz` (the process answers) and `/readyz` (the ledger opens and can be read), for a load balancer or an
/// orchestrator. Projections are current by construction: every append brings them up to its seq in the same
/// transaction, and `Ledger.openForReading` refuses (or, on a writable file, first upgrades) a ledger whose
/// projections lag its log, so a ledger that opens and reads its head is caught up.
struct HealthController {
    let ledger: LedgerHandle

    func addRoutes(to router: Router<ServiceContext>) {
        router.get("healthz") { _, _ -> Response in Self.text(.ok, "ok") }
        router.get("readyz") { _, _ -> Response in
            do {
                let head = try ledger.queries().ledger.head()
                return Self.text(.ok, "ready: head seq \(head.seq)")
            } catch {
                throw Problem.unavailable(error)
            }
        }
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
